using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A batch norm layer as declared: <c>[BatchNorm(Epsilon, Momentum, CumulativeAverage, Affine, TrackRunningStats)]</c>.</summary>
internal sealed record BatchNormSpec(string Name, double Epsilon, double Momentum, bool CumulativeAverage, bool Affine, bool TrackRunningStats,
    bool Spatial) : LayerSpec(Name)
{
    public override LayerKind Kind => Spatial ? BatchNormKind.TwoD : BatchNormKind.OneD;
}

/// <summary>
/// <c>[BatchNorm]</c>: PyTorch's BatchNorm1d over [batch, features]; <c>[BatchNorm2d]</c>: BatchNorm2d per channel over
/// batch, height and width (two registry entries, one file). Training normalises with the batch's statistics (saved for
/// backward) and updates the running ones (momentum or cumulative average, unbiased variance); evaluation uses the
/// running statistics. weight/bias when affine; running_mean, running_var, num_batches_tracked as buffers.
/// </summary>
internal sealed class BatchNormKind : LayerKind<BatchNormSpec>
{
    public static readonly BatchNormKind OneD = new(spatial: false);
    public static readonly BatchNormKind TwoD = new(spatial: true);

    private readonly bool _spatial;

    private BatchNormKind(bool spatial) => _spatial = spatial;

    public override string AttributeName => _spatial ? "NetGen.BatchNorm2dAttribute" : "NetGen.BatchNormAttribute";
    public override string RuntimeType => "BatchNormLayer";
    private string KernelClass => Kernels + (_spatial ? "BatchNorm2dKernels" : "BatchNormKernels");

    public override LayerSpec? Parse(LayerParseContext context)
    {
        var spec = new BatchNormSpec(context.Name,
            context.Attribute.Double("Epsilon", 1e-5), context.Attribute.Double("Momentum", 0.1),
            context.Attribute.Bool("CumulativeAverage", false), context.Attribute.Bool("Affine", true),
            context.Attribute.Bool("TrackRunningStats", true), _spatial);
        if (!spec.TrackRunningStats)
        {
            context.NoEffect("Momentum", "TrackRunningStats = false keeps no running statistics");
            context.NoEffect("CumulativeAverage", "TrackRunningStats = false keeps no running statistics");
        }
        else if (spec.CumulativeAverage)
        {
            context.NoEffect("Momentum", "CumulativeAverage = true averages every batch equally instead");
        }
        return spec;
    }

    protected override void Validate(BatchNormSpec spec, LayerValidationContext context)
    {
        context.CheckFloat("Epsilon", spec.Epsilon, e => e > 0, "epsilon must be > 0");
        if (!(spec.Momentum >= 0 && spec.Momentum <= 1)) context.Invalid("Momentum", spec.Momentum, "momentum must be in [0, 1]");
        if (!(_spatial ? context.RequireImage("BatchNorm2d") : context.RequireVector("BatchNorm; use [BatchNorm2d] for feature maps"))) return;
        // Training needs more than one value per channel: batch · H · W ≥ 2.
        if (context.Network.MaxBatchSize == 1 && (!_spatial || context.Input.Height * context.Input.Width == 1))
            context.Report(DiagnosticDescriptors.BatchNormWithBatchOfOne, null, spec.Name, context.Network.ClassName, context.Network.MaxBatchSize);
        if (_spatial) AdviseOrder(context);
        // NG2009 is the specific case of NG2008 (batch norm after the output layer, right before its softmax): one
        // warning, the specific one, not both.
        if (context.Index == context.Network.Layers.Count - 2 && context.Next is ActivationLayerSpec
            { Function.Kind: ActivationKind.Softmax or ActivationKind.LogSoftmax } next)
            context.Report(DiagnosticDescriptors.BatchNormBeforeSoftmax, "", spec.Name, next.Function.Kind);
        else
            StatefulAdvice.AfterOutputLayer(context, "BatchNorm");
    }

    /// <summary>NG2013: batch norm of a convolution's output after its activation rather than before.</summary>
    private static void AdviseOrder(LayerValidationContext context)
    {
        LayerSpec? previous = context.PreviousSpec;
        string? activation = null, convolution = null;
        if (previous is Conv2dSpec { Fused.IsIdentity: false } fused)
        {
            activation = fused.Fused.Kind.ToString();
            convolution = fused.Name;
        }
        else if (previous is ActivationLayerSpec { Function.IsIdentity: false } layer && context.Index >= 2
            && context.Network.Layers[context.Index - 2].Spec is Conv2dSpec { Fused.IsIdentity: true } conv)
        {
            activation = layer.Function.Kind + " ('" + layer.Name + "')";
            convolution = conv.Name;
        }
        if (convolution is not null)
            context.Report(DiagnosticDescriptors.BatchNormAfterActivation, "", context.Name, "'" + convolution + "'", activation!);
    }

    protected override void Plan(BatchNormSpec spec, LayerAllocator allocator)
    {
        long features = _spatial ? allocator.Output.Channels : allocator.Output.Size;
        if (spec.Affine)
        {
            allocator.Parameter("weight", "NormScale", features);
            allocator.Parameter("bias", "NormShift", features);
        }
        allocator.Statistics("saved_mean", features);
        allocator.Statistics("saved_inv_std", features);
        if (spec.TrackRunningStats)
        {
            allocator.Buffer("running_mean", "RunningMean", features);
            allocator.Buffer("running_var", "RunningVariance", features);
            allocator.Buffer("num_batches_tracked", "BatchesTracked", 1);
        }
        allocator.OutputRegion();
    }

    protected override bool IsModeDependent(BatchNormSpec spec) => true;

    protected override string Describe(BatchNormSpec spec, LayerPlan layer) =>
        (_spatial ? "BatchNorm2d" : "BatchNorm1d") + "(eps " + Literals.Double(spec.Epsilon) + ", "
        + (spec.CumulativeAverage ? "cumulative average" : "momentum " + Literals.Double(spec.Momentum))
        + (spec.Affine ? "" : ", no affine") + (spec.TrackRunningStats ? "" : ", no running stats") + ") " + layer.Output;

    protected override string Construct(BatchNormSpec spec, LayerCode code) =>
        "BatchNormLayer(" + Literals.String(spec.StateName) + ", " + (_spatial ? Conv2dKind.Shape(code.Layer.Output) : Int(code.OutFeatures)) + ", _parameters, " + code.Layout("weight") + ", " + code.Layout("bias")
        + ", _buffers, " + code.Layout("running_mean") + ", " + code.Layout("running_var") + ", " + code.Layout("num_batches_tracked")
        + (spec.Epsilon != 1e-5 ? ", epsilon: " + Literals.Double(spec.Epsilon) : "")
        + (spec.CumulativeAverage ? ", momentum: null" : spec.Momentum != 0.1 ? ", momentum: " + Literals.Double(spec.Momentum) : "") + ")";

    protected override void EmitInitialize(BatchNormSpec spec, LayerCode code)
    {
        if (spec.Affine)
        {
            code.W.Line(code.Tensor("values", "weight", writable: true) + ".Fill(1f);");
            code.W.Line(code.Tensor("values", "bias", writable: true) + ".Clear();");
        }
        if (spec.TrackRunningStats)
        {
            code.W.Line(code.Tensor("buffers", "running_mean", writable: true) + ".Clear();");
            code.W.Line(code.Tensor("buffers", "running_var", writable: true) + ".Fill(1f);");
            code.W.Line("buffers[" + Int(code.Offset("num_batches_tracked")) + "] = 0f; // " + spec.Name + ".num_batches_tracked");
        }
    }

    /// <summary>The sizes: <c>features: F</c>, or <c>channels: C, spatial: H·W</c> for feature maps.</summary>
    private string Sizes(LayerCode code) => _spatial
        ? "channels: " + Int((int)code.Layer.Output.Channels) + ", spatial: " + Int((int)(code.Layer.Output.Height * code.Layer.Output.Width))
        : "features: " + Int(code.OutFeatures);

    private string Common(LayerCode code, string gamma, string beta) =>
        code.Input + ", " + code.Output + ", batch: batchSize, " + Sizes(code) + ", gamma: " + gamma + ", beta: " + beta;

    protected override void EmitForward(BatchNormSpec spec, ForwardCode code)
    {
        SourceWriter w = code.W;
        string gamma = code.Tensor("parameters", "weight"), beta = code.Tensor("parameters", "bias");
        string savedMean = code.Tensor("stats", "saved_mean", writable: true), savedInvStd = code.Tensor("stats", "saved_inv_std", writable: true);
        string eps = "eps: " + Literals.Float(spec.Epsilon);
        code.DeclareOutput();
        if (!spec.TrackRunningStats)
        {
            w.Line(KernelClass + ".ForwardTraining(" + Common(code, gamma, beta) + ", " + savedMean + ", " + savedInvStd
                + ", updateRunningStats: false, runningMean: " + Span + ".Empty, runningVar: " + Span + ".Empty, exponentialAverageFactor: 0.0, " + eps + ");");
            return;
        }
        string runningMean = code.Tensor("buffers", "running_mean", writable: true), runningVar = code.Tensor("buffers", "running_var", writable: true);
        string tracked = "buffers[" + Int(code.Offset("num_batches_tracked")) + "]";
        using (w.Block("if (training)"))
        {
            string factor = spec.CumulativeAverage ? "1.0 / (" + tracked + " + 1.0)" : Literals.Double(spec.Momentum);
            w.Line(KernelClass + ".ForwardTraining(" + Common(code, gamma, beta) + ", " + savedMean + ", " + savedInvStd
                + ", updateRunningStats: true, " + runningMean + ", " + runningVar + ", exponentialAverageFactor: " + factor + ", " + eps + ");");
            w.Line(tracked + " += 1f; // " + spec.Name + ".num_batches_tracked");
        }
        using (w.Block("else"))
            w.Line(KernelClass + ".ForwardInference(" + Common(code, gamma, beta) + ", " + runningMean + ", " + runningVar + ", " + eps + ");");
    }

    protected override void EmitBackward(BatchNormSpec spec, BackwardCode code)
    {
        SourceWriter w = code.W;
        string gamma = code.Tensor("parameters", "weight");
        string dgamma = code.Tensor("gradients", "weight", writable: true), dbeta = code.Tensor("gradients", "bias", writable: true);
        string savedMean = code.Tensor("stats", "saved_mean"), savedInvStd = code.Tensor("stats", "saved_inv_std");
        string head = "(" + code.Input + ", " + code.Dy + ", " + code.Dx + ", batch: batchSize, " + Sizes(code)
            + ", gamma: " + gamma + ", dgamma: " + dgamma + ", dbeta: " + dbeta + ", ";
        string trainingCall = KernelClass + ".BackwardTraining" + head + savedMean + ", " + savedInvStd + ");";
        if (!spec.TrackRunningStats)
        {
            w.Line(trainingCall);
            return;
        }
        string runningMean = code.Tensor("buffers", "running_mean"), runningVar = code.Tensor("buffers", "running_var");
        using (w.Block("if (training)")) w.Line(trainingCall);
        using (w.Block("else"))
            w.Line(KernelClass + ".BackwardInference" + head + runningMean + ", " + runningVar + ", eps: " + Literals.Float(spec.Epsilon) + ");");
    }
}
