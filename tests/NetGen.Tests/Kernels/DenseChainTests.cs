using System;
using System.Collections.Generic;
using NetGen.Kernels;
using Xunit;
using static NetGen.Tests.Kernels.KernelData;

namespace NetGen.Tests.Kernels;

/// <summary>
/// DenseChain: one sample through a chain of dense layers in one call. Its result must be the one of one
/// Gemm.DenseForward(Relu) call per layer (then ActivationKernels.Tanh or Sigmoid for those layers) bit for bit, on every variant and thread count, for odd sizes, layers without
/// bias, the widest layer it holds between layers, and layers large enough to take the general (threaded) route.
/// </summary>
public class DenseChainTests
{
    private const int None = 0, Relu = 1, Tanh = 2, Sigmoid = 3;

    /// <summary>A layer of a test chain: outputs, whether it has a bias, its activation (0 none, 1 ReLU, 2 tanh, 3 sigmoid).</summary>
    private readonly record struct Layer(int Outputs, bool Bias, int Activation);

    /// <summary>
    /// Chains: the benchmark's 16-64-64-8; odd sizes around the vector widths, a layer without bias and one without
    /// activation between ReLU layers; tanh and sigmoid layers of 1, 3, 5, 17 and 33 outputs (below, at and past the
    /// vector widths); the widest layer held between layers (1024); a last layer of 64 x 2048 and a first of 300 x 300
    /// (from 64 K weights one sample's layer takes the general route, split over threads).
    /// </summary>
    private static IEnumerable<(int Inputs, Layer[] Layers)> Chains()
    {
        yield return (16, new[] { new Layer(64, true, Relu), new Layer(64, true, Relu), new Layer(8, true, None) });
        yield return (13, new[] { new Layer(17, true, Relu), new Layer(5, false, None), new Layer(33, true, Relu), new Layer(1, true, None) });
        yield return (2, new[] { new Layer(33, true, Tanh), new Layer(17, false, Sigmoid), new Layer(5, true, Tanh), new Layer(3, true, Sigmoid), new Layer(1, true, Tanh) });
        yield return (3, new[] { new Layer(DenseChain.MaxWidth, true, Relu), new Layer(7, false, Relu) });
        yield return (64, new[] { new Layer(31, true, Relu), new Layer(2048, true, Tanh) });
        yield return (300, new[] { new Layer(300, true, Sigmoid), new Layer(9, true, Relu), new Layer(15, false, None) });
        yield return (1, new[] { new Layer(1, false, Relu) });
    }

    [Theory]
    [MemberData(nameof(KernelData.Variants), MemberType = typeof(KernelData))]
    public void Chain_EqualsOneCallPerLayer_OnAnyThreadCount(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        foreach (var (inputs, layers) in Chains())
        {
            var rng = new Random(inputs * 31 + layers.Length);
            // One parameter array with the tensors at odd offsets (unaligned), a gap of 3 before each.
            var plan = new List<int>();
            int offset = 0, k = inputs;
            foreach (Layer layer in layers)
            {
                offset += 3;
                plan.Add(layer.Outputs);
                plan.Add(offset);
                offset += layer.Outputs * k;
                if (layer.Bias) { offset += 3; plan.Add(offset); offset += layer.Outputs; }
                else plan.Add(-1);
                plan.Add(layer.Activation);
                k = layer.Outputs;
            }
            float[] parameters = Random(rng, offset + 5), x = Random(rng, inputs);
            if (layers[0].Bias) parameters[plan[2]] = float.NaN; // ReLU lets NaN through, as the per-layer kernels do

            // The per-layer calls.
            float[] expected = x;
            k = inputs;
            for (int i = 0; i < layers.Length; i++)
            {
                int n = plan[4 * i], w = plan[4 * i + 1], b = plan[4 * i + 2];
                var y = new float[n];
                Gemm.DenseForward(v, GemmPath.Auto, expected, parameters.AsSpan(w, n * k), b < 0 ? ReadOnlySpan<float>.Empty : parameters.AsSpan(b, n), y, 1, k, n, plan[4 * i + 3] == Relu);
                if (plan[4 * i + 3] >= Tanh)
                {
                    // As a generated layer does: from its product (Linear) into a separate output.
                    var activated = new float[n];
                    if (plan[4 * i + 3] == Tanh) ActivationKernels.Tanh(y, activated);
                    else ActivationKernels.Sigmoid(y, activated);
                    y = activated;
                }
                expected = y;
                k = n;
            }

            var chain = new DenseChain(inputs, plan.ToArray());
            Assert.Equal(inputs, chain.Inputs);
            Assert.Equal(k, chain.Outputs);
            Assert.Equal(offset, chain.ParameterEnd);
            foreach (int threads in new[] { 1, 2, 3 })
            {
                int saved = WorkerPool.MaxThreads;
                WorkerPool.MaxThreads = threads;
                try
                {
                    float[] actual = Filled(k, 7f);
                    chain.Forward(v, parameters, x, actual);
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"{inputs} -> {string.Join(" -> ", Array.ConvertAll(layers, l => l.Outputs))}, {threads} threads");
                }
                finally
                {
                    WorkerPool.MaxThreads = saved;
                }
            }
        }
    }

    [Fact]
    public void Chain_MatchesHandComputedLayers()
    {
        // One input 0.5, weight 2, bias -1: product 0 -> tanh 0, sigmoid 0.5, ReLU 0.
        float[] single = { 2, -1 };
        float[] z = new float[1];
        new DenseChain(1, 1, 0, 1, Tanh).Forward(single, new float[] { 0.5f }, z);
        Assert.Equal(0f, z[0]);
        new DenseChain(1, 1, 0, 1, Sigmoid).Forward(single, new float[] { 0.5f }, z);
        Assert.Equal(0.5f, z[0]);

        // x = [1, 2]; W1 = [[1, -1], [2, 0.5]], b1 = [0, -4]: pre-activations [-1, -1] -> ReLU [0, 0];
        // W2 = [[3, 1]] without bias: y = 0. Without the first ReLU: y = 3·(-1) + 1·(-1) = -4.
        float[] parameters = { 1, -1, 2, 0.5f, 0, -4, 3, 1 };
        float[] y = new float[1];
        new DenseChain(2, 2, 0, 4, 1, 1, 6, -1, 0).Forward(parameters, new float[] { 1, 2 }, y);
        Assert.Equal(0f, y[0]);
        new DenseChain(2, 2, 0, 4, 0, 1, 6, -1, 0).Forward(parameters, new float[] { 1, 2 }, y);
        Assert.Equal(-4f, y[0]);
    }

    [Fact]
    public void MalformedLayerLists_Throw_NamingTheLayerAndValues()
    {
        Assert.Equal("layers", Assert.Throws<ArgumentNullException>(() => new DenseChain(2, null!)).ParamName);
        var inputs = Assert.Throws<ArgumentOutOfRangeException>(() => new DenseChain(0, 2, 0, -1, 0));
        Assert.Equal("inputs", inputs.ParamName);
        Assert.Contains("inputs (the first layer's input features) must be at least 1.", inputs.Message);
        AssertLayers("layers has 3 values; it must hold 4 per layer (outputs, weight offset, bias offset or -1, activation 0-3) for at least one layer.", 2, 2, 0, -1);
        AssertLayers("layers has 0 values; it must hold 4 per layer", 2);
        AssertLayers("Layer 1 of the chain has 0 outputs; a layer's outputs must be at least 1, and at most 1024 before the last layer.", 2, 3, 0, -1, 0, 0, 6, -1, 0);
        AssertLayers("Layer 0 of the chain has 1025 outputs; a layer's outputs must be at least 1, and at most 1024 before the last layer.", 2, 1025, 0, -1, 0, 1, 0, -1, 0);
        AssertLayers("Layer 0 of the chain has its weight at offset -2; offsets must be at least 0.", 2, 3, -2, -1, 0);
        AssertLayers("Layer 0 of the chain has its bias at offset -3; offsets must be at least 0, or -1 for no bias.", 2, 3, 0, -3, 0);
        AssertLayers("Layer 0 of the chain has activation 4; it must be 0 (none), 1 (ReLU), 2 (tanh) or 3 (sigmoid).", 2, 3, 0, -1, 4);
        AssertLayers("Layer 0 of the chain has activation -1; it must be 0 (none), 1 (ReLU), 2 (tanh) or 3 (sigmoid).", 2, 3, 0, -1, -1);
        // int.MaxValue + 1 · 2 weights.
        AssertLayers("The chain's tensors end at 2147483649, beyond the largest array.", 2, 1, int.MaxValue, -1, 0);
        // The largest (last) layer may be wider than MaxWidth.
        Assert.Equal(5000, new DenseChain(2, 5000, 0, -1, 0).Outputs);

        static void AssertLayers(string message, int inputs, params int[] layers)
        {
            var e = Assert.Throws<ArgumentException>(() => new DenseChain(inputs, layers));
            Assert.Equal("layers", e.ParamName);
            Assert.StartsWith(message, e.Message);
        }
    }

    [Fact]
    public void BadSpans_Throw_NamingArgumentAndLengths_AndLeaveTheOutputUnchanged()
    {
        // 3 -> 4 (ReLU) -> 2: weights 12 at 0, bias 4 at 12, weights 8 at 16, bias 2 at 24: parameters end at 26.
        var chain = new DenseChain(3, 4, 0, 12, 1, 2, 16, 24, 0);
        float[] parameters = new float[26], x = new float[3], y = { 9f, 9f };
        AssertSpans("parameters", "parameters has 25 values; the chain's tensors end at 26.", () => chain.Forward(new float[25], x, y));
        AssertSpans("x", "x has 4 values; the chain's first layer has 3 inputs.", () => chain.Forward(parameters, new float[4], y));
        AssertSpans("y", "y has 3 values; the chain's last layer has 2 outputs.", () => chain.Forward(parameters, x, new float[3]));
        float[] shared = new float[40];
        AssertSpans("y", "y overlaps parameters: the chain's output must not be written over its weights.", () => chain.Forward(shared.AsSpan(0, 26), x, shared.AsSpan(25, 2)));
        var single = new DenseChain(3, 2, 0, -1, 0);
        AssertSpans("y", "y overlaps x, and the chain has one layer: its output must be a separate buffer.", () => single.Forward(parameters, shared.AsSpan(0, 3), shared.AsSpan(2, 2)));
        Assert.Equal(new[] { 9f, 9f }, y);

        static void AssertSpans(string name, string message, Action call)
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Equal(name, e.ParamName);
            Assert.StartsWith(message, e.Message);
        }
    }

    [Fact]
    public void OutputOverX_WithTwoOrMoreLayers_GivesTheSeparateBuffersResult()
    {
        // 5 -> 7 (tanh) -> 3: the first layer reads all of x before the last writes y, so y may lie over x.
        var rng = new Random(8);
        var chain = new DenseChain(5, 7, 0, 35, 2, 3, 42, 63, 0);
        float[] parameters = Random(rng, 66), x = Random(rng, 5), expected = new float[3];
        chain.Forward(parameters, x, expected);
        foreach (int at in new[] { 0, 1, 2 })
        {
            float[] shared = (float[])x.Clone();
            chain.Forward(parameters, shared, shared.AsSpan(at, 3));
            Assert.Equal(expected, shared.AsSpan(at, 3).ToArray());
        }
    }

    [Fact]
    public void Forward_AllocatesNothingAfterWarmUp()
    {
        var rng = new Random(5);
        var chain = new DenseChain(16, 64, 0, 1024, 1, 64, 1088, 5184, 1, 8, 5248, 5760, 0);
        float[] parameters = Random(rng, 5768), x = Random(rng, 16), y = new float[8];
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => chain.Forward(parameters, x, y)));
    }
}
