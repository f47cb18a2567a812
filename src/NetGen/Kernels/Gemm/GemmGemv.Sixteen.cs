using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

internal static unsafe partial class GemmGemv
{
    /// <summary>
    /// Short rows on AVX-512, sixteen side by side: one load of x feeds sixteen multiply-adds, and the sixteen
    /// accumulators are reduced together into one register of sums (<see cref="Sum16"/>: 30 shuffles and 15 adds,
    /// against 2 x 33 instructions for two eight-row <see cref="IGemmLane{TV}.Sum8"/>). Each row's sum is taken in the
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
            // Accumulators are named by the slot their row's sum lands in after Sum16's shuffles (see there):
            // a0..a7 hold rows 0, 4, 1, 5, 2, 6, 3, 7 of the group, a8..a15 the same plus 8.
            float* r0 = w + (nint)j * k;
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
            for (nint p = 0; p < whole; p += 16)
            {
                Vector512<float> xv = Vector512.Load(x + p);
                float* q = r0 + p, q4 = q + 4 * s, q8 = q + 8 * s, q12 = q8 + 4 * s;
                a0 = Avx512F.FusedMultiplyAdd(Vector512.Load(q), xv, a0);
                a1 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4), xv, a1);
                a2 = Avx512F.FusedMultiplyAdd(Vector512.Load(q + s), xv, a2);
                a3 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4 + s), xv, a3);
                a4 = Avx512F.FusedMultiplyAdd(Vector512.Load(q + 2 * s), xv, a4);
                a5 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4 + 2 * s), xv, a5);
                a6 = Avx512F.FusedMultiplyAdd(Vector512.Load(q4 - s), xv, a6);
                a7 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8 - s), xv, a7);
                a8 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8), xv, a8);
                a9 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12), xv, a9);
                a10 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8 + s), xv, a10);
                a11 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12 + s), xv, a11);
                a12 = Avx512F.FusedMultiplyAdd(Vector512.Load(q8 + 2 * s), xv, a12);
                a13 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12 + 2 * s), xv, a13);
                a14 = Avx512F.FusedMultiplyAdd(Vector512.Load(q12 - s), xv, a14);
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
    /// Sixteen horizontal sums at once, each in the order of <see cref="GemmLane512"/>'s Sum8: f = low half + high
    /// half (lanes i and i + 8), then ((f0 + f1) + (f2 + f3)) + ((f4 + f5) + (f6 + f7)). The shuffles leave the sums in
    /// the slot order 0, 2, 4, 6, 1, 3, 5, 7 of the pairs' first and second members, so the caller passes the rows
    /// as 0, 4, 1, 5, 2, 6, 3, 7 (and the same plus 8) and gets them back in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sum16(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
        Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7, Vector512<float> a8, Vector512<float> a9,
        Vector512<float> a10, Vector512<float> a11, Vector512<float> a12, Vector512<float> a13, Vector512<float> a14, Vector512<float> a15)
    {
        // Each pair's folds side by side: [f(a), f(b)].
        Vector512<float> f01 = Fold2(a0, a1), f23 = Fold2(a2, a3), f45 = Fold2(a4, a5), f67 = Fold2(a6, a7);
        Vector512<float> f89 = Fold2(a8, a9), f1011 = Fold2(a10, a11), f1213 = Fold2(a12, a13), f1415 = Fold2(a14, a15);
        // Two rounds of pairwise adds within each 128-bit block (vhaddps, twice as wide), then low + high quarter.
        Vector512<float> c0 = PairAdd(PairAdd(f01, f23), PairAdd(f45, f67));
        Vector512<float> c1 = PairAdd(PairAdd(f89, f1011), PairAdd(f1213, f1415));
        return Avx512F.Shuffle4x128(c0, c1, 0x88) + Avx512F.Shuffle4x128(c0, c1, 0xDD);
    }

    /// <summary>[a's low half + a's high half, b's low half + b's high half].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold2(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);

    /// <summary>Per 128-bit block: [a0 + a1, a2 + a3, b0 + b1, b2 + b3] (vhaddps on 512 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PairAdd(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle(a, b, 0x88) + Avx512F.Shuffle(a, b, 0xDD);
}
