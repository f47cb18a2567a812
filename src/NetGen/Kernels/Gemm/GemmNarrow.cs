using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// Forward products with a few outputs (more than <see cref="GemmDirect.DotMaxSize"/>, at most
/// <see cref="MaxOutputs"/>: a 10-class head) and more rows than dot products take, on AVX-512. Wᵀ is copied once into
/// a 16-wide zero-padded panel [k][16]; each row of Y is then one 512-bit register, eight rows at a time (eight
/// independent FMA chains cover the FMA latency on two pipes), X's values broadcast from where they lie, and the row
/// stored through a mask of its n lanes. Each output is bias + Σ_p x·w in p order, whatever the tile or thread.
/// </summary>
internal static unsafe class GemmNarrow
{
    /// <summary>The widest output this kernel takes (one register less one lane: 16 outputs fill a register).</summary>
    public const int MaxOutputs = 15;

    /// <summary>Rows per thread below which the product stays on the caller's thread.</summary>
    internal static int MinRowsPerThread = 256;

    /// <summary>Whether the kernel is used at all (tuning experiments switch it off).</summary>
    internal static bool Enabled = true;

    /// <summary>Whether a forward product of this shape goes here (AVX-512 only).</summary>
    public static bool Takes(GemmVariant variant, int m, int n) =>
        Enabled && variant == GemmVariant.Vector512 && Avx512F.IsSupported
        && m > GemmDirect.DotMaxSize && n > GemmDirect.DotMaxSize && n <= MaxOutputs;

    /// <summary>Y[m, n] = X[m, k]·W[n, k]ᵀ + bias (may be null), then ReLU when <paramref name="relu"/>.</summary>
    public static void Forward(float* x, float* w, float* bias, float* y, int m, int k, int n, bool relu)
    {
        GemmScratch scratch = GemmScratch.ForCurrentThread((nint)k * 16 + 16, 0);
        float* panel = scratch.A;
        float* paddedBias = panel + (nint)k * 16;
        // Wᵀ as one 16-wide panel, columns n..15 zero (the packed GEMM's B packing does exactly that).
        GemmDriver.PackB(w, 1, k, k, n, 16, panel);
        if (bias != null)
        {
            new Span<float>(paddedBias, 16).Clear();
            new ReadOnlySpan<float>(bias, n).CopyTo(new Span<float>(paddedBias, n));
        }
        // The workers read the caller's panel; it stays untouched until TryRun returns.
        var args = new GemmArgs { Variant = GemmVariant.Vector512, M = m, N = n, K = k, A = x, B = panel, C = y, Bias = bias == null ? null : paddedBias, Relu = relu };
        if (!WorkerPool.TryRun(args, m, minPerThread: MinRowsPerThread, granularity: 8, &Rows, minWork: 0, chunksPerThread: 1))
            Rows(args, 0, m);
    }

    private static void Rows(in GemmArgs g, int start, int count)
    {
        int k = g.K;
        nint ldc = g.N;
        Vector512<float> mask = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(g.N)).AsSingle();
        Vector512<float> bias = g.Bias == null ? Vector512<float>.Zero : Vector512.Load(g.Bias);
        float* a = g.A + (nint)start * k, c = g.C + (nint)start * ldc;
        int i = 0;
        for (; i + 8 <= count; i += 8)
            Tile8(k, a + (nint)i * k, k, g.B, c + i * ldc, ldc, bias, g.Relu, mask);
        for (; i < count; i++)
            Tile1(k, a + (nint)i * k, g.B, c + i * ldc, bias, g.Relu, mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8(int K, float* a, nint lda, float* b, float* c, nint ldc, Vector512<float> bias, bool relu, Vector512<float> mask)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda, a6 = a + 6 * lda, a7 = a + 7 * lda;
        for (nint p = 0; p < K; p++)
        {
            Vector512<float> bp = Vector512.Load(b + p * 16);
            c0 = GemmFma.Fma512(Vector512.Create(a0[p]), bp, c0);
            c1 = GemmFma.Fma512(Vector512.Create(a1[p]), bp, c1);
            c2 = GemmFma.Fma512(Vector512.Create(a2[p]), bp, c2);
            c3 = GemmFma.Fma512(Vector512.Create(a3[p]), bp, c3);
            c4 = GemmFma.Fma512(Vector512.Create(a4[p]), bp, c4);
            c5 = GemmFma.Fma512(Vector512.Create(a5[p]), bp, c5);
            c6 = GemmFma.Fma512(Vector512.Create(a6[p]), bp, c6);
            c7 = GemmFma.Fma512(Vector512.Create(a7[p]), bp, c7);
        }
        Store(c0, c, bias, relu, mask);
        Store(c1, c + ldc, bias, relu, mask);
        Store(c2, c + 2 * ldc, bias, relu, mask);
        Store(c3, c + 3 * ldc, bias, relu, mask);
        Store(c4, c + 4 * ldc, bias, relu, mask);
        Store(c5, c + 5 * ldc, bias, relu, mask);
        Store(c6, c + 6 * ldc, bias, relu, mask);
        Store(c7, c + 7 * ldc, bias, relu, mask);
    }

    private static void Tile1(int K, float* a, float* b, float* c, Vector512<float> bias, bool relu, Vector512<float> mask)
    {
        Vector512<float> c0 = default;
        for (nint p = 0; p < K; p++) c0 = GemmFma.Fma512(Vector512.Create(a[p]), Vector512.Load(b + p * 16), c0);
        Store(c0, c, bias, relu, mask);
    }

    /// <summary>The row's n lanes: sum + bias, then ReLU as <c>ActivationKernels.Relu</c> (NaN stays NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> v, float* c, Vector512<float> bias, bool relu, Vector512<float> mask)
    {
        v += bias;
        if (relu) v = default(ReluOp).Invoke(v);
#if NET9_0_OR_GREATER
        Avx512F.MaskStore(c, mask, v);
#else
        // .NET 8 has no AVX-512 masked store: two halves through AVX's masked store.
        Avx.MaskStore(c, mask.GetLower(), v.GetLower());
        Avx.MaskStore(c + 8, mask.GetUpper(), v.GetUpper());
#endif
    }
}
