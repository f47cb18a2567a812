using System;

namespace NetGen.Kernels;

/// <summary>
/// Activation functions and their exact derivatives over spans. Forward: (x, y). Backward:
/// (x, y, dy, dx) where x is the forward input, y the forward output, dy = dLoss/dy and the result
/// dx = dLoss/dx is written to <c>dx</c>; each function reads what it needs of x and y.
/// Softmax and LogSoftmax work per row of <c>features</c> elements.
/// </summary>
public static partial class ActivationKernels
{
    /// <summary>y = max(0, x).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    /// <summary>dx = dy where x &gt; 0, else 0 (PyTorch's derivative at 0 is 0).</summary>
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0f ? dy[i] : 0f;
    }
}
