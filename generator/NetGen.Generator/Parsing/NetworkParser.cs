using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
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
    private const string WeightInitAttributeName = "NetGen.WeightInitAttribute";
    private const string BiasInitAttributeName = "NetGen.BiasInitAttribute";

    public static NetworkDeclaration? Parse(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax classSyntax)
            return null;
        if (classSyntax is not ClassDeclarationSyntax)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedContainingType,
                LocationInfo.From(classSyntax.Identifier.GetLocation()), type.Name, "a network must be a class, not a record"));
            return null;
        }

        LocationInfo? nameLocation = LocationInfo.From(classSyntax.Identifier.GetLocation());
        if (!IsPartial(classSyntax))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, nameLocation, type.Name));
            return null;
        }

        string? unsupported = UnsupportedReason(type, out List<ContainingTypeModel> containing)
            ?? HiddenNamespaceReason(context.SemanticModel.Compilation)
            ?? BaseConstructorReason(type, context.SemanticModel.Compilation);
        if (unsupported is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedContainingType, nameLocation, type.Name, unsupported));
            return null;
        }

        var networkAttribute = new AttributeArguments(context.Attributes[0], "", cancellationToken);
        SampleShape input = InputShape(networkAttribute);
        int seed = networkAttribute.Int("Seed", 0);
        int maxBatch = networkAttribute.Int("MaxBatchSize", 256);

        bool broken = false;
        var defaults = new NetworkDefaults();
        string owner = "Network '" + type.Name + "'";
        defaults.Weight = LayerParseContext.ReadInitAttribute(type.GetAttributes(), WeightInitAttributeName, "WeightInit", defaults.WeightLocations, diagnostics, owner, cancellationToken, out bool brokenWeight);
        defaults.Bias = LayerParseContext.ReadInitAttribute(type.GetAttributes(), BiasInitAttributeName, "BiasInit", defaults.BiasLocations, diagnostics, owner, cancellationToken, out bool brokenBias);
        broken |= brokenWeight | brokenBias;

        CheckConstructors(type, diagnostics, cancellationToken);

        // Each layer with the index of its partial declaration (in the compilation's order) and its offset in it.
        var layers = new List<(DeclaredLayer Layer, int Declaration, int Position)>();
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
            System.Collections.Immutable.ImmutableArray<AttributeData> attributes = member.GetAttributes();
            var found = new List<(AttributeData Data, LayerKind Kind)>();
            foreach (AttributeData attribute in attributes)
                if (attribute.AttributeClass is { } attributeClass && LayerKinds.ForAttribute(attributeClass.ToDisplayString()) is { } layerKind)
                    found.Add((attribute, layerKind));
            if (found.Count == 0)
            {
                // A layer-typed member whose attribute does not bind (being typed, or misspelt: the compiler reports
                // it) is probably a layer: generating without it would leave it unassigned (CS8618 in generated code).
                if (attributes.Any(a => a.AttributeClass is null or { TypeKind: TypeKind.Error }) && IsLayerType(member)) broken = true;
                else CheckUnattributedLayerMember(type, member, unattributed, cancellationToken);
                ReportIgnoredInits(attributes, "Member '" + member.Name + "'", "it is not a layer (only [Dense] layers read it)", diagnostics, cancellationToken);
                continue;
            }
            if (found.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralLayerAttributes,
                    LocationInfo.From(member.Locations.FirstOrDefault()), member.Name, found[0].Kind.ShortName, found[1].Kind.ShortName));
                broken = true;
                continue;
            }
            LayerKind kind = found[0].Kind;
            var arguments = new AttributeArguments(found[0].Data, "", cancellationToken);
            if (!arguments.IsBound) { broken = true; continue; }

            SyntaxNode? memberSyntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            SyntaxNode? declaration = memberSyntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (memberSyntax is null || declaration is null) continue;

            LocationInfo? memberLocation = LocationInfo.From(member.Locations.FirstOrDefault());

            string expectedType = "NetGen." + kind.RuntimeType;
            ITypeSymbol? memberType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
            if (memberType is null || memberType.TypeKind == TypeKind.Error) { broken = true; continue; }
            // Fully qualified format: no '?' for a nullable-annotated reference type (DenseLayer? is fine).
            if (memberType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != "global::" + expectedType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongMemberType, memberLocation,
                    member.Name, memberType.ToDisplayString(), kind.ShortName, kind.RuntimeType));
            }
            if (!IsAssignableLayerMember(member, memberSyntax))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerMember, memberLocation, member.Name));
            if (member is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true })
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredLayerMember, memberLocation, member.Name, type.Name));

            var parse = new LayerParseContext(member.Name, arguments, attributes, defaults, diagnostics, cancellationToken);
            LayerSpec? spec = kind.Parse(parse);
            if (spec is null || parse.Broken) { broken = true; continue; }
            if (parse.ReadStateName() is string stateName) spec = spec with { StateName = stateName };
            if (!parse.ReadInits)
                ReportIgnoredInits(attributes, "Layer '" + member.Name + "'", $"[{kind.ShortName}] layers do not read it (only [Dense] layers do)", diagnostics, cancellationToken);
            var source = new AttributeSource(memberLocation, arguments.Location, new EquatableArray<ArgumentLocation>(parse.Locations.ToArray()));
            layers.Add((new DeclaredLayer(spec, source), DeclarationIndex(type, declaration), memberSyntax.SpanStart));
        }

        if (layers.Count > 0) diagnostics.AddRange(unattributed);
        if (broken) return null;

        // A layer whose name another member also has (CS0102 in the user's code): two layers would each be
        // assigned, sized and listed, and a layer next to another member is ambiguous in generated code (CS0229).
        foreach (var group in layers.GroupBy(l => l.Layer.Spec.Name, System.StringComparer.Ordinal))
        {
            int count = type.GetMembers(group.Key).Count(m => !m.IsImplicitlyDeclared);
            if (count < 2) continue;
            foreach (var duplicate in group.Count() > 1 ? group.Skip(1) : group)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName,
                    duplicate.Layer.Source.NameLocation, group.Key, type.Name, count));
        }

        // Two layers with one state-dict name (a Name equal to another layer's Name or member name): their tensors would
        // share names in checkpoints and ONNX models. Nothing is generated then.
        var byStateName = new Dictionary<string, DeclaredLayer>(System.StringComparer.Ordinal);
        foreach (var (layer, _, _) in layers)
        {
            if (byStateName.TryGetValue(layer.Spec.StateName, out DeclaredLayer? first))
            {
                if (first.Spec.Name == layer.Spec.Name) continue; // two members of one name: NG0011 and the compiler say it
                LocationInfo? at = layer.Source.Has("Name") ? layer.Source.At("Name") : layer.Source.NameLocation;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateStateName, at, first.Spec.Name, layer.Spec.Name, layer.Spec.StateName));
                broken = true;
            }
            else
            {
                byStateName[layer.Spec.StateName] = layer;
            }
        }
        if (broken) return null;

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
                    entry.Layer.Source.NameLocation, entry.Layer.Spec.Name, type.Name, layers[0].Layer.Spec.Name));
                return null;
            }
        }

        CheckNameClashes(type, nameLocation, diagnostics);

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        string hintName = Emission.HintNames.For(MetadataName(type));
        var networkSource = new AttributeSource(nameLocation, networkAttribute.Location, new EquatableArray<ArgumentLocation>(networkAttribute.Locations.ToArray()));
        return new NetworkDeclaration(
            ns, type.Name, hintName, new EquatableArray<ContainingTypeModel>(containing.ToArray()),
            input, seed, maxBatch,
            new EquatableArray<DeclaredLayer>(layers.Select(l => l.Layer).ToArray()),
            networkSource, nameLocation);
    }

    /// <summary>NG2011 for each [WeightInit] / [BiasInit] on a member that does not read it.</summary>
    private static void ReportIgnoredInits(IEnumerable<AttributeData> attributes, string owner, string reason,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (AttributeData attribute in attributes)
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name is not (WeightInitAttributeName or BiasInitAttributeName)) continue;
            string shortName = name == WeightInitAttributeName ? "[WeightInit]" : "[BiasInit]";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionWithoutEffect,
                LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)), owner, shortName, reason));
        }
    }

    /// <summary>
    /// The shape of one input sample: <c>Inputs = n</c> features, or an image of <c>InputChannels</c> ×
    /// <c>InputHeight</c> × <c>InputWidth</c> when any of those is set (the validator checks the combination).
    /// </summary>
    private static SampleShape InputShape(AttributeArguments attribute)
    {
        if (!attribute.Has("InputChannels") && !attribute.Has("InputHeight") && !attribute.Has("InputWidth"))
            return SampleShape.Vector(attribute.Int("Inputs", 0));
        return SampleShape.Image(attribute.Int("InputChannels", 0), attribute.Int("InputHeight", 0), attribute.Int("InputWidth", 0));
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
        if (LayerKinds.ForRuntimeType(memberType.Name) is not { } kind) return;
        string attribute = kind.ShortName;
        // A property with a body (an alias such as 'DenseLayer First => Hidden;') is not meant to be a layer.
        SyntaxNode? syntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        if (member is IPropertySymbol && (syntax is null || !IsAssignableLayerMember(member, syntax))) return;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerMemberWithoutAttribute,
            LocationInfo.From(member.Locations.FirstOrDefault()), member.Name, memberType.Name, type.Name, attribute));
    }
}
