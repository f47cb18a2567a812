using System;
using System.Linq;
using NetGen;
using Xunit;

namespace NetGen.Tests.Networks;

/// <summary>
/// ForwardNoGrad (PyTorch's torch.no_grad()): the same outputs as Forward in either mode, the input read in place, and
/// nothing kept for Backward, which must then ask for a Forward and leave the gradients as they were.
/// </summary>
public class ForwardNoGradTests
{
    private static float[] Inputs(int count, int seed) => RandomInputs.Create(count, seed);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(64)]
    public void DenseNetwork_MatchesForwardBitForBit(int batch)
    {
        var net = new PhoneShapedNet();
        float[] x = Inputs(batch * PhoneShapedNet.InputSize, batch);
        float[] copy = (float[])x.Clone();
        var expected = new float[batch * PhoneShapedNet.OutputSize];
        var actual = new float[expected.Length];
        net.Forward(x, expected, batch);
        net.ForwardNoGrad(x, actual, batch);
        Assert.Equal(expected, actual);
        Assert.Equal(copy, x); // the input is read, never written
    }

    /// <summary>
    /// ForwardNoGrad runs consecutive ReLU Dense layers as one pair call, which for one sample on several threads
    /// splits both layers' rows with a barrier between them: still Forward's result bit for bit, on any thread count.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 2)]
    public void PairedDenseLayers_MatchForwardBitForBit_OnAnyThreadCount(int batch, int threads)
    {
        int saved = NetGen.Kernels.WorkerPool.MaxThreads;
        NetGen.Kernels.WorkerPool.MaxThreads = threads;
        try
        {
            // Two networks with the same seed: the inference one never ran a Forward whose activations it could reuse.
            var training = new MnistShapedNet();
            var inference = new MnistShapedNet();
            var expected = new float[batch * MnistShapedNet.OutputSize];
            var actual = new float[expected.Length];
            for (int repeat = 0; repeat < 3; repeat++)
            {
                float[] x = Inputs(batch * MnistShapedNet.InputSize, batch * 10 + repeat);
                inference.ForwardNoGrad(x, actual, batch);
                training.Forward(x, expected, batch);
                Assert.Equal(expected, actual);
            }
        }
        finally
        {
            NetGen.Kernels.WorkerPool.MaxThreads = saved;
        }
    }

    /// <summary>
    /// A network of small dense layers runs one sample through all of them in one DenseChain call (ForwardNoGrad and an
    /// inference context alike), batches through the per-layer calls: Forward's result bit for bit either way.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    public void OneSampleChain_MatchesForwardBitForBit_OnAnyThreadCount(int batch, int threads)
    {
        // The network does take the chain (the generator declares it only for networks that qualify).
        Assert.NotNull(typeof(OddChainNet).GetField("s_oneSampleChain", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static));
        int saved = NetGen.Kernels.WorkerPool.MaxThreads;
        NetGen.Kernels.WorkerPool.MaxThreads = threads;
        try
        {
            var training = new OddChainNet();
            var inference = new OddChainNet();
            var context = inference.CreateInferenceContext();
            var expected = new float[batch * OddChainNet.OutputSize];
            var actual = new float[expected.Length];
            var fromContext = new float[expected.Length];
            for (int repeat = 0; repeat < 3; repeat++)
            {
                float[] x = Inputs(batch * OddChainNet.InputSize, batch * 10 + repeat);
                training.Forward(x, expected, batch);
                inference.ForwardNoGrad(x, actual, batch);
                context.Forward(x, fromContext, batch);
                Assert.Equal(expected, actual);
                Assert.Equal(expected, fromContext);
            }
        }
        finally
        {
            NetGen.Kernels.WorkerPool.MaxThreads = saved;
        }
    }

    /// <summary>
    /// An output lying over the input works at batch 1 (the chain) as at batch 2 (the no-grad core): both read all of the
    /// input in their first layer, before the last layer writes.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void OneSampleChain_OutputOverTheInput_GivesTheSeparateBuffersResult(int batch)
    {
        var net = new OddChainNet();
        float[] x = Inputs(batch * OddChainNet.InputSize, 40 + batch);
        var expected = new float[batch * OddChainNet.OutputSize];
        net.ForwardNoGrad(x, expected, batch);
        float[] shared = (float[])x.Clone();
        Span<float> output = shared.AsSpan(3, expected.Length);
        net.ForwardNoGrad(shared, output, batch);
        Assert.Equal(expected, output.ToArray());
    }

    [Fact]
    public void ActivationFirstNetwork_MatchesForward()
    {
        var net = new ActivationFirstNet();
        float[] x = Inputs(3 * ActivationFirstNet.InputSize, 3);
        var expected = new float[3 * ActivationFirstNet.OutputSize];
        var actual = new float[expected.Length];
        net.Forward(x, expected, 3);
        ((INetwork)net).ForwardNoGrad(x, actual, 3);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryLayer_MatchesForwardInBothModes(bool training)
    {
        // Two identical networks, so the running statistics and random masks advance the same way in both.
        var a = new EveryLayerNet { IsTraining = training };
        var b = new EveryLayerNet { IsTraining = training };
        a.SeedRandom(11);
        b.SeedRandom(11);
        float[] x = Inputs(9 * EveryLayerNet.InputSize, 9);
        var expected = new float[9 * EveryLayerNet.OutputSize];
        var actual = new float[expected.Length];
        for (int step = 0; step < 3; step++)
        {
            a.Forward(x, expected, 9);
            b.ForwardNoGrad(x, actual, 9);
            Assert.Equal(expected, actual);
        }
        Assert.Equal(a.Buffers.Values.ToArray(), b.Buffers.Values.ToArray()); // BatchNorm running statistics
    }

    [Fact]
    public void BackwardAfterForwardNoGrad_Throws_AndLeavesGradientsUnchanged()
    {
        var net = new PhoneShapedNet();
        float[] x = Inputs(4 * PhoneShapedNet.InputSize, 4);
        var y = new float[4 * PhoneShapedNet.OutputSize];
        net.Forward(x, y, 4);
        net.Backward(Enumerable.Repeat(1f, y.Length).ToArray());
        float[] gradients = net.Parameters.Gradients.ToArray();
        net.ForwardNoGrad(x, y, 4);
        var ex = Assert.Throws<InvalidOperationException>(() => net.Backward(new float[y.Length]));
        Assert.Contains("call Forward first", ex.Message);
        Assert.Equal(gradients, net.Parameters.Gradients.ToArray());
    }

    [Fact]
    public void BadArguments_ThrowLikeForward()
    {
        var net = new PhoneShapedNet();
        var ex = Assert.Throws<ArgumentException>(() => net.ForwardNoGrad(new float[19], new float[4], 1));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("19", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => net.ForwardNoGrad(new float[65 * 20], new float[65 * 4], 65));
        Assert.Equal("batchSize", ex.ParamName);
    }

    [Fact]
    public void AllocatesNothingAfterWarmUp()
    {
        var net = new PhoneShapedNet { IsTraining = false };
        float[] x = Inputs(64 * PhoneShapedNet.InputSize, 1);
        var y = new float[64 * PhoneShapedNet.OutputSize];
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => net.ForwardNoGrad(x, y, 64)));
    }

    /// <summary>
    /// A network whose convolutions feed max pools runs them fused in ForwardNoGrad (and the stride-1 ones as direct
    /// convolutions, which sum in another order than Forward's im2col): the same outputs within 1e-5 of their scale, at
    /// batch 1 and 7, on one and two threads.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(7, 2)]
    public void ConvolutionsFusedWithPools_MatchForward(int batch, int threads)
    {
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = threads;
        try
        {
            var net = new ConvPoolNet { IsTraining = false };
            float[] x = Inputs(batch * ConvPoolNet.InputSize, 40 + batch);
            var expected = new float[batch * ConvPoolNet.OutputSize];
            var actual = new float[expected.Length];
            net.Forward(x, expected, batch);
            net.ForwardNoGrad(x, actual, batch);
            double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale, $"output {i}: Forward {expected[i]}, ForwardNoGrad {actual[i]}");
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
