using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A PReLU as declared: <c>[PReLU(NumParameters, Init)]</c>.</summary>
internal sealed record PReLUSpec(string Name, int NumParameters, double Init) : LayerSpec(Name)
{
    public override LayerKind Kind => PReLUKind.Instance;
}

/// <summary><c>[PReLU]</c>: max(0, x) + a·min(0, x) with a learnt slope, one shared or one per feature (PyTorch's nn.PReLU).</summary>
internal sealed class PReLUKind : LayerKind<PReLUSpec>
{
    public static readonly PReLUKind Instance = new();

    public override string AttributeName => "NetGen.PReLUAttribute";
    public override string RuntimeType => "PReLULayer";

    public override LayerSpec? Parse(LayerParseContext context) =>
        new PReLUSpec(context.Name, context.Attribute.Int("NumParameters", 1), context.Attribute.Double("Init", 0.25));

    protected override void Validate(PReLUSpec spec, LayerValidationContext context)
    {
        if (spec.NumParameters != 1 && context.Input.IsImage)
            context.Invalid("NumParameters", spec.NumParameters,
                "on a feature map PyTorch's PReLU has one slope per channel, which NetGen does not support yet; use 1");
        else if (spec.NumParameters != 1 && spec.NumParameters != context.Input.Size)
            context.Invalid("NumParameters", spec.NumParameters,
                "it must be 1 or the feature count (" + context.Input.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
        context.CheckFinite("Init", spec.Init);
    }

    protected override void Plan(PReLUSpec spec, LayerAllocator allocator)
    {
        allocator.Parameter("weight", "Slope", spec.NumParameters);
        allocator.OutputRegion();
    }

    protected override string Describe(PReLUSpec spec, LayerPlan layer) =>
        "PReLU(" + Int(spec.NumParameters) + " slope" + (spec.NumParameters == 1 ? "" : "s") + ") " + layer.Output;

    protected override string Construct(PReLUSpec spec, LayerCode code) =>
        "PReLULayer(" + Literals.String(spec.StateName) + ", " + code.SizeOrShape + ", _parameters, " + code.Layout("weight") + ")";

    protected override void EmitInitialize(PReLUSpec spec, LayerCode code) =>
        code.W.Line(code.Tensor("values", "weight", writable: true) + ".Fill(" + Literals.Float(spec.Init) + ");");

    protected override void EmitForward(PReLUSpec spec, ForwardCode code)
    {
        string slopes = code.Tensor("parameters", "weight");
        code.DeclareOutput();
        code.W.Line(Kernels + "PReluKernels.Forward(" + code.Input + ", " + code.Output + ", weight: " + slopes + ", features: " + Int(code.OutFeatures) + ");");
    }

    protected override void EmitBackward(PReLUSpec spec, BackwardCode code)
    {
        string slopes = code.Tensor("parameters", "weight"), slopeGradients = code.Tensor("gradients", "weight", writable: true);
        code.W.Line(Kernels + "PReluKernels.Backward(" + code.Input + ", " + code.Dy + ", " + code.Dx + ", weight: " + slopes + ", dweight: " + slopeGradients
            + ", features: " + Int(code.OutFeatures) + ");");
    }
}
