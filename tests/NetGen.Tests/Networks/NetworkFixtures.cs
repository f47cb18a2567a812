using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NetGen.Tests.Networks;

/// <summary>Reads Fixtures/networks/networks.json (written by generate.py with real PyTorch).</summary>
internal static class NetworkFixtures
{
    public sealed record Parameter(string Name, int[] Shape, float[] Values, float[] Gradient);

    /// <summary>A network's case; <see cref="Buffers"/> (running statistics after the step) only in Fixtures/cnn (their Gradient is empty).</summary>
    public sealed record Case(string Name, int Batch, float[] Input, float[] Output, float[] OutputGradient, float[] InputGradient, Parameter[] Parameters,
        Parameter[] Buffers);

    private static readonly Lazy<Dictionary<string, Case>> Cases = new(() =>
    {
        var result = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (string path in new[] { Path.Combine("networks", "networks.json"), Path.Combine("cnn", "cnn.json") })
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", path)));
            foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                var item = new Case(c.GetProperty("name").GetString()!, c.GetProperty("batch").GetInt32(),
                    Floats(c.GetProperty("input")), Floats(c.GetProperty("output")),
                    Floats(c.GetProperty("outputGradient")), Floats(c.GetProperty("inputGradient")), Tensors(c, "parameters"), Tensors(c, "buffers"));
                result[item.Name] = item;
            }
        }
        return result;
    });

    private static Parameter[] Tensors(JsonElement c, string property) =>
        !c.TryGetProperty(property, out JsonElement array) ? Array.Empty<Parameter>() : array.EnumerateArray().Select(p => new Parameter(
            p.GetProperty("name").GetString()!,
            p.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            Floats(p.GetProperty("values")), p.TryGetProperty("gradient", out JsonElement g) ? Floats(g) : Array.Empty<float>())).ToArray();

    public static Case Get(string name) => Cases.Value[name];

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    /// <summary>Copies the fixture's parameters into the network by PyTorch name, checking shapes.</summary>
    public static void Load(INetwork network, Case fixture)
    {
        if (fixture.Parameters.Length != network.Parameters.Layout.Count)
            throw new InvalidOperationException($"{fixture.Name}: fixture has {fixture.Parameters.Length} tensors, network {network.Parameters.Layout.Count}");
        foreach (Parameter p in fixture.Parameters)
        {
            ParameterInfo info = network.Parameters.Find(p.Name) ?? throw new InvalidOperationException($"{fixture.Name}: no parameter {p.Name}");
            if (!info.Shape.SequenceEqual(p.Shape))
                throw new InvalidOperationException($"{fixture.Name}: {p.Name} is {info.ShapeText} here, [{string.Join(", ", p.Shape)}] in PyTorch");
            p.Values.CopyTo(network.Parameters.ValuesOf(info));
        }
    }
}
