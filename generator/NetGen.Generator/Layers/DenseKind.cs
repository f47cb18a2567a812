using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A fully connected layer as declared: <c>[Dense(units, activation, Inputs, Bias, WeightInit, BiasInit, ...)]</c>.</summary>
internal sealed record DenseSpec(string Name, int Units, int DeclaredInputs, bool HasBias, ActivationModel Fused, InitModel WeightInit, InitModel BiasInit)
    : LayerSpec(Name)
{
    public override LayerKind Kind => DenseKind.Instance;
    public override ActivationModel? Activation => Fused;
}

/// <summary>
/// <c>[Dense]</c>: y = x Wᵀ + b (PyTorch's nn.Linear, weight [out, in]) with an optional fused activation. Forward
/// keeps the affine result for the activation's backward; the no-grad pass fuses ReLU into the product's epilogue and
/// runs two consecutive ReLU/identity layers in one call (Gemm.DenseForwardPair).
/// </summary>
internal sealed class DenseKind : LayerKind<DenseSpec>
{
    public static readonly DenseKind Instance = new();

    public override string AttributeName => "NetGen.DenseAttribute";
    public override string RuntimeType => "DenseLayer";
    public override bool IsFullyConnected => true;
    public override bool RoutesOwnGradient => true;

    public override LayerSpec? Parse(LayerParseContext context)
    {
        if (context.Attribute.Constructor(0) is not int units || context.Attribute.Constructor(1) is not int activation) return null;
        InitModel weight = context.ReadWeightInit();
        InitModel bias = context.ReadBias(out bool hasBias);
        return new DenseSpec(context.Name, units, context.Attribute.Int("Inputs", 0), hasBias,
            context.ReadActivation((ActivationKind)activation), weight, bias);
    }

    protected override void Validate(DenseSpec spec, LayerValidationContext context)
    {
        if (spec.Units <= 0)
            context.Report(DiagnosticDescriptors.InvalidLayerSize, "Units", spec.Name, spec.Units);
        context.RequireVector("Dense");
        if (spec.DeclaredInputs != 0 && spec.DeclaredInputs != context.Input.Size && context.Input.Size > 0)
            context.Report(DiagnosticDescriptors.InputSizeMismatch, "Inputs", spec.Name, spec.DeclaredInputs, context.Previous, context.Input.Size);
        ActivationRules.Check(spec.Fused, context);
        InitRules.Check(spec.WeightInit, "WeightInit", isBias: false, context);
        if (spec.HasBias) InitRules.Check(spec.BiasInit, "BiasInit", isBias: true, context);
        InitRules.Advise(spec.WeightInit, context);
    }

    protected override SampleShape OutputShape(DenseSpec spec, SampleShape input) => SampleShape.Vector(spec.Units);

    protected override void Plan(DenseSpec spec, LayerAllocator allocator)
    {
        allocator.Parameter("weight", "Weight", allocator.Output.Size, allocator.Input.Size);
        if (spec.HasBias) allocator.Parameter("bias", "Bias", allocator.Output.Size);
        // ReLU's backward pass needs only the output (y > 0 exactly where the product is > 0), so ReLU goes into the
        // product's epilogue and no Linear region is kept.
        if (!spec.Fused.IsIdentity && !IsRelu(spec)) allocator.Workspace(Roles.Linear, allocator.Output.Size);
        allocator.OutputRegion();
    }

    protected override string Describe(DenseSpec spec, LayerPlan layer) =>
        "Dense " + Int(layer.Input.Features) + " -> " + Int(layer.Output.Features)
        + (spec.Fused.IsIdentity ? "" : ", " + ActivationCalls.Describe(spec.Fused)) + (spec.HasBias ? "" : ", no bias");

    protected override string Construct(DenseSpec spec, LayerCode code) =>
        "DenseLayer(" + Literals.String(spec.StateName) + ", " + Int(code.InFeatures) + ", " + Int(code.OutFeatures) + ", "
        + ActivationCalls.RuntimeValue(spec.Fused) + ", _parameters, " + code.Layout("weight") + ", " + code.Layout("bias") + ")";

    protected override void EmitInitialize(DenseSpec spec, LayerCode code)
    {
        string fans = ", fanIn: " + Int(code.InFeatures) + ", fanOut: " + Int(code.OutFeatures) + ", random);";
        code.W.Line(Rt + "ParameterInit.Apply(" + code.Tensor("values", "weight", writable: true) + ", " + InitSpecs.New(spec.WeightInit) + fans);
        if (spec.HasBias)
            code.W.Line(Rt + "ParameterInit.Apply(" + code.Tensor("values", "bias", writable: true) + ", " + InitSpecs.New(spec.BiasInit) + fans);
    }

    private static string Sizes(LayerCode code) =>
        ", m: batchSize, k: " + Int(code.InFeatures) + ", n: " + Int(code.OutFeatures) + ");";

    protected override void EmitForward(DenseSpec spec, ForwardCode code)
    {
        SourceWriter w = code.W;
        string weight = code.Tensor("parameters", "weight");
        string bias = code.Tensor("parameters", "bias");
        string operands = code.Input + ", " + weight + ", " + bias + ", ";
        if (IsRelu(spec))
        {
            // No backward pass reads the affine result (ReLU's reads the output): ReLU goes into the product's epilogue.
            code.DeclareOutput();
            w.Line(Gemm + ".DenseForwardRelu(" + operands + code.Output + Sizes(code));
            return;
        }
        string target = FusedActivationCode.DeclareProductTarget(code, spec.Fused);
        w.Line(Gemm + ".DenseForward(" + operands + target + Sizes(code));
        FusedActivationCode.EmitActivation(code, spec.Fused);
    }

    /// <summary>A dense layer whose output is its product or the product's ReLU: the two forms DenseForwardPair fuses.</summary>
    private static bool IsPairable(LayerPlan layer) =>
        !layer.IsNoOp && layer.Spec is DenseSpec { Fused.Kind: ActivationKind.Identity or ActivationKind.ReLU };

    /// <summary>
    /// Two consecutive dense layers (each without activation or with ReLU) in one call: the same result as two
    /// DenseForward(Relu) calls bit for bit, with both layers' rows split over the same threads for one-sample inference.
    /// </summary>
    public override bool TryEmitFusedInference(ForwardCode code, LayerPlan next)
    {
        if (!IsPairable(code.Layer) || !IsPairable(next) || next.InputLocal != code.Layer.OutputLocal) return false;
        var second = new ForwardCode(code.W, code.Network, next, noGrad: true);
        code.W.Line(NetworkEmitter.Header(next));
        string w1 = code.Tensor("parameters", "weight"), b1 = code.Tensor("parameters", "bias");
        string w2 = second.Tensor("parameters", "weight"), b2 = second.Tensor("parameters", "bias");
        code.DeclareOutput();
        second.DeclareOutput();
        bool relu1 = ((DenseSpec)code.Layer.Spec).Fused.Kind == ActivationKind.ReLU;
        bool relu2 = ((DenseSpec)next.Spec).Fused.Kind == ActivationKind.ReLU;
        code.W.Line(Gemm + ".DenseForwardPair(");
        code.W.Line("    " + code.Input + ",");
        code.W.Line("    w1: " + w1 + ", bias1: " + b1 + ", h: " + code.Output + ", relu1: " + Bool(relu1) + ",");
        code.W.Line("    w2: " + w2 + ", bias2: " + b2 + ", y: " + second.Output + ", relu2: " + Bool(relu2) + ",");
        code.W.Line("    m: batchSize, k: " + Int(code.InFeatures) + ", n1: " + Int(code.OutFeatures) + ", n2: " + Int(second.OutFeatures) + ");");
        return true;
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static bool IsRelu(DenseSpec spec) => spec.Fused.Kind == ActivationKind.ReLU;

    /// <summary>A dense layer with ReLU: its activation backward (keep where the output is positive) can be fused into the input gradient of the layer above.</summary>
    private static bool IsRelu(LayerPlan layer) => layer.Spec is DenseSpec { Fused.Kind: ActivationKind.ReLU };

    protected override void EmitBackward(DenseSpec spec, BackwardCode code)
    {
        SourceWriter w = code.W;
        string dz = FusedActivationCode.EmitBackward(code, spec.Fused, out string current);
        string weightGrad = code.Tensor("gradients", "weight", writable: true);
        string biasGrad = code.Tensor("gradients", "bias", writable: true);
        w.Line(Gemm + ".DenseBackwardWeights(" + dz + ", " + code.Input + ", " + weightGrad + ", " + biasGrad + Sizes(code));
        string weight = code.Tensor("parameters", "weight");
        if (code.IsFirst)
        {
            using (w.Block("if (!inputGradient.IsEmpty)"))
                w.Line(Gemm + ".DenseBackwardInput(" + dz + ", " + weight + ", inputGradient" + Sizes(code));
            return;
        }
        string target = BackwardCode.Other(current);
        if (code.Below is { } below && IsRelu(below))
        {
            // The layer below is dense with ReLU and its output is this input: its ReLU backward (keep where that output
            // is positive) is applied as dX is stored, and the layer below starts from dLoss/d(its product).
            w.Line(Gemm + ".DenseBackwardInputRelu(" + dz + ", " + weight + ", " + code.Input + ", " + BackwardCode.Sized(target, code.InFeatures) + Sizes(code));
            code.FusedActivationBelow = true;
        }
        else
        {
            w.Line(Gemm + ".DenseBackwardInput(" + dz + ", " + weight + ", " + BackwardCode.Sized(target, code.InFeatures) + Sizes(code));
        }
        code.ResultBuffer = target;
    }
}
