using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// No reliance on the default Object.GetHashCode/Equals of a class. The v1 runtime's default GetHashCode hashes
    /// an object's fields recursively, following references: two objects that reference each other send it into
    /// endless recursion and the runtime crashes (a reset on a device). Reported, where the static type is a class
    /// that neither it nor a base below System.Object overrides the method for (as the device code declares it, or
    /// as api-v1.txt lists it for a library class):
    /// <list type="bullet">
    /// <item>a call of GetHashCode() or of the instance Equals(object) on such a receiver (also an implicit
    /// <c>this</c>, or <c>base</c> when no base below System.Object overrides it);</item>
    /// <item>object.Equals(a, b) with such an argument (it calls a.Equals(b));</item>
    /// <item>such an instance as a Hashtable key: the indexer, Add, Contains, ContainsKey, Remove.</item>
    /// </list>
    /// string, value types, enums, arrays, delegates, interfaces and object itself are not reported: a string and a
    /// delegate hash by their own rules, and the object behind an interface or object is not known statically.
    /// ReferenceEquals and == compare identity and are fine.
    /// </summary>
    public sealed class HashCodeRule
    {
        private static readonly string[] HashtableKeyMethods = { "Add", "Contains", "ContainsKey", "Remove" };

        private readonly ApiCatalog api;
        private readonly ISet<string> ownAssemblies;

        public HashCodeRule(ApiCatalog api, ISet<string> ownAssemblies)
        {
            this.api = api;
            this.ownAssemblies = ownAssemblies;
        }

        public void Check(SyntaxTree tree, SemanticModel model, Action<SyntaxNode, string, string> report)
        {
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation:
                        CheckInvocation(invocation, model, report);
                        break;
                    case ElementAccessExpressionSyntax element when IsHashtable(model.GetTypeInfo(element.Expression).Type) && element.ArgumentList.Arguments.Count == 1:
                        CheckKey(element.ArgumentList.Arguments[0].Expression, "Hashtable indexer", model, report);
                        break;
                }
            }
        }

        private void CheckInvocation(InvocationExpressionSyntax invocation, SemanticModel model, Action<SyntaxNode, string, string> report)
        {
            if (!(model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method)) return;
            var arguments = invocation.ArgumentList.Arguments;
            if (IsHashtable(method.ContainingType) && HashtableKeyMethods.Contains(method.Name) && arguments.Count >= 1)
            {
                CheckKey(arguments[0].Expression, "Hashtable." + method.Name, model, report);
                return;
            }

            // Only System.Object's methods and their overrides; a class's own unrelated Equals(Foo) is its business.
            IMethodSymbol root = method;
            while (root.OverriddenMethod != null) root = root.OverriddenMethod;
            if (root.ContainingType?.SpecialType != SpecialType.System_Object) return;
            // base.GetHashCode() in a class straight under System.Object is Object's own: the default, certainly.
            bool onBase = invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax };
            if (method.Name == "GetHashCode" && !method.IsStatic && method.Parameters.Length == 0)
            {
                ITypeSymbol receiver = Receiver(invocation, model);
                if (UsesDefault(receiver, "GetHashCode", onBase))
                {
                    report(invocation, "hashcode", $"{Show(invocation)}: default GetHashCode of class {receiver.Name} (v1 hashes its fields recursively and crashes on objects that reference each other; give it an id)");
                }
            }
            else if (method.Name == "Equals" && !method.IsStatic && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Object)
            {
                ITypeSymbol receiver = Receiver(invocation, model);
                if (UsesDefault(receiver, "Equals", onBase))
                {
                    report(invocation, "hashcode", $"{Show(invocation)}: default Equals of class {receiver.Name} (compare an id, or use ReferenceEquals for identity)");
                }
            }
            else if (method.Name == "Equals" && method.IsStatic && method.Parameters.Length == 2 && method.ContainingType.SpecialType == SpecialType.System_Object)
            {
                foreach (ArgumentSyntax argument in arguments)
                {
                    ITypeSymbol type = model.GetTypeInfo(argument.Expression).Type;
                    if (UsesDefault(type, "Equals"))
                    {
                        report(invocation, "hashcode", $"{Show(invocation)}: object.Equals on class {type.Name} uses its default Equals (compare an id, or use ReferenceEquals for identity)");
                        break;
                    }
                }
            }
        }

        private void CheckKey(ExpressionSyntax key, string use, SemanticModel model, Action<SyntaxNode, string, string> report)
        {
            ITypeSymbol type = model.GetTypeInfo(key).Type;
            if (UsesDefault(type, "GetHashCode"))
            {
                report(key, "hashcode", $"{use} with a key of class {type.Name}, which hashes by the default GetHashCode (v1 hashes its fields recursively; key on an id)");
            }
        }

        /// <summary>The static type the method is called on: the expression before the dot, or the enclosing class for <c>M()</c>.</summary>
        private static ITypeSymbol Receiver(InvocationExpressionSyntax invocation, SemanticModel model)
        {
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    return model.GetTypeInfo(access.Expression).Type;
                case MemberBindingExpressionSyntax:
                    // a?.GetHashCode(): the receiver is the expression before the ?.
                    ConditionalAccessExpressionSyntax conditional = invocation.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>();
                    return conditional == null ? null : model.GetTypeInfo(conditional.Expression).Type;
                case SimpleNameSyntax:
                    return model.GetEnclosingSymbol(invocation.SpanStart)?.ContainingType;
                default:
                    return null;
            }
        }

        /// <summary>
        /// True when <paramref name="type"/> is a class (not string, an array or a delegate, and not object unless
        /// <paramref name="objectItself"/>) and no type from it up to, but not including, System.Object declares
        /// <paramref name="method"/>: GetHashCode() or Equals(object).
        /// </summary>
        private bool UsesDefault(ITypeSymbol type, string method, bool objectItself = false)
        {
            if (!(type is INamedTypeSymbol named) || named.TypeKind != TypeKind.Class) return false;
            if (named.SpecialType == SpecialType.System_String || (named.SpecialType == SpecialType.System_Object && !objectItself)) return false;
            for (INamedTypeSymbol current = named; current != null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                if (Overrides(current, method)) return false;
            }

            return true;
        }

        private bool Overrides(INamedTypeSymbol type, string method)
        {
            if (type.ContainingAssembly != null && ownAssemblies.Contains(type.ContainingAssembly.Name))
            {
                return type.GetMembers(method).OfType<IMethodSymbol>().Any(m => m.IsOverride && (method == "GetHashCode"
                    ? m.Parameters.Length == 0
                    : m.Parameters.Length == 1 && m.Parameters[0].Type.SpecialType == SpecialType.System_Object));
            }

            // A library class: what nanoFramework v1 declares, not what .NET does. A type missing from api-v1.txt
            // is reported by the api rule already; it is not reported twice.
            ApiType listed = api.Find(ApiUsageRule.ApiName(type.OriginalDefinition));
            if (listed == null) return true;
            return listed.Members.Any(m => !m.IsField && !m.IsStatic && m.Name == method && (method == "GetHashCode"
                ? m.Parameters.Count == 0
                : m.Parameters.Count == 1 && m.Parameters[0].Type == "object"));
        }

        private static bool IsHashtable(ITypeSymbol type)
        {
            return type is INamedTypeSymbol named && ApiUsageRule.ApiName(named.OriginalDefinition) == "System.Collections.Hashtable";
        }

        private static string Show(SyntaxNode node)
        {
            string text = node.ToString().Replace("\r", " ").Replace("\n", " ");
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }
    }
}
