using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A convolution as declared: <c>[Conv2d(outChannels, kernelSize, activation, Stride, Padding, SamePadding, Dilation, Groups, Bias, ...)]</c>.</summary>
internal sealed record Conv2dSpec(string Name, int OutChannels, ImageWindow Window, bool SamePadding, int Groups, bool HasBias,
    ActivationModel Fused, InitModel WeightInit, InitModel BiasInit) : LayerSpec(Name)
{
    public override LayerKind Kind => Conv2dKind.Instance;
    public override ActivationModel? Activation => Fused;
}

/// <summary>
/// <c>[Conv2d]</c>: PyTorch's nn.Conv2d over (N, C, H, W) with an optional fused activation, as im2col and the packed
/// GEMM (Conv2dKernels). Keeps the unrolled patches for the weight gradient and, with an activation, the affine result.
/// </summary>
internal sealed class Conv2dKind : LayerKind<Conv2dSpec>
{
    public static readonly Conv2dKind Instance = new();

    public override string AttributeName => "NetGen.Conv2dAttribute";
    public override string RuntimeType => "Conv2dLayer";
    public override bool RoutesOwnGradient => true;

    public override LayerSpec? Parse(LayerParseContext context)
    {
        if (context.Attribute.Constructor(0) is not int outChannels || context.Attribute.Constructor(1) is not int kernel
            || context.Attribute.Constructor(2) is not int activation) return null;
        ImageWindow window = ImageWindow.Read(context.Attribute, kernel, defaultStride: 1);
        bool same = context.Attribute.Bool("SamePadding", false);
        if (same)
        {
            // PyTorch's padding='same': total padding dilation·(kernel − 1), split evenly (odd totals are rejected in Validate).
            window = window with { PadHeight = window.DilationHeight * (window.KernelHeight - 1) / 2, PadWidth = window.DilationWidth * (window.KernelWidth - 1) / 2 };
            context.NoEffect("Padding", "SamePadding = true sets the padding");
        }
        InitModel weight = context.ReadWeightInit();
        InitModel bias = context.ReadBias(out bool hasBias);
        return new Conv2dSpec(context.Name, outChannels, window, same, context.Attribute.Int("Groups", 1), hasBias,
            context.ReadActivation((ActivationKind)activation), weight, bias);
    }

    protected override void Validate(Conv2dSpec spec, LayerValidationContext context)
    {
        ActivationRules.Check(spec.Fused, context);
        if (spec.Fused.Kind is ActivationKind.Softmax or ActivationKind.LogSoftmax)
            context.Invalid("Activation", spec.Fused.Kind,
                "a softmax over a feature map is not supported (PyTorch's Softmax(dim=1) normalises over channels per position); flatten and use a Dense layer");
        InitRules.Check(spec.WeightInit, "WeightInit", isBias: false, context);
        if (spec.HasBias) InitRules.Check(spec.BiasInit, "BiasInit", isBias: true, context);
        InitRules.Advise(spec.WeightInit, context);
        if (spec.OutChannels < 1) context.Invalid("OutChannels", spec.OutChannels, "a convolution needs at least one output channel");
        if (spec.Groups < 1) context.Invalid("Groups", spec.Groups, "it must be ≥ 1");
        if (!context.RequireImage("Conv2d")) return;
        SampleShape input = context.Input;
        if (spec.Groups >= 1 && (input.Channels % spec.Groups != 0 || (spec.OutChannels >= 1 && spec.OutChannels % spec.Groups != 0)))
            context.Invalid("Groups", spec.Groups, string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "the input channels ({0}) and output channels ({1}) must both be divisible by it", input.Channels, spec.OutChannels));
        if (spec.SamePadding && (spec.Window.StrideHeight != 1 || spec.Window.StrideWidth != 1))
            context.Invalid("SamePadding", "true", "PyTorch allows padding='same' only with stride 1");
        else if (spec.SamePadding && (spec.Window.DilationHeight * (spec.Window.KernelHeight - 1) % 2 != 0 || spec.Window.DilationWidth * (spec.Window.KernelWidth - 1) % 2 != 0))
            context.Invalid("SamePadding", "true", "an even effective kernel needs uneven padding (PyTorch pads one more on the right), which NetGen does not support; use an odd kernel");
        spec.Window.Check(context, "Conv2d, " + spec.Window.Describe(), pool: false);
    }

    // On a vector (already NG1007) the shape passes through, so the layers after it are checked against something sensible.
    protected override SampleShape OutputShape(Conv2dSpec spec, SampleShape input) => !input.IsImage ? input :
        SampleShape.Image(spec.OutChannels, spec.Window.OutputHeight(input.Height), spec.Window.OutputWidth(input.Width));

    protected override void Plan(Conv2dSpec spec, LayerAllocator allocator)
    {
        SampleShape input = allocator.Input, output = allocator.Output;
        long patch = input.Channels / spec.Groups * spec.Window.KernelHeight * spec.Window.KernelWidth;
        allocator.Parameter("weight", "Weight", spec.OutChannels, input.Channels / spec.Groups, spec.Window.KernelHeight, spec.Window.KernelWidth);
        if (spec.HasBias) allocator.Parameter("bias", "Bias", spec.OutChannels);
        allocator.Workspace("columns", ColumnsPerSample(spec, input, output));
        allocator.Workspace("scratch", output.Size + 32); // Conv2dGeometry.ScratchLength per sample
        if (!spec.Fused.IsIdentity) allocator.Workspace(Roles.Linear, output.Size);
        allocator.OutputRegion();
    }

    /// <summary>
    /// At least Conv2dGeometry.ColumnsLength per sample: for strided convolutions the unrolled patches training keeps; for
    /// stride 1 the input unrolled along the kernel width (plus what the last vector reads past it), and, counted per
    /// sample though the runtime needs them per part of the batch or once, the weight and bias sums, one sample's
    /// input-gradient products with the rows they are summed into, and the transposed weight.
    /// </summary>
    private static long ColumnsPerSample(Conv2dSpec spec, SampleShape input, SampleShape output)
    {
        ImageWindow w = spec.Window;
        long patches = output.Height * output.Width * (input.Channels / spec.Groups * w.KernelHeight * w.KernelWidth) * spec.Groups;
        if (w.StrideHeight != 1 || w.StrideWidth != 1) return patches;
        long unrolled = w.KernelWidth * input.Channels * (input.Height + 2L * w.PadHeight) * output.Width + 16;
        long weights = (long)spec.OutChannels * (input.Channels / spec.Groups) * w.KernelHeight * w.KernelWidth;
        long rows = (output.Height + (long)w.DilationHeight * (w.KernelHeight - 1)) * output.Width;
        return unrolled + 2 * weights + spec.OutChannels + patches + rows;
    }

    protected override string Describe(Conv2dSpec spec, LayerPlan layer) =>
        "Conv2d " + layer.Input + " -> " + layer.Output + ", " + spec.Window.Describe()
        + (spec.Groups == 1 ? "" : ", groups " + Int(spec.Groups))
        + (spec.Fused.IsIdentity ? "" : ", " + ActivationCalls.Describe(spec.Fused)) + (spec.HasBias ? "" : ", no bias");

    protected override string Construct(Conv2dSpec spec, LayerCode code) =>
        "Conv2dLayer(" + Literals.String(spec.StateName) + ", " + Shape(code.Layer.Input) + ", " + Shape(code.Layer.Output) + ", " + spec.Window.New()
        + ", groups: " + Int(spec.Groups) + ", " + ActivationCalls.RuntimeValue(spec.Fused) + ", _parameters, " + code.Layout("weight") + ", " + code.Layout("bias") + ")";

    /// <summary><c>new[] { 16, 24, 24 }</c>.</summary>
    public static string Shape(SampleShape shape) => shape.IsImage
        ? "new[] { " + Int((int)shape.Channels) + ", " + Int((int)shape.Height) + ", " + Int((int)shape.Width) + " }"
        : "new[] { " + Int(shape.Features) + " }";

    protected override void EmitInitialize(Conv2dSpec spec, LayerCode code)
    {
        // PyTorch's fans for a conv weight [out, in/groups, kh, kw]: in/groups·kh·kw and out·kh·kw.
        int receptive = spec.Window.KernelHeight * spec.Window.KernelWidth;
        int fanIn = (int)code.Layer.Input.Channels / spec.Groups * receptive, fanOut = spec.OutChannels * receptive;
        string fans = ", fanIn: " + Int(fanIn) + ", fanOut: " + Int(fanOut) + ", random);";
        code.W.Line(Rt + "ParameterInit.Apply(" + code.Tensor("values", "weight", writable: true) + ", " + InitSpecs.New(spec.WeightInit) + fans);
        if (spec.HasBias)
            code.W.Line(Rt + "ParameterInit.Apply(" + code.Tensor("values", "bias", writable: true) + ", " + InitSpecs.New(spec.BiasInit) + fans);
    }

    /// <summary>Declares the geometry local once per pass: <c>Conv2dGeometry conv1Geometry = new(InChannels: 1, ...)</c>.</summary>
    private static string Geometry(Conv2dSpec spec, LayerCode code)
    {
        string name = code.Local("Geometry");
        SampleShape input = code.Layer.Input, output = code.Layer.Output;
        ImageWindow w = spec.Window;
        code.W.Line("global::NetGen.Kernels.Conv2dGeometry " + name + " = new global::NetGen.Kernels.Conv2dGeometry(");
        code.W.Line("    InChannels: " + Int((int)input.Channels) + ", InHeight: " + Int((int)input.Height) + ", InWidth: " + Int((int)input.Width) + ",");
        code.W.Line("    OutChannels: " + Int((int)output.Channels) + ", OutHeight: " + Int((int)output.Height) + ", OutWidth: " + Int((int)output.Width) + ",");
        code.W.Line("    KernelHeight: " + Int(w.KernelHeight) + ", KernelWidth: " + Int(w.KernelWidth) + ", StrideHeight: " + Int(w.StrideHeight)
            + ", StrideWidth: " + Int(w.StrideWidth) + ",");
        code.W.Line("    PadHeight: " + Int(w.PadHeight) + ", PadWidth: " + Int(w.PadWidth) + ", DilationHeight: " + Int(w.DilationHeight)
            + ", DilationWidth: " + Int(w.DilationWidth) + ", Groups: " + Int(spec.Groups) + ");");
        return name;
    }

    protected override void EmitForward(Conv2dSpec spec, ForwardCode code)
    {
        SourceWriter w = code.W;
        string weight = code.Tensor("parameters", "weight"), bias = code.Tensor("parameters", "bias");
        string geometry = Geometry(spec, code);
        if (code.NoGrad && spec.Fused.Kind == ActivationKind.ReLU)
        {
            // No backward pass reads the convolution's result: ReLU goes into its last step.
            code.DeclareOutput();
            w.Line(Kernels + "Conv2dKernels.ForwardNoGradRelu(" + code.Input + ", " + weight + ", " + bias + ", " + code.Output + ", columns: " + code.Region("columns")
                + ", scratch: " + code.Region("scratch") + ", batch: batchSize, " + geometry + ");");
            return;
        }
        string target = FusedActivationCode.DeclareProductTarget(code, spec.Fused);
        if (spec.Fused.Kind == ActivationKind.ReLU)
        {
            // Training: the backward pass reads the convolution (Linear); ReLU of it is written in the same pass.
            code.DeclareOutput();
            w.Line(Kernels + "Conv2dKernels.ForwardRelu(" + code.Input + ", " + weight + ", " + bias + ", " + target + ", " + code.Output + ", columns: "
                + code.Region("columns") + ", scratch: " + code.Region("scratch") + ", batch: batchSize, " + geometry + ");");
            return;
        }
        w.Line(Kernels + (code.NoGrad ? "Conv2dKernels.ForwardNoGrad(" : "Conv2dKernels.Forward(") + code.Input + ", " + weight + ", " + bias + ", " + target + ", columns: " + code.Region("columns")
            + ", scratch: " + code.Region("scratch") + ", batch: batchSize, " + geometry + ");");
        FusedActivationCode.EmitActivation(code, spec.Fused);
    }

    /// <summary>
    /// A convolution (no activation or ReLU) followed by a max pool whose windows all lie inside its maps (no padding,
    /// dilation 1, the floor output size): one call that pools each sample right after convolving it, while its maps are
    /// in cache. Both layers' outputs end as the two separate calls leave them; the pool's indices too unless the kernel
    /// can skip them (a 2×2 stride-2 pool after a stride-1 convolution), since no backward pass follows.
    /// </summary>
    public override bool TryEmitFusedInference(ForwardCode code, LayerPlan next)
    {
        var spec = (Conv2dSpec)code.Layer.Spec;
        if (spec.Fused.Kind is not (ActivationKind.Identity or ActivationKind.ReLU) || next.IsNoOp || next.InputLocal != code.Layer.OutputLocal
            || next.Spec is not Pool2dSpec { IsMax: true } pool)
            return false;
        ImageWindow p = pool.Window;
        SampleShape maps = code.Layer.Output;
        if (p.PadHeight != 0 || p.PadWidth != 0 || p.DilationHeight != 1 || p.DilationWidth != 1
            || next.Output.Height != (maps.Height - p.KernelHeight) / p.StrideHeight + 1 || next.Output.Width != (maps.Width - p.KernelWidth) / p.StrideWidth + 1)
            return false;
        SourceWriter w = code.W;
        string weight = code.Tensor("parameters", "weight"), bias = code.Tensor("parameters", "bias");
        string geometry = Geometry(spec, code);
        code.DeclareOutput();
        var second = new ForwardCode(w, code.Network, next, noGrad: true);
        w.Line(NetworkEmitter.Header(next));
        second.DeclareOutput();
        // Nothing reads the pool's indices after a forward pass without gradients: the kernel computes the maxima alone
        // where it can (a 2×2 stride-2 pool after a stride-1 convolution).
        bool valuesOnly = spec.Window.StrideHeight == 1 && spec.Window.StrideWidth == 1
            && p.KernelHeight == 2 && p.KernelWidth == 2 && p.StrideHeight == 2 && p.StrideWidth == 2;
        string indices = valuesOnly ? "global::System.Span<float>.Empty" : second.Region("indices");
        w.Line(Kernels + "Conv2dKernels.ForwardNoGradMaxPool(" + code.Input + ", " + weight + ", " + bias + ", " + code.Output + ", columns: " + code.Region("columns")
            + ", scratch: " + code.Region("scratch") + ", batch: batchSize, " + geometry + ", relu: " + (spec.Fused.Kind == ActivationKind.ReLU ? "true" : "false")
            + ", pooled: " + second.Output + ", indices: " + indices + ", poolKernelHeight: " + Int(p.KernelHeight)
            + ", poolKernelWidth: " + Int(p.KernelWidth) + ", poolStrideHeight: " + Int(p.StrideHeight) + ", poolStrideWidth: " + Int(p.StrideWidth)
            + ", pooledHeight: " + Int((int)next.Output.Height) + ", pooledWidth: " + Int((int)next.Output.Width) + ");");
        return true;
    }

    protected override void EmitBackward(Conv2dSpec spec, BackwardCode code)
    {
        SourceWriter w = code.W;
        string dz = FusedActivationCode.EmitBackward(code, spec.Fused, out string current);
        string weight = code.Tensor("parameters", "weight");
        string weightGrad = code.Tensor("gradients", "weight", writable: true), biasGrad = code.Tensor("gradients", "bias", writable: true);
        string geometry = Geometry(spec, code);
        string target = BackwardCode.Other(current);
        string dx = code.IsFirst ? "inputGradient" : BackwardCode.Sized(target, code.InFeatures);
        w.Line(Kernels + "Conv2dKernels.Backward(" + dz + ", " + weight + ", " + weightGrad + ", " + biasGrad + ", dx: " + dx
            + ", columns: " + code.Region("columns") + ", scratch: " + code.Region("scratch") + ", batch: batchSize, " + geometry + ");");
        code.ResultBuffer = target;
    }
}
