using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// y = W·x + bias for one sample (W [n, k] row-major, the PyTorch layout): dot products of W's rows with x, eight rows
/// at a time. Each row has one accumulator register (lanes p mod width), so one load of x feeds eight multiply-adds
/// and eight independent chains keep both FMA pipes busy; the eight registers are reduced together with horizontal
/// adds (<see cref="IGemmLane{TV}.Sum8"/>), about a third of the shuffles of two four-row reductions.
/// Every row's sum is taken in the same order whichever group (8, 4 or a 1-3 row tail) it falls in, so splitting
/// the rows over threads at any boundary gives the same bits.
/// </summary>
internal static unsafe class GemmGemv
{
    /// <summary>
    /// y[0, n) = W[n, k]·x + bias[0, n) (bias may be null); with <paramref name="relu"/>, ReLU of that
    /// (<see cref="ReluOp"/>, the operator of the ReLU kernel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<TV>(int k, float* w, float* x, float* bias, float* y, int n, bool relu)
        where TV : struct, IGemmLane<TV>
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            Vector256<float> sums = Sums8<TV>(k, w + (nint)j * k, x);
            if (bias != null) sums += Vector256.Load(bias + j);
            if (relu) sums = default(ReluOp).Invoke(sums);
            sums.Store(y + j);
        }
        if (j + 4 <= n)
        {
            float* l0 = w + (nint)j * k;
            Vector128<float> sums = Sums4<TV>(k, l0, l0 + k, l0 + 2 * k, l0 + 3 * k, x);
            if (bias != null) sums += Vector128.Load(bias + j);
            if (relu) sums = default(ReluOp).Invoke(sums);
            sums.Store(y + j);
            j += 4;
        }
        if (j < n)
        {
            // One to three rows: the missing ones re-read the first and are not stored.
            int rows = n - j;
            float* l0 = w + (nint)j * k;
            Vector128<float> sums = Sums4<TV>(k, l0, rows > 1 ? l0 + k : l0, rows > 2 ? l0 + 2 * k : l0, l0, x);
            for (int r = 0; r < rows; r++)
            {
                float v = sums.GetElement(r) + (bias != null ? bias[j + r] : 0f);
                y[j + r] = relu ? default(ReluOp).Invoke(v) : v;
            }
        }
    }

    /// <summary>The eight dot products of rows l[0, k), l[k, 2k), …, l[7k, 8k) with x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sums8<TV>(int k, float* l, float* x)
        where TV : struct, IGemmLane<TV>
    {
        int width = TV.Count;
        nint stride = k;
        TV s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero, s4 = TV.Zero, s5 = TV.Zero, s6 = TV.Zero, s7 = TV.Zero;
        int p = 0;
        for (; p + width <= k; p += width)
        {
            TV r = TV.Load(x + p);
            float* q = l + p;
            s0 = TV.MulAdd(TV.Load(q), r, s0);
            s1 = TV.MulAdd(TV.Load(q + stride), r, s1);
            s2 = TV.MulAdd(TV.Load(q + 2 * stride), r, s2);
            s3 = TV.MulAdd(TV.Load(q + 3 * stride), r, s3);
            s4 = TV.MulAdd(TV.Load(q + 4 * stride), r, s4);
            s5 = TV.MulAdd(TV.Load(q + 5 * stride), r, s5);
            s6 = TV.MulAdd(TV.Load(q + 6 * stride), r, s6);
            s7 = TV.MulAdd(TV.Load(q + 7 * stride), r, s7);
        }
        Vector256<float> sums = TV.Sum8(s0, s1, s2, s3, s4, s5, s6, s7);
        if (p == k) return sums;
        return sums + Vector256.Create(
            Tail(l, x, p, k), Tail(l + stride, x, p, k), Tail(l + 2 * stride, x, p, k), Tail(l + 3 * stride, x, p, k),
            Tail(l + 4 * stride, x, p, k), Tail(l + 5 * stride, x, p, k), Tail(l + 6 * stride, x, p, k), Tail(l + 7 * stride, x, p, k));
    }

    /// <summary>The four dot products of l0..l3 with x, in the same order per row as <see cref="Sums8{TV}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sums4<TV>(int k, float* l0, float* l1, float* l2, float* l3, float* x)
        where TV : struct, IGemmLane<TV>
        => Sums4From<TV>(k, 0, TV.Zero, TV.Zero, TV.Zero, TV.Zero, l0, l1, l2, l3, x);

    /// <summary>
    /// Finishes four dot products whose accumulators s0..s3 (lanes p mod width) hold the terms before
    /// <paramref name="p"/>: one register per row up to the last whole register, the four horizontal sums, then the
    /// last k mod width terms of each row in single floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Sums4From<TV>(int k, int p, TV s0, TV s1, TV s2, TV s3, float* l0, float* l1, float* l2, float* l3, float* x)
        where TV : struct, IGemmLane<TV>
    {
        int width = TV.Count;
        for (; p + width <= k; p += width)
        {
            TV r = TV.Load(x + p);
            s0 = TV.MulAdd(TV.Load(l0 + p), r, s0);
            s1 = TV.MulAdd(TV.Load(l1 + p), r, s1);
            s2 = TV.MulAdd(TV.Load(l2 + p), r, s2);
            s3 = TV.MulAdd(TV.Load(l3 + p), r, s3);
        }
        Vector128<float> sums = TV.Sum4(s0, s1, s2, s3);
        if (p == k) return sums;
        return sums + Vector128.Create(Tail(l0, x, p, k), Tail(l1, x, p, k), Tail(l2, x, p, k), Tail(l3, x, p, k));
    }

    /// <summary>Σ l[i]·x[i] over i in [p, k), left to right: the last k mod width terms of a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(float* l, float* x, int p, int k)
    {
        float d = 0f;
        for (; p < k; p++) d += l[p] * x[p];
        return d;
    }
}
