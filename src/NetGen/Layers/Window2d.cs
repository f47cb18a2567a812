namespace NetGen;

/// <summary>
/// The sliding window of a convolution or pooling layer, per axis (height, width): kernel, stride, zero (or, for max
/// pooling, −∞) padding on each side, dilation, and whether the output size rounds up (PyTorch's <c>ceil_mode</c>).
/// </summary>
/// <remarks>Thread safety: an immutable value.</remarks>
public readonly record struct Window2d(
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth,
    int DilationHeight, int DilationWidth,
    bool CeilMode);
