using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>
/// OnnxImporter: weights of ONNX models that torch 1.13 exported (Fixtures/generate.py) load into the same
/// architectures declared in C# and give torch's outputs within 1e-5, the MLP also from its state dict; NetGen's own exports load back bit for bit;
/// a model that does not match lists every mismatch and loads nothing.
/// </summary>
public sealed class OnnxImportTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static (float[] Input, float[] Output) Expected(string model)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        JsonElement e = json.RootElement.GetProperty(model);
        return (e.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                e.GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray());
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    public void Torch_exported_weights_give_torch_outputs(string model)
    {
        INetwork net = model == "mlp" ? new TorchMlp() : new TorchCnn();
        OnnxImporter.LoadWeights(Fixture("torch_" + model + ".onnx"), net);
        (float[] x, float[] expected) = Expected(model);
        net.IsTraining = false;
        int batch = x.Length / net.InputSize;
        var y = new float[batch * net.OutputSize];
        net.ForwardNoGrad(x, y, batch);
        double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
        for (int i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-5 * scale, $"{model} output {i}: torch {expected[i]}, NetGen {y[i]}");
    }

    /// <summary>
    /// The same torch MLP from its ONNX export and from its state dict (nn.Sequential, by position): the same weights bit
    /// for bit, and torch's outputs.
    /// </summary>
    [Fact]
    public void One_torch_model_loads_the_same_from_onnx_and_from_its_state_dict()
    {
        var fromOnnx = new TorchMlp();
        OnnxImporter.LoadWeights(Fixture("torch_mlp.onnx"), fromOnnx);
        var fromStateDict = new TorchMlp();
        NetGen.IO.Checkpoint.Load(Fixture("torch_mlp.safetensors"), fromStateDict, NetGen.IO.TensorNameMap.SequentialByPosition);
        Assert.Equal(fromOnnx.Parameters.Values.ToArray(), fromStateDict.Parameters.Values.ToArray());
        Assert.NotEqual(new TorchMlp().Parameters.Values.ToArray(), fromStateDict.Parameters.Values.ToArray());
    }

    [Theory]
    [InlineData("Activations")]
    [InlineData("Stateful")]
    [InlineData("Image")]
    [InlineData("SmallCnn")]
    public void NetGen_exports_load_back_bit_for_bit(string name)
    {
        INetwork source = Create(name), target = Create(name);
        OnnxExportTests.Randomize(source, seed: 8);
        target.InitializeParameters(99);
        using var stream = new MemoryStream(OnnxExporter.ToBytes(source));
        OnnxImporter.LoadWeights(stream, target);
        Assert.Equal(source.Parameters.Values.ToArray(), target.Parameters.Values.ToArray());
        foreach (ParameterInfo info in source.Buffers.Layout.Where(b => !b.Name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)))
            Assert.Equal(source.Buffers.ValuesOf(info).ToArray(), target.Buffers.ValuesOf(target.Buffers.Find(info.Name)!).ToArray());
    }

    [Fact]
    public void A_model_of_another_architecture_lists_the_mismatches_and_loads_nothing()
    {
        var net = new WrongActivationMlp();
        float[] before = net.Parameters.Values.ToArray();
        var ex = Assert.Throws<OnnxWeightsMismatchException>(() => OnnxImporter.LoadWeights(Fixture("torch_mlp.onnx"), net));
        Assert.Contains(ex.Mismatches, m => m.StartsWith("operator 3: the model has Tanh", StringComparison.Ordinal) && m.EndsWith("the network Sigmoid (layer 'Hidden2')", StringComparison.Ordinal));
        Assert.Equal(before, net.Parameters.Values.ToArray());
        Assert.Equal(Fixture("torch_mlp.onnx"), ex.Path);
        Assert.Contains("torch_mlp.onnx", ex.Message);

        var cnn = new SmallCnn();
        float[] cnnBefore = cnn.Parameters.Values.ToArray();
        var shapes = Assert.Throws<OnnxWeightsMismatchException>(() => OnnxImporter.LoadWeights(Fixture("torch_cnn.onnx"), cnn));
        Assert.Contains(shapes.Mismatches, m => m.StartsWith("the model has 8 operators (Conv Relu MaxPool Conv BatchNormalization Relu Flatten Gemm), the network 10", StringComparison.Ordinal));
        Assert.Contains(shapes.Mismatches, m => m.Contains("is [4, 1, 3, 3], the network's Conv1.weight [6, 1, 5, 5]", StringComparison.Ordinal));
        Assert.Equal(cnnBefore, cnn.Parameters.Values.ToArray());
        Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(new byte[] { 1, 2, 3 }, cnn));
    }

    private static INetwork Create(string name) => name switch
    {
        "Activations" => new ActivationsNet(),
        "Stateful" => new StatefulNet(),
        "Image" => new ImageNet(),
        _ => new SmallCnn(),
    };
}
