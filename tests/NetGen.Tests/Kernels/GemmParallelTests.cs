using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Large products split their rows over worker threads. Each element of C is summed in the same order
/// on any thread, so the split result must equal the one-thread result bit for bit, for all three products.
/// </summary>
public class GemmParallelTests
{
    [Theory]
    [InlineData(300, 257, 129)]
    [InlineData(1031, 67, 65)]
    [InlineData(130, 513, 200)]
    [InlineData(64, 300, 130)]
    [InlineData(40, 2000, 300)]
    [InlineData(1, 784, 256)]
    public void SplittingRowsOverThreadsIsBitIdentical(int m, int k, int n)
    {
        var random = new Random(m + k + n);
        float[] Fill(int length) { var a = new float[length]; for (int i = 0; i < length; i++) a[i] = (float)(random.NextDouble() * 2 - 1); return a; }
        float[] x = Fill(m * k), w = Fill(n * k), bias = Fill(n), dy = Fill(m * n), dw0 = Fill(n * k), db0 = Fill(n);

        (float[] Y, float[] Dx, float[] Dw, float[] Db) Run(int threads)
        {
            int saved = GemmParallel.MaxThreads;
            GemmParallel.MaxThreads = threads;
            try
            {
                var y = new float[m * n];
                var dx = new float[m * k];
                float[] dw = (float[])dw0.Clone(), db = (float[])db0.Clone();
                Gemm.DenseForward(x, w, bias, y, m, k, n);
                Gemm.DenseBackwardInput(dy, w, dx, m, k, n);
                Gemm.DenseBackwardWeights(dy, x, dw, db, m, k, n);
                return (y, dx, dw, db);
            }
            finally
            {
                GemmParallel.MaxThreads = saved;
            }
        }

        var one = Run(1);
        var two = Run(2);
        var four = Run(4);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        Assert.Equal(one.Db, two.Db);
        Assert.Equal(one.Y, four.Y);
        Assert.Equal(one.Dw, four.Dw);
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
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GemmParallel.MaxThreads = 0);
        Assert.Equal("value", ex.ParamName);
    }
}
