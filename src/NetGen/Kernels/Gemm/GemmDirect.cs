using System;
using System.Diagnostics;
using System.Threading;

namespace NetGen.Kernels;

/// <summary>
/// The dense-layer products without the packed GEMM, on <see cref="GemmSmall"/>'s unpacked kernels: for
/// short batches and layers whose operands fit in cache. Callers validate the arguments.
/// </summary>
internal static unsafe class GemmDirect
{
    /// <summary>Forward products with at most this many rows or output units use dot products.</summary>
    internal const int DotMaxSize = 4;

    /// <summary>
    /// Y = X·Wᵀ + bias; with <paramref name="relu"/>, returns whether ReLU was applied as well (one-sample dot products
    /// and broadcast tiles apply it in registers as they store; narrow outputs leave it to the caller, on Y).
    /// </summary>
    public static bool Forward(GemmVariant variant, float* x, float* w, float* bias, float* y, int m, int k, int n, bool relu = false)
    {
        if (m <= DotMaxSize && m <= n)
        {
            // One-sample inference streams W once per call: split its rows (output units) over the workers, so each
            // core's L2 keeps its own share of W from one call to the next (784 x 256 floats = 800 KB does not fit
            // one 1 MB L2 next to everything else). One range per thread: with more, the ranges would wander between
            // cores from call to call (measured: infer-mnist-b1 median 75.5 k vs 80.6 k samples/s with two per thread).
            var rows = new GemmArgs { Variant = variant, M = m, N = n, K = k, A = x, B = w, C = y, Bias = bias, Relu = relu };
            if (!WorkerPool.TryRun(rows, n, minPerThread: 32, granularity: 8, &GemvColumns, minWork: MinParallelDotWork))
                GemvColumns(rows, 0, n);
            return relu;
        }
        if (m <= DotMaxSize || n <= DotMaxSize)
        {
            // Narrow outputs (n ≤ 4): four X rows against one W row, on the caller's thread.
            var dots = new GemmArgs { Variant = variant, M = m, N = n, K = k, A = x, B = w, C = y, Bias = bias };
            DotColumns(dots, 0, n);
            return false;
        }

        // Y = X·Wᵀ: each thread copies its own output columns' slice of W transposed (8 x 8 transposes) into its
        // own scratch and broadcasts X's rows against it; splitting by rows with one shared Wᵀ would make every
        // thread read one Wᵀ written by another core (measured: 64 x 784 x 256 on 2 threads 428 µs that way, vs 311
        // on one). Long batches split by rows, each thread with its own whole Wᵀ (ForwardRowSplitMinRows).
        // ReLU is applied as each tile is stored.
        var args = new GemmArgs { Variant = variant, M = m, N = n, K = k, A = x, B = w, C = y, Bias = bias, Relu = relu };
        if (ForwardRowSplitMinRows > 0 && m >= ForwardRowSplitMinRows
            && (TryForwardRowsBalanced(args) || WorkerPool.TryRun(args, m, minPerThread: ForwardRowSplitMinRows / 2, granularity: 8, &ForwardRows, chunksPerThread: 1)))
            return relu;
        if (!WorkerPool.TryRun(args, n, minPerThread: 32, granularity: 32, &ForwardColumns, chunksPerThread: 2))
            ForwardColumns(args, 0, n);
        return relu;
    }

    /// <summary>
    /// One-sample products split over threads from this many multiply-adds (a hand-off costs well under 1 µs, but
    /// about what a 128 KB layer takes on one core). 64 K splits mnist's 784 -> 256 layer and keeps its 256 -> 128
    /// layer on the caller: with the streamed rows of <see cref="GemmGemv"/> on Zen 5, infer-mnist-b1 on 2 threads,
    /// six alternating rounds, median 167 k samples/s vs 149 k with 32 K (which splits 256 -> 128 as well; on Zen 3
    /// with the side-by-side rows, 32 K had been the better one, 78 k vs 73 k).
    /// </summary>
    internal static long MinParallelDotWork = 64 * 1024;

    /// <summary>
    /// Two one-sample layers (m ≤ 4 rows, no more than either layer's outputs) on several threads at once: every thread
    /// takes the same part of each layer's rows (multiples of 8, part 0's share set by <see cref="GemmPairBalance"/>),
    /// and waits at one barrier for all of the first layer's output before it starts on the second. Each row is the sum
    /// <see cref="GemvColumns"/> takes on one thread, so the result is the one of two <see cref="Forward"/> calls bit
    /// for bit. Returns false (nothing done) when the pair is too small to split or the workers are busy.
    /// <paramref name="share"/> fixes part 0's share (in 1/<see cref="GemmPairBalance.Scale"/>) instead, and then
    /// the balance learns nothing from the split (for tests).
    /// </summary>
    public static bool TryForwardPairSplit(GemmVariant variant, float* x, float* w1, float* b1, float* h, bool relu1,
        float* w2, float* b2, float* y, bool relu2, int m, int k, int n1, int n2, int share = -1)
    {
        if (m > DotMaxSize || m > n1 || m > n2) return false;
        int parts = Math.Min(WorkerPool.MaxThreads, Math.Min(n1, n2) / PairMinRowsPerThread);
        if (parts < 2 || (long)m * k * n1 + (long)m * n1 * n2 < MinParallelDotWork) return false;
        var pair = new PairContext
        {
            First = new GemmArgs { Variant = variant, M = m, N = n1, K = k, A = x, B = w1, C = h, Bias = b1, Relu = relu1 },
            Second = new GemmArgs { Variant = variant, M = m, N = n2, K = n1, A = h, B = w2, C = y, Bias = b2, Relu = relu2 },
            Parts = parts,
            Share = share < 0 ? GemmPairBalance.Shared.Share(parts) : share,
            Learn = share < 0,
        };
        // One range of size 1 per part: each participating thread runs exactly one part (a thread inside the barrier
        // cannot take a second), so the barrier's count is the number of parts.
        return WorkerPool.TryRun(&pair, parts, minPerThread: 1, granularity: 1, &PairPart, chunksPerThread: 1);
    }

    /// <summary>Layers of a pair are split only when each thread gets at least this many rows of both.</summary>
    internal const int PairMinRowsPerThread = 32;

    private struct PairContext
    {
        public GemmArgs First, Second;
        public int Parts, Share;
        public bool Learn;
        public int Arrived;
        public long LastArrival; // the latest timestamp at which a part other than 0 reached the barrier
    }

    private static void PairPart(void* context, int part, int count)
    {
        ref PairContext pair = ref *(PairContext*)context;
        long start = part == 0 ? Stopwatch.GetTimestamp() : 0;
        int rows = PairRows(pair.First, part, pair.Parts, pair.Share);
        long arrival = Stopwatch.GetTimestamp();
        if (part != 0)
        {
            long seen = Volatile.Read(ref pair.LastArrival);
            while (arrival > seen && Interlocked.CompareExchange(ref pair.LastArrival, arrival, seen) != seen) seen = Volatile.Read(ref pair.LastArrival);
        }
        Interlocked.Increment(ref pair.Arrived); // full fence: publishes this part of H (and the arrival time)
        int steps = 0;
        while (Volatile.Read(ref pair.Arrived) < pair.Parts) SpinPause.Step(ref steps);
        if (part == 0 && pair.Learn)
            GemmPairBalance.Shared.Record(pair.Parts, pair.Share, pair.First.N, Volatile.Read(ref pair.LastArrival) - arrival, arrival - start, rows);
        PairRows(pair.Second, part, pair.Parts, pair.Share);
    }

    /// <summary>Part <paramref name="part"/> of a one-sample product's rows (<see cref="GemmPairBalance.Rows"/>); returns how many.</summary>
    private static int PairRows(in GemmArgs g, int part, int parts, int share)
    {
        var (start, count) = GemmPairBalance.Rows(g.N, parts, share, part);
        if (count > 0) GemvColumns(g, start, count);
        return count;
    }

    /// <summary>Output columns [j0, j0 + count) of a forward product with m ≤ n rows, as W·x per row of X.</summary>
    private static void GemvColumns(in GemmArgs g, int j0, int count) =>
        Gemv(g.Variant, g.A, g.B, g.Bias, g.C, g.M, g.K, g.N, j0, count, g.Relu);

    /// <summary>Output columns [j0, j0 + count) of Y[m, n] = X[m, k]·W[n, k]ᵀ + bias, as W·x per row of X.</summary>
    private static void Gemv(GemmVariant variant, float* a, float* b, float* bias, float* c, int m, int k, int n, int j0, int count, bool relu)
    {
        if (bias != null) bias += j0;
        float* w = b + (nint)j0 * k;
        for (int i = 0; i < m; i++) GemmGemv.Rows(variant, k, w, a + (nint)i * k, bias, c + (nint)i * n + j0, count, relu);
    }

    /// <summary>Output columns [j0, j0 + count) of a forward product with more rows than columns, as dot products.</summary>
    private static void DotColumns(in GemmArgs g, int j0, int count)
    {
        float* bias = g.Bias == null ? null : g.Bias + j0;
        float* w = g.B + (nint)j0 * g.K;
        float* y = g.C + j0;
        int m = g.M, k = g.K, n = g.N;
        switch (g.Variant)
        {
            case GemmVariant.Vector512: GemmSmall.ForwardDots<GemmLane512>(g.A, w, bias, y, m, k, count, n); break;
            case GemmVariant.Vector256: GemmSmall.ForwardDots<GemmLane256>(g.A, w, bias, y, m, k, count, n); break;
            case GemmVariant.Vector128: GemmSmall.ForwardDots<GemmLane128>(g.A, w, bias, y, m, k, count, n); break;
            default: GemmSmall.ForwardDots<GemmLaneScalar>(g.A, w, bias, y, m, k, count, n); break;
        }
    }

    /// <summary>Output columns [j0, j0 + count) of the forward product.</summary>
    private static void ForwardColumns(in GemmArgs g, int j0, int count) => ForwardBlock(g, 0, g.M, j0, count);

    /// <summary>
    /// Forward products with at least this many rows split by rows instead (each thread copies all of Wᵀ, 800 KB for
    /// mnist's first layer): the next layer then reads, on each core, the rows that core wrote; split by columns, every
    /// row of a layer's output is half on each core. infer-mnist-b1024 on 2 threads, eight alternating rounds in one
    /// process (<c>NETGEN_TOGGLE=rowsplit:512</c>): +3.5 % and +3.2 %; from 256 rows train-mnist-b256 lost 2.6 %. One
    /// range per thread: four gave +4 % once and −6 %, −7 % in the next two runs.
    /// </summary>
    internal static int ForwardRowSplitMinRows = 512;

    /// <summary>
    /// The row split on two threads, balanced as it runs: for each block of Wᵀ (each thread copies its own), the caller
    /// takes chunks of <see cref="BalancedChunkRows"/> rows from the top and the worker from the bottom until they
    /// meet, so the faster core computes more rows and each core still writes (nearly) the same rows in every block,
    /// where it reads them in the next layer. With a fixed half each, the caller's tiles took 10 % longer than the
    /// worker's on the same work (perf, infer-mnist-b1024: the worker idle 11 % of its time; balanced, 1 %), and in
    /// this VM's phases where one vCPU is held back, two threads ran no faster than one. infer-mnist-b1024 on 2 threads,
    /// eight alternating rounds in one process (<c>NETGEN_TOGGLE=balanced</c>): in normal phases 0.98–1.04 (32-row
    /// chunks) and 0.99 (64); in held-back phases +39 % and +37 %, +40 % (64 and 128 rows). Each chunk claim moves a
    /// cache line between the cores, hence 64 rows. Each row is computed by the same tiles whichever thread takes it,
    /// so the result does not change. Two threads only (more take the fixed split).
    /// </summary>
    private static bool TryForwardRowsBalanced(in GemmArgs g)
    {
        if (!BalancedRows || WorkerPool.MaxThreads != 2 || PackColumns <= 0) return false;
        int blocks = (g.N + PackColumns - 1) / PackColumns;
        if (blocks > MaxBalancedBlocks) return false;
        int* claimed = stackalloc int[blocks];
        for (int b = 0; b < blocks; b++) claimed[b] = 0;
        var context = new BalancedContext { G = g, Claimed = claimed, Chunks = (g.M + BalancedChunkRows - 1) / BalancedChunkRows };
        return WorkerPool.TryRun(&context, 2, minPerThread: 1, granularity: 1, &ForwardRowsBalanced, chunksPerThread: 1);
    }

    /// <summary>Rows per chunk of the balanced row split (a multiple of every tile's height).</summary>
    internal const int BalancedChunkRows = 64;

    private const int MaxBalancedBlocks = 256;

    /// <summary>Whether two-thread row splits balance as they run (<see cref="TryForwardRowsBalanced"/>); a tuning switch.</summary>
    internal static bool BalancedRows = true;

    private struct BalancedContext
    {
        public GemmArgs G;
        public int* Claimed; // chunks taken so far in each block of Wᵀ, by both threads
        public int Chunks;
    }

    /// <summary>Part 0 (the caller) takes each block's chunks from the top, part 1 from the bottom.</summary>
    private static void ForwardRowsBalanced(void* context, int part, int count)
    {
        ref BalancedContext r = ref *(BalancedContext*)context;
        ref GemmArgs g = ref r.G;
        int k = g.K, n = g.N, m = g.M, chunks = r.Chunks;
        GemmScratch scratch = GemmScratch.ForCurrentThread((nint)k * Math.Min(PackColumns, n), 0);
        for (int j = 0, block = 0; j < n; j += PackColumns, block++)
        {
            int nb = Math.Min(PackColumns, n - j);
            GemmDriver.PackB(g.B + (nint)j * k, 1, k, k, nb, nb, scratch.A);
            // Claims of both threads together never exceed the chunks, and each takes them from its own end.
            for (int mine = 0; Interlocked.Increment(ref r.Claimed[block]) <= chunks; mine++)
            {
                int chunk = part == 0 ? mine : chunks - 1 - mine;
                int i0 = chunk * BalancedChunkRows;
                BlockTiles(g, scratch.A, i0, Math.Min(BalancedChunkRows, m - i0), j, nb);
            }
        }
    }

    /// <summary>Rows [start, start + count) of the forward product, all its columns (each thread copies all of Wᵀ).</summary>
    private static void ForwardRows(in GemmArgs g, int start, int count) => ForwardBlock(g, start, count, 0, g.N);

    /// <summary>
    /// Rows [i0, i0 + rows) x columns [j0, j0 + cols) of the forward product. Wᵀ is copied <see cref="PackColumns"/>
    /// columns at a time, each block just before the tiles use it, so it is still in L2 when they read it (a whole
    /// Wᵀ of 784 x 256, 800 KB next to W itself, went out to L3 and came back).
    /// </summary>
    private static void ForwardBlock(in GemmArgs g, int i0, int rows, int j0, int cols)
    {
        int k = g.K, n = g.N;
        int block = PackColumns > 0 ? PackColumns : cols;
        GemmScratch scratch = GemmScratch.ForCurrentThread((nint)k * Math.Min(block, cols), 0);
        for (int j = j0; j < j0 + cols; j += block)
        {
            int nb = Math.Min(block, j0 + cols - j);
            GemmDriver.PackB(g.B + (nint)j * k, 1, k, k, nb, nb, scratch.A);
            BlockTiles(g, scratch.A, i0, rows, j, nb);
        }
    }

    /// <summary>Rows [i0, i0 + rows) x columns [j, j + nb) of the forward product from those columns of Wᵀ, packed [k][nb].</summary>
    private static void BlockTiles(in GemmArgs g, float* packed, int i0, int rows, int j, int nb)
    {
        int k = g.K, n = g.N;
        BroadcastBody(g.Variant, rows, nb, k, g.A + (nint)i0 * k, k, 1, packed, nb, g.C + (nint)i0 * n + j, n,
            g.Bias == null ? null : g.Bias + j, accumulate: false, g.Relu);
    }

    /// <summary>Columns of Wᵀ packed at a time by the forward product (a multiple of every strip width; 0: all at once).</summary>
    internal static int PackColumns = 32;

    /// <summary>
    /// dX[m, k] = dY[m, n]·W[n, k]: W's rows are B's rows, nothing is copied. With <paramref name="reluOutput"/>
    /// (not null, [m, k] like dX, not overlapping it), each element of dX is kept only where the ReLU output is
    /// positive: the ReLU backward of the layer below, applied as the tiles store.
    /// </summary>
    public static void BackwardInput(GemmVariant variant, float* dy, float* w, float* dx, int m, int k, int n, float* reluOutput = null)
    {
        Broadcast(variant, m, k, n, dy, n, 1, w, k, dx, k, null, accumulate: false, reluOutput == null ? 0 : (nint)(reluOutput - dx));
    }

    /// <summary>dW[n, k] += dY[m, n]ᵀ·X[m, k]: dYᵀ is read through its strides, X's rows are B's rows.</summary>
    public static void BackwardWeights(GemmVariant variant, float* dy, float* x, float* dw, int m, int k, int n)
    {
        if (k < NarrowInputs && n >= 2 * k)
        {
            // Few inputs (dW's rows are narrower than a register pair, e.g. a first layer with 20 features): compute
            // dWᵀ[k, n] = Xᵀ·dY with full-width strips along n into scratch, then add it transposed. Each element is
            // the same sum over the batch in the same order as the direct form.
            GemmScratch scratch = GemmScratch.ForCurrentThread((nint)k * n, (nint)k * n);
            float* t = scratch.A, tt = scratch.B;
            Broadcast(variant, k, n, m, x, 1, k, dy, n, t, n, null, accumulate: false);
            // dWᵀ back to dW's layout in 8 x 8 register blocks, then one contiguous add (adding through the strided
            // column one float at a time took phone's 128 x 20 weight gradient about 1 µs).
            Conv2dKernels.Transpose(t, k, n, tt);
            var dwSpan = new Span<float>(dw, n * k);
            System.Numerics.Tensors.TensorPrimitives.Add(dwSpan, new ReadOnlySpan<float>(tt, n * k), dwSpan);
            return;
        }
        Broadcast(variant, n, k, m, dy, 1, n, x, k, dw, k, null, accumulate: true);
    }

    /// <summary>
    /// Weight gradients of layers with fewer inputs than this go through the transposed product (measured: phone's
    /// 64 x 20 -> 128 dW took 7.6 µs with a 16- and a 4-wide strip).
    /// </summary>
    internal const int NarrowInputs = 24;

    /// <summary>Splits large products by rows of C over <see cref="WorkerPool"/>'s workers (B is shared, read in place).</summary>
    private static void Broadcast(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, nint maskOffset = 0)
    {
        var args = new GemmArgs
        {
            Variant = variant, M = M, N = N, K = K, A = a, Ars = ars, Acs = acs, B = b, Brs = ldb, Bcs = 1,
            C = c, Ldc = ldc, Bias = bias, Accumulate = accumulate, MaskOffset = maskOffset,
        };
        if (!WorkerPool.TryRun(args, M, minPerThread: 16, granularity: 4, &BroadcastRows, chunksPerThread: 2))
            BroadcastRows(args, 0, M);
    }

    private static void BroadcastRows(in GemmArgs g, int start, int count) =>
        BroadcastBody(g.Variant, count, g.N, g.K, g.A + start * g.Ars, g.Ars, g.Acs, g.B, g.Brs, g.C + start * g.Ldc, g.Ldc, g.Bias, g.Accumulate, relu: false, g.MaskOffset);

    private static void BroadcastBody(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate, bool relu, nint maskOffset = 0)
    {
        switch (variant)
        {
            case GemmVariant.Vector512: GemmSmall.Broadcast<GemmLane512>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate, relu, maskOffset); break;
            case GemmVariant.Vector256: GemmSmall.Broadcast<GemmLane256>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate, relu, maskOffset); break;
            case GemmVariant.Vector128: GemmSmall.Broadcast<GemmLane128>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate, relu, maskOffset); break;
            default: GemmSmall.Broadcast<GemmLaneScalar>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate, relu, maskOffset); break;
        }
    }
}
