using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>ZeroGrad's clear is split over the workers for long buffers: every element, and only the buffer, is zeroed.</summary>
public class ParallelClearTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2 * ParallelClear.MinFloatsPerThread - 1)]
    [InlineData(2 * ParallelClear.MinFloatsPerThread + 7)]
    [InlineData(5 * ParallelClear.MinFloatsPerThread + 13)]
    public void ClearsEveryElementAndNothingBeyond(int length)
    {
        var array = new float[length + 2];
        Array.Fill(array, 1.5f);
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = 2;
        try
        {
            ParallelClear.Clear(array.AsSpan(1, length));
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
        Assert.Equal(1.5f, array[0]);
        Assert.Equal(1.5f, array[length + 1]);
        for (int i = 1; i <= length; i++) Assert.Equal(0f, array[i]);
    }

    [Fact]
    public void SplitClearAllocatesNothingAfterWarmUp()
    {
        var array = new float[4 * ParallelClear.MinFloatsPerThread];
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = 2;
        try
        {
            Assert.Equal(0, AllocationMeter.BytesPerLoop(() => ParallelClear.Clear(array), times: 10));
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
    }
}
