using System;
using System.Threading;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Large products split their rows (or columns) over worker threads. Each element of C is summed in the same
/// order on any thread, so the split result must equal the one-thread result bit for bit, for all three products.
/// </summary>
public class WorkerPoolTests
{
    /// <summary>
    /// Both algorithms on shapes that split each way: rows of C (many rows; the unpacked forward from 512 rows, on two
    /// threads in chunks of 64 rows claimed from both ends: 577 rows leave a chunk of one, 97 columns a Wᵀ block of one;
    /// and narrow outputs), columns of C (the packed path with fewer than 128 rows: 64 x 784 x 256 forward, 40 x 2000 x 300
    /// forward and dX), output columns (the unpacked forward below 512 rows) and one-sample rows of W (1 x 784 x 256; 1 x 300 x 250: streamed rows with two whole registers and a
    /// scalar tail after the four-register loop, and 8-, 4- and 2-row groups).
    /// </summary>
    [Theory]
    [InlineData(300, 257, 129)]
    [InlineData(1031, 67, 65)]
    [InlineData(1031, 129, 10)]
    [InlineData(577, 40, 97)]
    [InlineData(130, 513, 200)]
    [InlineData(64, 300, 130)]
    [InlineData(64, 784, 256)]
    [InlineData(40, 2000, 300)]
    [InlineData(1, 784, 256)]
    [InlineData(1, 300, 250)]
    public void SplittingOverThreadsIsBitIdentical(int m, int k, int n)
    {
        var random = new Random(m + k + n);
        float[] Fill(int length) { var a = new float[length]; for (int i = 0; i < length; i++) a[i] = (float)(random.NextDouble() * 2 - 1); return a; }
        float[] x = Fill(m * k), w = Fill(n * k), bias = Fill(n), dy = Fill(m * n), dw0 = Fill(n * k), db0 = Fill(n);

        (float[] Y, float[] Dx, float[] Dw, float[] Db) Run(GemmPath path, int threads)
        {
            int saved = WorkerPool.MaxThreads;
            WorkerPool.MaxThreads = threads;
            try
            {
                var y = new float[m * n];
                var dx = new float[m * k];
                float[] dw = (float[])dw0.Clone(), db = (float[])db0.Clone();
                Gemm.DenseForward(GemmVariants.Best, path, x, w, bias, y, m, k, n);
                Gemm.DenseBackwardInput(GemmVariants.Best, path, dy, w, dx, m, k, n);
                Gemm.DenseBackwardWeights(GemmVariants.Best, path, dy, x, dw, db, m, k, n);
                return (y, dx, dw, db);
            }
            finally
            {
                WorkerPool.MaxThreads = saved;
            }
        }

        foreach (GemmPath path in new[] { GemmPath.Packed, GemmPath.Direct, GemmPath.Auto })
        {
            var one = Run(path, 1);
            var two = Run(path, 2);
            var four = Run(path, 4);
            Assert.Equal(one.Y, two.Y);
            Assert.Equal(one.Dx, two.Dx);
            Assert.Equal(one.Dw, two.Dw);
            Assert.Equal(one.Db, two.Db);
            Assert.Equal(one.Y, four.Y);
            Assert.Equal(one.Dx, four.Dx);
            Assert.Equal(one.Dw, four.Dw);
        }
    }

    /// <summary>
    /// With one range per participant, the caller runs the first and the worker the second, every call, even when the
    /// worker has to be woken first (it would otherwise be late, and the caller took both): a core keeps its own share of
    /// a layer from call to call.
    /// </summary>
    [Fact]
    public unsafe void OneRangePerThread_TheCallerRunsTheFirstAndAWorkerTheSecond()
    {
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = 2;
        try
        {
            int* ids = stackalloc int[2];
            for (int round = 0; round < 50; round++)
            {
                if (round % 10 == 0) Thread.Sleep(5); // let the worker go to sleep now and then
                ids[0] = ids[1] = 0;
                // Tests in other classes run products at the same time: while one of them holds the workers (or has
                // set one thread), TryRun declines; try again.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                bool ran;
                while (!(ran = WorkerPool.TryRun(ids, 2, minPerThread: 1, granularity: 1, &RecordThread, chunksPerThread: 1))
                       && clock.Elapsed.TotalSeconds < 10)
                {
                    WorkerPool.MaxThreads = 2;
                    Thread.Yield();
                }
                Assert.True(ran, "the workers stayed busy for 10 s");
                Assert.Equal(Environment.CurrentManagedThreadId, ids[0]);
                Assert.NotEqual(0, ids[1]);
                Assert.NotEqual(ids[0], ids[1]);
            }
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
    }

    private static unsafe void RecordThread(void* context, int start, int count)
    {
        for (int i = start; i < start + count; i++) ((int*)context)[i] = Environment.CurrentManagedThreadId;
    }

    [Fact]
    public void ParallelProductsAllocateNothingAfterWarmUp()
    {
        const int m = 512, k = 256, n = 256;
        var x = new float[m * k];
        var w = new float[n * k];
        var y = new float[m * n];
        for (int i = 0; i < x.Length; i++) x[i] = i % 7 - 3;
        for (int i = 0; i < w.Length; i++) w[i] = i % 5 - 2;
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => Gemm.DenseForward(x, w, ReadOnlySpan<float>.Empty, y, m, k, n), times: 10));
    }

    [Fact]
    public void MaxThreadsRejectsZero()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => WorkerPool.MaxThreads = 0);
        Assert.Equal("value", ex.ParamName);
    }
}
