using System;

namespace NetGen;

/// <summary>
/// A 2-D convolution, PyTorch's <c>nn.Conv2d(in, outChannels, kernelSize)</c> over (N, C, H, W): weight
/// [outChannels, in / Groups, kernel height, kernel width], optional bias and fused activation. The input channels come
/// from the previous layer. Square by default; <see cref="KernelHeight"/>/<see cref="KernelWidth"/>,
/// <see cref="StrideHeight"/>, ... make it rectangular.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class Conv2dAttribute : LayerAttribute
{
    /// <summary>Creates a convolution with <paramref name="outChannels"/> filters of <paramref name="kernelSize"/> × <paramref name="kernelSize"/>.</summary>
    public Conv2dAttribute(int outChannels, int kernelSize, Activation activation = Activation.Identity)
    {
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Activation = activation;
    }

    /// <summary>Number of output channels (filters).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>The fused activation applied to the output.</summary>
    public Activation Activation { get; }

    /// <summary>Kernel height, overriding <see cref="KernelSize"/>.</summary>
    public int KernelHeight { get; set; }

    /// <summary>Kernel width, overriding <see cref="KernelSize"/>.</summary>
    public int KernelWidth { get; set; }

    /// <summary>Step between windows (default 1).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Vertical step, overriding <see cref="Stride"/>.</summary>
    public int StrideHeight { get; set; }

    /// <summary>Horizontal step, overriding <see cref="Stride"/>.</summary>
    public int StrideWidth { get; set; }

    /// <summary>Zeros added on each side (default 0).</summary>
    public int Padding { get; set; }

    /// <summary>Zeros added at the top and bottom, overriding <see cref="Padding"/>.</summary>
    public int PaddingHeight { get; set; }

    /// <summary>Zeros added left and right, overriding <see cref="Padding"/>.</summary>
    public int PaddingWidth { get; set; }

    /// <summary>PyTorch's <c>padding='same'</c>: the output has the input's height and width (stride 1; odd effective kernel).</summary>
    public bool SamePadding { get; set; }

    /// <summary>Spacing between kernel elements (default 1).</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Vertical dilation, overriding <see cref="Dilation"/>.</summary>
    public int DilationHeight { get; set; }

    /// <summary>Horizontal dilation, overriding <see cref="Dilation"/>.</summary>
    public int DilationWidth { get; set; }

    /// <summary>Blocked connections from input to output channels; both counts must be divisible by it (default 1).</summary>
    public int Groups { get; set; } = 1;

    /// <summary>Whether the layer has a bias (default true, as <c>nn.Conv2d</c>).</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Shorthand for the weight initialisation with default scheme arguments (fan-in = in / groups · kh · kw).</summary>
    public Init WeightInit { get; set; }

    /// <summary>Shorthand for the bias initialisation with default scheme arguments.</summary>
    public Init BiasInit { get; set; }

    /// <summary>Slope for x &lt; 0 of <see cref="Activation.LeakyReLU"/> (default 0.01).</summary>
    public double NegativeSlope { get; set; } = 0.01;

    /// <summary>Alpha of <see cref="Activation.ELU"/> (default 1).</summary>
    public double Alpha { get; set; } = 1.0;

    /// <summary>Beta of <see cref="Activation.Softplus"/> (default 1).</summary>
    public double Beta { get; set; } = 1.0;

    /// <summary>Threshold of <see cref="Activation.Softplus"/> (default 20).</summary>
    public double Threshold { get; set; } = 20.0;
}

/// <summary>
/// 2-D max pooling, PyTorch's <c>nn.MaxPool2d(kernelSize)</c>: the largest value of each window per channel; the
/// gradient goes to the first maximum of a window (PyTorch's rule on ties).
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class MaxPool2dAttribute : LayerAttribute
{
    /// <summary>Creates a max pool with a <paramref name="kernelSize"/> × <paramref name="kernelSize"/> window.</summary>
    public MaxPool2dAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary>Window height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows (default: the kernel size, as PyTorch).</summary>
    public int Stride { get; set; }

    /// <summary>Implicit −∞ padding on each side (at most half the kernel, as PyTorch requires).</summary>
    public int Padding { get; set; }

    /// <summary>Spacing between window elements (default 1).</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Use ceil instead of floor for the output size (a last partial window that starts inside the input).</summary>
    public bool CeilMode { get; set; }
}

/// <summary>2-D average pooling, PyTorch's <c>nn.AvgPool2d(kernelSize)</c>.</summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class AvgPool2dAttribute : LayerAttribute
{
    /// <summary>Creates an average pool with a <paramref name="kernelSize"/> × <paramref name="kernelSize"/> window.</summary>
    public AvgPool2dAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary>Window height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows (default: the kernel size, as PyTorch).</summary>
    public int Stride { get; set; }

    /// <summary>Implicit zero padding on each side (at most half the kernel).</summary>
    public int Padding { get; set; }

    /// <summary>Use ceil instead of floor for the output size.</summary>
    public bool CeilMode { get; set; }

    /// <summary>Whether padded zeros count in the average's divisor (default true, as PyTorch).</summary>
    public bool CountIncludePad { get; set; } = true;
}

/// <summary>
/// Adaptive average pooling to a fixed output size, PyTorch's <c>nn.AdaptiveAvgPool2d(outputSize)</c>. NetGen supports
/// output size 1 (global average pooling: one value per channel).
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class AdaptiveAvgPool2dAttribute : LayerAttribute
{
    /// <summary>Creates an adaptive average pool to <paramref name="outputSize"/> × <paramref name="outputSize"/> (1 supported).</summary>
    public AdaptiveAvgPool2dAttribute(int outputSize) => OutputSize = outputSize;

    /// <summary>Output height and width.</summary>
    public int OutputSize { get; }
}

/// <summary>
/// Batch normalisation of feature maps, PyTorch's <c>nn.BatchNorm2d(channels)</c>: statistics per channel over
/// batch, height and width; running statistics for evaluation.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class BatchNorm2dAttribute : LayerAttribute
{
    /// <summary>Added to the variance (default 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>Running statistics update factor (default 0.1).</summary>
    public double Momentum { get; set; } = 0.1;

    /// <summary>PyTorch's <c>momentum=None</c>: a cumulative moving average instead of <see cref="Momentum"/>.</summary>
    public bool CumulativeAverage { get; set; }

    /// <summary>Learnable per-channel scale and shift (default true).</summary>
    public bool Affine { get; set; } = true;

    /// <summary>Keep running statistics for evaluation (default true).</summary>
    public bool TrackRunningStats { get; set; } = true;
}

/// <summary>Channel dropout, PyTorch's <c>nn.Dropout2d(p)</c>: in training, zeroes whole channels with probability p.</summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class Dropout2dAttribute : LayerAttribute
{
    /// <summary>Creates a channel dropout with drop probability <paramref name="p"/>.</summary>
    public Dropout2dAttribute(double p = 0.5) => P = p;

    /// <summary>Probability of zeroing a channel, in [0, 1).</summary>
    public double P { get; }
}

/// <summary>
/// Flattens each sample's (C, H, W) into C·H·W features in PyTorch's order (<c>nn.Flatten()</c>), so that
/// <see cref="DenseAttribute"/> layers can follow convolutional ones. Costs nothing: NCHW is already that order.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class FlattenAttribute : LayerAttribute
{
}
