using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;

namespace NetGen.Generator.Layers;

/// <summary>A flatten layer as declared: <c>[Flatten]</c>.</summary>
internal sealed record FlattenSpec(string Name) : LayerSpec(Name)
{
    public override LayerKind Kind => FlattenKind.Instance;
}

/// <summary>
/// <c>[Flatten]</c>: [C, H, W] → [C·H·W] in PyTorch's order. NCHW rows already are that order, so it compiles to
/// nothing in both passes: the next layer reads the previous one's output (and, backward, its gradient) as it is.
/// </summary>
internal sealed class FlattenKind : LayerKind<FlattenSpec>
{
    public static readonly FlattenKind Instance = new();

    public override string AttributeName => "NetGen.FlattenAttribute";
    public override string RuntimeType => "FlattenLayer";

    public override LayerSpec? Parse(LayerParseContext context) => new FlattenSpec(context.Name);

    protected override void Validate(FlattenSpec spec, LayerValidationContext context) => context.RequireImage("Flatten");

    protected override SampleShape OutputShape(FlattenSpec spec, SampleShape input) => SampleShape.Vector(input.Size);

    protected override void Plan(FlattenSpec spec, LayerAllocator allocator) => allocator.NoOp();

    protected override string Describe(FlattenSpec spec, LayerPlan layer) =>
        "Flatten " + layer.Input + " -> " + layer.Output + ": the same values in the same order, nothing to do";

    protected override string Construct(FlattenSpec spec, LayerCode code) =>
        "FlattenLayer(" + Literals.String(spec.StateName) + ", " + Conv2dKind.Shape(code.Layer.Input) + ")";

    protected override void EmitForward(FlattenSpec spec, ForwardCode code) { }

    protected override void EmitBackward(FlattenSpec spec, BackwardCode code) { }
}
