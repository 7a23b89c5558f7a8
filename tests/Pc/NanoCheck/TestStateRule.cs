using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// A [TestClass] keeps no instance state: no instance fields, no instance auto-properties, no instance field-like
    /// events. nanoFramework.TestFramework 3.0.77's launcher calls [Setup], [TestMethod] and [Cleanup] methods with a
    /// null instance, so reading or writing such state throws NullReferenceException on a device (tried on the real
    /// nanoCLR: an instance helper method that touches no field runs fine, a field or an auto-property throws).
    /// Types nested in a test class are ordinary classes and may have instance state.
    /// </summary>
    public static class TestStateRule
    {
        private const string TestClassAttribute = "nanoFramework.TestFramework.TestClassAttribute";

        public static void Check(SyntaxTree tree, SemanticModel model, Action<SyntaxNode, string, string> report)
        {
            foreach (ClassDeclarationSyntax type in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (!IsTestClass(type, model)) continue;
                foreach (MemberDeclarationSyntax member in type.Members)
                {
                    if (IsStatic(member.Modifiers)) continue;
                    switch (member)
                    {
                        case FieldDeclarationSyntax field when !field.Modifiers.Any(SyntaxKind.ConstKeyword):
                            foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                            {
                                report(variable, "teststate", $"instance field {type.Identifier.Text}.{variable.Identifier.Text} of a [TestClass]: the v1 launcher runs tests with a null instance (make it static or local)");
                            }

                            break;
                        case PropertyDeclarationSyntax property when IsAutoProperty(property):
                            report(property, "teststate", $"instance auto-property {type.Identifier.Text}.{property.Identifier.Text} of a [TestClass]: the v1 launcher runs tests with a null instance (make it static or local)");
                            break;
                        case EventFieldDeclarationSyntax events:
                            foreach (VariableDeclaratorSyntax variable in events.Declaration.Variables)
                            {
                                report(variable, "teststate", $"instance event {type.Identifier.Text}.{variable.Identifier.Text} of a [TestClass]: the v1 launcher runs tests with a null instance (make it static)");
                            }

                            break;
                    }
                }

                // A primary constructor's parameters captured by members become instance fields too.
                if (type.ParameterList != null && type.ParameterList.Parameters.Count > 0)
                {
                    report(type.ParameterList, "teststate", $"primary constructor of [TestClass] {type.Identifier.Text}: the v1 launcher never constructs the class");
                }
            }
        }

        private static bool IsTestClass(ClassDeclarationSyntax type, SemanticModel model)
        {
            return model.GetDeclaredSymbol(type) is INamedTypeSymbol symbol
                && symbol.GetAttributes().Any(a => a.AttributeClass != null && ApiUsageRule.ApiName(a.AttributeClass) == TestClassAttribute);
        }

        private static bool IsStatic(SyntaxTokenList modifiers)
        {
            return modifiers.Any(SyntaxKind.StaticKeyword);
        }

        /// <summary>
        /// Accessors without bodies (<c>{ get; set; }</c>, <c>{ get; } = ...</c>) or using the <c>field</c> keyword
        /// are backed by a hidden instance field.
        /// </summary>
        private static bool IsAutoProperty(PropertyDeclarationSyntax property)
        {
            if (property.Modifiers.Any(SyntaxKind.AbstractKeyword) || property.Modifiers.Any(SyntaxKind.ExternKeyword)) return false;
            if (property.DescendantNodes().OfType<FieldExpressionSyntax>().Any()) return true;
            if (property.ExpressionBody != null || property.AccessorList == null) return false;
            return property.AccessorList.Accessors.Any(a => a.Body == null && a.ExpressionBody == null);
        }
    }
}
