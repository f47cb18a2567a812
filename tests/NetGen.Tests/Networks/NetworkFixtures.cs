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

    public sealed record Case(string Name, int Batch, float[] Input, float[] Output, float[] OutputGradient, float[] InputGradient, Parameter[] Parameters);

    private static readonly Lazy<Dictionary<string, Case>> Cases = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "networks", "networks.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var parameters = c.GetProperty("parameters").EnumerateArray().Select(p => new Parameter(
                p.GetProperty("name").GetString()!,
                p.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                Floats(p.GetProperty("values")), Floats(p.GetProperty("gradient")))).ToArray();
            var item = new Case(c.GetProperty("name").GetString()!, c.GetProperty("batch").GetInt32(),
                Floats(c.GetProperty("input")), Floats(c.GetProperty("output")),
                Floats(c.GetProperty("outputGradient")), Floats(c.GetProperty("inputGradient")), parameters);
            result[item.Name] = item;
        }
        return result;
    });

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
