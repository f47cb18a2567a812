using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
public static partial class Gemm
{
    /// <summary>
    /// Two dense layers in a row: H[m, n1] = X[m, k]·W1[n1, k]ᵀ + bias1 (then ReLU when <paramref name="relu1"/>), and
    /// Y[m, n2] = H·W2[n2, n1]ᵀ + bias2 (then ReLU when <paramref name="relu2"/>). The same result bit for bit as
    /// <see cref="DenseForward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    /// (or <see cref="DenseForwardRelu"/>) twice; for one-sample inference on several threads, both layers' rows are
    /// split over the same threads with one barrier between them instead of a second hand-off. Overwrites H and Y.
    /// </summary>
    /// <param name="x">Input, [m, k] row-major.</param>
    /// <param name="w1">First weight, [n1, k] row-major.</param>
    /// <param name="bias1">First bias, [n1], or empty for none.</param>
    /// <param name="h">First layer's output, [m, n1] row-major; the second layer's input.</param>
    /// <param name="relu1">Apply ReLU to H.</param>
    /// <param name="w2">Second weight, [n2, n1] row-major.</param>
    /// <param name="bias2">Second bias, [n2], or empty for none.</param>
    /// <param name="y">Output, [m, n2] row-major.</param>
    /// <param name="relu2">Apply ReLU to Y.</param>
    /// <param name="m">Rows (batch size), at least 1.</param>
    /// <param name="k">Input features, at least 1.</param>
    /// <param name="n1">First layer's output features, at least 1.</param>
    /// <param name="n2">Second layer's output features, at least 1.</param>
    /// <exception cref="ArgumentException">A size is below 1 or a span is shorter than the sizes require.</exception>
    public static void DenseForwardPair(ReadOnlySpan<float> x, ReadOnlySpan<float> w1, ReadOnlySpan<float> bias1, Span<float> h, bool relu1,
        ReadOnlySpan<float> w2, ReadOnlySpan<float> bias2, Span<float> y, bool relu2, int m, int k, int n1, int n2)
        => DenseForwardPair(GemmVariants.Best, x, w1, bias1, h, relu1, w2, bias2, y, relu2, m, k, n1, n2);

    internal static unsafe void DenseForwardPair(GemmVariant variant, ReadOnlySpan<float> x, ReadOnlySpan<float> w1, ReadOnlySpan<float> bias1, Span<float> h,
        bool relu1, ReadOnlySpan<float> w2, ReadOnlySpan<float> bias2, Span<float> y, bool relu2, int m, int k, int n1, int n2)
    {
        CheckSizes(m, k, n1);
        if (n2 < 1) ThrowSecondSize(n2);
        CheckLength(x.Length, nameof(x), m, "m", k, "k");
        CheckLength(w1.Length, nameof(w1), n1, "n1", k, "k");
        if (!bias1.IsEmpty) CheckLength(bias1.Length, nameof(bias1), n1, "n1", 1, "1");
        CheckLength(h.Length, nameof(h), m, "m", n1, "n1");
        CheckLength(w2.Length, nameof(w2), n2, "n2", n1, "n1");
        if (!bias2.IsEmpty) CheckLength(bias2.Length, nameof(bias2), n2, "n2", 1, "1");
        CheckLength(y.Length, nameof(y), m, "m", n2, "n2");

        fixed (float* px = x, pw1 = w1, pb1 = bias1, ph = h, pw2 = w2, pb2 = bias2, py = y)
        {
            if (WorkerPool.MaxThreads > 1 && GemmDirect.TryForwardPairSplit(variant, px, pw1, pb1, ph, relu1, pw2, pb2, py, relu2, m, k, n1, n2)) return;
            ForwardChecked(variant, GemmPath.Auto, px, pw1, pb1, ph, m, k, n1, relu1);
            ForwardChecked(variant, GemmPath.Auto, ph, pw2, pb2, py, m, n1, n2, relu2);
        }
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSecondSize(int n2) =>
        throw new ArgumentOutOfRangeException(nameof(n2), n2, Format($"n2 (second layer's output features) must be at least 1 but is {n2}."));
}
