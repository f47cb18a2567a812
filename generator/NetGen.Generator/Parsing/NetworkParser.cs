using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Turns a [Network] class (symbols and syntax) into a <see cref="NetworkModel"/> of plain data.
/// Reports only what needs symbols or syntax to see (declaration problems); the shape and
/// hyper-parameter rules live in Validation. Never throws on broken or half-typed code:
/// an attribute the compiler could not bind makes the class produce nothing (the compiler
/// already reports the error).
/// </summary>
internal static class NetworkParser
{
    public const string NetworkAttributeName = "NetGen.NetworkAttribute";
    private const string DenseAttributeName = "NetGen.DenseAttribute";
    private const string ActivationLayerAttributeName = "NetGen.ActivationLayerAttribute";
    private const string DropoutAttributeName = "NetGen.DropoutAttribute";
    private const string BatchNormAttributeName = "NetGen.BatchNormAttribute";
    private const string LayerNormAttributeName = "NetGen.LayerNormAttribute";
    private const string PReLUAttributeName = "NetGen.PReLUAttribute";
    private const string RReLUAttributeName = "NetGen.RReLUAttribute";
    private const string WeightInitAttributeName = "NetGen.WeightInitAttribute";
    private const string BiasInitAttributeName = "NetGen.BiasInitAttribute";

    public static NetworkParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax classSyntax)
            return Result(null, diagnostics);
        if (classSyntax is not ClassDeclarationSyntax)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedContainingType,
                LocationInfo.From(classSyntax.Identifier.GetLocation()), type.Name, "a network must be a class, not a record"));
            return Result(null, diagnostics);
        }

        LocationInfo? nameLocation = LocationInfo.From(classSyntax.Identifier.GetLocation());
        if (!IsPartial(classSyntax))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, nameLocation, type.Name));
            return Result(null, diagnostics);
        }

        string? unsupported = UnsupportedReason(type, out List<ContainingTypeModel> containing)
            ?? HiddenNamespaceReason(context.SemanticModel.Compilation)
            ?? BaseConstructorReason(type, context.SemanticModel.Compilation);
        if (unsupported is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedContainingType, nameLocation, type.Name, unsupported));
            return Result(null, diagnostics);
        }

        AttributeData networkAttribute = context.Attributes[0];
        int inputs = NamedInt(networkAttribute, "Inputs", 0);
        int seed = NamedInt(networkAttribute, "Seed", 0);
        int maxBatch = NamedInt(networkAttribute, "MaxBatchSize", 256);

        bool broken = false;
        InitModel? defaultWeight = ReadInitAttribute(type.GetAttributes(), WeightInitAttributeName, ref broken);
        InitModel? defaultBias = ReadInitAttribute(type.GetAttributes(), BiasInitAttributeName, ref broken);

        CheckConstructors(type, diagnostics, cancellationToken);

        // Each layer with the index of its partial declaration (in the compilation's order) and its offset in it.
        var layers = new List<(LayerModel Layer, int Declaration, int Position)>();
        var unattributed = new List<DiagnosticInfo>(); // NG0012, only when there are layers (else NG0002 says it)
        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not (IFieldSymbol or IPropertySymbol)) continue;
            // A declarator without a name (a syntax error the compiler reports) cannot be emitted.
            if (!SyntaxFacts.IsValidIdentifier(member.Name))
            {
                if (member.GetAttributes().Length > 0) broken = true;
                continue;
            }
            ImmutableAttributes attributes = new(member.GetAttributes());
            var found = new List<(AttributeData Data, LayerKind Kind, string Short)>();
            foreach (var (attributeName, kind, shortName) in LayerAttributes)
                if (attributes.Find(attributeName) is { } data) found.Add((data, kind, shortName));
            if (found.Count == 0)
            {
                // A layer-typed member whose attribute does not bind (being typed, or misspelt: the compiler reports
                // it) is probably a layer: generating without it would leave it unassigned (CS8618 in generated code).
                if (attributes.All.Any(a => a.AttributeClass is null or { TypeKind: TypeKind.Error }) && IsLayerType(member)) broken = true;
                else CheckUnattributedLayerMember(type, member, unattributed, cancellationToken);
                continue;
            }
            if (found.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralLayerAttributes,
                    LocationInfo.From(member.Locations.FirstOrDefault()), member.Name, found[0].Short, found[1].Short));
                broken = true;
                continue;
            }
            AttributeData layerAttribute = found[0].Data;
            LayerKind layerKind = found[0].Kind;
            if (layerAttribute.AttributeConstructor is null) { broken = true; continue; }

            SyntaxNode? memberSyntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            SyntaxNode? declaration = memberSyntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (memberSyntax is null || declaration is null) continue;

            LocationInfo? attributeLocation = LocationInfo.From(layerAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken));
            LocationInfo? memberLocation = LocationInfo.From(member.Locations.FirstOrDefault());

            string expectedType = "NetGen." + LayerTypeName(layerKind);
            ITypeSymbol? memberType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
            if (memberType is null || memberType.TypeKind == TypeKind.Error) { broken = true; continue; }
            // Fully qualified format: no '?' for a nullable-annotated reference type (DenseLayer? is fine).
            if (memberType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != "global::" + expectedType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongMemberType, memberLocation,
                    member.Name, memberType.ToDisplayString(), found[0].Short, expectedType.Substring("NetGen.".Length)));
            }
            if (!IsAssignableLayerMember(member, memberSyntax))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerMember, memberLocation, member.Name));
            if (member is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true })
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredLayerMember, memberLocation, member.Name, type.Name));

            LayerModel? layer = layerKind switch
            {
                LayerKind.Dense => ReadDense(member.Name, layerAttribute, attributes, attributeLocation, memberLocation, diagnostics, ref broken),
                LayerKind.Activation => ReadActivationLayer(member.Name, layerAttribute, attributeLocation, memberLocation),
                _ => ReadStateful(member.Name, layerKind, layerAttribute, attributeLocation, memberLocation),
            };
            if (layer is null) { broken = true; continue; }
            layers.Add((layer, DeclarationIndex(type, declaration), memberSyntax.SpanStart));
        }

        if (layers.Count > 0) diagnostics.AddRange(unattributed);
        if (broken) return Result(null, diagnostics);

        // A layer whose name another member also has (CS0102 in the user's code): two layers would each be
        // assigned, sized and listed, and a layer next to another member is ambiguous in generated code (CS0229).
        foreach (var group in layers.GroupBy(l => l.Layer.Name, System.StringComparer.Ordinal))
        {
            int count = type.GetMembers(group.Key).Count(m => !m.IsImplicitlyDeclared);
            if (count < 2) continue;
            foreach (var duplicate in group.Count() > 1 ? group.Skip(1) : group)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName,
                    duplicate.Layer.NameLocation, group.Key, type.Name, count));
        }

        // Declaration order; layers must all come from one partial declaration.
        // Offsets are only comparable within one file, so order by declaration first: then the
        // NG0004 below names a layer of the first declaration as the reference, whatever the offsets.
        layers.Sort((a, b) => a.Declaration != b.Declaration ? a.Declaration.CompareTo(b.Declaration) : a.Position.CompareTo(b.Position));
        if (layers.Count > 1)
        {
            int first = layers[0].Declaration;
            foreach (var entry in layers)
            {
                if (entry.Declaration == first) continue;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersInSeveralDeclarations,
                    entry.Layer.NameLocation, entry.Layer.Name, type.Name, layers[0].Layer.Name));
                return Result(null, diagnostics);
            }
        }

        CheckNameClashes(type, nameLocation, diagnostics);

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        string hintName = Emission.HintNames.For(MetadataName(type));
        var model = new NetworkModel(
            ns, type.Name, hintName, new EquatableArray<ContainingTypeModel>(containing.ToArray()),
            inputs, seed, maxBatch, defaultWeight, defaultBias,
            new EquatableArray<LayerModel>(layers.Select(l => l.Layer).ToArray()),
            LocationInfo.From(networkAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)),
            nameLocation);
        return Result(model, diagnostics);
    }

    /// <summary>
    /// NG0006 for each member of the class, layer or not, and each visible member of its base classes, whose name
    /// is that of a member the emitter generates (see <see cref="Emission.GeneratedMembers"/>): CS0102/CS0111
    /// in the generated file, or CS0108/CS0114 (errors under TreatWarningsAsErrors) for a hidden base member.
    /// </summary>
    private static void CheckNameClashes(INamedTypeSymbol type, LocationInfo? nameLocation, List<DiagnosticInfo> diagnostics)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (ClashOf(member) is not { } generated) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash,
                LocationInfo.From(member.Locations.FirstOrDefault()), member.Name, generated, type.Name));
        }
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            foreach (ISymbol member in baseType.GetMembers())
            {
                if (member.DeclaredAccessibility == Accessibility.Private) continue;
                if (ClashOf(member) is not { } generated) continue;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, nameLocation,
                    baseType.Name + "." + member.Name, generated, type.Name));
            }
        }
    }

    private static string? ClashOf(ISymbol member)
    {
        if (member.IsImplicitlyDeclared || !member.CanBeReferencedByName) return null;
        if (member is IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary) return null;
            return Emission.GeneratedMembers.Clash(method.Name,
                method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToList());
        }
        return Emission.GeneratedMembers.Clash(member.Name, null);
    }

    /// <summary>Namespace, containing types and the class as metadata names (<c>Demo.Outer+Net</c>): unique per type, case included.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    private static NetworkParseResult Result(NetworkModel? model, List<DiagnosticInfo> diagnostics) =>
        new(model, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));

    private static int DeclarationIndex(INamedTypeSymbol type, SyntaxNode declaration)
    {
        for (int i = 0; i < type.DeclaringSyntaxReferences.Length; i++)
        {
            SyntaxReference reference = type.DeclaringSyntaxReferences[i];
            if (reference.SyntaxTree == declaration.SyntaxTree && reference.Span.Contains(declaration.SpanStart)) return i;
        }
        return type.DeclaringSyntaxReferences.Length;
    }

    private static bool IsLayerType(ISymbol member)
    {
        for (ITypeSymbol? t = member is IFieldSymbol f ? f.Type : (member as IPropertySymbol)?.Type; t is not null; t = t.BaseType)
            if (t.ToDisplayString() == "NetGen.Layer") return true;
        return false;
    }

    private static bool IsPartial(TypeDeclarationSyntax syntax) =>
        syntax.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword));

    private static string? UnsupportedReason(INamedTypeSymbol type, out List<ContainingTypeModel> containing)
    {
        containing = new List<ContainingTypeModel>();
        // IsGenericType is also true when only a containing type is generic; that case gets its own reason below.
        if (type.TypeParameters.Length > 0) return "generic network classes are not supported";
        if (type.IsStatic) return "a network class cannot be static";
        if (type.IsAbstract) return "a network class cannot be abstract";
        // The generated partial declaration lives in another file, so it cannot be part of a file-local type.
        if (type.IsFileLocal) return "a network class cannot be file-local";
        // A member cannot have the name of its class (CS0542).
        if (Emission.GeneratedMembers.IsGenerated(type.Name))
            return $"its name '{type.Name}' is the name of a member NetGen generates inside it; rename the class";
        // Every constructor of a type with a primary constructor must chain to it, the generated ones cannot.
        if (type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().Any(d => d.ParameterList is not null))
            return "a network class cannot have a primary constructor; declare a constructor that calls ': this(maxBatchSize)' instead";
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType) return $"its containing type '{outer.Name}' is generic";
            if (outer.IsFileLocal) return $"its containing type '{outer.Name}' is file-local, and the generated declaration is in another file";
            var syntax = outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (syntax is null || !outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().Any(IsPartial))
                return $"its containing type '{outer.Name}' is not partial";
            string keyword = syntax switch
            {
                RecordDeclarationSyntax r when r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                RecordDeclarationSyntax => "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };
            containing.Insert(0, new ContainingTypeModel(keyword, outer.Name));
        }
        return null;
    }

    /// <summary>
    /// Generated code names everything as global::System.X and global::NetGen.X; a type called System or NetGen
    /// in the global namespace of the compilation takes those names over, and nothing generated would compile.
    /// </summary>
    private static string? HiddenNamespaceReason(Compilation compilation)
    {
        foreach (string name in new[] { "System", "NetGen" })
            if (compilation.Assembly.GlobalNamespace.GetTypeMembers(name).Length > 0)
                return $"the type '{name}' declared in the global namespace hides the namespace '{name}' that generated code refers to as 'global::{name}'; move the type into a namespace";
        return null;
    }

    /// <summary>The generated constructors call the base class's parameterless constructor implicitly (base()).</summary>
    private static string? BaseConstructorReason(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.BaseType is not { } baseType || baseType.TypeKind == TypeKind.Error || baseType.SpecialType == SpecialType.System_Object) return null;
        // The base's generated members are not visible here (generators do not see their output); both halves would
        // declare InputSize, Forward, ... and the derived ones hide the base's (CS0108, an error under warnings-as-errors).
        for (INamedTypeSymbol? b = baseType; b is not null; b = b.BaseType)
            if (b.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttributeName))
                return $"its base class '{b.Name}' is itself a [Network]; derive both from a common base class without [Network] instead";
        foreach (IMethodSymbol constructor in baseType.InstanceConstructors)
            if (constructor.Parameters.All(p => p.IsOptional || p.IsParams) && compilation.IsSymbolAccessibleWithin(constructor, type))
                return null;
        return $"its base class '{baseType.Name}' has no accessible parameterless constructor, which the generated constructors call; add one (it can be protected)";
    }

    private static void CheckConstructors(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.IsImplicitlyDeclared) continue;
            foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax syntax) continue;
                if (HasGeneratedSignature(constructor))
                {
                    string signature = type.Name + (constructor.Parameters.Length == 0 ? "()" : "(int)");
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedContainingType,
                        LocationInfo.From(syntax.Identifier.GetLocation()), type.Name,
                        $"its constructor {signature} has the signature of a generated constructor; give it other parameters and call ': this(maxBatchSize)'"));
                    continue;
                }
                if (syntax.Initializer is { } init && init.ThisOrBaseKeyword.IsKind(SyntaxKind.ThisKeyword)) continue;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstructorWithoutChaining,
                    LocationInfo.From(syntax.Identifier.GetLocation()), type.Name));
            }
        }
    }

    /// <summary>The generator declares Net() and Net(int maxBatchSize); a user constructor with either signature would clash (CS0111).</summary>
    private static bool HasGeneratedSignature(IMethodSymbol constructor) =>
        constructor.Parameters.Length == 0
        || (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32
            && constructor.Parameters[0].RefKind == RefKind.None);

    private static bool IsAssignableLayerMember(ISymbol member, SyntaxNode syntax)
    {
        if (member.IsStatic) return false;
        if (member is IFieldSymbol field) return !field.IsConst;
        if (syntax is not PropertyDeclarationSyntax property || property.AccessorList is null) return false;
        return property.AccessorList.Accessors.All(a => a.Body is null && a.ExpressionBody is null)
            && property.AccessorList.Accessors.Any(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
    }

    /// <summary>NG0012: a field or auto-property of a layer type without a layer attribute is silently not a layer.</summary>
    private static void CheckUnattributedLayerMember(INamedTypeSymbol type, ISymbol member, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (member.IsImplicitlyDeclared || member.IsStatic) return;
        ITypeSymbol? memberType = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;
        if (memberType is null || memberType.ContainingNamespace?.ToDisplayString() != "NetGen") return;
        string? attribute = null;
        foreach (var (_, kind, shortName) in LayerAttributes)
            if (memberType.Name == LayerTypeName(kind)) attribute = shortName;
        if (attribute is null) return;
        // A property with a body (an alias such as 'DenseLayer First => Hidden;') is not meant to be a layer.
        SyntaxNode? syntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        if (member is IPropertySymbol && (syntax is null || !IsAssignableLayerMember(member, syntax))) return;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerMemberWithoutAttribute,
            LocationInfo.From(member.Locations.FirstOrDefault()), member.Name, memberType.Name, type.Name, attribute));
    }

    private static LayerModel? ReadDense(string name, AttributeData dense, ImmutableAttributes attributes,
        LocationInfo? attributeLocation, LocationInfo? memberLocation, List<DiagnosticInfo> diagnostics, ref bool broken)
    {
        if (dense.ConstructorArguments.Length < 2 || dense.ConstructorArguments[0].Value is not int units
            || dense.ConstructorArguments[1].Value is not int activation)
            return null;

        var act = new ActivationModel((ActivationKind)activation,
            NamedDouble(dense, "NegativeSlope", 0.01), NamedDouble(dense, "Alpha", 1.0),
            NamedDouble(dense, "Beta", 1.0), NamedDouble(dense, "Threshold", 20.0));

        InitModel? weight = ReadInitAttribute(attributes.All, WeightInitAttributeName, ref broken);
        InitModel? bias = ReadInitAttribute(attributes.All, BiasInitAttributeName, ref broken);
        if (HasNamed(dense, "WeightInit"))
        {
            if (weight is not null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateInit, attributeLocation, name, "WeightInit", "WeightInit"));
            else
                weight = new InitModel((InitKind)NamedInt(dense, "WeightInit", 0), Location: attributeLocation);
        }
        if (HasNamed(dense, "BiasInit"))
        {
            if (bias is not null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateInit, attributeLocation, name, "BiasInit", "BiasInit"));
            else
                bias = new InitModel((InitKind)NamedInt(dense, "BiasInit", 0), Location: attributeLocation);
        }

        bool hasBias = !HasNamed(dense, "Bias") || NamedArgument(dense, "Bias") is true;
        return new LayerModel(name, LayerKind.Dense, units, NamedInt(dense, "Inputs", 0), hasBias, act,
            weight, bias, attributeLocation, memberLocation);
    }

    private static readonly (string Attribute, LayerKind Kind, string Short)[] LayerAttributes =
    {
        (DenseAttributeName, LayerKind.Dense, "Dense"),
        (ActivationLayerAttributeName, LayerKind.Activation, "ActivationLayer"),
        (DropoutAttributeName, LayerKind.Dropout, "Dropout"),
        (BatchNormAttributeName, LayerKind.BatchNorm, "BatchNorm"),
        (LayerNormAttributeName, LayerKind.LayerNorm, "LayerNorm"),
        (PReLUAttributeName, LayerKind.PReLU, "PReLU"),
        (RReLUAttributeName, LayerKind.RReLU, "RReLU"),
    };

    private static string LayerTypeName(LayerKind kind) => kind switch
    {
        LayerKind.Dense => "DenseLayer",
        LayerKind.Activation => "ActivationLayer",
        LayerKind.Dropout => "DropoutLayer",
        LayerKind.BatchNorm => "BatchNormLayer",
        LayerKind.LayerNorm => "LayerNormLayer",
        LayerKind.PReLU => "PReLULayer",
        _ => "RReLULayer",
    };

    private static LayerModel ReadStateful(string name, LayerKind kind, AttributeData data, LocationInfo? attributeLocation, LocationInfo? memberLocation)
    {
        var defaults = new StatefulOptions();
        double p = data.ConstructorArguments.Length > 0 && data.ConstructorArguments[0].Value is double d ? d : defaults.P;
        var options = new StatefulOptions(
            P: p,
            Eps: NamedDouble(data, "Epsilon", defaults.Eps),
            Momentum: NamedDouble(data, "Momentum", defaults.Momentum),
            CumulativeAverage: NamedArgument(data, "CumulativeAverage") is true,
            Affine: kind == LayerKind.LayerNorm ? NamedArgument(data, "ElementwiseAffine") is not false : NamedArgument(data, "Affine") is not false,
            TrackRunningStats: NamedArgument(data, "TrackRunningStats") is not false,
            NumParameters: NamedInt(data, "NumParameters", defaults.NumParameters),
            Init: NamedDouble(data, "Init", defaults.Init),
            Lower: NamedDouble(data, "Lower", defaults.Lower),
            Upper: NamedDouble(data, "Upper", defaults.Upper));
        return new LayerModel(name, kind, 0, 0, false, ActivationModel.Of(ActivationKind.Identity), null, null, attributeLocation, memberLocation, options);
    }

    private static LayerModel? ReadActivationLayer(string name, AttributeData attribute, LocationInfo? attributeLocation, LocationInfo? memberLocation)
    {
        if (attribute.ConstructorArguments.Length < 1 || attribute.ConstructorArguments[0].Value is not int activation)
            return null;
        var act = new ActivationModel((ActivationKind)activation,
            NamedDouble(attribute, "NegativeSlope", 0.01), NamedDouble(attribute, "Alpha", 1.0),
            NamedDouble(attribute, "Beta", 1.0), NamedDouble(attribute, "Threshold", 20.0));
        return new LayerModel(name, LayerKind.Activation, 0, 0, false, act, null, null, attributeLocation, memberLocation);
    }

    private static InitModel? ReadInitAttribute(IEnumerable<AttributeData> attributes, string attributeName, ref bool broken)
    {
        AttributeData? data = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == attributeName);
        if (data is null) return null;
        if (data.AttributeConstructor is null || data.ConstructorArguments.Length < 1 || data.ConstructorArguments[0].Value is not int scheme)
        {
            broken = true;
            return null;
        }
        return new InitModel((InitKind)scheme,
            Value: NamedDouble(data, "Value", 0.0), Low: NamedDouble(data, "Low", 0.0), High: NamedDouble(data, "High", 1.0),
            Mean: NamedDouble(data, "Mean", 0.0), Std: NamedDouble(data, "Std", 1.0), Gain: NamedDouble(data, "Gain", 1.0),
            A: NamedDouble(data, "A", 0.0), Mode: (FanModeKind)NamedInt(data, "Mode", 0),
            Nonlinearity: (NonlinearityKind)NamedInt(data, "Nonlinearity", 0),
            Location: LocationInfo.From(data.ApplicationSyntaxReference?.GetSyntax()));
    }

    private static object? NamedArgument(AttributeData data, string name)
    {
        foreach (var pair in data.NamedArguments)
            if (pair.Key == name) return pair.Value.Value;
        return null;
    }

    private static bool HasNamed(AttributeData data, string name) => data.NamedArguments.Any(p => p.Key == name);

    private static int NamedInt(AttributeData data, string name, int fallback) =>
        NamedArgument(data, name) is int value ? value : fallback;

    private static double NamedDouble(AttributeData data, string name, double fallback) =>
        NamedArgument(data, name) switch
        {
            double d => d,
            float f => f,
            int i => i,
            _ => fallback,
        };

    /// <summary>A member's attributes with lookup by full name.</summary>
    private readonly struct ImmutableAttributes
    {
        public ImmutableAttributes(System.Collections.Immutable.ImmutableArray<AttributeData> all) => All = all;

        public System.Collections.Immutable.ImmutableArray<AttributeData> All { get; }

        public AttributeData? Find(string fullName) =>
            All.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == fullName);
    }
}
