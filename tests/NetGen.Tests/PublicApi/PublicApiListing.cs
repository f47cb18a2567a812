using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace NetGen.Tests.PublicApi;

using ParameterInfo = System.Reflection.ParameterInfo; // not NetGen.ParameterInfo

/// <summary>
/// Writes an assembly's public surface as C#-like text: one block per namespace, types sorted by name, and inside each
/// type its fields (enum members by value), constructors, properties, events and methods sorted by name and signature.
/// Types are written with their full names (C# keywords for the built-in ones) and nullable reference annotations;
/// parameters with their modifiers, names and default values; constants with their values. Only the attributes that
/// change how an API may be used are kept (<see cref="ShownAttributes"/>). Everything is ordinal and invariant, so the
/// text depends only on the assembly.
/// </summary>
internal static class PublicApiListing
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly string[] ShownAttributes =
    {
        "System.AttributeUsageAttribute",
        "System.ComponentModel.EditorBrowsableAttribute",
        "System.Diagnostics.CodeAnalysis.ExperimentalAttribute",
        "System.Diagnostics.CodeAnalysis.RequiresDynamicCodeAttribute",
        "System.Diagnostics.CodeAnalysis.RequiresUnreferencedCodeAttribute",
        "System.FlagsAttribute",
        "System.ObsoleteAttribute",
    };

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(char)] = "char",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal",
        [typeof(string)] = "string", [typeof(object)] = "object", [typeof(void)] = "void",
    };

    /// <summary>The listing of <paramref name="assembly"/>'s exported types, '\n' line endings.</summary>
    public static string Describe(Assembly assembly)
    {
        var writer = new Writer(new NullabilityInfoContext());
        var sb = new StringBuilder();
        sb.Append("// Public API of ").Append(assembly.GetName().Name).Append(". Regenerate with NETGEN_ACCEPT_PUBLIC_API=1 and review the diff.\n");
        foreach (var group in assembly.GetExportedTypes()
                     .GroupBy(t => t.Namespace ?? "", StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append('\n').Append("namespace ").Append(group.Key.Length == 0 ? "<global>" : group.Key).Append('\n').Append("{\n");
            bool first = true;
            foreach (Type type in group.OrderBy(t => DeclaredName(t), StringComparer.Ordinal))
            {
                if (!first) sb.Append('\n');
                first = false;
                writer.WriteType(sb, type);
            }
            sb.Append("}\n");
        }
        return sb.ToString();
    }

    /// <summary>The type's name inside its namespace, outer types first (<c>Outer.Inner</c>), without arity suffixes.</summary>
    private static string DeclaredName(Type type)
    {
        string name = StripArity(type.Name);
        return type.IsNested ? DeclaredName(type.DeclaringType!) + "." + name : name;
    }

    private static string StripArity(string name)
    {
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name.Substring(0, tick);
    }

    private static bool IsVisible(MethodBase? method) => method is not null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);

    private static bool IsVisible(FieldInfo field) => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public" : method.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Access(FieldInfo field) => field.IsPublic ? "public" : field.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static int AccessRank(MethodBase? method) => method is null ? 0 : method.IsPublic ? 3 : method.IsFamilyOrAssembly ? 2 : IsVisible(method) ? 1 : 0;

    private static bool HasAttribute(ICustomAttributeProvider provider, string fullName) =>
        provider.GetCustomAttributes(false).Any(a => a.GetType().FullName == fullName);

    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", Declared) is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", Declared) is { } print && print.IsDefined(typeof(CompilerGeneratedAttribute), false));

    private sealed class Writer
    {
        private readonly NullabilityInfoContext _nullability;

        public Writer(NullabilityInfoContext nullability) => _nullability = nullability;

        public void WriteType(StringBuilder sb, Type type)
        {
            const string indent = "    ";
            WriteAttributes(sb, indent, type.GetCustomAttributesData().Where(a => !IsRefStructMarker(type, a)));
            if (type.BaseType == typeof(MulticastDelegate))
            {
                MethodInfo invoke = type.GetMethod("Invoke")!;
                sb.Append(indent).Append("public delegate ").Append(TypeName(invoke.ReturnType, _nullability.Create(invoke.ReturnParameter), TupleNames(invoke.ReturnParameter)))
                    .Append(' ').Append(DeclaredName(type)).Append(GenericParameters(type.GetGenericArguments(), type))
                    .Append(Parameters(invoke, extension: false)).Append(Constraints(type.GetGenericArguments())).Append(";\n");
                return;
            }

            sb.Append(indent).Append(TypeHeader(type)).Append('\n').Append(indent).Append("{\n");
            var lines = new List<(int Kind, string Name, string Text)>();
            if (type.IsEnum) AddEnumMembers(type, lines);
            else AddMembers(type, lines);
            foreach (var (_, _, text) in lines.OrderBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Text, StringComparer.Ordinal))
                sb.Append(text);
            sb.Append(indent).Append("}\n");
        }

        /// <summary>The [Obsolete] the compiler puts on every ref struct for old compilers: implied by "ref struct".</summary>
        private static bool IsRefStructMarker(Type type, CustomAttributeData a) =>
            type.IsByRefLike && a.AttributeType == typeof(ObsoleteAttribute)
            && a.ConstructorArguments.Count > 0 && a.ConstructorArguments[0].Value is string message
            && message.StartsWith("Types with embedded references are not supported", StringComparison.Ordinal);

        private string TypeHeader(Type type)
        {
            var sb = new StringBuilder("public ");
            if (type.IsInterface)
            {
                sb.Append("interface ");
            }
            else if (type.IsEnum)
            {
                sb.Append("enum ");
            }
            else if (type.IsValueType)
            {
                if (HasAttribute(type, "System.Runtime.CompilerServices.IsReadOnlyAttribute")) sb.Append("readonly ");
                if (type.IsByRefLike) sb.Append("ref ");
                sb.Append(IsRecord(type) ? "record struct " : "struct ");
            }
            else
            {
                if (type.IsAbstract && type.IsSealed) sb.Append("static ");
                else if (type.IsAbstract) sb.Append("abstract ");
                else if (type.IsSealed) sb.Append("sealed ");
                sb.Append(IsRecord(type) ? "record " : "class ");
            }

            Type[] generics = type.GetGenericArguments();
            sb.Append(DeclaredName(type)).Append(GenericParameters(generics, type));

            var bases = new List<string>();
            if (type.IsEnum)
            {
                Type underlying = Enum.GetUnderlyingType(type);
                if (underlying != typeof(int)) bases.Add(TypeName(underlying, null, null));
            }
            else
            {
                if (!type.IsValueType && !type.IsInterface && type.BaseType is { } baseType && baseType != typeof(object))
                    bases.Add(TypeName(baseType, null, null));
                bases.AddRange(type.GetInterfaces().Where(i => i.IsVisible).Select(i => TypeName(i, null, null)).OrderBy(n => n, StringComparer.Ordinal));
            }
            if (bases.Count > 0) sb.Append(" : ").Append(string.Join(", ", bases));
            sb.Append(Constraints(generics));
            return sb.ToString();
        }

        private static void AddEnumMembers(Type type, List<(int Kind, string Name, string Text)> lines)
        {
            Type underlying = Enum.GetUnderlyingType(type);
            bool unsigned = underlying == typeof(byte) || underlying == typeof(ushort) || underlying == typeof(uint) || underlying == typeof(ulong);
            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                object raw = field.GetRawConstantValue()!;
                decimal value = unsigned ? Convert.ToUInt64(raw, CultureInfo.InvariantCulture) : Convert.ToInt64(raw, CultureInfo.InvariantCulture);
                var sb = new StringBuilder();
                WriteAttributes(sb, "        ", field.GetCustomAttributesData());
                sb.Append("        ").Append(field.Name).Append(" = ").Append(Convert.ToString(raw, CultureInfo.InvariantCulture)).Append(",\n");
                // Sorted by value: a fixed-width key keeps the ordinal order numeric.
                lines.Add((0, (value + 1e20m).ToString("000000000000000000000", CultureInfo.InvariantCulture), sb.ToString()));
            }
        }

        private void AddMembers(Type type, List<(int Kind, string Name, string Text)> lines)
        {
            const string indent = "        ";
            foreach (FieldInfo field in type.GetFields(Declared).Where(IsVisible))
            {
                if (field.Name.Contains('<', StringComparison.Ordinal)) continue;
                var sb = new StringBuilder();
                WriteAttributes(sb, indent, field.GetCustomAttributesData());
                sb.Append(indent).Append(Access(field)).Append(' ');
                if (field.IsLiteral) sb.Append("const ");
                else
                {
                    if (field.IsStatic) sb.Append("static ");
                    if (field.IsInitOnly) sb.Append("readonly ");
                }
                sb.Append(TypeName(field.FieldType, _nullability.Create(field), TupleNames(field))).Append(' ').Append(field.Name);
                if (field.IsLiteral) sb.Append(" = ").Append(Constant(field.FieldType, field.GetRawConstantValue()));
                sb.Append(";\n");
                lines.Add((0, field.Name, sb.ToString()));
            }

            foreach (ConstructorInfo ctor in type.GetConstructors(Declared).Where(c => !c.IsStatic && IsVisible(c)))
            {
                var sb = new StringBuilder();
                WriteAttributes(sb, indent, ctor.GetCustomAttributesData());
                sb.Append(indent).Append(Access(ctor)).Append(' ').Append(StripArity(type.Name)).Append(Parameters(ctor, extension: false)).Append(";\n");
                lines.Add((1, "", sb.ToString()));
            }

            foreach (PropertyInfo property in type.GetProperties(Declared))
            {
                MethodInfo? getter = property.GetMethod, setter = property.SetMethod;
                if (!IsVisible(getter) && !IsVisible(setter)) continue;
                if (property.Name.Contains('.', StringComparison.Ordinal)) continue; // explicit interface implementation
                MethodInfo main = AccessRank(getter) >= AccessRank(setter) ? getter! : setter!;
                var sb = new StringBuilder();
                WriteAttributes(sb, indent, property.GetCustomAttributesData());
                sb.Append(indent).Append(Access(main)).Append(Modifiers(main)).Append(' ')
                    .Append(TypeName(property.PropertyType, _nullability.Create(property), TupleNames(property))).Append(' ');
                ParameterInfo[] index = property.GetIndexParameters();
                if (index.Length > 0) sb.Append("this[").Append(string.Join(", ", index.Select(p => Parameter(p, false)))).Append(']');
                else sb.Append(property.Name);
                sb.Append(" {");
                if (IsVisible(getter)) sb.Append(' ').Append(Accessor(getter!, main, "get"));
                if (IsVisible(setter))
                {
                    bool init = setter!.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
                    sb.Append(' ').Append(Accessor(setter, main, init ? "init" : "set"));
                }
                sb.Append(" }\n");
                lines.Add((index.Length > 0 ? 3 : 2, property.Name, sb.ToString()));
            }

            foreach (EventInfo ev in type.GetEvents(Declared))
            {
                MethodInfo? add = ev.AddMethod;
                if (!IsVisible(add)) continue;
                var sb = new StringBuilder();
                WriteAttributes(sb, indent, ev.GetCustomAttributesData());
                sb.Append(indent).Append(Access(add!)).Append(Modifiers(add!)).Append(" event ")
                    .Append(TypeName(ev.EventHandlerType!, _nullability.Create(ev), null)).Append(' ').Append(ev.Name).Append(";\n");
                lines.Add((4, ev.Name, sb.ToString()));
            }

            foreach (MethodInfo method in type.GetMethods(Declared).Where(IsVisible))
            {
                if (method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal)) continue;
                if (method.Name.Contains('<', StringComparison.Ordinal)) continue; // compiler-generated (a record's <Clone>$)
                bool extension = method.IsDefined(typeof(ExtensionAttribute), false);
                Type[] generics = method.GetGenericArguments();
                var sb = new StringBuilder();
                WriteAttributes(sb, indent, method.GetCustomAttributesData());
                sb.Append(indent).Append(Access(method)).Append(Modifiers(method)).Append(' ');
                if (method.ReturnType.IsByRef) sb.Append("ref ");
                sb.Append(TypeName(method.ReturnType, _nullability.Create(method.ReturnParameter), TupleNames(method.ReturnParameter)))
                    .Append(' ').Append(method.Name).Append(GenericParameters(generics, null))
                    .Append(Parameters(method, extension)).Append(Constraints(generics)).Append(";\n");
                lines.Add((5, method.Name, sb.ToString()));
            }
        }

        private static string Accessor(MethodInfo accessor, MethodInfo main, string keyword) =>
            AccessRank(accessor) == AccessRank(main) ? keyword + ";" : Access(accessor) + " " + keyword + ";";

        private static string Modifiers(MethodInfo method)
        {
            if (method.DeclaringType!.IsInterface)
                return method.IsStatic ? " static" + (method.IsAbstract ? " abstract" : "") : "";
            if (method.IsStatic) return " static";
            bool isOverride = method.GetBaseDefinition().DeclaringType != method.DeclaringType;
            if (method.IsAbstract) return isOverride ? " abstract override" : " abstract";
            if (isOverride) return method.IsFinal ? " sealed override" : " override";
            if (method.IsVirtual && !method.IsFinal) return " virtual";
            return "";
        }

        private string Parameters(MethodBase method, bool extension) =>
            "(" + string.Join(", ", method.GetParameters().Select((p, i) => Parameter(p, extension && i == 0))) + ")";

        private string Parameter(ParameterInfo p, bool extension)
        {
            var sb = new StringBuilder();
            if (extension) sb.Append("this ");
            if (p.IsDefined(typeof(ParamArrayAttribute), false)) sb.Append("params ");
            Type type = p.ParameterType;
            if (type.IsByRef)
            {
                if (p.IsOut) sb.Append("out ");
                else if (HasAttribute(p, "System.Runtime.CompilerServices.RequiresLocationAttribute")) sb.Append("ref readonly ");
                else if (p.IsIn || HasAttribute(p, "System.Runtime.CompilerServices.IsReadOnlyAttribute")) sb.Append("in ");
                else sb.Append("ref ");
                type = type.GetElementType()!;
            }
            sb.Append(TypeName(type, _nullability.Create(p), TupleNames(p))).Append(' ').Append(p.Name);
            if (p.HasDefaultValue) sb.Append(" = ").Append(DefaultValue(type, p.RawDefaultValue));
            return sb.ToString();
        }

        private static string DefaultValue(Type type, object? value)
        {
            if (value is null || value is DBNull || value == Missing.Value)
                return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null";
            return Constant(Nullable.GetUnderlyingType(type) ?? type, value);
        }

        private static string Constant(Type type, object? value)
        {
            if (value is null) return "null";
            if (type.IsEnum)
            {
                object boxed = Enum.ToObject(type, value);
                string typeName = TypeName(type, null, null);
                if (Enum.IsDefined(type, boxed)) return typeName + "." + Enum.GetName(type, boxed);
                if (type.IsDefined(typeof(FlagsAttribute), false))
                {
                    // A combination of flags: the defined single flags it is made of, by value.
                    ulong bits = Convert.ToUInt64(value, CultureInfo.InvariantCulture), covered = 0;
                    var flags = new List<string>();
                    foreach (object flag in Enum.GetValues(type))
                    {
                        ulong f = Convert.ToUInt64(Convert.ChangeType(flag, Enum.GetUnderlyingType(type), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                        if (f != 0 && (f & (f - 1)) == 0 && (bits & f) == f)
                        {
                            flags.Add(typeName + "." + Enum.GetName(type, flag));
                            covered |= f;
                        }
                    }
                    if (covered == bits && flags.Count > 0) return string.Join(" | ", flags);
                }
                return "(" + typeName + ")" + Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            return value switch
            {
                string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
                char c => "'" + c.ToString(CultureInfo.InvariantCulture) + "'",
                bool b => b ? "true" : "false",
                float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
                    : f.ToString("R", CultureInfo.InvariantCulture) + "f",
                double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
                    : DoubleLiteral(d),
                decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
                long l => l.ToString(CultureInfo.InvariantCulture) + "L",
                ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
                uint u => u.ToString(CultureInfo.InvariantCulture) + "u",
                Type t => "typeof(" + TypeName(t, null, null) + ")",
                IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }

        /// <summary>A double as C# would read it back as a double: "R", with ".0" when it would otherwise read as an integer.</summary>
        private static string DoubleLiteral(double d)
        {
            string s = d.ToString("R", CultureInfo.InvariantCulture);
            return s.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? s + ".0" : s;
        }

        private static string GenericParameters(Type[] generics, Type? declaring)
        {
            if (declaring is { IsNested: true })
                generics = generics.Skip(declaring.DeclaringType!.GetGenericArguments().Length).ToArray();
            return generics.Length == 0 ? "" : "<" + string.Join(", ", generics.Select(g => g.Name)) + ">";
        }

        private static string Constraints(Type[] generics)
        {
            var sb = new StringBuilder();
            foreach (Type g in generics.Where(g => g.IsGenericParameter))
            {
                var parts = new List<string>();
                GenericParameterAttributes a = g.GenericParameterAttributes;
                bool unmanaged = HasAttribute(g, "System.Runtime.CompilerServices.IsUnmanagedAttribute");
                if (unmanaged) parts.Add("unmanaged");
                else if ((a & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0) parts.Add("struct");
                else if ((a & GenericParameterAttributes.ReferenceTypeConstraint) != 0) parts.Add("class");
                parts.AddRange(g.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => TypeName(c, null, null)).OrderBy(n => n, StringComparer.Ordinal));
                if ((a & GenericParameterAttributes.DefaultConstructorConstraint) != 0 && (a & GenericParameterAttributes.NotNullableValueTypeConstraint) == 0)
                    parts.Add("new()");
                if ((a & GenericParameterAttributes.AllowByRefLike) != 0) parts.Add("allows ref struct");
                if (parts.Count > 0) sb.Append(" where ").Append(g.Name).Append(" : ").Append(string.Join(", ", parts));
            }
            return sb.ToString();
        }

        private static IList<string?>? TupleNames(ICustomAttributeProvider provider) =>
            provider.GetCustomAttributes(typeof(TupleElementNamesAttribute), false).OfType<TupleElementNamesAttribute>().FirstOrDefault()?.TransformNames;

        /// <summary>
        /// A type as C# writes it: keywords for the built-in types, full names otherwise, <c>?</c> for nullable value
        /// types and for reference types annotated nullable, tuples with their element names.
        /// </summary>
        private static string TypeName(Type type, NullabilityInfo? nullability, IList<string?>? tupleNames)
        {
            int next = 0;
            return Name(type, nullability, tupleNames, ref next);
        }

        private static string Name(Type type, NullabilityInfo? n, IList<string?>? tupleNames, ref int nextName)
        {
            if (n is not null && n.Type != type) n = null;
            string suffix = !type.IsValueType && n?.ReadState == NullabilityState.Nullable ? "?" : "";
            if (type.IsByRef) return "ref " + Name(type.GetElementType()!, null, tupleNames, ref nextName);
            if (type.IsPointer) return Name(type.GetElementType()!, null, tupleNames, ref nextName) + "*";
            if (type.IsArray)
            {
                string element = Name(type.GetElementType()!, n?.ElementType, tupleNames, ref nextName);
                return element + "[" + new string(',', type.GetArrayRank() - 1) + "]" + suffix;
            }
            if (type.IsGenericParameter) return type.Name + suffix;
            if (Keywords.TryGetValue(type, out string? keyword)) return keyword + suffix;
            if (Nullable.GetUnderlyingType(type) is { } inner) return Name(inner, null, tupleNames, ref nextName) + "?";

            Type[] args = type.GetGenericArguments();
            NullabilityInfo[] argInfo = n?.GenericTypeArguments ?? Array.Empty<NullabilityInfo>();
            if (type.IsGenericType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true && args.Length <= 7)
            {
                string?[] names = new string?[args.Length];
                for (int i = 0; i < args.Length; i++)
                    names[i] = tupleNames is not null && nextName < tupleNames.Count ? tupleNames[nextName++] : null;
                var items = new string[args.Length];
                for (int i = 0; i < args.Length; i++)
                    items[i] = Name(args[i], i < argInfo.Length ? argInfo[i] : null, tupleNames, ref nextName) + (names[i] is null ? "" : " " + names[i]);
                return "(" + string.Join(", ", items) + ")" + suffix;
            }

            string name = type.IsNested ? Name(type.DeclaringType!, null, null, ref nextName) + "." + StripArity(type.Name) : (type.Namespace is null ? "" : type.Namespace + ".") + StripArity(type.Name);
            if (args.Length > 0)
            {
                int own = type.IsNested ? args.Length - type.DeclaringType!.GetGenericArguments().Length : args.Length;
                var items = new List<string>();
                for (int i = args.Length - own; i < args.Length; i++)
                    items.Add(Name(args[i], i < argInfo.Length ? argInfo[i] : null, tupleNames, ref nextName));
                if (items.Count > 0) name += "<" + string.Join(", ", items) + ">";
            }
            return name + suffix;
        }

        private static void WriteAttributes(StringBuilder sb, string indent, IEnumerable<CustomAttributeData> attributes)
        {
            foreach (string text in attributes
                         .Where(a => Array.IndexOf(ShownAttributes, a.AttributeType.FullName) >= 0)
                         .Select(Attribute)
                         .OrderBy(t => t, StringComparer.Ordinal))
                sb.Append(indent).Append(text).Append('\n');
        }

        private static string Attribute(CustomAttributeData a)
        {
            string name = TypeName(a.AttributeType, null, null);
            if (name.EndsWith("Attribute", StringComparison.Ordinal)) name = name.Substring(0, name.Length - "Attribute".Length);
            var args = a.ConstructorArguments.Select(x => Constant(x.ArgumentType, x.Value))
                .Concat(a.NamedArguments.Select(x => x.MemberName + " = " + Constant(x.TypedValue.ArgumentType, x.TypedValue.Value)))
                .ToList();
            return "[" + name + (args.Count == 0 ? "" : "(" + string.Join(", ", args) + ")") + "]";
        }
    }
}
