using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

internal static unsafe partial class GemmSmall
{
    /// <summary>Whether two-register strips on AVX-512 start with 8-row tiles (tests and tuning experiments switch them off).</summary>
    internal static bool EightRowTiles512 = true;

    /// <summary>
    /// The 512-bit 8 x 2-register tile: 16 accumulators of the 32 zmm registers, eight broadcasts and two loads per 16
    /// FMAs. Written on Vector512 itself: through the generic lane wrapper the JIT wrote each row's second FMA into the
    /// broadcast register and copied it back (six extra moves per k step in the 6-row tile). Each element is the same
    /// chain over k as in the generic tiles, then + bias, then ReLU: the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x2(int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        float* a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars, a4 = a + 4 * ars, a5 = a + 5 * ars, a6 = a + 6 * ars, a7 = a + 7 * ars;
        nint end = K * acs;
        for (nint o = 0; o < end; o += acs)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
            Vector512<float> x = Vector512.Create(a0[o]); c00 = GemmFma.Fma512(x, b0, c00); c01 = GemmFma.Fma512(x, b1, c01);
            x = Vector512.Create(a1[o]); c10 = GemmFma.Fma512(x, b0, c10); c11 = GemmFma.Fma512(x, b1, c11);
            x = Vector512.Create(a2[o]); c20 = GemmFma.Fma512(x, b0, c20); c21 = GemmFma.Fma512(x, b1, c21);
            x = Vector512.Create(a3[o]); c30 = GemmFma.Fma512(x, b0, c30); c31 = GemmFma.Fma512(x, b1, c31);
            x = Vector512.Create(a4[o]); c40 = GemmFma.Fma512(x, b0, c40); c41 = GemmFma.Fma512(x, b1, c41);
            x = Vector512.Create(a5[o]); c50 = GemmFma.Fma512(x, b0, c50); c51 = GemmFma.Fma512(x, b1, c51);
            x = Vector512.Create(a6[o]); c60 = GemmFma.Fma512(x, b0, c60); c61 = GemmFma.Fma512(x, b1, c61);
            x = Vector512.Create(a7[o]); c70 = GemmFma.Fma512(x, b0, c70); c71 = GemmFma.Fma512(x, b1, c71);
            b += ldb;
        }
        float* bias1 = bias == null ? null : bias + 16;
        Store512(c00, c, bias, accumulate, relu, maskOffset); Store512(c01, c + 16, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store512(c10, c, bias, accumulate, relu, maskOffset); Store512(c11, c + 16, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store512(c20, c, bias, accumulate, relu, maskOffset); Store512(c21, c + 16, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store512(c30, c, bias, accumulate, relu, maskOffset); Store512(c31, c + 16, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store512(c40, c, bias, accumulate, relu, maskOffset); Store512(c41, c + 16, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store512(c50, c, bias, accumulate, relu, maskOffset); Store512(c51, c + 16, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store512(c60, c, bias, accumulate, relu, maskOffset); Store512(c61, c + 16, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store512(c70, c, bias, accumulate, relu, maskOffset); Store512(c71, c + 16, bias1, accumulate, relu, maskOffset);
    }

    /// <summary><see cref="Store{TV}"/> on a bare Vector512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(Vector512<float> v, float* c, float* bias, bool accumulate, bool relu, nint maskOffset)
    {
        if (accumulate) v += Vector512.Load(c);
        else if (bias != null) v += Vector512.Load(bias);
        if (relu) v = default(ReluOp).Invoke(v);
        if (maskOffset != 0) v = default(ReluBackwardOp).Invoke(Vector512.Load(c + maskOffset), v);
        v.Store(c);
    }
}
