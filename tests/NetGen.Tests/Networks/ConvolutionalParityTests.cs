using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Networks;

/// <summary>
/// Generated convolutional networks with PyTorch's weights produce PyTorch's outputs, parameter gradients, input
/// gradients and batch-norm running statistics after one training step (fixtures from Fixtures/cnn/generate.py).
/// Same tolerance as <see cref="PyTorchParityTests"/>: 5e-5 of the tensor's largest magnitude.
/// </summary>
public class ConvolutionalParityTests
{
    private readonly ITestOutputHelper _output;

    public ConvolutionalParityTests(ITestOutputHelper output) => _output = output;

    [Fact] public void ConvolutionStack() => Check(new ConvStackNet(), "ConvStackNet");
    [Fact] public void LeNetWithAveragePools() => Check(new LeNetNet(), "LeNetNet");
    [Fact] public void ConvBatchNormReluMaxPool() => Check(new ConvBnNet(), "ConvBnNet");

    private void Check(INetwork network, string name)
    {
        NetworkFixtures.Case fixture = NetworkFixtures.Get(name);
        NetworkFixtures.Load(network, fixture);
        var output = new float[fixture.Output.Length];
        var inputGradient = new float[fixture.InputGradient.Length];
        network.ZeroGrad();
        network.Forward(fixture.Input, output, fixture.Batch);
        network.Backward(fixture.OutputGradient, inputGradient);

        double worst = PyTorchParityTests.Compare(name + " output", fixture.Output, output);
        worst = Math.Max(worst, PyTorchParityTests.Compare(name + " dLoss/dInput", fixture.InputGradient, inputGradient));
        foreach (NetworkFixtures.Parameter p in fixture.Parameters)
        {
            ParameterInfo info = network.Parameters.Find(p.Name)!;
            worst = Math.Max(worst, PyTorchParityTests.Compare(name + " grad " + p.Name, p.Gradient, network.Parameters.GradientsOf(info).ToArray()));
        }
        foreach (NetworkFixtures.Parameter b in fixture.Buffers)
        {
            ParameterInfo info = network.Buffers.Find(b.Name) ?? throw new InvalidOperationException($"{name}: no buffer {b.Name}");
            Assert.Equal(b.Shape, info.Shape.ToArray());
            worst = Math.Max(worst, PyTorchParityTests.Compare(name + " " + b.Name, b.Values, network.Buffers.ValuesOf(info).ToArray()));
        }
        _output.WriteLine($"{name}: worst error relative to tensor scale {worst:E2}");
    }
}
