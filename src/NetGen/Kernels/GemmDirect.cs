using System;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>
/// The dense-layer products without packing, for very short batches (m = 1 inference, tiny m in
/// training): each output is a TensorPrimitives Dot or axpy over whole contiguous rows, so the
/// O(k·n) cost of packing W is not paid for only m·k·n flops. Callers validate the arguments.
/// </summary>
internal static class GemmDirect
{
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int m, int k, int n)
    {
        // j outer: each W row is read from memory once and reused from L1 for all m rows of X.
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<float> wj = w.Slice(j * k, k);
            float b = bias.IsEmpty ? 0f : bias[j];
            for (int i = 0; i < m; i++)
                y[i * n + j] = TensorPrimitives.Dot(x.Slice(i * k, k), wj) + b;
        }
    }

    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> dxi = dx.Slice(i * k, k);
            ReadOnlySpan<float> dyi = dy.Slice(i * n, n);
            TensorPrimitives.Multiply(w.Slice(0, k), dyi[0], dxi);
            for (int j = 1; j < n; j++)
                TensorPrimitives.MultiplyAdd(w.Slice(j * k, k), dyi[j], dxi, dxi);
        }
    }

    public static void BackwardWeights(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int k, int n)
    {
        for (int j = 0; j < n; j++)
        {
            Span<float> dwj = dw.Slice(j * k, k);
            for (int i = 0; i < m; i++)
                TensorPrimitives.MultiplyAdd(x.Slice(i * k, k), dy[i * n + j], dwj, dwj);
        }
    }
}
