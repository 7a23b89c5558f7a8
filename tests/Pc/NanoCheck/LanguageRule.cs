using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// The C# features nanoFramework v1 lacks (shared/nanoframework/language-features-v1.txt, FAIL lines, plus the
    /// README's caution: every generic declaration or use fails on the device even where the compiler accepts it).
    /// Works on the syntax, with the semantic model where syntax alone cannot tell (int? against string?, inferred
    /// generic method calls, tuple-typed or nullable-typed expressions, dynamic).
    /// </summary>
    public static class LanguageRule
    {
        public static void Check(SyntaxTree tree, SemanticModel model, Action<SyntaxNode, string, string> report)
        {
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case TypeParameterListSyntax list:
                        report(node, "generic", $"generic declaration {list.Parent switch { BaseTypeDeclarationSyntax t => t.Identifier.Text, MethodDeclarationSyntax m => m.Identifier.Text, DelegateDeclarationSyntax d => d.Identifier.Text, _ => "" }}{list}");
                        break;
                    case TypeArgumentListSyntax arguments:
                        report(node, "generic", $"generic use {arguments.Parent}");
                        break;
                    case YieldStatementSyntax:
                        report(node, "iterator", "yield (iterators are not supported)");
                        break;
                    case AwaitExpressionSyntax:
                        report(node, "async", "await");
                        break;
                    case NullableTypeSyntax nullable:
                        if (model.GetTypeInfo(nullable.ElementType).Type is ITypeSymbol element && element.IsValueType)
                        {
                            report(node, "nullable", $"nullable value type {nullable}");
                        }

                        break;
                    case TupleTypeSyntax:
                    case TupleExpressionSyntax:
                        report(node, "tuple", $"tuple {Short(node)}");
                        break;
                    case ParenthesizedVariableDesignationSyntax:
                    case PositionalPatternClauseSyntax:
                        report(node, "tuple", $"deconstruction {Short(node)}");
                        break;
                    case RecordDeclarationSyntax record:
                        report(node, "record", $"record {record.Identifier.Text}");
                        break;
                    case ArrayRankSpecifierSyntax rank when rank.Rank > 1:
                        report(node, "array", $"multi-dimensional array {Short(node.Parent)}");
                        break;
                    case RangeExpressionSyntax:
                        report(node, "range", $"range {Short(node)}");
                        break;
                    case PrefixUnaryExpressionSyntax index when index.IsKind(SyntaxKind.IndexExpression):
                        report(node, "range", $"index from end {Short(node)}");
                        break;
                    case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.Utf8StringLiteralExpression):
                        report(node, "u8", $"UTF-8 string literal {Short(node)}");
                        break;
                    case StackAllocArrayCreationExpressionSyntax:
                    case ImplicitStackAllocArrayCreationExpressionSyntax:
                        report(node, "stackalloc", Short(node));
                        break;
                    case QueryExpressionSyntax:
                        report(node, "linq", "query expression");
                        break;
                    case IdentifierNameSyntax identifier when identifier.Identifier.Text == "dynamic":
                        if (model.GetTypeInfo(identifier).Type?.TypeKind == TypeKind.Dynamic) report(node, "dynamic", "dynamic");
                        break;
                }

                foreach (SyntaxToken modifier in ModifiersOf(node))
                {
                    if (modifier.IsKind(SyntaxKind.AsyncKeyword)) report(node, "async", "async method or lambda");
                }

                if (node is ExpressionSyntax expression && !(node is TypeSyntax))
                {
                    CheckExpressionType(expression, model, report);
                }
            }
        }

        /// <summary>Generic or nullable types that appear without being written: inferred generic method calls, a?.B of a value type.</summary>
        private static void CheckExpressionType(ExpressionSyntax expression, SemanticModel model, Action<SyntaxNode, string, string> report)
        {
            if (expression is InvocationExpressionSyntax invocation)
            {
                if (model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method && method.IsGenericMethod
                    && !(invocation.Expression is GenericNameSyntax) && !(invocation.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax }))
                {
                    report(expression, "generic", $"call of generic method {method.ToDisplayString()}");
                }
            }

            if (expression is ConditionalAccessExpressionSyntax && model.GetTypeInfo(expression).Type is INamedTypeSymbol type
                && type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                report(expression, "nullable", $"?. yields a nullable value type {type.ToDisplayString()}");
            }
        }

        private static SyntaxTokenList ModifiersOf(SyntaxNode node)
        {
            return node switch
            {
                MethodDeclarationSyntax m => m.Modifiers,
                LocalFunctionStatementSyntax l => l.Modifiers,
                AnonymousFunctionExpressionSyntax a => a.Modifiers,
                _ => default,
            };
        }

        private static string Short(SyntaxNode node)
        {
            string text = node.ToString().Replace("\r", " ").Replace("\n", " ");
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }
    }
}
