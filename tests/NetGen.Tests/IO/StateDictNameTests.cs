using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetGen.IO;
using Xunit;
using static NetGen.Tests.IO.SafeTensorsTestFiles;

namespace NetGen.Tests.IO;

/// <summary>
/// PyTorch state dicts whose module names are not the network's members (Fixtures/statedict/generate.py, torch 1.13):
/// loaded with <c>Name = ...</c> on the layers, with TensorNameMap (module renames, nn.Sequential by position), from a
/// path, a stream and bytes; the outputs are torch's within 1e-5. Mismatches are listed under the file's names and
/// load nothing; saving under PyTorch's names round-trips.
/// </summary>
public sealed class StateDictNameTests
{
    private static string Fixture(string file) => Path.Combine(RepositoryRoot(), "tests", "NetGen.Tests", "Fixtures", "statedict", file);

    private static (float[] Input, float[] Sequential, float[] Named) Expected()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        float[] Read(string key) => json.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetSingle()).ToArray();
        return (Read("input"), Read("sequential"), Read("named"));
    }

    private static void AssertOutputs(INetwork net, float[] expected)
    {
        (float[] x, _, _) = Expected();
        net.IsTraining = false;
        var y = new float[expected.Length];
        net.ForwardNoGrad(x, y, 5);
        for (int i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-5 * Math.Max(1, expected.Max(Math.Abs)), $"output {i}: torch {expected[i]}, NetGen {y[i]}");
    }

    [Fact]
    public void Layer_names_give_the_module_names_so_the_state_dict_loads_as_it_is()
    {
        var net = new NamedTorchMlp();
        Assert.Equal(new[] { "fc0.weight", "fc0.bias", "fc1.weight", "fc1.bias", "out.weight", "out.bias" }, net.Parameters.Layout.Select(p => p.Name));
        Assert.Equal(new[] { "fc0", "fc1", "out" }, net.Layers.Select(l => l.Name));
        Assert.Equal("fc0", net.Hidden.Name); // the C# member keeps its own name
        Checkpoint.Load(Fixture("named.safetensors"), net);
        AssertOutputs(net, Expected().Named);
    }

    [Fact]
    public void Module_renames_load_a_named_state_dict_into_other_members()
    {
        var net = new TorchMlp();
        Checkpoint.Load(Fixture("named.safetensors"), net, TensorNameMap.Modules(("fc0", "Hidden"), ("fc1", "Hidden2"), ("out", "Output")));
        AssertOutputs(net, Expected().Named);
    }

    [Fact]
    public void A_sequential_state_dict_loads_by_position()
    {
        var net = new TorchMlp();
        Checkpoint.Load(Fixture("sequential.safetensors"), net, TensorNameMap.SequentialByPosition);
        AssertOutputs(net, Expected().Sequential);
    }

    [Fact]
    public void Streams_and_bytes_load_like_files()
    {
        byte[] bytes = File.ReadAllBytes(Fixture("sequential.safetensors"));
        var fromStream = new TorchMlp();
        using (var stream = new MemoryStream(bytes)) Checkpoint.Load(stream, fromStream, TensorNameMap.SequentialByPosition);
        AssertOutputs(fromStream, Expected().Sequential);
        var fromBytes = new TorchMlp();
        Checkpoint.Load(bytes.AsSpan(), fromBytes, TensorNameMap.SequentialByPosition);
        AssertOutputs(fromBytes, Expected().Sequential);
    }

    [Fact]
    public void A_wrong_map_lists_every_mismatch_under_the_file_names_and_loads_nothing()
    {
        var net = new TorchMlp();
        float[] before = net.Parameters.Values.ToArray();
        var ex = Assert.Throws<CheckpointMismatchException>(() =>
            Checkpoint.Load(Fixture("named.safetensors"), net, TensorNameMap.Modules(("fc0", "Hidden2"), ("fc1", "Hidden"), ("out", "Output"))));
        Assert.Contains("fc0.weight (as Hidden2.weight): file [10, 6], network [8, 10]", ex.Mismatches);
        Assert.Contains("fc1.bias (as Hidden.bias): file [8], network [10]", ex.Mismatches);
        Assert.Equal(before, net.Parameters.Values.ToArray());

        // By position into a network of other shapes, and of another number of layers: named under the file's names.
        var shapes = Assert.Throws<CheckpointMismatchException>(() =>
            Checkpoint.Load(Fixture("sequential.safetensors"), new DottedNameNet(), TensorNameMap.SequentialByPosition));
        Assert.Contains("0.weight (as features.0.weight): file [10, 6], network [5, 4]", shapes.Mismatches);
        var count = Assert.Throws<CheckpointMismatchException>(() =>
            Checkpoint.Load(Fixture("sequential.safetensors"), new TwoLayerMlp(), TensorNameMap.SequentialByPosition));
        Assert.Contains("the file has 3 numbered modules (0, 2, 4) but the network has 2 layers with tensors (Hidden, Output)", count.Mismatches);
        Assert.Contains("unexpected 4.weight [3, 8]", count.Mismatches);
        Assert.Equal("stream", Assert.Throws<CheckpointMismatchException>(() =>
            Checkpoint.Load(new MemoryStream(File.ReadAllBytes(Fixture("named.safetensors"))), new TorchMlp())).Path);
    }

    [Fact]
    public void Saving_under_module_names_round_trips_and_names_the_tensors_as_pytorch_does()
    {
        var source = new TorchMlp();
        source.InitializeParameters(5);
        var map = TensorNameMap.Modules(("fc0", "Hidden"), ("fc1", "Hidden2"), ("out", "Output"));
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, source, map);
        stream.Position = 0;
        SafeTensorsContent content = SafeTensors.Read(stream);
        Assert.Equal(new[] { "fc0.bias", "fc0.weight", "fc1.bias", "fc1.weight", "out.bias", "out.weight" }, content.Tensors.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
        var named = new NamedTorchMlp();
        stream.Position = 0;
        Checkpoint.Load(stream, named);
        Assert.Equal(source.Parameters.Values.ToArray(), named.Parameters.Values.ToArray());
        Assert.Throws<ArgumentException>(() => Checkpoint.Save(new MemoryStream(), source, TensorNameMap.SequentialByPosition));
    }

    [Fact]
    public void Dotted_names_prefix_parameters_and_buffers()
    {
        var net = new DottedNameNet();
        Assert.Equal(new[] { "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "head.weight", "head.bias" },
            net.Parameters.Layout.Select(p => p.Name));
        Assert.Equal(new[] { "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked" }, net.Buffers.Layout.Select(p => p.Name));
    }

    [Fact]
    public void Map_arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => TensorNameMap.Modules(("fc0", "Hidden"), ("fc0", "Output")));
        Assert.Throws<ArgumentException>(() => TensorNameMap.Modules(("", "Hidden")));
        Assert.Throws<ArgumentNullException>(() => TensorNameMap.Functions(null!));
    }
}
