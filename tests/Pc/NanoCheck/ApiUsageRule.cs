using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// Every type and member the device code takes from a library (not from its own projects) must be in
    /// api-v1.txt: types by full name, methods by metadata name (get_X, set_X, add_X, op_X, .ctor) and parameter
    /// types, fields and enum members by name. The code is bound against .NET's assemblies plus stubs of the
    /// nanoFramework-only types, so a call that .NET resolves (string.Join, Array.Empty, Math.Clamp(int, ...))
    /// is looked up in the nanoFramework listing and reported when it is not there.
    /// </summary>
    public sealed class ApiUsageRule
    {
        private static readonly Dictionary<SpecialType, string> Keywords = new Dictionary<SpecialType, string>
        {
            [SpecialType.System_Boolean] = "System.Boolean", [SpecialType.System_Byte] = "System.Byte", [SpecialType.System_SByte] = "System.SByte",
            [SpecialType.System_Char] = "System.Char", [SpecialType.System_Int16] = "System.Int16", [SpecialType.System_UInt16] = "System.UInt16",
            [SpecialType.System_Int32] = "System.Int32", [SpecialType.System_UInt32] = "System.UInt32", [SpecialType.System_Int64] = "System.Int64",
            [SpecialType.System_UInt64] = "System.UInt64", [SpecialType.System_Single] = "System.Single", [SpecialType.System_Double] = "System.Double",
            [SpecialType.System_Decimal] = "System.Decimal", [SpecialType.System_String] = "System.String", [SpecialType.System_Object] = "System.Object",
            [SpecialType.System_Void] = "System.Void",
        };

        private static readonly Dictionary<string, string> KeywordNames = new Dictionary<string, string>
        {
            ["bool"] = "System.Boolean", ["byte"] = "System.Byte", ["sbyte"] = "System.SByte", ["char"] = "System.Char",
            ["short"] = "System.Int16", ["ushort"] = "System.UInt16", ["int"] = "System.Int32", ["uint"] = "System.UInt32",
            ["long"] = "System.Int64", ["ulong"] = "System.UInt64", ["float"] = "System.Single", ["double"] = "System.Double",
            ["decimal"] = "System.Decimal", ["string"] = "System.String", ["object"] = "System.Object", ["void"] = "System.Void",
        };

        private static readonly SymbolDisplayFormat DisplayFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        private readonly ApiCatalog api;
        private readonly ISet<string> ownAssemblies;

        public ApiUsageRule(ApiCatalog api, ISet<string> ownAssemblies)
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
                    case SimpleNameSyntax name:
                        if (name is IdentifierNameSyntax { IsVar: true }) break;
                        if (name.Parent is NameColonSyntax) break;
                        Visit(model.GetSymbolInfo(name).Symbol, node, model, report);
                        break;
                    case PredefinedTypeSyntax:
                    case ObjectCreationExpressionSyntax:
                    case ImplicitObjectCreationExpressionSyntax:
                    case ConstructorInitializerSyntax:
                    case PrimaryConstructorBaseTypeSyntax:
                    case AttributeSyntax:
                    case ElementAccessExpressionSyntax:
                    case ElementBindingExpressionSyntax:
                    case BinaryExpressionSyntax:
                    case PrefixUnaryExpressionSyntax:
                    case PostfixUnaryExpressionSyntax:
                    case AssignmentExpressionSyntax:
                    case CastExpressionSyntax:
                        Visit(model.GetSymbolInfo(node).Symbol, node, model, report);
                        break;
                }
            }
        }

        private bool IsLibrary(ISymbol symbol)
        {
            return symbol.ContainingAssembly != null && !ownAssemblies.Contains(symbol.ContainingAssembly.Name);
        }

        private void Visit(ISymbol symbol, SyntaxNode node, SemanticModel model, Action<SyntaxNode, string, string> report)
        {
            switch (symbol)
            {
                case null:
                    return;
                case IArrayTypeSymbol array:
                    Visit(array.ElementType, node, model, report);
                    return;
                case INamedTypeSymbol type:
                    CheckType(type, node, report);
                    return;
                case IMethodSymbol method:
                    CheckMethod(method, node, Owners(method, node, model), report);
                    return;
                case IPropertySymbol property:
                    CheckProperty(property, node, Owners(property, node, model), report);
                    return;
                case IFieldSymbol field:
                    if (!IsLibrary(field) || field.ContainingType == null) return;
                    List<string> fieldOwners = Owners(field, node, model);
                    if (CheckOwners(field.ContainingType, fieldOwners, node, report) && !fieldOwners.Any(o => api.FindMembers(o, field.Name).Any(m => m.IsField)))
                    {
                        report(node, "api", $"{Display(field.ContainingType)}.{field.Name} (field) is not in nanoFramework v1");
                    }

                    return;
                case IEventSymbol e:
                    if (!IsLibrary(e) || e.ContainingType == null) return;
                    List<string> eventOwners = Owners(e, node, model);
                    if (CheckOwners(e.ContainingType, eventOwners, node, report) && !eventOwners.Any(o => api.FindMembers(o, "add_" + e.Name).Any()))
                    {
                        report(node, "api", $"{Display(e.ContainingType)}.{e.Name} (event) is not in nanoFramework v1");
                    }

                    return;
            }
        }

        /// <summary>True when the type exists in nanoFramework (or is the device code's own).</summary>
        private bool CheckType(INamedTypeSymbol type, SyntaxNode node, Action<SyntaxNode, string, string> report)
        {
            type = type.OriginalDefinition;
            if (!IsLibrary(type) || type.TypeKind == TypeKind.Error || type.TypeKind == TypeKind.Dynamic) return true;
            if (api.Find(ApiName(type)) != null) return true;
            report(node, "api", $"type {Display(type)} is not in nanoFramework v1");
            return false;
        }

        /// <summary>
        /// The api-v1.txt types where <paramref name="member"/> may be declared: its .NET declaring type, and the
        /// library types of the receiver's static type chain (.NET declares AutoResetEvent.Set on EventWaitHandle,
        /// nanoFramework on AutoResetEvent itself).
        /// </summary>
        private List<string> Owners(ISymbol member, SyntaxNode node, SemanticModel model)
        {
            var owners = new List<string>();
            if (member.ContainingType != null) owners.Add(ApiName(member.ContainingType.OriginalDefinition));
            ITypeSymbol receiver = null;
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node) receiver = model.GetTypeInfo(access.Expression).Type;
            else if (node is ElementAccessExpressionSyntax element) receiver = model.GetTypeInfo(element.Expression).Type;
            else if (node is BaseObjectCreationExpressionSyntax || node is ConstructorInitializerSyntax) receiver = null;
            else if (node is SimpleNameSyntax && !member.IsStatic) receiver = model.GetEnclosingSymbol(node.SpanStart)?.ContainingType;
            for (ITypeSymbol type = receiver; type != null; type = type.BaseType)
            {
                if (type is INamedTypeSymbol named && IsLibrary(named) && !owners.Contains(ApiName(named.OriginalDefinition))) owners.Add(ApiName(named.OriginalDefinition));
            }

            return owners;
        }

        /// <summary>True when one of the owners exists in api-v1.txt; otherwise reports the declaring type.</summary>
        private bool CheckOwners(INamedTypeSymbol declaring, List<string> owners, SyntaxNode node, Action<SyntaxNode, string, string> report)
        {
            if (!IsLibrary(declaring.OriginalDefinition) || owners.Any(o => api.Find(o) != null)) return true;
            return CheckType(declaring, node, report);
        }

        private void CheckMethod(IMethodSymbol method, SyntaxNode node, List<string> owners, Action<SyntaxNode, string, string> report)
        {
            if (method.MethodKind == MethodKind.BuiltinOperator || method.ContainingType == null) return;
            if (method.ReducedFrom != null)
            {
                method = method.ReducedFrom;
                owners = new List<string> { ApiName(method.ContainingType.OriginalDefinition) };
            }

            method = method.OriginalDefinition;
            if (!IsLibrary(method)) return;
            if (!CheckOwners(method.ContainingType, owners, node, report)) return;
            if (method.MethodKind == MethodKind.Constructor && (method.IsImplicitlyDeclared || method.ContainingType.TypeKind == TypeKind.Delegate)) return;
            if (method.MethodKind == MethodKind.DelegateInvoke) return;
            if (method.MethodKind == MethodKind.Constructor) owners = new List<string> { ApiName(method.ContainingType) };

            List<ApiMember> candidates = owners.SelectMany(o => api.FindMembers(o, method.MetadataName)).Where(m => !m.IsField).ToList();
            for (IMethodSymbol overridden = method.OverriddenMethod; candidates.Count == 0 && overridden != null; overridden = overridden.OverriddenMethod)
            {
                candidates = api.FindMembers(ApiName(overridden.ContainingType), overridden.MetadataName).Where(m => !m.IsField).ToList();
            }

            string signature = $"{Display(method.ContainingType)}.{method.Name}({string.Join(", ", method.Parameters.Select(p => Display(p.Type)))})";
            if (candidates.Count == 0)
            {
                report(node, "api", $"{signature} is not in nanoFramework v1");
                return;
            }

            int supplied = ArgumentCount(node);
            if (!candidates.Any(c => Matches(c, method.Parameters, supplied)))
            {
                report(node, "api", $"{signature} is not in nanoFramework v1; it has: {string.Join("; ", candidates.Select(c => c.ToString()))}");
            }
        }

        private void CheckProperty(IPropertySymbol property, SyntaxNode node, List<string> owners, Action<SyntaxNode, string, string> report)
        {
            property = property.OriginalDefinition;
            if (!IsLibrary(property) || property.ContainingType == null) return;
            if (!CheckOwners(property.ContainingType, owners, node, report)) return;
            string name = property.MetadataName; // an indexer is Item, or Chars for string
            (bool read, bool write) = Usage(node);
            foreach ((bool used, string accessor) in new[] { (read, "get_"), (write, "set_") })
            {
                if (!used) continue;
                bool found = owners.Any(o => api.FindMembers(o, accessor + name).Any());
                for (IPropertySymbol overridden = property.OverriddenProperty; !found && overridden != null; overridden = overridden.OverriddenProperty)
                {
                    found = api.FindMembers(ApiName(overridden.ContainingType), accessor + name).Any();
                }

                if (!found)
                {
                    report(node, "api", $"{Display(property.ContainingType)}.{(property.IsIndexer ? "this[]" : property.Name)} ({(accessor == "get_" ? "get" : "set")}) is not in nanoFramework v1");
                }
            }
        }

        /// <summary>Whether the property at <paramref name="node"/> is read, written or both.</summary>
        private static (bool Read, bool Write) Usage(SyntaxNode node)
        {
            SyntaxNode expression = node;
            if (expression.Parent is MemberAccessExpressionSyntax access && access.Name == expression) expression = access;
            if (expression.Parent is MemberBindingExpressionSyntax binding) expression = binding;
            if (expression.Parent is AssignmentExpressionSyntax assignment && assignment.Left == expression)
            {
                return (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression), true);
            }

            if (expression.Parent is PrefixUnaryExpressionSyntax || expression.Parent is PostfixUnaryExpressionSyntax)
            {
                SyntaxKind kind = expression.Parent.Kind();
                if (kind is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression or SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression) return (true, true);
            }

            if (expression.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None)) return (true, true);
            return (true, false);
        }

        private static int ArgumentCount(SyntaxNode node)
        {
            SyntaxNode expression = node;
            if (expression.Parent is MemberAccessExpressionSyntax access && access.Name == expression) expression = access;
            if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression) return invocation.ArgumentList.Arguments.Count;
            return node switch
            {
                BaseObjectCreationExpressionSyntax creation => creation.ArgumentList?.Arguments.Count ?? 0,
                ConstructorInitializerSyntax initializer => initializer.ArgumentList.Arguments.Count,
                AttributeSyntax attribute => attribute.ArgumentList?.Arguments.Count(a => a.NameEquals == null) ?? 0,
                _ => -1,
            };
        }

        private static bool Matches(ApiMember candidate, IReadOnlyList<IParameterSymbol> parameters, int supplied)
        {
            return MatchesExactly(candidate, parameters, supplied) || MatchesAsParams(candidate, parameters, supplied);
        }

        /// <summary>
        /// api-v1.txt does not mark `params`: a trailing T[] may take the caller's loose T arguments
        /// ("a,b".Split(',') binds Split(params char[]) on nanoFramework, Split(char, options = None) on .NET).
        /// </summary>
        private static bool MatchesAsParams(ApiMember candidate, IReadOnlyList<IParameterSymbol> parameters, int supplied)
        {
            int count = candidate.Parameters.Count;
            if (supplied < 0 || count == 0 || !candidate.Parameters[count - 1].Type.EndsWith("[]", StringComparison.Ordinal) || supplied < count - 1 || supplied > parameters.Count) return false;
            if (!parameters.Skip(supplied).All(p => p.IsOptional)) return false;
            for (int i = 0; i < count - 1; i++)
            {
                if (Normalise(candidate.Parameters[i].Type) != Normalise(Render(parameters[i].Type, parameters[i].IsParams))) return false;
            }

            string element = Normalise(candidate.Parameters[count - 1].Type.Substring(0, candidate.Parameters[count - 1].Type.Length - 2));
            for (int i = count - 1; i < supplied; i++)
            {
                if (Normalise(Render(parameters[i].Type, false)) != element) return false;
            }

            return true;
        }

        private static bool MatchesExactly(ApiMember candidate, IReadOnlyList<IParameterSymbol> parameters, int supplied)
        {
            int count = candidate.Parameters.Count;
            if (count != parameters.Count)
            {
                // .NET's overload may have trailing optional parameters the caller left out.
                if (supplied < 0 || count != supplied || count > parameters.Count || !parameters.Skip(count).All(p => p.IsOptional)) return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (Normalise(candidate.Parameters[i].Type) != Normalise(Render(parameters[i].Type, parameters[i].IsParams))) return false;
            }

            return true;
        }

        private static string Normalise(string type)
        {
            if (type.EndsWith("[]", StringComparison.Ordinal)) return Normalise(type.Substring(0, type.Length - 2)) + "[]";
            if (KeywordNames.TryGetValue(type, out string full)) return full;
            if (!type.Contains('.')) return "System." + type;
            return type;
        }

        /// <summary>A parameter type in api-v1.txt's spelling; a <c>params ReadOnlySpan&lt;T&gt;</c> counts as T[].</summary>
        private static string Render(ITypeSymbol type, bool isParams)
        {
            if (isParams && type is INamedTypeSymbol span && span.IsGenericType && span.Name == "ReadOnlySpan") return Render(span.TypeArguments[0], false) + "[]";
            if (type is IArrayTypeSymbol array) return Render(array.ElementType, false) + "[]";
            if (Keywords.TryGetValue(type.SpecialType, out string keyword)) return keyword;
            if (type is INamedTypeSymbol named) return ApiName(named.OriginalDefinition);
            return type.ToDisplayString();
        }

        /// <summary>api-v1.txt's name of a type: namespace-qualified, nested with '+', generic arity as `N.</summary>
        public static string ApiName(INamedTypeSymbol type)
        {
            if (type.ContainingType != null) return ApiName(type.ContainingType) + "+" + type.MetadataName;
            INamespaceSymbol space = type.ContainingNamespace;
            return space == null || space.IsGlobalNamespace ? type.MetadataName : space.ToDisplayString() + "." + type.MetadataName;
        }

        private static string Display(ITypeSymbol type)
        {
            return type.ToDisplayString(DisplayFormat);
        }
    }
}
