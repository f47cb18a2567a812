using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A stand-alone activation as declared: <c>[ActivationLayer(activation, NegativeSlope, Alpha, Beta, Threshold)]</c>.</summary>
internal sealed record ActivationLayerSpec(string Name, ActivationModel Function) : LayerSpec(Name)
{
    public override LayerKind Kind => ActivationLayerKind.Instance;
    public override ActivationModel? Activation => Function;
}

/// <summary><c>[ActivationLayer]</c>: an element-wise (or, for Softmax/LogSoftmax, per-sample) activation; same shape out.</summary>
internal sealed class ActivationLayerKind : LayerKind<ActivationLayerSpec>
{
    public static readonly ActivationLayerKind Instance = new();

    public override string AttributeName => "NetGen.ActivationLayerAttribute";
    public override string RuntimeType => "ActivationLayer";

    public override LayerSpec? Parse(LayerParseContext context) =>
        context.Attribute.Constructor(0) is int activation
            ? new ActivationLayerSpec(context.Name, context.ReadActivation((ActivationKind)activation))
            : null;

    protected override void Validate(ActivationLayerSpec spec, LayerValidationContext context)
    {
        ActivationRules.Check(spec.Function, context);
        // NetGen's softmax normalises each sample's values; PyTorch's Softmax(dim=1) on a feature map normalises over
        // channels per position. Only the vector case means the same in both.
        if (spec.Function.Kind is ActivationKind.Softmax or ActivationKind.LogSoftmax)
            context.RequireVector(spec.Function.Kind.ToString());
    }

    protected override void Plan(ActivationLayerSpec spec, LayerAllocator allocator) => allocator.OutputRegion();

    protected override string Describe(ActivationLayerSpec spec, LayerPlan layer) =>
        ActivationCalls.Describe(spec.Function) + " " + layer.Output;

    protected override string Construct(ActivationLayerSpec spec, LayerCode code) =>
        "ActivationLayer(" + Literals.String(spec.StateName) + ", " + code.SizeOrShape + ", " + ActivationCalls.RuntimeValue(spec.Function) + ")";

    protected override void EmitForward(ActivationLayerSpec spec, ForwardCode code)
    {
        code.DeclareOutput();
        if (spec.Function.IsIdentity)
            code.W.Line(code.Input + ".CopyTo(" + code.Output + ");");
        else
            code.W.Line(Activations + "." + ActivationCalls.KernelName(spec.Function.Kind) + "(" + code.Input + ", " + code.Output
                + ActivationCalls.ExtraArguments(spec.Function, code.OutFeatures) + ");");
    }

    protected override void EmitBackward(ActivationLayerSpec spec, BackwardCode code)
    {
        if (spec.Function.IsIdentity)
            code.W.Line(code.Dy + ".CopyTo(" + code.Dx + ");");
        else
            code.W.Line(Activations + "." + ActivationCalls.KernelName(spec.Function.Kind) + "Backward(" + code.Input + ", " + code.Output + ", "
                + code.Dy + ", " + code.Dx + ActivationCalls.ExtraArguments(spec.Function, code.OutFeatures) + ");");
    }
}
