using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>An RReLU as declared: <c>[RReLU(Lower, Upper)]</c>.</summary>
internal sealed record RReLUSpec(string Name, double Lower, double Upper) : LayerSpec(Name)
{
    public override LayerKind Kind => RReLUKind.Instance;
}

/// <summary>
/// <c>[RReLU]</c>: in training, a negative value is multiplied by a slope drawn uniformly from [lower, upper] per
/// element (kept as noise for backward); in evaluation by the mean slope (lower + upper) / 2, as PyTorch.
/// </summary>
internal sealed class RReLUKind : LayerKind<RReLUSpec>
{
    public static readonly RReLUKind Instance = new();

    public override string AttributeName => "NetGen.RReLUAttribute";
    public override string RuntimeType => "RReLULayer";

    public override LayerSpec? Parse(LayerParseContext context) =>
        new RReLUSpec(context.Name, context.Attribute.Double("Lower", 1.0 / 8), context.Attribute.Double("Upper", 1.0 / 3));

    protected override void Validate(RReLUSpec spec, LayerValidationContext context)
    {
        if (context.CheckFinite("Lower", spec.Lower) & context.CheckFinite("Upper", spec.Upper) && !((float)spec.Lower <= (float)spec.Upper))
            context.Invalid("Lower", spec.Lower, $"lower must not exceed upper ({LayerValidationContext.Literal(spec.Upper)})");
    }

    protected override void Plan(RReLUSpec spec, LayerAllocator allocator)
    {
        allocator.Workspace("noise", allocator.Output.Size);
        allocator.OutputRegion();
    }

    protected override bool UsesRandom(RReLUSpec spec) => true;
    protected override bool IsModeDependent(RReLUSpec spec) => true;

    protected override string Describe(RReLUSpec spec, LayerPlan layer) =>
        "RReLU(" + Literals.Double(spec.Lower) + ", " + Literals.Double(spec.Upper) + ") " + layer.Output;

    protected override string Construct(RReLUSpec spec, LayerCode code) =>
        "RReLULayer(" + Literals.String(spec.StateName) + ", " + code.SizeOrShape + ", " + Literals.Double(spec.Lower) + ", " + Literals.Double(spec.Upper) + ")";

    protected override void EmitForward(RReLUSpec spec, ForwardCode code)
    {
        string bounds = ", lower: " + Literals.Float(spec.Lower) + ", upper: " + Literals.Float(spec.Upper);
        string head = "(" + code.Input + ", " + code.Output + ", noise: " + code.Region("noise") + bounds;
        code.DeclareOutput();
        using (code.W.Block("if (training)")) code.W.Line(Kernels + "RReluKernels.ForwardTraining" + head + ", _random);");
        using (code.W.Block("else")) code.W.Line(Kernels + "RReluKernels.ForwardInference" + head + ");");
    }

    protected override void EmitBackward(RReLUSpec spec, BackwardCode code) =>
        code.W.Line(Kernels + "RReluKernels.Backward(noise: " + code.Region("noise") + ", " + code.Dy + ", " + code.Dx + ");");
}
