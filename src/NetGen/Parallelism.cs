using NetGen.Kernels;

namespace NetGen;

/// <summary>
/// How many threads NetGen's kernels use. Large matrix products (from about 2 M multiply-adds; one-sample layers from
/// 64 K), optimizer updates of large networks and gradient clearing are split over a persistent pool of worker threads;
/// results are bit-identical for any thread count.
/// </summary>
/// <remarks>Thread safety: a process-wide setting; safe to read and set from any thread, and each operation reads it once
/// when it starts.</remarks>
public static class Parallelism
{
    /// <summary>
    /// Threads one operation may use, the caller's included (default: <see cref="System.Environment.ProcessorCount"/>;
    /// 1 runs everything on the calling thread).
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxThreads
    {
        get => WorkerPool.MaxThreads;
        set => WorkerPool.MaxThreads = value;
    }
}
