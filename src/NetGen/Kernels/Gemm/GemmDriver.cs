using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// An mr x nr register tile of C computed from packed panels: C_tile (=|+=) A_panel · B_panel where
/// A_panel holds kc columns of mr rows (mr floats per k step) and B_panel kc rows of nr columns
/// (nr floats per k step). One implementation per instruction set.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int Nr { get; }

    /// <summary>
    /// Writes the full tile to <paramref name="c"/> (row stride <paramref name="ldc"/>): c += acc when
    /// <paramref name="accumulate"/>, otherwise c = acc + bias[0..nr) (bias may be null).
    /// </summary>
    static abstract void Run(nint kc, float* a, float* b, float* c, nint ldc, float* bias, bool accumulate);

    /// <summary>Whether <see cref="RunInPlace"/> is implemented (the driver then skips packing A where it can).</summary>
    static abstract bool ReadsAInPlace { get; }

    /// <summary>
    /// <see cref="Run"/> with A read where it lies, A(r, p) = a[r·ars + p·acs], instead of from a packed panel; the
    /// same sums in the same order. Called only when <see cref="ReadsAInPlace"/>.
    /// </summary>
    static abstract void RunInPlace(nint kc, float* a, nint ars, nint acs, float* b, float* c, nint ldc, float* bias, bool accumulate);
}

/// <summary>
/// The general BLIS-style product C[M, N] (=|+=) A[M, K] · B[K, N] (+ bias[N] on overwrite). A and B
/// are read through (row stride, column stride) pairs so the three dense-layer products, which differ
/// only in which operand is transposed, share one driver: the transposes are absorbed by packing.
/// Loops (outermost first): jc over N by nc, pc over K by kc (pack B block, in L2/L3), ic over M by mc
/// (pack A block, kept in L2), jr over nr panels, ir over mr panels (the kc x nr B micro-panel stays
/// hot in L1 while A micro-panels stream past it).
/// </summary>
internal static unsafe class GemmDriver
{
    // Block sizes measured on Zen 4 (32 KB L1d, 1 MB L2), m = n = k = 1024 single-thread: kc = 512 beat
    // kc = 256 by ~5-10 %; mc = 48..144 and nc = 1024..4096 were within noise. mc = 96 is a multiple of
    // every mr (12, 6, 4) and keeps the packed A block (96 x 512 floats = 192 KB) well inside L2.

    /// <summary>Depth of a packed block (k direction). Settable only for tuning experiments.</summary>
    internal static int Kc = 512;

    /// <summary>Rows of a packed A block (rounded down to a multiple of mr).</summary>
    internal static int Mc = 96;

    /// <summary>Columns of a packed B block (rounded down to a multiple of nr).</summary>
    internal static int Nc = 4096;

    public static void Run<TK>(int M, int N, int K, float* a, nint ars, nint acs, float* b, nint brs, nint bcs,
        float* c, nint ldc, float* bias, bool accumulate)
        where TK : struct, IGemmMicroKernel
    {
        int mr = TK.Mr, nr = TK.Nr;
        int kc = Math.Max(1, Kc);
        int mc = Math.Max(mr, Mc / mr * mr);
        int nc = Math.Max(nr, Nc / nr * nr);

        int kcMax = Math.Min(kc, K);
        int mcMax = Math.Min(mc, RoundUp(M, mr));
        int ncMax = Math.Min(nc, RoundUp(N, nr));
        GemmScratch scratch = GemmScratch.ForCurrentThread((nint)mcMax * kcMax, (nint)kcMax * ncMax);
        float* ap = scratch.A;
        float* bp = scratch.B;
        float* edge = stackalloc float[mr * nr];

        for (int jc = 0; jc < N; jc += nc)
        {
            int nb = Math.Min(nc, N - jc);
            for (int pc = 0; pc < K; pc += kc)
            {
                int kb = Math.Min(kc, K - pc);
                // The first k block overwrites C (adding the bias); later ones add to it.
                bool acc = accumulate || pc > 0;
                float* biasBlock = !acc && bias != null ? bias + jc : null;
                PackB(b + pc * brs + jc * bcs, brs, bcs, kb, nb, nr, bp);

                bool inPlace = TK.ReadsAInPlace && ReadAInPlace(ars, acs, kb, nb, nr);
                for (int ic = 0; ic < M; ic += mc)
                {
                    int mb = Math.Min(mc, M - ic);
                    float* aBlock = a + ic * ars + pc * acs;
                    // In place: only a last partial row panel is packed (zero-padded), at the start of ap.
                    int mFull = inPlace ? mb / mr * mr : 0;
                    if (mFull < mb) PackA(aBlock + mFull * ars, ars, acs, mb - mFull, kb, mr, ap);

                    for (int jr = 0; jr < nb; jr += nr)
                    {
                        int nv = Math.Min(nr, nb - jr);
                        float* bPanel = bp + (nint)jr * kb;
                        float* biasTile = biasBlock == null ? null : biasBlock + jr;
                        float* cCol = c + (nint)ic * ldc + jc + jr;
                        for (int ir = 0; ir < mb; ir += mr)
                        {
                            int mv = Math.Min(mr, mb - ir);
                            float* cTile = cCol + (nint)ir * ldc;
                            if (ir < mFull)
                            {
                                float* aTile = aBlock + ir * ars;
                                if (nv == nr)
                                {
                                    TK.RunInPlace(kb, aTile, ars, acs, bPanel, cTile, ldc, biasTile, acc);
                                }
                                else
                                {
                                    TK.RunInPlace(kb, aTile, ars, acs, bPanel, edge, nr, null, false);
                                    MergeEdge(edge, nr, cTile, ldc, mv, nv, biasTile, acc);
                                }
                                continue;
                            }
                            float* aPanel = ap + (nint)(ir - mFull) * kb;
                            if (mv == mr && nv == nr)
                            {
                                TK.Run(kb, aPanel, bPanel, cTile, ldc, biasTile, acc);
                            }
                            else
                            {
                                // Zero-padded panels give a full tile; write back only its valid part.
                                TK.Run(kb, aPanel, bPanel, edge, nr, null, false);
                                MergeEdge(edge, nr, cTile, ldc, mv, nv, biasTile, acc);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Whether kernels that can read A in place do so (tuning experiments and tests switch it off).</summary>
    internal static bool AllowAInPlace = true;

    /// <summary>
    /// A is read in place when few B panels re-read it (at most <see cref="InPlaceMaxPanels"/>: a packed A pays for its
    /// copy by being re-read from one contiguous panel by every B panel) and either its rows are contiguous (X, dY: six
    /// row streams) or its columns are (dYᵀ) with one k block spanning at most 64 K floats (beyond that each k step lands
    /// on another page). Measured on Zen 3, alternating blocks: forward 1024 x 784 x 256 (16 panels) 4.00 vs 4.36 ms on
    /// 2 threads, 64 x 784 x 256 346 vs 414 µs; dX 1024 x 784 x 256 (49 panels) in place 4.06 vs 3.49 ms packed.
    /// </summary>
    private static bool ReadAInPlace(nint ars, nint acs, int kb, int nb, int nr) =>
        AllowAInPlace && nb <= InPlaceMaxPanels * nr && (acs == 1 || (ars == 1 && (long)kb * acs <= 64 * 1024));

    /// <summary>B blocks with at most this many panels read A in place.</summary>
    internal const int InPlaceMaxPanels = 16;

    private static int RoundUp(int value, int multiple) => (int)Math.Min(int.MaxValue, ((long)value + multiple - 1) / multiple * multiple);

    private static void MergeEdge(float* tile, int nr, float* c, nint ldc, int mv, int nv, float* bias, bool accumulate)
    {
        for (int i = 0; i < mv; i++)
        {
            float* t = tile + i * nr;
            float* ci = c + i * ldc;
            if (accumulate)
                for (int j = 0; j < nv; j++) ci[j] += t[j];
            else if (bias != null)
                for (int j = 0; j < nv; j++) ci[j] = t[j] + bias[j];
            else
                for (int j = 0; j < nv; j++) ci[j] = t[j];
        }
    }

    /// <summary>
    /// Packs rows [0, mb) x columns [0, kb) of A (element (i, p) at src[i·rs + p·cs]) into micro-panels of
    /// mr rows: panel r0 starts at dst + r0·kb and stores, for each p, the mr values A[r0..r0+mr, p];
    /// rows past mb are zero.
    /// </summary>
    internal static void PackA(float* src, nint rs, nint cs, int mb, int kb, int mr, float* dst)
    {
        for (int r0 = 0; r0 < mb; r0 += mr)
        {
            int rv = Math.Min(mr, mb - r0);
            float* d = dst + (nint)r0 * kb;
            if (rs == 1)
            {
                // Columns of A are contiguous (A = dYᵀ): copy rv floats per k step.
                for (int p = 0; p < kb; p++)
                {
                    float* s = src + p * cs + r0;
                    float* dp = d + p * mr;
                    int r = 0;
                    for (; r < rv; r++) dp[r] = s[r];
                    for (; r < mr; r++) dp[r] = 0f;
                }
            }
            else
            {
                // Rows of A are contiguous (the usual case): a transpose into the panel.
                for (int r = 0; r < rv; r++)
                {
                    float* s = src + (r0 + r) * rs;
                    float* dr = d + r;
                    for (int p = 0; p < kb; p++) dr[p * mr] = s[p * cs];
                }
                for (int r = rv; r < mr; r++)
                {
                    float* dr = d + r;
                    for (int p = 0; p < kb; p++) dr[p * mr] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs rows [0, kb) x columns [0, nb) of B (element (p, j) at src[p·rs + j·cs]) into micro-panels of
    /// nr columns: panel j0 starts at dst + j0·kb and stores, for each p, the nr values B[p, j0..j0+nr];
    /// columns past nb are zero.
    /// </summary>
    internal static void PackB(float* src, nint rs, nint cs, int kb, int nb, int nr, float* dst)
    {
        for (int j0 = 0; j0 < nb; j0 += nr)
        {
            int cv = Math.Min(nr, nb - j0);
            float* d = dst + (nint)j0 * kb;
            if (cs == 1)
            {
                // Rows of B are contiguous (B = W or X): copy cv floats per k step; whole panels of 16 or 32 floats
                // with 256-bit loads and stores (a Span copy per 64 bytes was a call into memmove each).
                if (cv == nr && (nr == 16 || nr == 32) && Vector256.IsHardwareAccelerated)
                {
                    for (int p = 0; p < kb; p++)
                    {
                        float* s = src + p * rs + j0;
                        float* dp = d + p * nr;
                        Vector256.Store(Vector256.Load(s), dp);
                        Vector256.Store(Vector256.Load(s + 8), dp + 8);
                        if (nr == 32)
                        {
                            Vector256.Store(Vector256.Load(s + 16), dp + 16);
                            Vector256.Store(Vector256.Load(s + 24), dp + 24);
                        }
                    }
                    continue;
                }
                for (int p = 0; p < kb; p++)
                {
                    float* s = src + p * rs + j0;
                    float* dp = d + p * nr;
                    new ReadOnlySpan<float>(s, cv).CopyTo(new Span<float>(dp, cv));
                    if (cv < nr) new Span<float>(dp + cv, nr - cv).Clear();
                }
            }
            else
            {
                // Columns of B are contiguous (B = Wᵀ in the forward pass): a transpose into the panel,
                // 8 x 8 blocks at a time with AVX when the shape allows (this pass costs O(k·n) per call,
                // which is a visible share of the forward product when the batch m is small).
                int j8 = 0;
                if (Avx.IsSupported && rs == 1 && nr % 8 == 0)
                {
                    // Eight k steps at a time across all the panel's columns: each 8 x 8 block's source lines stay in
                    // L1 for the next eight steps, and the panel is written front to back in whole lines. (Column
                    // blocks outside, k inside, half-wrote one line per k step 4·nr bytes apart and re-read them
                    // from L2 for the other half: the 784 x 256 transpose of mnist's forward took a fifth of a
                    // one-thread training step.)
                    int kb8 = kb & ~7;
                    j8 = cv & ~7;
                    float* s0 = src + (nint)j0 * cs;
                    for (int p = 0; p < kb8; p += 8)
                        for (int jb = 0; jb < j8; jb += 8)
                            Transpose8x8(s0 + jb * cs + p, cs, d + p * nr + jb, nr);
                    for (int p = kb8; p < kb; p++)
                        for (int j = 0; j < j8; j++) d[p * nr + j] = s0[j * cs + p];
                }
                for (int j = j8; j < cv; j++)
                {
                    float* s = src + (j0 + j) * cs;
                    float* dj = d + j;
                    for (int p = 0; p < kb; p++) dj[p * nr] = s[p * rs];
                }
                for (int j = cv; j < nr; j++)
                {
                    float* dj = d + j;
                    for (int p = 0; p < kb; p++) dj[p * nr] = 0f;
                }
            }
        }
    }

    /// <summary>Reads 8 rows of 8 floats (row stride <paramref name="ss"/>) and writes them transposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8(float* src, nint ss, float* dst, nint ds)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + ss);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * ss), r3 = Avx.LoadVector256(src + 3 * ss);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * ss), r5 = Avx.LoadVector256(src + 5 * ss);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * ss), r7 = Avx.LoadVector256(src + 7 * ss);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ds, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ds, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ds, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ds, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ds, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ds, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ds, Avx.Permute2x128(u3, u7, 0x31));
    }
}

/// <summary>
/// Per-thread packing buffers: pinned, 64-byte aligned, grown on demand and then reused, so a warmed-up
/// thread never allocates. (A later worker pool gets one per worker for free.)
/// </summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic]
    private static GemmScratch? t_current;

    private float[]? _a;
    private float[]? _b;

    /// <summary>Start of the packed-A buffer.</summary>
    public float* A { get; private set; }

    /// <summary>Start of the packed-B buffer.</summary>
    public float* B { get; private set; }

    private nint _aCapacity;
    private nint _bCapacity;

    public static GemmScratch ForCurrentThread(nint aFloats, nint bFloats)
    {
        GemmScratch s = t_current ??= new GemmScratch();
        if (aFloats > s._aCapacity) s.A = Grow(ref s._a, aFloats, ref s._aCapacity);
        if (bFloats > s._bCapacity) s.B = Grow(ref s._b, bFloats, ref s._bCapacity);
        return s;
    }

    private static float* Grow(ref float[]? array, nint floats, ref nint capacity)
    {
        // Pinned arrays live on the POH and never move, so the aligned pointer stays valid.
        array = GC.AllocateUninitializedArray<float>(checked((int)floats + 16), pinned: true);
        capacity = floats;
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (float*)((start + 63) & ~(nint)63);
    }
}
