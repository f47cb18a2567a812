using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A dropout layer as declared: <c>[Dropout(p)]</c>.</summary>
internal sealed record DropoutSpec(string Name, double P, bool Channelwise) : LayerSpec(Name)
{
    public override LayerKind Kind => Channelwise ? DropoutKind.Channels : DropoutKind.Elements;
}

/// <summary>
/// <c>[Dropout]</c>: in training, zeroes each value with probability p and scales the rest by 1/(1-p) (PyTorch's
/// inverted dropout), keeping the scaled mask for backward; in evaluation, the identity. <c>[Dropout2d]</c>: the same per
/// whole channel of a feature map (two registry entries, one file). p = 0 compiles to nothing.
/// </summary>
internal sealed class DropoutKind : LayerKind<DropoutSpec>
{
    public static readonly DropoutKind Elements = new(channelwise: false);
    public static readonly DropoutKind Channels = new(channelwise: true);

    private readonly bool _channelwise;

    private DropoutKind(bool channelwise) => _channelwise = channelwise;

    public override string AttributeName => _channelwise ? "NetGen.Dropout2dAttribute" : "NetGen.DropoutAttribute";
    public override string RuntimeType => _channelwise ? "Dropout2dLayer" : "DropoutLayer";
    private string Name => _channelwise ? "Dropout2d" : "Dropout";

    public override LayerSpec? Parse(LayerParseContext context) =>
        new DropoutSpec(context.Name, context.Attribute.Constructor(0) is double p ? p : 0.5, _channelwise);

    protected override void Validate(DropoutSpec spec, LayerValidationContext context)
    {
        context.CheckFloat("P", spec.P, p => p >= 0 && p < 1, "the drop probability must be in [0, 1)");
        if (_channelwise && !context.RequireImage("Dropout2d")) return;
        StatefulAdvice.AfterOutputLayer(context, Name);
        if (!_channelwise && ConvolutionBefore(context) is { } convolution)
            context.Report(DiagnosticDescriptors.DropoutAfterConvolution, "", spec.Name, Name, convolution);
    }

    /// <summary>The convolution right before this layer (possibly through its stand-alone activation), or null.</summary>
    private static string? ConvolutionBefore(LayerValidationContext context)
    {
        if (context.PreviousSpec is Conv2dSpec conv) return conv.Name;
        if (context.PreviousSpec is ActivationLayerSpec && context.Index >= 2 && context.Network.Layers[context.Index - 2].Spec is Conv2dSpec before)
            return before.Name;
        return null;
    }

    protected override void Plan(DropoutSpec spec, LayerAllocator allocator)
    {
        if (spec.P == 0)
        {
            allocator.NoOp();
            return;
        }
        allocator.Workspace("mask", _channelwise ? allocator.Output.Channels : allocator.Output.Size);
        allocator.OutputRegion();
    }

    protected override bool UsesRandom(DropoutSpec spec) => true;
    protected override bool IsModeDependent(DropoutSpec spec) => true;

    protected override string Describe(DropoutSpec spec, LayerPlan layer) =>
        Name + "(p " + Literals.Double(spec.P) + ") " + layer.Output + (layer.IsNoOp ? ": p = 0, nothing to do" : "");

    protected override string Construct(DropoutSpec spec, LayerCode code) =>
        RuntimeType + "(" + Literals.String(spec.StateName) + ", " + code.SizeOrShape + ", " + Literals.Double(spec.P) + ")";

    private string KernelClass => Kernels + (_channelwise ? "Dropout2dKernels" : "DropoutKernels");

    /// <summary>Dropout2d's extra argument: the values per channel.</summary>
    private string Spatial(LayerCode code) =>
        _channelwise ? ", spatial: " + Int((int)(code.Layer.Output.Height * code.Layer.Output.Width)) : "";

    protected override void EmitForward(DropoutSpec spec, ForwardCode code)
    {
        code.DeclareOutput();
        using (code.W.Block("if (training)"))
            code.W.Line(KernelClass + ".Forward(" + code.Input + ", " + code.Output + ", mask: " + code.Region("mask") + ", p: "
                + Literals.Float(spec.P) + Spatial(code) + ", random: _random);");
        using (code.W.Block("else"))
            code.W.Line(code.Input + ".CopyTo(" + code.Output + ");");
    }

    protected override void EmitBackward(DropoutSpec spec, BackwardCode code)
    {
        using (code.W.Block("if (training)"))
            code.W.Line(KernelClass + ".Backward(mask: " + code.Region("mask") + ", " + code.Dy + ", " + code.Dx + Spatial(code) + ");");
        using (code.W.Block("else"))
            code.W.Line(code.Dy + ".CopyTo(" + code.Dx + ");");
    }
}
