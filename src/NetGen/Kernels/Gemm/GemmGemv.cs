using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// y = W·x + bias for one sample (W [n, k] row-major, the PyTorch layout): dot products of W's rows with x, reduced
/// eight rows at a time with horizontal adds (<see cref="IGemmLane{TV}.Sum8"/>, about a third of the shuffles of two
/// four-row reductions). Two orders of the multiply-adds, chosen by k alone:
/// <list type="bullet">
/// <item>Long rows (k ≥ <see cref="StreamedMinK"/>): one row after the other, so W is read front to back in one
/// stream, with four accumulator registers per row (register block b goes to accumulator b mod 4, added as
/// (a0 + a1) + (a2 + a3)). Reading eight rows side by side instead splits W into eight streams 4·k bytes long that
/// the hardware prefetcher re-learns every eight rows: measured on Zen 5 (1 thread, aligned, W in L2), 784 x 128
/// 2.8-3.2 µs streamed vs 3.8-4.7 µs side by side.</item>
/// <item>Short rows: eight rows side by side, one accumulator register each (lanes p mod width), so one load of x
/// feeds eight multiply-adds; the per-row set-up of the streamed order costs more than it saves there (16 -> 64 -> 64
/// -> 8 inference ran at half the speed that way).</item>
/// </list>
/// Every row's sum is taken in the same order whichever group (8, 4 or a 1-3 row tail) it falls in, so splitting
/// the rows over threads at any boundary gives the same bits. x is copied to a 64-byte aligned stack buffer first when
/// it is not aligned (vector loads that straddle two cache lines cost the streamed order about a quarter of its speed).
/// </summary>
[SkipLocalsInit]
internal static unsafe partial class GemmGemv
{
    /// <summary>Rows at least this long are streamed one after the other.</summary>
    internal const int StreamedMinK = 128;

    /// <summary>Inputs up to this many floats (16 KB) are copied to an aligned stack buffer when x is unaligned.</summary>
    private const int MaxCopiedInput = 4096;

    /// <summary>The widest register, in floats (Vector512).</summary>
    private const int MaxWidth = 16;

    /// <summary><see cref="Rows{TV}"/> with the lanes of <paramref name="variant"/>.</summary>
    public static void Rows(GemmVariant variant, int k, float* w, float* x, float* bias, float* y, int n, bool relu)
    {
        switch (variant)
        {
            case GemmVariant.Vector512: Rows<GemmLane512>(k, w, x, bias, y, n, relu); break;
            case GemmVariant.Vector256: Rows<GemmLane256>(k, w, x, bias, y, n, relu); break;
            case GemmVariant.Vector128: Rows<GemmLane128>(k, w, x, bias, y, n, relu); break;
            default: Rows<GemmLaneScalar>(k, w, x, bias, y, n, relu); break;
        }
    }

    /// <summary>
    /// y[0, n) = W[n, k]·x + bias[0, n) (bias may be null); with <paramref name="relu"/>, ReLU of that
    /// (<see cref="ReluOp"/>, the operator of the ReLU kernel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Rows<TV>(int k, float* w, float* x, float* bias, float* y, int n, bool relu)
        where TV : struct, IGemmLane<TV>
    {
        if (k < StreamedMinK)
        {
            SideBySide<TV>(k, w, x, bias, y, n, relu);
            return;
        }
        if (((nuint)x & 63) != 0 && k <= MaxCopiedInput)
        {
            StreamedAligned<TV>(k, w, x, bias, y, n, relu);
            return;
        }
        Streamed<TV>(k, w, x, bias, y, n, relu);
    }

    /// <summary><see cref="Streamed"/> with x copied to an aligned stack buffer (apart, so short rows pay no stack check).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StreamedAligned<TV>(int k, float* w, float* x, float* bias, float* y, int n, bool relu)
        where TV : struct, IGemmLane<TV>
    {
        float* copy = stackalloc float[k + 16];
        float* aligned = (float*)(((nuint)copy + 63) & ~(nuint)63);
        new ReadOnlySpan<float>(x, k).CopyTo(new Span<float>(aligned, k));
        Streamed<TV>(k, w, aligned, bias, y, n, relu);
    }

    // ---- long rows: one after the other ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Streamed<TV>(int k, float* w, float* x, float* bias, float* y, int n, bool relu)
        where TV : struct, IGemmLane<TV>
    {
        nint stride = k, width = TV.Count;
        // Each row's register of sums, eight rows at a time (one inlined row loop: eight inlined copies would exceed
        // the JIT's inlining budget and leave the accumulators in memory).
        float* rowSums = stackalloc float[8 * MaxWidth];
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            float* l = w + (nint)j * k;
            for (int r = 0; r < 8; r++) TV.Store(Row<TV>(k, l + r * stride, x), rowSums + r * width);
            Vector256<float> sums = TV.Sum8(
                TV.Load(rowSums), TV.Load(rowSums + width), TV.Load(rowSums + 2 * width), TV.Load(rowSums + 3 * width),
                TV.Load(rowSums + 4 * width), TV.Load(rowSums + 5 * width), TV.Load(rowSums + 6 * width), TV.Load(rowSums + 7 * width));
            sums += TailSums8<TV>(k, l, x);
            Finish(sums, bias, y, j, relu);
        }
        for (; j < n; j += 4)
        {
            // Four rows, or the one to three left (the missing ones are zero and not stored).
            int rows = Math.Min(4, n - j);
            float* l0 = w + (nint)j * k;
            Vector128<float> sums = TV.Sum4(Row<TV>(k, l0, x),
                rows > 1 ? Row<TV>(k, l0 + stride, x) : TV.Zero,
                rows > 2 ? Row<TV>(k, l0 + 2 * stride, x) : TV.Zero,
                rows > 3 ? Row<TV>(k, l0 + 3 * stride, x) : TV.Zero);
            int p = k - k % TV.Count;
            if (p != k)
            {
                float* l1 = rows > 1 ? l0 + stride : l0, l2 = rows > 2 ? l0 + 2 * stride : l0, l3 = rows > 3 ? l0 + 3 * stride : l0;
                sums += Vector128.Create(Tail(l0, x, p, k), Tail(l1, x, p, k), Tail(l2, x, p, k), Tail(l3, x, p, k));
            }
            Finish(sums, bias, y, j, rows, relu);
        }
    }

    /// <summary>
    /// The whole registers of row l[0, k) times x, lane by lane: register block b goes to accumulator b mod 4, and the
    /// four are added as (a0 + a1) + (a2 + a3). The last k mod width terms are left to <see cref="Tail"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Row<TV>(int k, float* l, float* x)
        where TV : struct, IGemmLane<TV>
    {
        nint width = TV.Count, end = k;
        TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
        nint p = 0;
        for (; p + 4 * width <= end; p += 4 * width)
        {
            a0 = TV.MulAdd(TV.Load(l + p), TV.Load(x + p), a0);
            a1 = TV.MulAdd(TV.Load(l + p + width), TV.Load(x + p + width), a1);
            a2 = TV.MulAdd(TV.Load(l + p + 2 * width), TV.Load(x + p + 2 * width), a2);
            a3 = TV.MulAdd(TV.Load(l + p + 3 * width), TV.Load(x + p + 3 * width), a3);
        }
        if (p + width <= end)
        {
            a0 = TV.MulAdd(TV.Load(l + p), TV.Load(x + p), a0);
            p += width;
            if (p + width <= end)
            {
                a1 = TV.MulAdd(TV.Load(l + p), TV.Load(x + p), a1);
                p += width;
                if (p + width <= end) a2 = TV.MulAdd(TV.Load(l + p), TV.Load(x + p), a2);
            }
        }
        return TV.Add(TV.Add(a0, a1), TV.Add(a2, a3));
    }

    /// <summary>The last k mod width terms of eight consecutive rows (zero when k is a multiple of the width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TailSums8<TV>(int k, float* l, float* x)
        where TV : struct, IGemmLane<TV>
    {
        int p = k - k % TV.Count;
        if (p == k) return Vector256<float>.Zero;
        nint stride = k;
        return Vector256.Create(
            Tail(l, x, p, k), Tail(l + stride, x, p, k), Tail(l + 2 * stride, x, p, k), Tail(l + 3 * stride, x, p, k),
            Tail(l + 4 * stride, x, p, k), Tail(l + 5 * stride, x, p, k), Tail(l + 6 * stride, x, p, k), Tail(l + 7 * stride, x, p, k));
    }

    // ---- short rows: eight side by side ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SideBySide<TV>(int k, float* w, float* x, float* bias, float* y, int n, bool relu)
        where TV : struct, IGemmLane<TV>
    {
        nint stride = k;
        int j = typeof(TV) == typeof(GemmLane512) && Avx512F.IsSupported ? SideBySide16(k, w, x, bias, y, n, relu) : 0;
        for (; j + 8 <= n; j += 8) Finish(Sums8<TV>(k, w + (nint)j * k, x), bias, y, j, relu);
        for (; j < n; j += 4)
        {
            int rows = Math.Min(4, n - j);
            float* l0 = w + (nint)j * k;
            Vector128<float> sums = Sums4From<TV>(k, 0, TV.Zero, TV.Zero, TV.Zero, TV.Zero,
                l0, rows > 1 ? l0 + stride : l0, rows > 2 ? l0 + 2 * stride : l0, rows > 3 ? l0 + 3 * stride : l0, x);
            Finish(sums, bias, y, j, rows, relu);
        }
    }

    /// <summary>The eight dot products of rows l[0, k), l[k, 2k), …, l[7k, 8k) with x, side by side.</summary>
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
        return sums + TailSums8<TV>(k, l, x);
    }

    /// <summary>
    /// Finishes four dot products whose accumulators s0..s3 (lanes p mod width) hold the terms before
    /// <paramref name="p"/>, side by side: one register per row up to the last whole register, the four horizontal
    /// sums, then the last k mod width terms of each row in single floats (the order of <see cref="Sums8{TV}"/>).
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

    // ---- shared ----

    /// <summary>Σ l[i]·x[i] over i in [p, k), left to right: the last k mod width terms of a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(float* l, float* x, int p, int k)
    {
        float d = 0f;
        for (; p < k; p++) d += l[p] * x[p];
        return d;
    }

    /// <summary>y[j, j + 8) = sums + bias (then ReLU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector256<float> sums, float* bias, float* y, int j, bool relu)
    {
        if (bias != null) sums += Vector256.Load(bias + j);
        if (relu) sums = default(ReluOp).Invoke(sums);
        sums.Store(y + j);
    }

    /// <summary>y[j, j + rows) = the first <paramref name="rows"/> sums + bias (then ReLU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector128<float> sums, float* bias, float* y, int j, int rows, bool relu)
    {
        if (rows == 4)
        {
            if (bias != null) sums += Vector128.Load(bias + j);
            if (relu) sums = default(ReluOp).Invoke(sums);
            sums.Store(y + j);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            float v = sums.GetElement(r) + (bias != null ? bias[j + r] : 0f);
            y[j + r] = relu ? default(ReluOp).Invoke(v) : v;
        }
    }
}
