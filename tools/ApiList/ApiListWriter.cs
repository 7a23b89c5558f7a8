using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace DualReader.Tools.ApiList
{
    /// <summary>
    /// The public API of a folder of reference assemblies as text, in the format of api-v1.txt: per assembly
    /// (sorted by name, ordinal) a <c>### Name Version</c> line and its assembly references, then every type a
    /// caller outside the assembly can see, in metadata order, with its fields and then its methods, public and
    /// protected (a derived class may call those). Properties and events appear as their accessor methods.
    /// </summary>
    public static class ApiListWriter
    {
        /// <summary>The listing of every *.dll in <paramref name="referenceFolder"/>, lines ending in "\n".</summary>
        public static string Write(string referenceFolder)
        {
            var text = new StringBuilder();
            IEnumerable<string> files = Directory.EnumerateFiles(referenceFolder, "*.dll")
                .OrderBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
            foreach (string file in files)
            {
                using var stream = File.OpenRead(file);
                using var pe = new PEReader(stream);
                WriteAssembly(pe.GetMetadataReader(), text);
            }

            return text.ToString();
        }

        private static void WriteAssembly(MetadataReader reader, StringBuilder text)
        {
            AssemblyDefinition assembly = reader.GetAssemblyDefinition();
            string signed = assembly.PublicKey.IsNil ? "unsigned" : "has public key";
            text.Append($"### {reader.GetString(assembly.Name)} {assembly.Version}  ({signed})\n");
            foreach (AssemblyReferenceHandle handle in reader.AssemblyReferences)
            {
                AssemblyReference reference = reader.GetAssemblyReference(handle);
                text.Append($"  ref {reader.GetString(reference.Name)} {reference.Version}\n");
            }

            var names = new TypeNames(reader);
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (!IsVisible(reader, type)) continue;
                string name = names.GetTypeFromDefinition(reader, handle, 0);
                if ((type.Attributes & TypeAttributes.Interface) != 0)
                {
                    text.Append($"  interface {name}\n");
                }
                else if (type.BaseType.IsNil)
                {
                    // System.Object: the root has no base to name.
                    text.Append($"  type {name}\n");
                }
                else
                {
                    text.Append($"  type {name} : {names.TypeOf(type.BaseType)}\n");
                }

                foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(fieldHandle);
                    FieldAttributes access = field.Attributes & FieldAttributes.FieldAccessMask;
                    if (access != FieldAttributes.Public && access != FieldAttributes.Family && access != FieldAttributes.FamORAssem) continue;
                    string isStatic = (field.Attributes & FieldAttributes.Static) != 0 ? "static " : "";
                    text.Append($"    field {isStatic}{field.DecodeSignature(names, null)} {reader.GetString(field.Name)}\n");
                }

                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(methodHandle);
                    MethodAttributes access = method.Attributes & MethodAttributes.MemberAccessMask;
                    if (access != MethodAttributes.Public && access != MethodAttributes.Family && access != MethodAttributes.FamORAssem) continue;
                    text.Append("    ").Append(MethodLine(reader, names, method)).Append('\n');
                }
            }
        }

        private static string MethodLine(MetadataReader reader, TypeNames names, MethodDefinition method)
        {
            MethodSignature<string> signature = method.DecodeSignature(names, null);
            // Parameter rows are numbered from 1 (0 is the return value); a parameter without a row has no name.
            var parameterNames = new string[signature.ParameterTypes.Length];
            foreach (ParameterHandle handle in method.GetParameters())
            {
                Parameter parameter = reader.GetParameter(handle);
                if (parameter.SequenceNumber > 0 && parameter.SequenceNumber <= parameterNames.Length)
                {
                    parameterNames[parameter.SequenceNumber - 1] = reader.GetString(parameter.Name);
                }
            }

            IEnumerable<string> parameters = signature.ParameterTypes.Select((type, i) => parameterNames[i] == null ? type : type + " " + parameterNames[i]);
            string isStatic = (method.Attributes & MethodAttributes.Static) != 0 ? "static " : "";
            return $"method {isStatic}{signature.ReturnType} {reader.GetString(method.Name)}({string.Join(", ", parameters)})";
        }

        /// <summary>Public top-level types, and nested types whose every enclosing type is visible too.</summary>
        private static bool IsVisible(MetadataReader reader, TypeDefinition type)
        {
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            switch (visibility)
            {
                case TypeAttributes.Public:
                    return true;
                case TypeAttributes.NestedPublic:
                case TypeAttributes.NestedFamily:
                case TypeAttributes.NestedFamORAssem:
                    return IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
                default:
                    return false;
            }
        }

        /// <summary>
        /// Type names as api-v1.txt writes them: C# keywords for the primitive types (IntPtr, UIntPtr and
        /// TypedReference by their simple names), namespace-qualified names otherwise, nested types as Outer+Inner,
        /// generic types with their arity appended once more (Action`1`1), type parameters as !0 and method type
        /// parameters as !!0, arrays as T[], by-reference parameters as "ref T".
        /// </summary>
        private sealed class TypeNames : ISignatureTypeProvider<string, object>
        {
            private readonly MetadataReader reader;

            public TypeNames(MetadataReader reader)
            {
                this.reader = reader;
            }

            public string TypeOf(EntityHandle handle)
            {
                return handle.Kind switch
                {
                    HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
                    HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
                    HandleKind.TypeSpecification => GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0),
                    _ => throw new BadImageFormatException("unexpected base type handle " + handle.Kind),
                };
            }

            public string GetPrimitiveType(PrimitiveTypeCode typeCode)
            {
                return typeCode switch
                {
                    PrimitiveTypeCode.Boolean => "bool",
                    PrimitiveTypeCode.Char => "char",
                    PrimitiveTypeCode.SByte => "sbyte",
                    PrimitiveTypeCode.Byte => "byte",
                    PrimitiveTypeCode.Int16 => "short",
                    PrimitiveTypeCode.UInt16 => "ushort",
                    PrimitiveTypeCode.Int32 => "int",
                    PrimitiveTypeCode.UInt32 => "uint",
                    PrimitiveTypeCode.Int64 => "long",
                    PrimitiveTypeCode.UInt64 => "ulong",
                    PrimitiveTypeCode.Single => "float",
                    PrimitiveTypeCode.Double => "double",
                    PrimitiveTypeCode.String => "string",
                    PrimitiveTypeCode.Object => "object",
                    PrimitiveTypeCode.Void => "void",
                    PrimitiveTypeCode.IntPtr => "IntPtr",
                    PrimitiveTypeCode.UIntPtr => "UIntPtr",
                    PrimitiveTypeCode.TypedReference => "TypedReference",
                    _ => throw new BadImageFormatException("unexpected primitive type " + typeCode),
                };
            }

            public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                TypeDefinition type = metadata.GetTypeDefinition(handle);
                string name = WithArity(metadata.GetString(type.Name), type.GetGenericParameters().Count);
                if (type.IsNested) return GetTypeFromDefinition(metadata, type.GetDeclaringType(), rawTypeKind) + "+" + name;
                string space = metadata.GetString(type.Namespace);
                return space.Length == 0 ? name : space + "." + name;
            }

            public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
            {
                TypeReference type = metadata.GetTypeReference(handle);
                string name = metadata.GetString(type.Name);
                if (type.ResolutionScope.Kind == HandleKind.TypeReference)
                {
                    return GetTypeFromReference(metadata, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "+" + name;
                }

                string space = metadata.GetString(type.Namespace);
                return space.Length == 0 ? name : space + "." + name;
            }

            public string GetTypeFromSpecification(MetadataReader metadata, object context, TypeSpecificationHandle handle, byte rawTypeKind)
            {
                return metadata.GetTypeSpecification(handle).DecodeSignature(this, context);
            }

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

            public string GetByReferenceType(string elementType) => "ref " + elementType;

            public string GetPointerType(string elementType) => elementType + "*";

            public string GetPinnedType(string elementType) => elementType;

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

            public string GetGenericTypeParameter(object context, int index) => "!" + index;

            public string GetGenericMethodParameter(object context, int index) => "!!" + index;

            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
            {
                return genericType + "<" + string.Join(", ", typeArguments) + ">";
            }

            public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

            private static string WithArity(string name, int arity)
            {
                return arity == 0 ? name : name + "`" + arity;
            }
        }
    }
}
