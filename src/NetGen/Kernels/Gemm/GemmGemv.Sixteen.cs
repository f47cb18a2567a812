using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

internal static unsafe partial class GemmGemv
{
    /// <summary>
    /// Short rows on AVX-512, sixteen side by side: one load of x feeds sixteen multiply-adds, and the sixteen
    /// accumulators are reduced together into one register of sums (<see cref="Sum16"/>: 24 in-lane and 6 cross-block
    /// shuffles, 15 adds). Each row's sum is taken in the
    /// order of <see cref="GemmLane512"/>'s Sum8 and Sum4, so the rows left over (n mod 16) go through the eight- and
    /// four-row groups with the same bits. Returns the first row not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SideBySide16(int k, float* w, float* x, float* bias, float* y, int n, bool relu)
    {
        nint s = k, whole = k & ~15;
        int j = 0;
        for (; j + 16 <= n; j += 16)
        {
            float* r0 = w + (nint)j * k;
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
            for (nint p = 0; p < whole; p += 16)
            {
                Vector512<float> xv = Vector512.Load(x + p);
                float* q = r0 + p, q4 = q + 4 * s, q8 = q + 8 * s, q12 = q8 + 4 * s;
                a0 = Avx512F.FusedMultiplyAdd(Vector512.Load(q), xv, a0);
                a1 = Avx512F.FusedMultiplyAdd(Vector512.Load(q + s), xv, a1);
                a2 = Avx512F.FusedMultiplyAdd(Vector512.Load(q + 2 * s), xv, a2);
                a3 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4 - s), xv, a3);
                a4 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4), xv, a4);
                a5 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4 + s), xv, a5);
                a6 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4 + 2 * s), xv, a6);
                a7 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8 - s), xv, a7);
                a8 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8), xv, a8);
                a9 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8 + s), xv, a9);
                a10 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8 + 2 * s), xv, a10);
                a11 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12 - s), xv, a11);
                a12 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12), xv, a12);
                a13 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12 + s), xv, a13);
                a14 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12 + 2 * s), xv, a14);
                a15 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12 + 3 * s), xv, a15);
            }
            Vector512<float> sums = Sum16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
            if (whole != k) sums += Vector512.Create(TailSums8<GemmLane512>(k, r0, x), TailSums8<GemmLane512>(k, r0 + 8 * s, x));
            if (bias != null) sums += Vector512.Load(bias + j);
            if (relu) sums = default(ReluOp).Invoke(sums);
            sums.Store(y + j);
        }
        return j;
    }

    /// <summary>
    /// Sixteen horizontal sums at once, each in the order of <see cref="GemmLane512"/>'s Sum8 and Sum4: the in-block
    /// sums of four rows per register, then the blocks' halves and the halves' sum, two registers at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sum16(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
        Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7, Vector512<float> a8, Vector512<float> a9,
        Vector512<float> a10, Vector512<float> a11, Vector512<float> a12, Vector512<float> a13, Vector512<float> a14, Vector512<float> a15)
    {
        Vector512<float> w01 = GemmLane512.Halves(GemmLane512.Blocks4(a0, a1, a2, a3), GemmLane512.Blocks4(a4, a5, a6, a7));
        Vector512<float> w23 = GemmLane512.Halves(GemmLane512.Blocks4(a8, a9, a10, a11), GemmLane512.Blocks4(a12, a13, a14, a15));
        return GemmLane512.Halves(w01, w23);
    }
}
