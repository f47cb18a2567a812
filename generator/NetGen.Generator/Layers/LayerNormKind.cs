using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A layer norm as declared: <c>[LayerNorm(Epsilon, ElementwiseAffine)]</c>.</summary>
internal sealed record LayerNormSpec(string Name, double Epsilon, bool Affine) : LayerSpec(Name)
{
    public override LayerKind Kind => LayerNormKind.Instance;
}

/// <summary>
/// <c>[LayerNorm]</c>: PyTorch's LayerNorm over each sample's features (biased variance), the same in training and
/// evaluation; keeps each row's mean and inverse standard deviation for backward.
/// </summary>
internal sealed class LayerNormKind : LayerKind<LayerNormSpec>
{
    public static readonly LayerNormKind Instance = new();

    public override string AttributeName => "NetGen.LayerNormAttribute";
    public override string RuntimeType => "LayerNormLayer";

    public override LayerSpec? Parse(LayerParseContext context) =>
        new LayerNormSpec(context.Name, context.Attribute.Double("Epsilon", 1e-5), context.Attribute.Bool("ElementwiseAffine", true));

    protected override void Validate(LayerNormSpec spec, LayerValidationContext context)
    {
        context.CheckFloat("Epsilon", spec.Epsilon, e => e > 0, "epsilon must be > 0");
        // PyTorch's LayerNorm over a feature map normalises over the dimensions it is given, with weights of that shape;
        // NetGen's takes one vector of features.
        context.RequireVector("LayerNorm");
    }

    protected override void Plan(LayerNormSpec spec, LayerAllocator allocator)
    {
        if (spec.Affine)
        {
            allocator.Parameter("weight", "NormScale", allocator.Output.Size);
            allocator.Parameter("bias", "NormShift", allocator.Output.Size);
        }
        allocator.Workspace("rows", 2); // each sample's mean and inverse standard deviation
        allocator.OutputRegion();
    }

    protected override string Describe(LayerNormSpec spec, LayerPlan layer) =>
        "LayerNorm(eps " + Literals.Double(spec.Epsilon) + (spec.Affine ? "" : ", no affine") + ") " + layer.Output;

    protected override string Construct(LayerNormSpec spec, LayerCode code) =>
        "LayerNormLayer(" + Literals.String(spec.StateName) + ", " + Int(code.OutFeatures) + ", _parameters, " + code.Layout("weight") + ", " + code.Layout("bias")
        + (spec.Epsilon != 1e-5 ? ", epsilon: " + Literals.Double(spec.Epsilon) : "") + ")";

    protected override void EmitInitialize(LayerNormSpec spec, LayerCode code)
    {
        if (!spec.Affine) return;
        code.W.Line(code.Tensor("values", "weight", writable: true) + ".Fill(1f);");
        code.W.Line(code.Tensor("values", "bias", writable: true) + ".Clear();");
    }

    protected override void EmitForward(LayerNormSpec spec, ForwardCode code)
    {
        string gamma = code.Tensor("parameters", "weight"), beta = code.Tensor("parameters", "bias");
        code.DeclareOutput();
        code.W.Line(Kernels + "LayerNormKernels.Forward(" + code.Input + ", " + code.Output + ", batch: batchSize, features: " + Int(code.OutFeatures)
            + ", gamma: " + gamma + ", beta: " + beta + ", savedMean: " + code.RegionRow("rows", 0) + ", savedInvStd: " + code.RegionRow("rows", 1)
            + ", eps: " + Literals.Float(spec.Epsilon) + ");");
    }

    protected override void EmitBackward(LayerNormSpec spec, BackwardCode code)
    {
        string gamma = code.Tensor("parameters", "weight");
        string dgamma = code.Tensor("gradients", "weight", writable: true), dbeta = code.Tensor("gradients", "bias", writable: true);
        code.W.Line(Kernels + "LayerNormKernels.Backward(" + code.Input + ", " + code.Dy + ", " + code.Dx + ", batch: batchSize, features: " + Int(code.OutFeatures)
            + ", gamma: " + gamma + ", dgamma: " + dgamma + ", dbeta: " + dbeta + ", savedMean: " + code.RegionRow("rows", 0)
            + ", savedInvStd: " + code.RegionRow("rows", 1) + ");");
    }
}
