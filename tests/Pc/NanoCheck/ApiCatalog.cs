using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>A parameter of an api-v1.txt member: its type as written there and whether it is passed by reference.</summary>
    public sealed class ApiParameter
    {
        public ApiParameter(string type, string name, bool byReference)
        {
            Type = type;
            Name = name;
            ByReference = byReference;
        }

        public string Type { get; }
        public string Name { get; }
        public bool ByReference { get; }
    }

    /// <summary>A member line of api-v1.txt: <c>method [static] Ret Name(T a, ...)</c> or <c>field [static] T Name</c>.</summary>
    public sealed class ApiMember
    {
        public ApiMember(bool isField, bool isStatic, string type, string name, IReadOnlyList<ApiParameter> parameters)
        {
            IsField = isField;
            IsStatic = isStatic;
            Type = type;
            Name = name;
            Parameters = parameters;
        }

        public bool IsField { get; }
        public bool IsStatic { get; }

        /// <summary>Return type of a method, type of a field.</summary>
        public string Type { get; }

        /// <summary>Metadata name: get_X/set_X, add_X/remove_X, op_X, .ctor.</summary>
        public string Name { get; }

        public IReadOnlyList<ApiParameter> Parameters { get; }

        public override string ToString()
        {
            return IsField ? $"field {Type} {Name}" : $"{Type} {Name}({string.Join(", ", Parameters.Select(p => (p.ByReference ? "ref " : "") + p.Type))})";
        }
    }

    /// <summary>A type line of api-v1.txt with its members.</summary>
    public sealed class ApiType
    {
        public ApiType(string assembly, string fullName, string baseName, bool isInterface)
        {
            Assembly = assembly;
            FullName = fullName;
            BaseName = baseName;
            IsInterface = isInterface;
        }

        public string Assembly { get; }

        /// <summary>Namespace-qualified, nested types as Outer+Inner, generic arity as `N.</summary>
        public string FullName { get; }

        /// <summary>Base type (System.Object, System.ValueType, System.Enum, System.MulticastDelegate, ...); null for interfaces and System.Object.</summary>
        public string BaseName { get; }

        public bool IsInterface { get; }

        public List<ApiMember> Members { get; } = new List<ApiMember>();

        public bool IsEnum => BaseName == "System.Enum";
        public bool IsStruct => BaseName == "System.ValueType";
        public bool IsDelegate => BaseName == "System.MulticastDelegate";

        /// <summary>Namespace, or the enclosing type's full name for a nested type.</summary>
        public string Container
        {
            get
            {
                int plus = FullName.LastIndexOf('+');
                if (plus >= 0) return FullName.Substring(0, plus);
                int dot = FullName.LastIndexOf('.');
                return dot < 0 ? "" : FullName.Substring(0, dot);
            }
        }

        public string SimpleName
        {
            get
            {
                int cut = Math.Max(FullName.LastIndexOf('+'), FullName.LastIndexOf('.'));
                return FullName.Substring(cut + 1);
            }
        }
    }

    /// <summary>
    /// The parsed <c>api-v1.txt</c>: the public API of the nanoFramework v1 assemblies the firmware may use
    /// (written by tools/ApiList from the reference assemblies).
    /// </summary>
    public sealed class ApiCatalog
    {
        private readonly Dictionary<string, ApiType> types = new Dictionary<string, ApiType>(StringComparer.Ordinal);

        public IEnumerable<ApiType> Types => types.Values;

        public static ApiCatalog Load(string path)
        {
            return Parse(File.ReadAllLines(path));
        }

        public static ApiCatalog Parse(IEnumerable<string> lines)
        {
            var catalog = new ApiCatalog();
            string assembly = "";
            ApiType current = null;
            foreach (string raw in lines)
            {
                if (raw.StartsWith("### ", StringComparison.Ordinal))
                {
                    assembly = raw.Substring(4).Split(' ')[0];
                    current = null;
                    continue;
                }

                string line = raw.Trim();
                if (raw.StartsWith("  type ", StringComparison.Ordinal))
                {
                    string body = line.Substring(5);
                    int colon = body.IndexOf(" : ", StringComparison.Ordinal);
                    string name = NormaliseTypeName(colon < 0 ? body : body.Substring(0, colon));
                    // Only System.Object, the root, is written without a base.
                    string baseName = colon < 0 ? null : body.Substring(colon + 3).Trim();
                    current = catalog.Add(new ApiType(assembly, name, baseName, false));
                }
                else if (raw.StartsWith("  interface ", StringComparison.Ordinal))
                {
                    current = catalog.Add(new ApiType(assembly, NormaliseTypeName(line.Substring(10).Trim()), null, true));
                }
                else if (raw.StartsWith("    ", StringComparison.Ordinal) && current != null)
                {
                    ApiMember member = ParseMember(line);
                    if (member != null) current.Members.Add(member);
                }
            }

            return catalog;
        }

        /// <summary>api-v1.txt writes generic arity twice (Action`1`1); keep one.</summary>
        public static string NormaliseTypeName(string name)
        {
            int tick = name.IndexOf('`');
            if (tick < 0) return name;
            int end = tick + 1;
            while (end < name.Length && char.IsDigit(name[end])) end++;
            return name.Substring(0, end);
        }

        private static ApiMember ParseMember(string line)
        {
            bool isField = line.StartsWith("field ", StringComparison.Ordinal);
            if (!isField && !line.StartsWith("method ", StringComparison.Ordinal)) return null;
            string rest = line.Substring(isField ? 6 : 7);
            bool isStatic = rest.StartsWith("static ", StringComparison.Ordinal);
            if (isStatic) rest = rest.Substring(7);
            if (isField)
            {
                int space = rest.LastIndexOf(' ');
                return new ApiMember(true, isStatic, rest.Substring(0, space), rest.Substring(space + 1), Array.Empty<ApiParameter>());
            }

            int open = rest.IndexOf('(');
            string head = rest.Substring(0, open);
            int nameStart = head.LastIndexOf(' ');
            string type = head.Substring(0, nameStart);
            string name = head.Substring(nameStart + 1);
            string inner = rest.Substring(open + 1, rest.LastIndexOf(')') - open - 1).Trim();
            var parameters = new List<ApiParameter>();
            if (inner.Length > 0)
            {
                foreach (string part in inner.Split(", "))
                {
                    string p = part.Trim();
                    bool byRef = p.StartsWith("ref ", StringComparison.Ordinal);
                    if (byRef) p = p.Substring(4);
                    int space = p.LastIndexOf(' ');
                    parameters.Add(space < 0 ? new ApiParameter(p, "arg" + parameters.Count, byRef) : new ApiParameter(p.Substring(0, space), p.Substring(space + 1), byRef));
                }
            }

            return new ApiMember(false, isStatic, type, name, parameters);
        }

        private ApiType Add(ApiType type)
        {
            types[type.FullName] = type;
            return type;
        }

        public ApiType Find(string fullName)
        {
            types.TryGetValue(fullName, out ApiType type);
            return type;
        }

        /// <summary>Members named <paramref name="name"/> on <paramref name="fullName"/> or its bases (interfaces: also System.Object).</summary>
        public List<ApiMember> FindMembers(string fullName, string name)
        {
            var found = new List<ApiMember>();
            var seen = new HashSet<string>();
            string current = fullName;
            while (current != null && seen.Add(current))
            {
                ApiType type = Find(current);
                if (type == null) break;
                found.AddRange(type.Members.Where(m => m.Name == name));
                current = type.IsInterface ? "System.Object" : type.BaseName;
            }

            return found;
        }
    }
}
