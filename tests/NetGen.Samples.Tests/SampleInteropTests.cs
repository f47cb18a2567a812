using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetGen.Onnx;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Samples.Tests;

/// <summary>
/// The samples' networks exported to ONNX give ForwardNoGrad's outputs in ONNX Runtime (within 1e-5 of their scale, batch
/// 1 and 7), and the Interop sample's trained network and PyTorch-trained weights predict as they should.
/// </summary>
public class SampleInteropTests
{
    private readonly ITestOutputHelper _output;
    public SampleInteropTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void InteropSampleAgreesWithOnnxRuntimeAndPyTorch()
    {
        var log = new StringWriter();
        Interop.InteropResult result = Interop.InteropCase.Run(log);
        _output.WriteLine(log.ToString());
        Assert.Equal(result.TestPhones, result.OnnxSameClass);
        Assert.True(result.OnnxMaxDifference <= 1e-5 * Math.Max(1, result.LogitScale), $"largest logit difference {result.OnnxMaxDifference} (scale {result.LogitScale})");
        Assert.Equal(result.TorchPhones, result.TorchSameClass);
    }

    [Theory]
    [InlineData("PhonePrice")]
    [InlineData("Digits")]
    [InlineData("DigitsCnn")]
    [InlineData("Fashion")]
    public void SampleNetworksRunInOnnxRuntime(string name)
    {
        INetwork net = name switch
        {
            "PhonePrice" => new PhonePrice.PhonePriceNet(),
            "Digits" => new Digits.DigitsNet(),
            "Fashion" => new FashionMnist.FashionNet(),
            _ => new Digits.DigitsCnnNet(),
        };
        net.InitializeParameters(4);
        foreach (ParameterInfo info in net.Buffers.Layout.Where(b => b.Name.EndsWith(".running_var", StringComparison.Ordinal)))
            net.Buffers.ValuesOf(info).Fill(1.7f);
        net.IsTraining = false;
        using var session = new InferenceSession(OnnxExporter.ToBytes(net));
        var random = new Random(9);
        foreach (int batch in new[] { 1, 7 })
        {
            float[] x = Enumerable.Range(0, batch * net.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var expected = new float[batch * net.OutputSize];
            net.ForwardNoGrad(x, expected, batch);
            int[] dims = new[] { batch }.Concat(net.Layers[0].InputShape).ToArray();
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, dims)) });
            float[] actual = results.Single().AsTensor<float>().ToArray();
            double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale, $"{name}, batch {batch}, output {i}: NetGen {expected[i]}, ONNX Runtime {actual[i]}");
        }
    }
}
