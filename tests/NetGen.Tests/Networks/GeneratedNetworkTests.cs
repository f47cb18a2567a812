using System;
using System.Collections.Generic;
using Xunit;

namespace NetGen.Tests.Networks;

/// <summary>The generated API: constants, layout and names, typed access, guards, determinism, allocation.</summary>
public class GeneratedNetworkTests
{
    [Fact]
    public void ConstantsAreTheDeclaredShapes()
    {
        Assert.Equal(20, PhoneShapedNet.InputSize);
        Assert.Equal(4, PhoneShapedNet.OutputSize);
        Assert.Equal(20 * 128 + 128 + 128 * 64 + 64 + 64 * 4 + 4, PhoneShapedNet.ParameterCount);
        Assert.Equal(128, PhoneShapedNet.LayerSizes.Hidden1Outputs);
        Assert.Equal(128 * 64 + 64, PhoneShapedNet.LayerSizes.Hidden2Parameters);
        Assert.Equal(5 * 4, AllActivationsNet.LayerSizes.L8Parameters); // no bias
        Assert.Equal(64, PhoneShapedNet.DefaultMaxBatchSize);
        Assert.Equal(PhoneShapedNet.ParameterCount, new PhoneShapedNet().Parameters.Count);
    }

    [Fact]
    public void NamedParametersFollowPyTorchNamesAndShapes()
    {
        var net = new SoftmaxNet();
        var seen = new List<string>();
        foreach (NamedParameter p in net.NamedParameters())
        {
            seen.Add(p.Name + " " + p.Info.ShapeText + " " + p.Values.Length + " " + p.Gradient.Length);
        }
        Assert.Equal(new[] { "Hidden.weight [6, 4] 24 24", "Hidden.bias [6] 6 6", "Output.weight [3, 6] 18 18", "Output.bias [3] 3 3" }, seen);
    }

    [Fact]
    public void LayerSpansAreSlicesOfTheFlatBuffers()
    {
        var net = new SoftmaxNet();
        net.Output.Weight[0] = 42f;
        Assert.Equal(42f, net.Parameters.Values[6 * 4 + 6]);
        net.Hidden.BiasGradient[5] = 3f;
        Assert.Equal(3f, net.Parameters.Gradients[6 * 4 + 5]);
        Assert.Equal(new[] { "Hidden", "Output" }, new[] { net.Layers[0].Name, net.Layers[1].Name });
        Assert.Equal(Activation.Softmax, net.Output.Activation);
    }

    [Fact]
    public void SingleSampleForwardEqualsRowOfBatch()
    {
        var net = new PhoneShapedNet();
        var random = new Random(5);
        var x = new float[3 * 20];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var batchOut = new float[3 * 4];
        net.Forward(x, batchOut, 3);
        var one = new float[4];
        net.Forward(x.AsSpan(20, 20), one);
        for (int i = 0; i < 4; i++) Assert.Equal(batchOut[4 + i], one[i], 5);
    }

    [Fact]
    public void SameSeedSameWeightsDifferentSeedDifferent()
    {
        var a = new PhoneShapedNet();
        var b = new PhoneShapedNet();
        Assert.True(a.Parameters.Values.SequenceEqual(b.Parameters.Values));
        b.InitializeParameters(43);
        Assert.False(a.Parameters.Values.SequenceEqual(b.Parameters.Values));
        b.InitializeParameters(PhoneShapedNet.DefaultSeed);
        Assert.True(a.Parameters.Values.SequenceEqual(b.Parameters.Values));
    }

    [Fact]
    public void BatchLargerThanTheWorkspaceIsRejected()
    {
        var net = new SoftmaxNet(maxBatchSize: 2);
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(new float[3 * 4], new float[3 * 3], 3));
        Assert.Equal("batchSize", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Contains("MaxBatchSize (2)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SoftmaxNet(maxBatchSize: 0));
    }

    [Fact]
    public void WrongLengthsAreRejectedWithTheNumbers()
    {
        var net = new SoftmaxNet();
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(new float[7], new float[6], 2));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("expected batchSize (2) × InputSize (4) = 8", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => net.Forward(new float[8], new float[5], 2));
        Assert.Equal("output", ex.ParamName);

        Assert.Throws<InvalidOperationException>(() => new SoftmaxNet().Backward(new float[3]));
        net.Forward(new float[8], new float[6], 2);
        ex = Assert.Throws<ArgumentException>(() => net.Backward(new float[3]));
        Assert.Equal("outputGradient", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => net.Backward(new float[6], new float[3]));
        Assert.Equal("inputGradient", ex.ParamName);
    }

    [Fact]
    public void BackwardAccumulatesUntilZeroGrad()
    {
        var net = new SoftmaxNet();
        var x = new float[] { 0.5f, -1f, 2f, 0.1f };
        var y = new float[3];
        var dy = new float[] { 1f, -2f, 0.5f };
        net.Forward(x, y);
        net.Backward(dy);
        float[] once = net.Parameters.Gradients.ToArray();
        net.Backward(dy);
        float[] twice = net.Parameters.Gradients.ToArray();
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 6);
        net.ZeroGrad();
        Assert.All(net.Parameters.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    /// <summary>
    /// The generated backward of stacked ReLU dense layers applies each ReLU's backward while the layer above stores its
    /// input gradient: every gradient must equal the layer-by-layer composition of the public kernels (product, then
    /// ReLU backward as its own pass) bit for bit, at a batch with edge rows (37) and one with ReLU zeros.
    /// </summary>
    [Fact]
    public void FusedReluBackwardEqualsTheLayerByLayerKernelsBitForBit()
    {
        foreach (int batch in new[] { 37, 64 })
        {
            var net = new PhoneShapedNet();
            var rng = new Random(batch);
            float[] x = new float[batch * 20], dy = new float[batch * 4], y = new float[batch * 4], dx = new float[batch * 20];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
            for (int i = 0; i < dy.Length; i++) dy[i] = (float)(rng.NextDouble() * 2 - 1);
            net.Forward(x, y, batch);
            net.Backward(dy, dx);

            ReadOnlySpan<float> w1 = net.Hidden1.Weight, b1 = net.Hidden1.Bias, w2 = net.Hidden2.Weight, b2 = net.Hidden2.Bias, w3 = net.Output.Weight;
            float[] h1 = new float[batch * 128], h2 = new float[batch * 64], y3 = new float[batch * 4];
            NetGen.Kernels.Gemm.DenseForwardRelu(x, w1, b1, h1, batch, 20, 128);
            NetGen.Kernels.Gemm.DenseForwardRelu(h1, w2, b2, h2, batch, 128, 64);
            NetGen.Kernels.Gemm.DenseForward(h2, w3, net.Output.Bias, y3, batch, 64, 4);
            Assert.Equal(y3, y);
            Assert.Contains(0f, h2); // some ReLU outputs are zero, so the mask matters

            float[] dw3 = new float[4 * 64], db3 = new float[4], dh2 = new float[batch * 64], dz2 = new float[batch * 64];
            float[] dw2 = new float[64 * 128], db2 = new float[64], dh1 = new float[batch * 128], dz1 = new float[batch * 128];
            float[] dw1 = new float[128 * 20], db1 = new float[128], dx0 = new float[batch * 20];
            NetGen.Kernels.Gemm.DenseBackwardWeights(dy, h2, dw3, db3, batch, 64, 4);
            NetGen.Kernels.Gemm.DenseBackwardInput(dy, w3, dh2, batch, 64, 4);
            NetGen.Kernels.ActivationKernels.ReluBackward(h2, h2, dh2, dz2);
            NetGen.Kernels.Gemm.DenseBackwardWeights(dz2, h1, dw2, db2, batch, 128, 64);
            NetGen.Kernels.Gemm.DenseBackwardInput(dz2, w2, dh1, batch, 128, 64);
            NetGen.Kernels.ActivationKernels.ReluBackward(h1, h1, dh1, dz1);
            NetGen.Kernels.Gemm.DenseBackwardWeights(dz1, x, dw1, db1, batch, 20, 128);
            NetGen.Kernels.Gemm.DenseBackwardInput(dz1, w1, dx0, batch, 20, 128);

            Assert.Equal(dw1, net.Hidden1.WeightGradient.ToArray());
            Assert.Equal(db1, net.Hidden1.BiasGradient.ToArray());
            Assert.Equal(dw2, net.Hidden2.WeightGradient.ToArray());
            Assert.Equal(db2, net.Hidden2.BiasGradient.ToArray());
            Assert.Equal(dw3, net.Output.WeightGradient.ToArray());
            Assert.Equal(db3, net.Output.BiasGradient.ToArray());
            Assert.Equal(dx0, dx);
        }
    }

    [Fact]
    public void ForwardAndBackwardAllocateNothingAfterWarmUp()
    {
        var net = new PhoneShapedNet();
        var x = new float[64 * 20];
        var y = new float[64 * 4];
        var dy = new float[64 * 4];
        var dx = new float[64 * 20];
        for (int i = 0; i < x.Length; i++) x[i] = i % 7 - 3;
        for (int i = 0; i < dy.Length; i++) dy[i] = i % 5 - 2;
        long allocated = AllocationMeter.BytesPerLoop(() =>
        {
            net.ZeroGrad();
            net.Forward(x, y, 64);
            net.Backward(dy, dx);
            net.Forward(x.AsSpan(0, 20), y.AsSpan(0, 4));
            net.Backward(dy.AsSpan(0, 4));
        }, times: 20);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ConvolutionalForwardAndBackwardAllocateNothingAfterWarmUp()
    {
        var net = new ConvStackNet();
        int inputs = ConvStackNet.InputSize, outputs = ConvStackNet.OutputSize;
        var x = new float[3 * inputs];
        var y = new float[3 * outputs];
        var dy = new float[3 * outputs];
        var dx = new float[3 * inputs];
        for (int i = 0; i < x.Length; i++) x[i] = i % 7 - 3;
        for (int i = 0; i < dy.Length; i++) dy[i] = i % 5 - 2;
        long allocated = AllocationMeter.BytesPerLoop(() =>
        {
            net.ZeroGrad();
            net.Forward(x, y, 3);
            net.Backward(dy, dx);
            net.ForwardNoGrad(x.AsSpan(0, inputs), y.AsSpan(0, outputs), 1);
        }, times: 20);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ConvolutionalShapesAreCompileTimeConstantsAndInTheSummary()
    {
        Assert.Equal(2 * 9 * 8, ConvStackNet.InputSize);
        Assert.Equal(4 * 9 * 8, ConvStackNet.LayerSizes.Conv1Outputs);
        Assert.Equal(6 * 4 * 6, ConvStackNet.LayerSizes.Conv2Outputs);
        Assert.Equal(144, ConvStackNet.LayerSizes.FlatOutputs);
        // Conv2: kernel 3×2, stride 2×1, dilation 1×2 on 9×8: ⌊(9 − 3)/2⌋ + 1 = 4, ⌊(8 − 2·1 − 1)/1⌋ + 1 = 6.
        Assert.Equal(6, ConvStackNet.LayerSizes.Conv2OutputChannels);
        Assert.Equal(4, ConvStackNet.LayerSizes.Conv2OutputHeight);
        Assert.Equal(6, ConvStackNet.LayerSizes.Conv2OutputWidth);
        Assert.Equal(4 * 2 * 3 * 3 + 4, ConvStackNet.LayerSizes.Conv1Parameters);
        var net = new ConvStackNet();
        Assert.Equal(new[] { 6, 4, 6 }, net.Conv2.OutputShape);
        Assert.Equal(new Window2d(3, 2, 2, 1, 0, 0, 1, 2, CeilMode: false), net.Conv2.Window);
        string summary = net.Summary();
        // Parameter counts by hand: 4·2·3·3 + 4, 6·4·3·2 + 6, groups of 3: 6·(6/3)·3·3 without bias, 144·5 + 5.
        Assert.Contains("Conv1 (Conv2d)  [-1, 4, 9, 8]       76\n", summary);
        Assert.Contains("Conv2 (Conv2d)  [-1, 6, 4, 6]      150\n", summary);
        Assert.Contains("Conv3 (Conv2d)  [-1, 6, 4, 6]      108\n", summary);
        Assert.Contains("Flat (Flatten)  [-1, 144]            0\n", summary);
        Assert.Contains("Total params: 1,059\n", summary);
    }
}

internal static class SpanExtensions
{
    public static bool SequenceEqual(this Span<float> a, Span<float> b) => ((ReadOnlySpan<float>)a).SequenceEqual(b);

}
