using System;
using System.Globalization;

namespace NetGen.Kernels;

/// <summary>
/// The sizes of one 2-D convolution over NCHW tensors (PyTorch's <c>nn.Conv2d</c>), all known at compile time in
/// generated code: the input plane [InChannels, InHeight, InWidth], the output plane [OutChannels, OutHeight, OutWidth],
/// the kernel, stride, zero padding and dilation per axis, and the groups. The output size must be PyTorch's:
/// ⌊(in + 2·pad − dilation·(kernel − 1) − 1) / stride⌋ + 1.
/// </summary>
/// <remarks>Thread safety: an immutable value.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly record struct Conv2dGeometry(
    int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1,
    int PadHeight = 0, int PadWidth = 0,
    int DilationHeight = 1, int DilationWidth = 1,
    int Groups = 1)
{
    /// <summary>Output positions per sample and channel (OutHeight · OutWidth).</summary>
    public int OutPlane => OutHeight * OutWidth;

    /// <summary>Input positions per sample and channel (InHeight · InWidth).</summary>
    public int InPlane => InHeight * InWidth;

    /// <summary>Input channels per group.</summary>
    public int GroupInChannels => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Length of one unrolled patch of one group: (InChannels / Groups) · KernelHeight · KernelWidth.</summary>
    public int PatchLength => GroupInChannels * KernelHeight * KernelWidth;

    /// <summary>
    /// Floats of the columns workspace for a batch. Strided convolutions: the unrolled patches (im2col, batch · OutPlane ·
    /// InChannels · KernelHeight · KernelWidth) that training keeps for the backward pass. Stride 1: the input unrolled
    /// along the kernel width that the direct convolution reads and the backward pass reuses (per sample KernelWidth ·
    /// InChannels · (InHeight + 2·PadHeight) · OutWidth + 16), then for each of min(batch, 8) parts of the batch its
    /// weight and bias gradient sums and one sample's input-gradient products (OutPlane · PatchLength · Groups, plus
    /// (OutHeight + DilationHeight · (KernelHeight − 1)) · OutWidth for summing them), then the
    /// transposed weight.
    /// </summary>
    public long ColumnsLength(int batch) => Conv2dDirect.Applies(this)
        ? Conv2dDirectGradients.ColumnsLength(this, batch)
        : (long)batch * OutPlane * PatchLength * Groups;

    /// <summary>Floats of the transposed output for a batch: batch · (OutPlane · OutChannels + 32) (the last vectors read past the values).</summary>
    public long ScratchLength(int batch) => (long)batch * ((long)OutPlane * OutChannels + 32);

    /// <summary>Number of weights: OutChannels · (InChannels / Groups) · KernelHeight · KernelWidth.</summary>
    public int WeightLength => OutChannels * PatchLength;

    /// <summary>PyTorch's output size along one axis, or a value ≤ 0 when the kernel does not fit.</summary>
    public static long OutputSize(long input, long kernel, long stride, long padding, long dilation) =>
        stride <= 0 ? 0 : (input + 2 * padding - dilation * (kernel - 1) - 1 < 0 ? 0 : (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1);

    /// <summary>Throws when the sizes are not those of a valid convolution (non-positive, groups not dividing, output size not PyTorch's).</summary>
    internal void Validate()
    {
        if (InChannels < 1 || InHeight < 1 || InWidth < 1 || OutChannels < 1 || OutHeight < 1 || OutWidth < 1 || KernelHeight < 1 || KernelWidth < 1
            || StrideHeight < 1 || StrideWidth < 1 || PadHeight < 0 || PadWidth < 0 || DilationHeight < 1 || DilationWidth < 1 || Groups < 1)
            throw new ArgumentException("Every size must be ≥ 1 (padding ≥ 0): " + this, "geometry");
        if (InChannels % Groups != 0 || OutChannels % Groups != 0)
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "InChannels ({0}) and OutChannels ({1}) must be divisible by Groups ({2}).", InChannels, OutChannels, Groups), "geometry");
        if (OutHeight != OutputSize(InHeight, KernelHeight, StrideHeight, PadHeight, DilationHeight)
            || OutWidth != OutputSize(InWidth, KernelWidth, StrideWidth, PadWidth, DilationWidth))
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "The output {0}×{1} is not the convolution's: {2}×{3}.", OutHeight, OutWidth,
                OutputSize(InHeight, KernelHeight, StrideHeight, PadHeight, DilationHeight),
                OutputSize(InWidth, KernelWidth, StrideWidth, PadWidth, DilationWidth)), "geometry");
    }
}
