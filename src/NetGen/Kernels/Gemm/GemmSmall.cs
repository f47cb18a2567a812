using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// Unpacked register-blocked kernels for products whose operands already sit in cache (small layers,
/// short batches), where the packed GEMM's O(k·n + m·k) packing and edge handling cost more than the
/// multiply-adds. Two shapes:
/// <list type="bullet">
/// <item><b>Broadcast</b>: C[M, N] (=|+=) A·B with B's rows contiguous. An 8-row (AVX-512), 6-row, then 4-row
/// x 2-register tile of C lives in registers; per k step it loads two registers of one B row and broadcasts eight
/// (six, four) A values. A is read
/// in place through any (row, column) stride, so dY·W and dYᵀ·X need no copy at all; the forward product
/// transposes W (k·n floats) once.</item>
/// <item><b>Dot</b>: four dot products sharing one vector, for outputs too narrow to fill a register (n ≤ 4
/// output units, more rows than outputs); one-sample inference (W·x) goes to <see cref="GemmGemv"/>.</item>
/// </list>
/// Generic over <see cref="IGemmLane{TV}"/>, so each instruction set gets its own compiled copy.
/// </summary>
internal static unsafe partial class GemmSmall
{
    /// <summary>Whether two-register strips use 6-row tiles (tests and tuning experiments switch them off).</summary>
    internal static bool SixRowTiles = true;

    /// <summary>Rows of C per broadcast tile.</summary>
    private const int TileRows = 4;

    /// <summary>
    /// C[M, N] (=|+=) A[M, K]·B[K, N] (+ bias[N] when overwriting). A(i, p) = a[i·ars + p·acs];
    /// B(p, j) = b[p·ldb + j]. Column strips two registers wide, then one; the last few columns narrower
    /// registers (256, 128 bit) and finally single floats, so every load and store stays inside B's and C's rows.
    /// <paramref name="maskOffset"/>: 0, or the distance from C to a ReLU output laid out like C that masks every
    /// stored value (see <see cref="Store{TV}"/>).
    /// </summary>
    public static void Broadcast<TV>(int M, int N, int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        int w = TV.Count;
        int j = 0;
        for (; j + 2 * w <= N; j += 2 * w)
            Strip2<TV>(M, K, a, ars, acs, b + j, ldb, c + j, ldc, Offset(bias, j), accumulate, relu, maskOffset);
        if (w > 1 && j + w <= N)
        {
            Strip1<TV>(M, K, a, ars, acs, b + j, ldb, c + j, ldc, Offset(bias, j), accumulate, relu, maskOffset);
            j += w;
        }
        if (w > 8 && j + 8 <= N)
        {
            Strip1<GemmLane256>(M, K, a, ars, acs, b + j, ldb, c + j, ldc, Offset(bias, j), accumulate, relu, maskOffset);
            j += 8;
        }
        if (w > 4 && j + 4 <= N)
        {
            Strip1<GemmLane128>(M, K, a, ars, acs, b + j, ldb, c + j, ldc, Offset(bias, j), accumulate, relu, maskOffset);
            j += 4;
        }
        for (; j < N; j++)
            Strip1<GemmLaneScalar>(M, K, a, ars, acs, b + j, ldb, c + j, ldc, Offset(bias, j), accumulate, relu, maskOffset);
    }

    private static float* Offset(float* bias, int j) => bias == null ? null : bias + j;

    /// <summary>
    /// A strip of C two registers wide: 6-row tiles (12 accumulators: enough independent FMA chains to cover the FMA
    /// latency on two pipes), then 4-row tiles, then single rows. Zen 3, alternating blocks, 6-row vs 4-row tiles:
    /// 64 x 128 x 64 forward 18.3 vs 28.8 µs, dX 20.5 vs 25.6 µs; 64 x 256 x 128 forward 44 vs 59 µs on 2 threads.
    /// </summary>
    private static void Strip2<TV>(int M, int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        int i = 0;
        if (typeof(TV) == typeof(GemmLane512) && EightRowTiles512)
        {
            // 512-bit: 8-row tiles (16 of the 32 registers), then the narrower tiles below for the rest.
            for (; i + 8 <= M; i += 8)
                Tile8x2(K, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, bias, accumulate, relu, maskOffset);
        }
        // Six-row tiles, one fewer when that lets 4-row tiles cover the rest (32 rows: 4 x 6 + 2 x 4, not 5 x 6 + 2 x 1).
        int sixes = SixRowTiles ? (M - i) / 6 : 0;
        if (sixes > 0 && (M - i - 6 * sixes) % 4 == 2) sixes--;
        for (int sixEnd = i + 6 * sixes; i < sixEnd; i += 6)
            Tile6x2<TV>(K, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, bias, accumulate, relu, maskOffset);
        for (; i + TileRows <= M; i += TileRows)
            Tile4x2<TV>(K, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, bias, accumulate, relu, maskOffset);
        for (; i < M; i++)
            Tile1x2<TV>(K, a + i * ars, acs, b, ldb, c + i * ldc, bias, accumulate, relu, maskOffset);
    }

    /// <summary>A strip of C one register wide.</summary>
    private static void Strip1<TV>(int M, int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        int i = 0;
        for (; i + TileRows <= M; i += TileRows)
            Tile4x1<TV>(K, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, bias, accumulate, relu, maskOffset);
        for (; i < M; i++)
        {
            float* ai = a + i * ars;
            float* bp = b;
            TV c0 = TV.Zero;
            for (int p = 0; p < K; p++)
            {
                c0 = TV.MulAdd(TV.Splat(*ai), TV.Load(bp), c0);
                ai += acs;
                bp += ldb;
            }
            Store(c0, c + i * ldc, bias, accumulate, relu, maskOffset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x2<TV>(int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        int w = TV.Count;
        TV c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero, c20 = TV.Zero, c21 = TV.Zero;
        TV c30 = TV.Zero, c31 = TV.Zero, c40 = TV.Zero, c41 = TV.Zero, c50 = TV.Zero, c51 = TV.Zero;
        float* a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars, a4 = a + 4 * ars, a5 = a + 5 * ars;
        // One offset for all six rows of A (base + index addressing) instead of six pointer increments per step:
        // the loop was front-end bound (~40 instructions for 12 FMAs).
        nint end = K * acs;
        for (nint o = 0; o < end; o += acs)
        {
            TV b0 = TV.Load(b), b1 = TV.Load(b + w);
            TV x = TV.Splat(a0[o]); c00 = TV.MulAdd(x, b0, c00); c01 = TV.MulAdd(x, b1, c01);
            x = TV.Splat(a1[o]); c10 = TV.MulAdd(x, b0, c10); c11 = TV.MulAdd(x, b1, c11);
            x = TV.Splat(a2[o]); c20 = TV.MulAdd(x, b0, c20); c21 = TV.MulAdd(x, b1, c21);
            x = TV.Splat(a3[o]); c30 = TV.MulAdd(x, b0, c30); c31 = TV.MulAdd(x, b1, c31);
            x = TV.Splat(a4[o]); c40 = TV.MulAdd(x, b0, c40); c41 = TV.MulAdd(x, b1, c41);
            x = TV.Splat(a5[o]); c50 = TV.MulAdd(x, b0, c50); c51 = TV.MulAdd(x, b1, c51);
            b += ldb;
        }
        float* bias1 = bias == null ? null : bias + w;
        Store(c00, c, bias, accumulate, relu, maskOffset); Store(c01, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c10, c, bias, accumulate, relu, maskOffset); Store(c11, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c20, c, bias, accumulate, relu, maskOffset); Store(c21, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c30, c, bias, accumulate, relu, maskOffset); Store(c31, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c40, c, bias, accumulate, relu, maskOffset); Store(c41, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c50, c, bias, accumulate, relu, maskOffset); Store(c51, c + w, bias1, accumulate, relu, maskOffset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x2<TV>(int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        int w = TV.Count;
        TV c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero;
        TV c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        float* a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
        nint end = K * acs;
        for (nint o = 0; o < end; o += acs)
        {
            TV b0 = TV.Load(b), b1 = TV.Load(b + w);
            TV x = TV.Splat(a0[o]); c00 = TV.MulAdd(x, b0, c00); c01 = TV.MulAdd(x, b1, c01);
            x = TV.Splat(a1[o]); c10 = TV.MulAdd(x, b0, c10); c11 = TV.MulAdd(x, b1, c11);
            x = TV.Splat(a2[o]); c20 = TV.MulAdd(x, b0, c20); c21 = TV.MulAdd(x, b1, c21);
            x = TV.Splat(a3[o]); c30 = TV.MulAdd(x, b0, c30); c31 = TV.MulAdd(x, b1, c31);
            b += ldb;
        }
        float* bias1 = bias == null ? null : bias + w;
        Store(c00, c, bias, accumulate, relu, maskOffset); Store(c01, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c10, c, bias, accumulate, relu, maskOffset); Store(c11, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c20, c, bias, accumulate, relu, maskOffset); Store(c21, c + w, bias1, accumulate, relu, maskOffset);
        c += ldc;
        Store(c30, c, bias, accumulate, relu, maskOffset); Store(c31, c + w, bias1, accumulate, relu, maskOffset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x1<TV>(int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        TV c0 = TV.Zero, c1 = TV.Zero, c2 = TV.Zero, c3 = TV.Zero;
        float* a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
        nint end = K * acs;
        for (nint o = 0; o < end; o += acs)
        {
            TV b0 = TV.Load(b);
            c0 = TV.MulAdd(TV.Splat(a0[o]), b0, c0);
            c1 = TV.MulAdd(TV.Splat(a1[o]), b0, c1);
            c2 = TV.MulAdd(TV.Splat(a2[o]), b0, c2);
            c3 = TV.MulAdd(TV.Splat(a3[o]), b0, c3);
            b += ldb;
        }
        Store(c0, c, bias, accumulate, relu, maskOffset);
        Store(c1, c + ldc, bias, accumulate, relu, maskOffset);
        Store(c2, c + 2 * ldc, bias, accumulate, relu, maskOffset);
        Store(c3, c + 3 * ldc, bias, accumulate, relu, maskOffset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x2<TV>(int K, float* a, nint acs, float* b, nint ldb, float* c, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        int w = TV.Count;
        TV c0 = TV.Zero, c1 = TV.Zero;
        for (int p = 0; p < K; p++)
        {
            TV x = TV.Splat(*a);
            c0 = TV.MulAdd(x, TV.Load(b), c0);
            c1 = TV.MulAdd(x, TV.Load(b + w), c1);
            a += acs;
            b += ldb;
        }
        Store(c0, c, bias, accumulate, relu, maskOffset);
        Store(c1, c + w, bias == null ? null : bias + w, accumulate, relu, maskOffset);
    }

    /// <summary>
    /// c = v + bias (bias may be null), then ReLU of that when <paramref name="relu"/>; or c += v. A non-zero
    /// <paramref name="maskOffset"/> keeps v only where the float that far from c is positive (ReLU's backward at the
    /// layer below, fused into its input gradient: the mask is that layer's output, laid out like C in another buffer).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TV>(TV v, float* c, float* bias, bool accumulate, bool relu, nint maskOffset)
        where TV : struct, IGemmLane<TV>
    {
        if (accumulate) v = TV.Add(v, TV.Load(c));
        else if (bias != null) v = TV.Add(v, TV.Load(bias));
        if (relu) v = TV.Relu(v);
        if (maskOffset != 0) v = TV.KeepWherePositive(v, TV.Load(c + maskOffset));
        TV.Store(v, c);
    }

    /// <summary>
    /// (Σ_p l0[p]·r[p], …, Σ_p l3[p]·r[p]) over p in [0, K): four dot products sharing <paramref name="right"/>.
    /// Two registers per row per step when K allows (eight independent chains keep more loads in flight), then
    /// <see cref="GemmGemv.Sums4From{TV}"/>: one register, then single floats for the last K mod lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sums4<TV>(int K, float* l0, float* l1, float* l2, float* l3, float* right)
        where TV : struct, IGemmLane<TV>
    {
        int w = TV.Count;
        TV s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero;
        int p = 0;
        if (K >= 4 * w)
        {
            TV t0 = TV.Zero, t1 = TV.Zero, t2 = TV.Zero, t3 = TV.Zero;
            for (; p + 2 * w <= K; p += 2 * w)
            {
                TV r = TV.Load(right + p), q = TV.Load(right + p + w);
                s0 = TV.MulAdd(TV.Load(l0 + p), r, s0); t0 = TV.MulAdd(TV.Load(l0 + p + w), q, t0);
                s1 = TV.MulAdd(TV.Load(l1 + p), r, s1); t1 = TV.MulAdd(TV.Load(l1 + p + w), q, t1);
                s2 = TV.MulAdd(TV.Load(l2 + p), r, s2); t2 = TV.MulAdd(TV.Load(l2 + p + w), q, t2);
                s3 = TV.MulAdd(TV.Load(l3 + p), r, s3); t3 = TV.MulAdd(TV.Load(l3 + p + w), q, t3);
            }
            s0 = TV.Add(s0, t0); s1 = TV.Add(s1, t1); s2 = TV.Add(s2, t2); s3 = TV.Add(s3, t3);
        }
        return GemmGemv.Sums4From<TV>(K, p, s0, s1, s2, s3, l0, l1, l2, l3, right);
    }

    /// <summary>
    /// out[r·os] = bias[r·bs] + Σ_p left[r·lds + p]·right[p] for r in [0, rows), rows ≤ 4; bias may be null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot4<TV>(int K, float* left, nint lds, float* right, int rows, float* output, nint os, float* bias, nint bs)
        where TV : struct, IGemmLane<TV>
    {
        // Missing rows re-read row 0 and are not stored.
        float* l1 = rows > 1 ? left + lds : left, l2 = rows > 2 ? left + 2 * lds : left, l3 = rows > 3 ? left + 3 * lds : left;
        Vector128<float> sums = Sums4<TV>(K, left, l1, l2, l3, right);
        if (bias != null)
            sums += rows == 4 ? Vector128.Create(bias[0], bias[bs], bias[2 * bs], bias[3 * bs]) : Vector128.Create(bias[0], rows > 1 ? bias[bs] : 0f, rows > 2 ? bias[2 * bs] : 0f, 0f);
        output[0] = sums.GetElement(0);
        if (rows > 1) output[os] = sums.GetElement(1);
        if (rows > 2) output[2 * os] = sums.GetElement(2);
        if (rows > 3) output[3 * os] = sums.GetElement(3);
    }

    /// <summary>
    /// Y[m, n] = X[m, k]·W[n, k]ᵀ + bias as dot products, for n output columns of a Y whose rows are ldy long and
    /// m &gt; n (narrow output layers): four X rows against one W row. (m ≤ n goes to <see cref="GemmGemv"/>.)
    /// </summary>
    public static void ForwardDots<TV>(float* x, float* w, float* bias, float* y, int m, int k, int n, int ldy)
        where TV : struct, IGemmLane<TV>
    {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i += 4)
                Dot4<TV>(k, x + (nint)i * k, k, w + (nint)j * k, Math.Min(4, m - i), y + (nint)i * ldy + j, ldy, bias == null ? null : bias + j, 0);
    }
}
