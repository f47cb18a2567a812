using System;
using System.Threading;

namespace NetGen.Kernels;

/// <summary>
/// Splits a large matrix product by rows of C over a persistent pool of worker threads (fork-join).
/// Each row range is an independent product with its own packing scratch, and every element of C is
/// still summed in the same order as on one thread, so results are bit-identical for any thread count.
/// Small products run on the caller's thread: a hand-off costs a few microseconds.
/// </summary>
public static unsafe class GemmParallel
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
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1.");
            s_maxThreads = value;
        }
    }

    /// <summary>Products below this many multiply-adds (M·N·K) stay on the caller's thread.</summary>
    internal static long MinParallelWork = 1L << 21;

    /// <summary>Fewest rows of C a thread takes on the packed path (each thread packs all of B itself).</summary>
    internal const int MinRowsPerThreadPacked = 64;

    /// <summary>Fewest rows of C a thread takes on the unpacked path (B is shared, read in place).</summary>
    internal const int MinRowsPerThreadDirect = 16;

    /// <summary>Runs the product on row ranges in parallel when it is large enough; returns false when the caller should run it alone.</summary>
    internal static bool TryRun(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint brs, nint bcs,
        float* c, nint ldc, float* bias, bool accumulate, int minRowsPerThread,
        delegate*<GemmVariant, int, int, int, float*, nint, nint, float*, nint, nint, float*, nint, float*, bool, void> body)
    {
        // On the packed path each thread packs the whole B panel itself, so a split pays only with enough rows
        // per thread (measured: splitting 64 rows of a 784x256 layer was slower than one thread).
        int threads = Math.Min(s_maxThreads, Math.Max(1, M / minRowsPerThread));
        if (threads < 2 || (long)M * N * K < MinParallelWork) return false;
        // One product at a time owns the workers; a product on another thread meanwhile runs on its own thread.
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0) return false;
        try
        {
            RunSplit(threads, variant, M, N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate, body);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
        return true;
    }

    private static int s_busy;

    private static void RunSplit(int threads, GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint brs, nint bcs,
        float* c, nint ldc, float* bias, bool accumulate,
        delegate*<GemmVariant, int, int, int, float*, nint, nint, float*, nint, nint, float*, nint, float*, bool, void> body)
    {
        Pool pool = Pool.Get(threads - 1);
        int workers = pool.Count + 1;
        // Row ranges in multiples of 12 rows, a multiple of every micro-kernel's mr (12, 6, 4), so only the last range has a partial tile.
        int chunk = (M + workers - 1) / workers;
        chunk = (chunk + 11) / 12 * 12;
        int started = 0;
        for (int w = 1; w < workers; w++)
        {
            int m0 = w * chunk;
            if (m0 >= M) break;
            int rows = Math.Min(chunk, M - m0);
            pool.Start(w - 1, new Job
            {
                Body = body, Variant = variant, M = rows, N = N, K = K, A = a + m0 * ars, Ars = ars, Acs = acs,
                B = b, Brs = brs, Bcs = bcs, C = c + m0 * ldc, Ldc = ldc, Bias = bias, Accumulate = accumulate,
            });
            started++;
        }
        body(variant, Math.Min(chunk, M), N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate);
        for (int w = 0; w < started; w++) pool.Wait(w);
    }

    private struct Job
    {
        public delegate*<GemmVariant, int, int, int, float*, nint, nint, float*, nint, nint, float*, nint, float*, bool, void> Body;
        public GemmVariant Variant;
        public int M, N, K;
        public float* A, B, C, Bias;
        public nint Ars, Acs, Brs, Bcs, Ldc;
        public bool Accumulate;

        public readonly void Run() => Body(Variant, M, N, K, A, Ars, Acs, B, Brs, Bcs, C, Ldc, Bias, Accumulate);
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

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _start = new(false, spinCount: 2000);
        private readonly ManualResetEventSlim _done = new(false, spinCount: 2000);
        private Job _job;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "NetGen GEMM worker " + index };
            thread.Start();
        }

        public void Start(Job job)
        {
            _job = job;
            _done.Reset();
            _start.Set();
        }

        public void Wait() => _done.Wait();

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                _start.Reset();
                _job.Run();
                _done.Set();
            }
        }
    }
}
