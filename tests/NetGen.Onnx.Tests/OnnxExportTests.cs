using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Each network exported to ONNX and run by ONNX Runtime gives ForwardNoGrad's outputs (evaluation mode) within
/// 1e-5 of the outputs' scale, at batch 1 and a larger batch, for every supported opset end.
/// </summary>
public sealed class OnnxExportTests
{
    private readonly ITestOutputHelper _output;

    public OnnxExportTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases()
    {
        foreach (string name in new[] { "Activations", "Stateful", "Image", "SmallCnn" })
            foreach (int opset in new[] { OnnxExportOptions.MinOpset, OnnxExportOptions.MaxOpset })
                yield return new object[] { name, opset };
    }

    private static INetwork Create(string name) => name switch
    {
        "Activations" => new ActivationsNet(),
        "Stateful" => new StatefulNet(),
        "Image" => new ImageNet(),
        _ => new SmallCnn(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntime_gives_the_network_outputs(string name, int opset)
    {
        INetwork net = Create(name);
        Randomize(net, seed: 3);
        net.IsTraining = false;
        byte[] model = OnnxExporter.ToBytes(net, new OnnxExportOptions { Opset = opset });
        using var session = new InferenceSession(model);
        Assert.Equal("input", session.InputMetadata.Keys.Single());
        Assert.Equal("output", session.OutputMetadata.Keys.Single());
        foreach (int batch in new[] { 1, 5 })
        {
            float[] x = Values(new Random(batch + opset), batch * net.InputSize, 2f);
            var expected = new float[batch * net.OutputSize];
            net.ForwardNoGrad(x, expected, batch);
            float[] actual = Run(session, net, x, batch);
            double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
            double worst = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                double error = Math.Abs(expected[i] - actual[i]);
                worst = Math.Max(worst, error);
                Assert.True(error <= 1e-5 * scale, $"{name}, opset {opset}, batch {batch}, output {i}: NetGen {expected[i]}, ONNX Runtime {actual[i]}");
            }
            _output.WriteLine($"{name}, opset {opset}, batch {batch}: worst |difference| {worst:E2} (scale {scale:G3})");
        }
    }

    [Fact]
    public void The_model_names_its_initializers_as_the_parameters_and_says_who_made_it()
    {
        var net = new SmallCnn();
        Proto.ModelProto model = OnnxExporter.Build(net, new OnnxExportOptions());
        Assert.Equal("NetGen", model.ProducerName);
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.OpsetImport.Single().Version);
        Assert.Equal(net.Parameters.Layout.Select(p => p.Name), model.Graph.Initializer.Select(t => t.Name));
        Assert.Equal(new[] { "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm" }, model.Graph.Node.Select(n => n.OpType));
        Assert.Equal("batch", model.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(new long[] { 0, 1, 28, 28 }, model.Graph.Input.Single().Type.TensorType.Shape.Dim.Select(d => d.DimValue));
        Assert.All(model.Graph.Node, n => Assert.StartsWith("NetGen layer ", n.DocString));
    }

    [Fact]
    public void A_layer_without_an_onnx_form_is_named_and_nothing_is_written()
    {
        var net = new BatchStatisticsNet();
        string path = Path.Combine(Path.GetTempPath(), "netgen-onnx-" + Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllText(path, "previous");
        try
        {
            var ex = Assert.Throws<NotSupportedException>(() => OnnxExporter.Save(net, path));
            Assert.Contains("'Norm'", ex.Message);
            Assert.Contains("TrackRunningStats = false", ex.Message);
            Assert.Equal("previous", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        var net = new SmallCnn();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxExporter.ToBytes(net, new OnnxExportOptions { Opset = 16 }));
        Assert.Equal("Opset", ex.ParamName);
        Assert.Contains("17 to 21", ex.Message);
        var same = Assert.Throws<ArgumentException>(() => OnnxExporter.ToBytes(net, new OnnxExportOptions { InputName = "x", OutputName = "x" }));
        Assert.Equal("OutputName", same.ParamName);
    }

    [Fact]
    public void Save_to_a_file_and_a_stream_write_the_same_model()
    {
        var net = new ActivationsNet();
        string path = Path.Combine(Path.GetTempPath(), "netgen-onnx-" + Guid.NewGuid().ToString("N") + ".onnx");
        try
        {
            OnnxExporter.Save(net, path);
            using var stream = new MemoryStream();
            OnnxExporter.Save(net, stream);
            Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
            using var session = new InferenceSession(path);
            Assert.Single(session.InputMetadata);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static float[] Run(InferenceSession session, INetwork net, float[] x, int batch)
    {
        int[] dims = new[] { batch }.Concat(net.Layers[0].InputShape).ToArray();
        var input = new DenseTensor<float>(x, dims);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run(new[] { NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input) });
        return results.Single().AsTensor<float>().ToArray();
    }

    /// <summary>Random parameters, and running statistics that are not the initial (0, 1), so batch norm is really tested.</summary>
    internal static void Randomize(INetwork net, int seed)
    {
        var random = new Random(seed);
        net.InitializeParameters(seed);
        foreach (ParameterInfo info in net.Buffers.Layout)
        {
            Span<float> values = net.Buffers.ValuesOf(info);
            if (info.Name.EndsWith(".running_mean", StringComparison.Ordinal))
                for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() - 0.5);
            else if (info.Name.EndsWith(".running_var", StringComparison.Ordinal))
                for (int i = 0; i < values.Length; i++) values[i] = (float)(0.5 + random.NextDouble());
        }
        foreach (ParameterInfo info in net.Parameters.Layout)
        {
            // BatchNorm/LayerNorm start at 1 and 0 and PReLU at 0.25: move them off their initial values.
            if (info.Role is ParameterRole.NormScale or ParameterRole.NormShift || info.Name.Contains("relu", StringComparison.OrdinalIgnoreCase))
            {
                Span<float> values = net.Parameters.ValuesOf(info);
                for (int i = 0; i < values.Length; i++) values[i] += (float)(random.NextDouble() - 0.5);
            }
        }
    }

    internal static float[] Values(Random random, int count, float range)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * range);
        return values;
    }
}
