using System;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Networks;

/// <summary>
/// Generated networks with PyTorch's weights produce PyTorch's outputs, parameter gradients and
/// input gradients (fixtures from Fixtures/networks/generate.py).
/// Tolerance: float32 results of sums over at most 128 products through up to 11 layers carry a
/// rounding error of order n·ε·Σ|terms| ≈ 128·6e-8 ≈ 1e-5 of the tensor's scale; we allow
/// 5e-5 of the largest magnitude in the tensor (and report the worst relative error seen).
/// </summary>
public class PyTorchParityTests
{
    private const double Tolerance = 5e-5;
    private readonly ITestOutputHelper _output;

    public PyTorchParityTests(ITestOutputHelper output) => _output = output;

    [Fact] public void AllActivations() => Check(new AllActivationsNet(), "AllActivationsNet");
    [Fact] public void SoftmaxOutput() => Check(new SoftmaxNet(), "SoftmaxNet");
    [Fact] public void PhoneShapedBatch64() => Check(new PhoneShapedNet(), "PhoneShapedNet");
    [Fact] public void ActivationLayerFirst() => Check(new ActivationFirstNet(), "ActivationFirstNet");

    private void Check(INetwork network, string name)
    {
        NetworkFixtures.Case fixture = NetworkFixtures.Get(name);
        NetworkFixtures.Load(network, fixture);
        var output = new float[fixture.Output.Length];
        var inputGradient = new float[fixture.InputGradient.Length];
        network.ZeroGrad();
        network.Forward(fixture.Input, output, fixture.Batch);
        network.Backward(fixture.OutputGradient, inputGradient);

        double worst = 0;
        worst = Math.Max(worst, Compare(name + " output", fixture.Output, output));
        worst = Math.Max(worst, Compare(name + " dLoss/dInput", fixture.InputGradient, inputGradient));
        foreach (NetworkFixtures.Parameter p in fixture.Parameters)
        {
            ParameterInfo info = network.Parameters.Find(p.Name)!;
            worst = Math.Max(worst, Compare(name + " grad " + p.Name, p.Gradient, network.Parameters.GradientsOf(info).ToArray()));
        }
        _output.WriteLine($"{name}: worst error relative to tensor scale {worst:E2}");
    }

    internal static double Compare(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (float e in expected) scale = Math.Max(scale, Math.Abs(e));
        scale = Math.Max(scale, 1e-30);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]) / scale;
            worst = Math.Max(worst, error);
            Assert.True(error <= Tolerance, $"{what}[{i}]: PyTorch {expected[i]:R}, NetGen {actual[i]:R} (error {error:E2} of scale {scale:G4})");
        }
        return worst;
    }
}
