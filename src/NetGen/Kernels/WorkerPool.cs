using System;
using System.Threading;

namespace NetGen.Kernels;

/// <summary>
/// The worker pool: splits a large matrix product (or an element-wise pass: optimizer updates, clearing gradients) over
/// a persistent pool of worker threads (fork-join), by rows or columns of C. Each range is an independent product with its own
/// scratch, and every element of C is still summed in the same order as on one thread, so results are bit-identical
/// for any thread count. Ranges go to whichever thread asks next (the caller included), so on a busy VM a worker that
/// starts late takes fewer of them instead of holding the caller up. Small products run on the caller's thread.
/// </summary>
/// <remarks>Thread safety: safe from any number of threads. One split owns the worker pool at a time; a product started on
/// another thread meanwhile runs on that thread alone, with the same result. <see cref="MaxThreads"/> (set by users
/// through <see cref="Parallelism.MaxThreads"/>) is a process-wide setting, read at the start of each product.</remarks>
internal static unsafe class WorkerPool
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// Threads a large product may use, the caller's included (default: the processor count; 1 = never split).
    /// </summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, $"Parallelism.MaxThreads must be at least 1, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            s_maxThreads = value;
        }
    }

    /// <summary>Products below this many multiply-adds (M·N·K) stay on the caller's thread.</summary>
    internal static long MinParallelWork = 1L << 21;

    /// <summary>
    /// Runs <paramref name="body"/> on ranges of [0, <paramref name="extent"/>) in parallel when the product is large
    /// enough (each range at least <paramref name="minPerThread"/> long, a multiple of <paramref name="granularity"/>
    /// except the last); returns false when the caller should run it alone. What the range indexes (rows of C,
    /// columns of C) is the body's business: it receives (args, start, count). <paramref name="minWork"/> overrides
    /// <see cref="MinParallelWork"/> for bodies whose split pays earlier.
    /// </summary>
    internal static bool TryRun(in GemmArgs args, int extent, int minPerThread, int granularity, delegate*<in GemmArgs, int, int, void> body,
        long minWork = -1, int chunksPerThread = 1)
    {
        int threads = Math.Min(s_maxThreads, Math.Max(1, extent / minPerThread));
        if (threads < 2 || (long)args.M * args.N * args.K < (minWork < 0 ? MinParallelWork : minWork)) return false;
        return TrySplit(new Job { Body = body, Args = args }, threads, extent, granularity, chunksPerThread);
    }

    private static int s_busy;

    // The split in progress (one at a time: whoever holds s_busy): with more ranges than participants they are handed out
    // in order to whichever thread asks first, so a worker that a busy VM has not scheduled yet does not hold up the
    // caller; with one range each, each participant runs its own (StaticRanges).
    private static int s_nextChunk, s_chunkCount, s_chunkSize, s_extent;

    /// <summary>
    /// Splits [0, extent) into about threads·chunksPerThread ranges (multiples of granularity but the last) and runs them
    /// on the caller and threads − 1 workers, each taking the next range until none is left (one range each: its own).
    /// </summary>
    private static bool TrySplit(Job job, int threads, int extent, int granularity, int chunksPerThread)
    {
        // One split at a time owns the workers; a split on another thread meanwhile runs on its own thread.
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0) return false;
        try
        {
            int chunks = threads * Math.Max(1, chunksPerThread);
            int size = (extent + chunks - 1) / chunks;
            size = (size + granularity - 1) / granularity * granularity;
            s_chunkSize = size;
            s_extent = extent;
            s_chunkCount = (extent + size - 1) / size;
            s_nextChunk = 0;
            Pool pool = Pool.Get(threads - 1);
            int helpers = Math.Min(threads - 1, s_chunkCount - 1);
            s_fixed = StaticRanges && s_chunkCount == helpers + 1;
            for (int w = 0; w < helpers; w++) pool.Start(w, job); // Start's full fence publishes the chunk fields
            RunChunks(job, 0);
            for (int w = 0; w < helpers; w++) pool.Wait(w);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
        return true;
    }

    /// <summary>
    /// When a split has exactly one range per participant, the caller runs range 0 and worker w range w + 1, every time
    /// (otherwise each takes the next free range, and a late worker's range went to the caller). Fixed ranges keep a
    /// core's share of the weights in its own L2 from one call to the next (one-sample layers) and each core's rows of
    /// one layer's output where the next layer reads them. infer-mnist-b1 on 2 threads, eight alternating rounds in
    /// one process (<c>NETGEN_TOGGLE=static</c>), four runs: +9.4, +1.4, +6.7, +7.9 %; train-mnist, cnn and
    /// infer-mnist-b1024 within ±1 % or better. The price: a worker the VM has not scheduled holds up the caller.
    /// </summary>
    internal static bool StaticRanges = true;

    /// <summary>Whether the split in progress runs with fixed ranges (<see cref="StaticRanges"/>).</summary>
    private static bool s_fixed;

    private static void RunChunks(in Job job, int participant)
    {
        int count = s_chunkCount, size = s_chunkSize, extent = s_extent;
        if (s_fixed)
        {
            int first = participant * size;
            job.Run(first, Math.Min(size, extent - first));
            return;
        }
        for (int c = Interlocked.Increment(ref s_nextChunk) - 1; c < count; c = Interlocked.Increment(ref s_nextChunk) - 1)
        {
            int start = c * size;
            job.Run(start, Math.Min(size, extent - start));
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(context, start, count) on ranges of [0, <paramref name="extent"/>) in parallel when
    /// the extent allows at least two ranges of <paramref name="minPerThread"/> (element-wise passes such as optimizer
    /// updates: ranges are multiples of <paramref name="granularity"/> except the last); returns false when the caller
    /// should run it alone. <paramref name="context"/> must stay valid until this returns (a pointer to a local is).
    /// </summary>
    internal static bool TryRun(void* context, int extent, int minPerThread, int granularity, delegate*<void*, int, int, void> body,
        int chunksPerThread = 4)
    {
        int threads = Math.Min(s_maxThreads, Math.Max(1, extent / minPerThread));
        if (threads < 2) return false;
        return TrySplit(new Job { RawBody = body, Context = context }, threads, extent, granularity, chunksPerThread);
    }

    private struct Job
    {
        public delegate*<in GemmArgs, int, int, void> Body;
        public GemmArgs Args;
        public delegate*<void*, int, int, void> RawBody;
        public void* Context;

        public readonly void Run(int start, int count)
        {
            if (RawBody != null) RawBody(Context, start, count);
            else Body(Args, start, count);
        }
    }

    /// <summary>Persistent background workers, created once and reused; no allocation per product.</summary>
    private sealed class Pool
    {
        private static Pool? s_pool;
        private static readonly object s_lock = new();
        private readonly Worker[] _workers;

        private Pool(int count)
        {
            _workers = new Worker[count];
            for (int i = 0; i < count; i++) _workers[i] = new Worker(i);
        }

        public int Count => _workers.Length;

        public static Pool Get(int workers)
        {
            Pool? pool = s_pool;
            if (pool is not null && pool.Count >= workers) return pool;
            lock (s_lock)
            {
                if (s_pool is null || s_pool.Count < workers) s_pool = new Pool(workers);
                return s_pool;
            }
        }

        public void Start(int index, Job job) => _workers[index].Start(job);

        public void Wait(int index) => _workers[index].Wait();
    }

    /// <summary>
    /// One background thread. Products arrive in bursts (a training step runs several back to back), and waking a
    /// blocked thread costs tens of microseconds on a VM, so an idle worker spins for <see cref="SpinTime"/>
    /// before it blocks (as OpenMP runtimes do); the caller spins while it waits for the worker to finish.
    /// </summary>
    private sealed class Worker
    {
        /// <summary>How long an idle worker polls for the next job before it blocks.</summary>
        private static readonly long SpinTime = System.Diagnostics.Stopwatch.Frequency / 1000; // 1 ms

        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private Job _job;
        // The two sequence numbers each sit alone on a cache line: one side polls each, and the caller's writes of the
        // job (and the worker's reads of it) must not land on the line being polled.
        private PaddedInt _startedLine;  // sequence number of the last job handed over
        private PaddedInt _finishedLine; // sequence number of the last job completed
        private int _sleeping;  // 1 while the worker is (about to be) blocked on _wake

        private readonly int _index;

        public Worker(int index)
        {
            _index = index;
            var thread = new Thread(Loop) { IsBackground = true, Name = "NetGen GEMM worker " + index };
            thread.Start();
        }

        public void Start(Job job)
        {
            _job = job;
            Interlocked.Increment(ref _startedLine.Value); // full fence: publishes the job before the sequence number
            if (Volatile.Read(ref _sleeping) != 0) _wake.Set();
        }

        public void Wait()
        {
            int target = Volatile.Read(ref _startedLine.Value);
            int steps = 0;
            while (Volatile.Read(ref _finishedLine.Value) != target) SpinPause.Step(ref steps);
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTime;
                int spins = 0;
                while (Volatile.Read(ref _startedLine.Value) == seen)
                {
                    // Yield now and then: other runnable threads (the JIT's tier-up compiles, the GC) get this core.
                    SpinPause.Step(ref spins);
                    if ((spins & 1023) != 0 || System.Diagnostics.Stopwatch.GetTimestamp() < deadline) continue;
                    Interlocked.Exchange(ref _sleeping, 1); // full fence, pairs with the one in Start
                    if (Volatile.Read(ref _startedLine.Value) == seen) _wake.Wait();
                    _wake.Reset();
                    Volatile.Write(ref _sleeping, 0);
                    deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTime;
                }
                seen = Volatile.Read(ref _startedLine.Value);
                RunChunks(_job, _index + 1);
                Volatile.Write(ref _finishedLine.Value, seen);
            }
        }
    }
}

/// <summary>An int with a cache line of padding on either side (a 128-byte struct, the value in its middle).</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 128)]
internal struct PaddedInt
{
    [System.Runtime.InteropServices.FieldOffset(64)] public int Value;
}

/// <summary>
/// The operands of one product C[M, N] (=|+=) A·B (+ bias): A(i, p) = A[i·Ars + p·Acs], B(p, j) = B[p·Brs + j·Bcs],
/// C(i, j) = C[i·Ldc + j]. Passed by reference to the split bodies.
/// </summary>
internal unsafe struct GemmArgs
{
    public GemmVariant Variant;
    public int M, N, K;
    public float* A, B, C, Bias;
    public nint Ars, Acs, Brs, Bcs, Ldc;
    public bool Accumulate;
    /// <summary>Apply ReLU to C in the kernel's epilogue (one-sample forward products only).</summary>
    public bool Relu;
    /// <summary>0, or the distance from C to a ReLU output laid out like C that masks what is stored (fused ReLU backward).</summary>
    public nint MaskOffset;
}
