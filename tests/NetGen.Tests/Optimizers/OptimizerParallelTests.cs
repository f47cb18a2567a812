using System;
using NetGen;
using NetGen.Kernels;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Long parameter runs are updated by several threads (ParameterUpdateDriver over WorkerPool's workers). The update
/// is element-wise, so any thread count must give the same parameters and state bit for bit, including the tail that
/// is not a whole vector, and each range must be updated exactly once.
/// </summary>
public class OptimizerParallelTests
{
    // Above the split threshold, not a multiple of any vector width or of the 64-float range granularity.
    private const int Count = 2 * ParameterUpdateDriver.MinElementsPerThread + 12_345;

    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd-momentum")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    public void SplitUpdateIsBitIdenticalToOneThread(string kind)
    {
        float[] one = Train(kind, threads: 1), two = Train(kind, threads: 2), three = Train(kind, threads: 3);
        Assert.Equal(one, two);
        Assert.Equal(one, three);
    }

    [Fact]
    public void SGDStepUpdatesEveryElementOnceWhenSplit()
    {
        // θ = 1, g = i mod 7, lr = 0.5: θ' = 1 − 0.5·(i mod 7) exactly, for every element including the tail.
        var values = new float[Count];
        Array.Fill(values, 1f);
        ParameterBuffer buffer = TestSupport.Weights(values);
        for (int i = 0; i < Count; i++) buffer.Gradients[i] = i % 7;
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = 2;
        try
        {
            new SGD(buffer, 0.5).Step();
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
        for (int i = 0; i < Count; i++) Assert.Equal(1f - 0.5f * (i % 7), buffer.Values[i]);
    }

    [Fact]
    public void SplitStepAllocatesNothingAfterWarmUp()
    {
        ParameterBuffer buffer = TestSupport.Weights(new float[Count]);
        var optimizer = new Adam(buffer, 1e-3);
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = 2;
        try
        {
            Assert.Equal(0, AllocationMeter.BytesPerLoop(optimizer.Step, times: 10));
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
    }

    private static float[] Train(string kind, int threads)
    {
        var random = new Random(42);
        var values = new float[Count];
        for (int i = 0; i < Count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        ParameterBuffer buffer = TestSupport.Buffer(values,
            ("a.weight", new[] { Count - 1000 }, ParameterRole.Weight), ("a.bias", new[] { 1000 }, ParameterRole.Bias));
        Optimizer optimizer = kind switch
        {
            "sgd" => new SGD(buffer, 0.1, weightDecay: 0.01),
            "sgd-momentum" => new SGD(buffer, 0.1, momentum: 0.9, nesterov: true),
            "adam" => new Adam(buffer, 1e-2, weightDecay: 0.01),
            "adamw" => new AdamW(buffer, 1e-2),
            "rmsprop" => new RMSprop(buffer, 1e-2, momentum: 0.5, centered: true),
            _ => new Adagrad(buffer, 0.1),
        };
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = threads;
        try
        {
            for (int step = 0; step < 3; step++)
            {
                for (int i = 0; i < Count; i++) buffer.Gradients[i] = (float)Math.Sin(0.001 * i * (step + 1));
                optimizer.Step();
            }
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
        return buffer.Values.ToArray();
    }
}
