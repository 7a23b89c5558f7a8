using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// Writes C# stub source (bodies throw) for the api-v1.txt types that .NET lacks: SpanByte, System.Device.Gpio,
    /// System.Device.Spi, System.IO.Ports, nanoFramework.Hardware.Esp32, nanoFramework.TestFramework, ... Compiled
    /// against .NET's own assemblies, they let hal/Esp32, firmware/Device and the device tests bind exactly the
    /// members api-v1.txt lists, so a wrong member is a compile error there.
    /// What the listing does not say is filled in by the package's documented behaviour: `ref` parameters of
    /// TryParse/Deconstruct-style methods are `out` (the listing drops [Out]); a trailing object[] is `params`;
    /// nanoFramework.TestFramework's trailing `string message` is optional with default "" (as in the package
    /// source, Assert.cs: <c>string message = ""</c>).
    /// </summary>
    public static class ApiStubWriter
    {
        private static readonly Dictionary<string, string> Operators = new Dictionary<string, string>
        {
            ["op_Equality"] = "==", ["op_Inequality"] = "!=", ["op_Addition"] = "+", ["op_Subtraction"] = "-",
            ["op_Multiply"] = "*", ["op_Division"] = "/", ["op_Modulus"] = "%", ["op_LessThan"] = "<",
            ["op_GreaterThan"] = ">", ["op_LessThanOrEqual"] = "<=", ["op_GreaterThanOrEqual"] = ">=",
            ["op_UnaryNegation"] = "-", ["op_UnaryPlus"] = "+", ["op_BitwiseAnd"] = "&", ["op_BitwiseOr"] = "|",
            ["op_ExclusiveOr"] = "^", ["op_LogicalNot"] = "!", ["op_OnesComplement"] = "~", ["op_Increment"] = "++",
            ["op_Decrement"] = "--", ["op_LeftShift"] = "<<", ["op_RightShift"] = ">>",
        };

        private static readonly HashSet<string> Keywords = new HashSet<string>
        {
            "bool", "byte", "sbyte", "char", "short", "ushort", "int", "uint", "long", "ulong", "float", "double",
            "decimal", "string", "object", "void",
        };

        /// <summary>C# source declaring every type of <paramref name="stubbed"/> (full names) with its members.</summary>
        public static string Write(ApiCatalog api, ICollection<string> stubbed)
        {
            var text = new StringBuilder();
            text.AppendLine("#pragma warning disable");
            var topLevel = api.Types.Where(t => stubbed.Contains(t.FullName) && !t.FullName.Contains('+') && !t.FullName.Contains('`'));
            foreach (IGrouping<string, ApiType> space in topLevel.GroupBy(t => t.Container).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append("namespace ").Append(space.Key).AppendLine(" {");
                foreach (ApiType type in space) WriteType(api, type, stubbed, text);
                text.AppendLine("}");
            }

            return text.ToString();
        }

        private static void WriteType(ApiCatalog api, ApiType type, ICollection<string> stubbed, StringBuilder text)
        {
            string name = "@" + type.SimpleName;
            if (type.IsEnum)
            {
                string underlying = type.Members.FirstOrDefault(m => m.IsField && !m.IsStatic)?.Type ?? "int";
                text.Append("public enum ").Append(name).Append(" : ").Append(underlying).AppendLine(" {");
                int value = 0;
                foreach (ApiMember field in type.Members.Where(m => m.IsField && m.IsStatic)) text.Append('@').Append(field.Name).Append(" = ").Append(value++).AppendLine(",");
                text.AppendLine("}");
                return;
            }

            if (type.IsDelegate)
            {
                ApiMember invoke = type.Members.FirstOrDefault(m => m.Name == "Invoke");
                text.Append("public delegate ").Append(TypeName(invoke?.Type ?? "void")).Append(' ').Append(name)
                    .Append('(').Append(invoke == null ? "" : Parameters(type, invoke, false)).AppendLine(");");
                return;
            }

            bool isInterface = type.IsInterface;
            string kind = isInterface ? "interface" : type.IsStruct ? "struct" : "class";
            if (type.BaseName == "System.Attribute")
            {
                // The listing has no AttributeUsage; [DataRow] is repeated on a test method.
                text.AppendLine("[global::System.AttributeUsage(global::System.AttributeTargets.All, AllowMultiple = true)]");
            }

            text.Append("public ").Append(kind).Append(' ').Append(name);
            if (!isInterface && !type.IsStruct && type.BaseName != null && type.BaseName != "System.Object")
            {
                text.Append(" : ").Append(TypeName(type.BaseName));
            }

            text.AppendLine(" {");
            string access = isInterface ? "" : "public ";
            string body = isInterface ? ";" : " { throw null; }";
            var properties = new Dictionary<string, (string Type, bool IsStatic, bool Get, bool Set, List<ApiParameter> Index)>();
            var events = new Dictionary<string, (string Type, bool IsStatic)>();
            foreach (ApiMember member in type.Members)
            {
                string modifiers = access + (member.IsStatic && !isInterface ? "static " : "");
                if (member.IsField)
                {
                    if (!isInterface && member.Name != "value__") text.Append(modifiers).Append(TypeName(member.Type)).Append(" @").Append(member.Name).AppendLine(";");
                    continue;
                }

                string method = member.Name;
                if (method == ".cctor" || method == "Finalize" || method.Contains('.') && method != ".ctor") continue;
                if (method == ".ctor")
                {
                    if (!isInterface && !(type.IsStruct && member.Parameters.Count == 0)) text.Append("public ").Append(name).Append('(').Append(Parameters(type, member, true)).AppendLine(") { }");
                    continue;
                }

                if (method.StartsWith("get_", StringComparison.Ordinal) || method.StartsWith("set_", StringComparison.Ordinal))
                {
                    bool get = method[0] == 'g';
                    string property = method.Substring(4);
                    List<ApiParameter> index = (get ? member.Parameters : member.Parameters.Take(member.Parameters.Count - 1)).ToList();
                    string propertyType = get ? member.Type : member.Parameters.Last().Type;
                    properties.TryGetValue(property, out var existing);
                    properties[property] = (existing.Type ?? propertyType, member.IsStatic, existing.Get || get, existing.Set || !get, existing.Index ?? index);
                    continue;
                }

                if ((method.StartsWith("add_", StringComparison.Ordinal) || method.StartsWith("remove_", StringComparison.Ordinal)) && member.Parameters.Count == 1)
                {
                    events[method.Substring(method.IndexOf('_') + 1)] = (member.Parameters[0].Type, member.IsStatic);
                    continue;
                }

                if (method == "op_Implicit" || method == "op_Explicit")
                {
                    text.Append("public static ").Append(method == "op_Implicit" ? "implicit" : "explicit").Append(" operator ")
                        .Append(TypeName(member.Type)).Append('(').Append(Parameters(type, member, false)).AppendLine(") { throw null; }");
                    continue;
                }

                if (Operators.TryGetValue(method, out string symbol))
                {
                    text.Append("public static ").Append(TypeName(member.Type)).Append(" operator ").Append(symbol)
                        .Append('(').Append(Parameters(type, member, false)).AppendLine(") { throw null; }");
                    continue;
                }

                text.Append(modifiers).Append(IsObjectVirtual(member) && !isInterface && !type.IsStruct ? "override " : IsObjectVirtual(member) && type.IsStruct ? "override " : "")
                    .Append(TypeName(member.Type)).Append(" @").Append(method).Append('(').Append(Parameters(type, member, true)).Append(')').AppendLine(body);
            }

            foreach (var property in properties)
            {
                string modifiers = access + (property.Value.IsStatic && !isInterface ? "static " : "");
                string accessors = (property.Value.Get ? (isInterface ? "get; " : "get { throw null; } ") : "") + (property.Value.Set ? (isInterface ? "set; " : "set { } ") : "");
                if (property.Key == "Item" && property.Value.Index.Count > 0)
                {
                    text.Append(modifiers).Append(TypeName(property.Value.Type)).Append(" this[")
                        .Append(string.Join(", ", property.Value.Index.Select(p => TypeName(p.Type) + " @" + p.Name))).Append("] { ").Append(accessors).AppendLine("}");
                }
                else
                {
                    text.Append(modifiers).Append(TypeName(property.Value.Type)).Append(" @").Append(property.Key).Append(" { ").Append(accessors).AppendLine("}");
                }
            }

            foreach (var e in events)
            {
                text.Append(access).Append(e.Value.IsStatic && !isInterface ? "static " : "").Append("event ").Append(TypeName(e.Value.Type)).Append(" @").Append(e.Key).AppendLine(";");
            }

            if (!isInterface && !type.IsStruct && !type.Members.Any(m => m.Name == ".ctor"))
            {
                // No public constructor in the listing: `new X()` must not compile; derived stubs still can.
                text.Append("protected ").Append(name).AppendLine("() { }");
            }

            foreach (ApiType nested in api.Types.Where(t => stubbed.Contains(t.FullName) && t.FullName.StartsWith(type.FullName + "+", StringComparison.Ordinal) && t.Container == type.FullName))
            {
                WriteType(api, nested, stubbed, text);
            }

            text.AppendLine("}");
        }

        private static bool IsObjectVirtual(ApiMember member)
        {
            return !member.IsStatic && ((member.Name == "ToString" && member.Parameters.Count == 0) || (member.Name == "GetHashCode" && member.Parameters.Count == 0)
                || (member.Name == "Equals" && member.Parameters.Count == 1 && member.Parameters[0].Type == "object"));
        }

        private static string Parameters(ApiType type, ApiMember member, bool allowDefaults)
        {
            var parts = new List<string>();
            for (int i = 0; i < member.Parameters.Count; i++)
            {
                ApiParameter parameter = member.Parameters[i];
                bool last = i == member.Parameters.Count - 1;
                string prefix = "";
                if (parameter.ByReference)
                {
                    prefix = type.FullName == "System.Threading.Interlocked" ? "ref " : "out ";
                }
                else if (last && allowDefaults && parameter.Type == "object[]")
                {
                    prefix = "params ";
                }

                string suffix = "";
                if (last && allowDefaults && parameter.Type == "string" && parameter.Name == "message" && type.FullName.StartsWith("nanoFramework.TestFramework.", StringComparison.Ordinal))
                {
                    suffix = type.SimpleName == "Assert" && member.Name == "SkipTest" ? " = null" : " = \"\"";
                }

                parts.Add(prefix + TypeName(parameter.Type) + " @" + parameter.Name + suffix);
            }

            return string.Join(", ", parts);
        }

        /// <summary>An api-v1.txt type name as C#: keywords stay, others fully qualified from global::.</summary>
        public static string TypeName(string name)
        {
            if (name.EndsWith("[]", StringComparison.Ordinal)) return TypeName(name.Substring(0, name.Length - 2)) + "[]";
            if (Keywords.Contains(name)) return name;
            if (name.StartsWith("!", StringComparison.Ordinal)) return "object";
            if (!name.Contains('.')) name = "System." + name;
            return "global::" + ApiCatalog.NormaliseTypeName(name).Replace('+', '.');
        }
    }
}
