using System;
using NetGen.Losses;
using NetGen.Optimizers;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Training;

/// <summary>A small regression network for the end-to-end optimizer tests.</summary>
[Network(Inputs = 2, Seed = 11, MaxBatchSize = 32)]
public partial class RegressionNet
{
    [Dense(16, Activation.Tanh)] public readonly DenseLayer Hidden;
    [Dense(1)] public readonly DenseLayer Output;
}

/// <summary>
/// End to end: a generated network, the runtime's MSE loss and each optimizer, mini-batches of 32
/// on y = sin(x1) + x2²/2 (256 fixed samples). Every optimizer must cut the loss by at least 10×.
/// </summary>
public class OptimizerEndToEndTests
{
    private readonly ITestOutputHelper _output;
    public OptimizerEndToEndTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Optimizers => new() { "SGD", "SGD+momentum", "SGD+nesterov", "Adagrad", "RMSprop", "Adam", "AdamW" };

    private static Optimizer Create(string name, ParameterBuffer p) => name switch
    {
        "SGD" => new SGD(p, learningRate: 0.1),
        "SGD+momentum" => new SGD(p, learningRate: 0.05, momentum: 0.9),
        "SGD+nesterov" => new SGD(p, learningRate: 0.05, momentum: 0.9, nesterov: true),
        "Adagrad" => new Adagrad(p, learningRate: 0.1),
        "RMSprop" => new RMSprop(p, learningRate: 0.005),
        "Adam" => new Adam(p, learningRate: 0.01),
        "AdamW" => new AdamW(p, learningRate: 0.01),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ReducesTheLossTenfold(string name)
    {
        const int Samples = 256, Batch = 32, Epochs = 150;
        var random = new Random(3);
        var x = new float[Samples * 2];
        var y = new float[Samples];
        for (int i = 0; i < Samples; i++)
        {
            float a = (float)(random.NextDouble() * 4 - 2), b = (float)(random.NextDouble() * 2 - 1);
            x[2 * i] = a; x[2 * i + 1] = b;
            y[i] = MathF.Sin(a) + b * b / 2;
        }

        var net = new RegressionNet();
        var loss = new MSELoss();
        Optimizer optimizer = Create(name, net.Parameters);
        var prediction = new float[Batch];
        var gradient = new float[Batch];

        double Evaluate()
        {
            var all = new float[Samples];
            for (int s = 0; s < Samples; s += Batch) net.Forward(x.AsSpan(2 * s, 2 * Batch), all.AsSpan(s, Batch), Batch);
            return loss.Compute(all, y, Span<float>.Empty, Samples);
        }

        double initial = Evaluate();
        for (int epoch = 0; epoch < Epochs; epoch++)
            for (int s = 0; s < Samples; s += Batch)
            {
                net.ZeroGrad();
                net.Forward(x.AsSpan(2 * s, 2 * Batch), prediction, Batch);
                loss.Compute(prediction, y.AsSpan(s, Batch), gradient, Batch);
                net.Backward(gradient);
                optimizer.Step();
            }
        double final = Evaluate();
        _output.WriteLine($"{name}: MSE {initial:F4} -> {final:F5} ({initial / final:F1}x)");
        Assert.True(final * 10 <= initial, $"{name}: loss went from {initial} to {final}, less than a 10x reduction");
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void AWholeTrainingStepAllocatesNothing(string name)
    {
        var net = new RegressionNet();
        var loss = new MSELoss();
        Optimizer optimizer = Create(name, net.Parameters);
        var x = new float[32 * 2];
        var y = new float[32];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 9 - 4) / 4f;
        for (int i = 0; i < y.Length; i++) y[i] = (i % 5) / 5f;
        var prediction = new float[32];
        var gradient = new float[32];
        void Step()
        {
            net.ZeroGrad();
            net.Forward(x, prediction, 32);
            loss.Compute(prediction, y, gradient, 32);
            net.Backward(gradient);
            optimizer.Step();
        }
        Assert.Equal(0, AllocationMeter.BytesPerLoop(Step, times: 50));
    }
}
