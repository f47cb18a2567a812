using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// Long element-wise passes (activations and their backward) and the max-pool backward scatter are split over the
/// worker threads: on two threads they must give the one-thread result bit for bit, in place too, and the scatter the
/// plain loop's result.
/// </summary>
public sealed class ParallelPassTests
{
    private const int Length = 200_003; // above the split threshold, not a multiple of any vector width

    private static T OnThreads<T>(int threads, Func<T> run)
    {
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = threads;
        try { return run(); }
        finally { WorkerPool.MaxThreads = saved; }
    }

    private static float[] Values(int seed, int length)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 8 - 4);
        return values;
    }

    [Fact]
    public void Activations_and_their_gradients_are_the_same_on_two_threads()
    {
        float[] x = Values(1, Length), dy = Values(2, Length);
        float[][] Run()
        {
            float[] relu = new float[Length], tanh = new float[Length], dRelu = new float[Length], dTanh = new float[Length];
            ActivationKernels.Relu(x, relu);
            ActivationKernels.Tanh(x, tanh);
            ActivationKernels.ReluBackward(x, relu, dy, dRelu);
            ActivationKernels.TanhBackward(x, tanh, dy, dTanh);
            float[] inPlace = (float[])x.Clone();
            ActivationKernels.Relu(inPlace, inPlace);
            return new[] { relu, tanh, dRelu, dTanh, inPlace };
        }
        float[][] one = OnThreads(1, Run), two = OnThreads(2, Run);
        for (int k = 0; k < one.Length; k++) Assert.Equal(one[k], two[k]);
        for (int i = 0; i < Length; i++)
        {
            Assert.Equal(x[i] <= 0f ? 0f : x[i], two[0][i]);
            Assert.Equal(two[0][i], two[4][i]);
        }
    }

    [Fact]
    public void Max_pool_backward_is_the_plain_scatter_on_two_threads()
    {
        const int batch = 64, channels = 16, side = 24, half = 12;
        float[] x = Values(3, batch * channels * side * side), y = new float[batch * channels * half * half], indices = new float[y.Length];
        PoolingKernels.MaxPool2dForward(x, y, indices, batch, channels, side, side, half, half, 2, 2, 2, 2, 0, 0, 1, 1);
        float[] dy = Values(4, y.Length);
        var expected = new float[x.Length];
        int[] at = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(indices.AsSpan()).ToArray();
        for (int o = 0; o < dy.Length; o++) expected[o / (half * half) * side * side + at[o]] += dy[o];
        float[] Run()
        {
            var dx = new float[x.Length];
            Array.Fill(dx, float.NaN);
            PoolingKernels.MaxPool2dBackward(indices, dy, dx, batch, channels, side, side, half, half);
            return dx;
        }
        Assert.Equal(expected, OnThreads(1, Run));
        Assert.Equal(expected, OnThreads(2, Run));
    }
}
