using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A pool as declared: <c>[MaxPool2d(k, Stride, Padding, Dilation, CeilMode)]</c> or <c>[AvgPool2d(k, Stride, Padding, CeilMode, CountIncludePad)]</c>.</summary>
internal sealed record Pool2dSpec(string Name, bool IsMax, ImageWindow Window, bool CountIncludePad) : LayerSpec(Name)
{
    public override LayerKind Kind => IsMax ? PoolKind.Max : PoolKind.Average;
}

/// <summary>
/// <c>[MaxPool2d]</c> and <c>[AvgPool2d]</c> (two registry entries, one file: they share the window, the shape rule and
/// most of the code): PyTorch's pools over each channel (PoolingKernels). Max pooling keeps the index of each window's
/// first maximum for backward.
/// </summary>
internal sealed class PoolKind : LayerKind<Pool2dSpec>
{
    public static readonly PoolKind Max = new(isMax: true);
    public static readonly PoolKind Average = new(isMax: false);

    private readonly bool _isMax;

    private PoolKind(bool isMax) => _isMax = isMax;

    public override string AttributeName => _isMax ? "NetGen.MaxPool2dAttribute" : "NetGen.AvgPool2dAttribute";
    public override string RuntimeType => _isMax ? "MaxPool2dLayer" : "AvgPool2dLayer";
    private string Name => _isMax ? "MaxPool2d" : "AvgPool2d";

    public override LayerSpec? Parse(LayerParseContext context)
    {
        if (context.Attribute.Constructor(0) is not int kernel) return null;
        ImageWindow window = ImageWindow.Read(context.Attribute, kernel, defaultStride: 0);
        if (_isMax) context.NoEffect("CountIncludePad", "max pooling has no divisor");
        return new Pool2dSpec(context.Name, _isMax, window, context.Attribute.Bool("CountIncludePad", true));
    }

    protected override void Validate(Pool2dSpec spec, LayerValidationContext context)
    {
        if (!context.RequireImage(Name)) return;
        spec.Window.Check(context, Name + ", " + spec.Window.Describe(withDilation: _isMax), pool: true);
    }

    protected override SampleShape OutputShape(Pool2dSpec spec, SampleShape input) => !input.IsImage ? input :
        SampleShape.Image(input.Channels, spec.Window.OutputHeight(input.Height), spec.Window.OutputWidth(input.Width));

    protected override void Plan(Pool2dSpec spec, LayerAllocator allocator)
    {
        if (_isMax) allocator.Workspace("indices", allocator.Output.Size);
        allocator.OutputRegion();
    }

    protected override string Describe(Pool2dSpec spec, LayerPlan layer) =>
        Name + " " + layer.Input + " -> " + layer.Output + ", " + spec.Window.Describe(withDilation: _isMax)
        + (!_isMax && !spec.CountIncludePad ? ", padding not counted" : "");

    protected override string Construct(Pool2dSpec spec, LayerCode code) =>
        RuntimeType + "(" + Literals.String(spec.StateName) + ", " + Conv2dKind.Shape(code.Layer.Input) + ", " + Conv2dKind.Shape(code.Layer.Output) + ", " + spec.Window.New()
        + (_isMax ? "" : ", countIncludePad: " + (spec.CountIncludePad ? "true" : "false")) + ")";

    private static string Planes(LayerCode code) =>
        "batch: batchSize, channels: " + Int((int)code.Layer.Input.Channels) + ", inHeight: " + Int((int)code.Layer.Input.Height)
        + ", inWidth: " + Int((int)code.Layer.Input.Width) + ", outHeight: " + Int((int)code.Layer.Output.Height)
        + ", outWidth: " + Int((int)code.Layer.Output.Width);

    private string Window(Pool2dSpec spec)
    {
        ImageWindow w = spec.Window;
        string text = ", kernelHeight: " + Int(w.KernelHeight) + ", kernelWidth: " + Int(w.KernelWidth) + ", strideHeight: " + Int(w.StrideHeight)
            + ", strideWidth: " + Int(w.StrideWidth) + ", padHeight: " + Int(w.PadHeight) + ", padWidth: " + Int(w.PadWidth);
        return _isMax
            ? text + ", dilationHeight: " + Int(w.DilationHeight) + ", dilationWidth: " + Int(w.DilationWidth)
            : text + ", countIncludePad: " + (spec.CountIncludePad ? "true" : "false");
    }

    protected override void EmitForward(Pool2dSpec spec, ForwardCode code)
    {
        code.DeclareOutput();
        code.W.Line(_isMax
            ? Kernels + "PoolingKernels.MaxPool2dForward(" + code.Input + ", " + code.Output + ", indices: " + code.Region("indices") + ", " + Planes(code) + Window(spec) + ");"
            : Kernels + "PoolingKernels.AvgPool2dForward(" + code.Input + ", " + code.Output + ", " + Planes(code) + Window(spec) + ");");
    }

    protected override void EmitBackward(Pool2dSpec spec, BackwardCode code) =>
        code.W.Line(_isMax
            ? Kernels + "PoolingKernels.MaxPool2dBackward(indices: " + code.Region("indices") + ", " + code.Dy + ", " + code.Dx + ", " + Planes(code) + ");"
            : Kernels + "PoolingKernels.AvgPool2dBackward(" + code.Dy + ", " + code.Dx + ", " + Planes(code) + Window(spec) + ");");
}

/// <summary>An adaptive average pool as declared: <c>[AdaptiveAvgPool2d(1)]</c>.</summary>
internal sealed record AdaptiveAvgPool2dSpec(string Name, int OutputSize) : LayerSpec(Name)
{
    public override LayerKind Kind => AdaptiveAvgPool2dKind.Instance;
}

/// <summary><c>[AdaptiveAvgPool2d(1)]</c>: global average pooling, [C, H, W] → [C, 1, 1] (PoolingKernels.GlobalAvgPool).</summary>
internal sealed class AdaptiveAvgPool2dKind : LayerKind<AdaptiveAvgPool2dSpec>
{
    public static readonly AdaptiveAvgPool2dKind Instance = new();

    public override string AttributeName => "NetGen.AdaptiveAvgPool2dAttribute";
    public override string RuntimeType => "AdaptiveAvgPool2dLayer";

    public override LayerSpec? Parse(LayerParseContext context) =>
        context.Attribute.Constructor(0) is int size ? new AdaptiveAvgPool2dSpec(context.Name, size) : null;

    protected override void Validate(AdaptiveAvgPool2dSpec spec, LayerValidationContext context)
    {
        if (spec.OutputSize != 1)
            context.Invalid("OutputSize", spec.OutputSize, "NetGen supports output size 1 (global average pooling)");
        context.RequireImage("AdaptiveAvgPool2d");
    }

    protected override SampleShape OutputShape(AdaptiveAvgPool2dSpec spec, SampleShape input) => !input.IsImage ? input : SampleShape.Image(input.Channels, 1, 1);

    protected override void Plan(AdaptiveAvgPool2dSpec spec, LayerAllocator allocator) => allocator.OutputRegion();

    protected override string Describe(AdaptiveAvgPool2dSpec spec, LayerPlan layer) =>
        "AdaptiveAvgPool2d " + layer.Input + " -> " + layer.Output + ": the mean of each channel";

    protected override string Construct(AdaptiveAvgPool2dSpec spec, LayerCode code) =>
        "AdaptiveAvgPool2dLayer(" + Literals.String(spec.StateName) + ", " + Conv2dKind.Shape(code.Layer.Input) + ", " + Conv2dKind.Shape(code.Layer.Output) + ")";

    private static string Sizes(LayerCode code) =>
        "batch: batchSize, channels: " + Int((int)code.Layer.Input.Channels) + ", spatial: " + Int((int)(code.Layer.Input.Height * code.Layer.Input.Width));

    protected override void EmitForward(AdaptiveAvgPool2dSpec spec, ForwardCode code)
    {
        code.DeclareOutput();
        code.W.Line(Kernels + "PoolingKernels.GlobalAvgPoolForward(" + code.Input + ", " + code.Output + ", " + Sizes(code) + ");");
    }

    protected override void EmitBackward(AdaptiveAvgPool2dSpec spec, BackwardCode code) =>
        code.W.Line(Kernels + "PoolingKernels.GlobalAvgPoolBackward(" + code.Dy + ", " + code.Dx + ", " + Sizes(code) + ");");
}
