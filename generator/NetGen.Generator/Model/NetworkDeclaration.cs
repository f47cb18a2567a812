namespace NetGen.Generator.Model;

/// <summary>A layer spec with where it was declared.</summary>
internal sealed record DeclaredLayer(LayerSpec Spec, AttributeSource Source);

/// <summary>A containing type of a nested network class.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>
/// A [Network] class as the parser read it: the input shape and options, and its layers in order, each with its
/// source locations. The validator checks it; the planner turns it into the <see cref="NetworkPlan"/> that
/// emission uses (which holds no locations).
/// </summary>
internal sealed record NetworkDeclaration(
    string? Namespace,
    string ClassName,
    string HintName,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    SampleShape Input,
    int Seed,
    int MaxBatchSize,
    EquatableArray<DeclaredLayer> Layers,
    AttributeSource Source,
    LocationInfo? ClassNameLocation);

/// <summary>The result of parsing and checking one class: a plan to emit (null when nothing can be) and diagnostics.</summary>
internal sealed record NetworkParseResult(NetworkPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);
