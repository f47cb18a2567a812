using System;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Networks;

/// <summary>
/// Backward against central finite differences of an independent double-precision forward pass,
/// for every activation (AllActivationsNet covers each once, fused and stand-alone) and for
/// multi-layer networks. The finite differences are exact to ~1e-9; what remains is the float32
/// rounding of our backward, of order 1e-6 of the gradient's scale; we allow 1e-4 of the tensor's
/// largest gradient and report the worst relative error.
/// </summary>
public class GradientCheckTests
{
    private readonly ITestOutputHelper _output;
    public GradientCheckTests(ITestOutputHelper output) => _output = output;

    private static (double, double, double, double) AllActivationsHyper(string layer) => layer switch
    {
        "L2" => (0.2, 1.0, 1.0, 20.0),
        "L3" => (0.01, 0.5, 1.0, 20.0),
        "L7" => (0.01, 1.0, 2.0, 10.0),
        _ => (0.01, 1.0, 1.0, 20.0),
    };

    [Fact] public void EveryActivation() => Check(new AllActivationsNet(), batch: 3, AllActivationsHyper, stride: 1, inputScale: 1.5);
    [Fact] public void SoftmaxClassifier() => Check(new SoftmaxNet(), batch: 5, null, stride: 1, inputScale: 1.0);
    [Fact] public void ActivationLayerFirst() => Check(new ActivationFirstNet(), batch: 4, null, stride: 1, inputScale: 1.0);
    [Fact] public void DeepReluNetworkSampledParameters() => Check(new PhoneShapedNet(), batch: 2, null, stride: 13, inputScale: 1.0);

    /// <summary>
    /// Training mode with every stateful layer: BatchNorm through the batch statistics, LayerNorm, PReLU
    /// (shared and per feature), and Dropout/RReLU with the masks and slopes the forward drew (replayed
    /// from the same seed and then held fixed).
    /// </summary>
    [Fact] public void EveryStatefulLayerInTrainingMode() => Check(new EveryLayerNet(), batch: 6, null, stride: 1, inputScale: 1.0, randomSeed: 99);

    /// <summary>Convolutions with padding, a rectangular kernel with per-axis stride and dilation, groups, ReLU and Tanh, Flatten.</summary>
    [Fact] public void ConvolutionStack() => Check(new ConvStackNet(), batch: 2, null, stride: 1, inputScale: 1.0);
    [Fact] public void LeNetWithAveragePools() => Check(new LeNetNet(), batch: 2, null, stride: 3, inputScale: 1.0);
    [Fact] public void ConvBatchNormReluMaxPool() => Check(new ConvBnNet(), batch: 3, null, stride: 1, inputScale: 1.0);

    /// <summary>Dropout2d with the channel mask the forward drew (replayed), BatchNorm2d in training, a ceil-mode max pool.</summary>
    [Fact] public void ChannelDropoutAndBatchNorm2d() => Check(new ChannelDropoutNet(), batch: 4, null, stride: 1, inputScale: 1.0, randomSeed: 5);

    /// <summary>Evaluation mode: running statistics, no dropout, the fixed RReLU slope.</summary>
    [Fact]
    public void EveryStatefulLayerInEvaluationModeIsDeterministic()
    {
        var net = new EveryLayerNet();
        var x = new float[4 * 6];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 7 - 3) / 2f;
        var first = new float[4 * 3];
        var second = new float[4 * 3];
        net.Forward(x, first, 4);            // training: updates the running statistics
        net.Eval();
        net.Forward(x, first, 4);
        net.Forward(x, second, 4);
        Assert.Equal(first, second);
        net.Train();
        net.Forward(x, second, 4);
        Assert.NotEqual(first, second);     // dropout and RReLU draw again in training
    }

    private void Check(INetwork network, int batch, Func<string, (double, double, double, double)>? hyper, int stride, double inputScale, long? randomSeed = null)
    {
        var random = new Random(2024);
        int inputs = network.InputSize, outputs = network.OutputSize;
        var x = new float[batch * inputs];
        for (int i = 0; i < x.Length; i++) x[i] = (float)((random.NextDouble() * 2 - 1) * inputScale);
        var r = new float[batch * outputs];
        for (int i = 0; i < r.Length; i++) r[i] = (float)(random.NextDouble() * 2 - 1);

        var y = new float[batch * outputs];
        var dx = new float[batch * inputs];
        network.ZeroGrad();
        if (randomSeed is { } seed)
        {
            if (network is EveryLayerNet every) every.SeedRandom(seed);
            else ((ChannelDropoutNet)network).SeedRandom(seed);
        }
        network.Forward(x, y, batch);
        network.Backward(r, dx);

        var reference = new DoubleReference(network, hyper);
        double[] theta = Array.ConvertAll(network.Parameters.Values.ToArray(), v => (double)v);
        double[] xd = Array.ConvertAll(x, v => (double)v);
        double[] rd = Array.ConvertAll(r, v => (double)v);
        if (randomSeed is { } replay) reference.CaptureRandomDraws(theta, xd, batch, new NetRandom(replay));

        double worst = 0;
        float[] gradients = network.Parameters.Gradients.ToArray();
        // A tensor whose exact gradient vanishes (a bias right before BatchNorm) has only float rounding
        // noise of terms of the network's gradient scale; measure it against 1e-3 of that scale.
        double floor = 1e-12;
        foreach (float g in gradients) floor = Math.Max(floor, 1e-3 * Math.Abs(g));
        foreach (ParameterInfo info in network.Parameters.Layout)
        {
            double scale = floor;
            for (int i = 0; i < info.Length; i++) scale = Math.Max(scale, Math.Abs(gradients[info.Offset + i]));
            for (int i = 0; i < info.Length; i += stride)
            {
                int k = info.Offset + i;
                double fd = Central(theta, k, t => reference.Loss(t, xd, batch, rd));
                worst = Math.Max(worst, Assert1(info.Name + "[" + i + "]", fd, gradients[k], scale));
            }
        }
        double inputScaleOfGradient = 1e-12;
        foreach (float g in dx) inputScaleOfGradient = Math.Max(inputScaleOfGradient, Math.Abs(g));
        for (int i = 0; i < xd.Length; i++)
        {
            double fd = Central(xd, i, t => reference.Loss(theta, t, batch, rd));
            worst = Math.Max(worst, Assert1("input[" + i + "]", fd, dx[i], inputScaleOfGradient));
        }
        _output.WriteLine($"{network.GetType().Name}: worst gradient-check error {worst:E2} (relative to each tensor's largest gradient)");
    }

    private static double Central(double[] values, int index, Func<double[], double> f)
    {
        double original = values[index];
        double h = 1e-6 * Math.Max(1, Math.Abs(original));
        values[index] = original + h;
        double plus = f(values);
        values[index] = original - h;
        double minus = f(values);
        values[index] = original;
        return (plus - minus) / (2 * h);
    }

    private static double Assert1(string what, double expected, float actual, double scale)
    {
        double error = Math.Abs(expected - actual) / scale;
        Assert.True(error <= 1e-4, $"{what}: finite difference {expected:R}, backward {actual:R}, error {error:E2} of scale {scale:G4}");
        return error;
    }
}
