using System;
using System.IO;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.LayerKernels;

/// <summary>Reads Fixtures/layers/layers.json and Fixtures/layers2d/layers2d.json (written by generate.py beside each) and compares tensors relative to their scale.</summary>
internal static class LayerFixtures
{
    private static readonly Lazy<JsonDocument> Document = Load("layers");
    private static readonly Lazy<JsonDocument> Document2d = Load("layers2d");

    private static Lazy<JsonDocument> Load(string name) => new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name, name + ".json"))));

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>A case of Fixtures/layers/layers.json (vector layers).</summary>
    public static JsonElement Case(string family, string name) => Find(Root, family, name);

    /// <summary>A case of Fixtures/layers2d/layers2d.json (feature-map layers, NCHW).</summary>
    public static JsonElement Case2d(string family, string name) => Find(Document2d.Value.RootElement, family, name);

    private static JsonElement Find(JsonElement root, string family, string name)
    {
        foreach (JsonElement c in root.GetProperty(family).EnumerateArray())
            if (c.GetProperty("name").GetString() == name) return c;
        throw new InvalidOperationException($"No fixture case '{name}' in '{family}'.");
    }

    public static int[] Ints(this JsonElement e, string name) => Values(e, name, v => v.GetInt32());

    public static bool[] Bools(this JsonElement e, string name) => Values(e, name, v => v.GetBoolean());

    public static bool Bool(this JsonElement e, string name) => e.GetProperty(name).GetBoolean();

    public static float[] Floats(this JsonElement e, string name) => Values(e, name, v => (float)v.GetDouble());

    private static T[] Values<T>(JsonElement e, string name, Func<JsonElement, T> read)
    {
        JsonElement a = e.GetProperty(name);
        var r = new T[a.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in a.EnumerateArray()) r[i++] = read(v);
        return r;
    }

    public static int Int(this JsonElement e, string name) => e.GetProperty(name).GetInt32();

    public static float Float(this JsonElement e, string name) => (float)e.GetProperty(name).GetDouble();

    /// <summary>
    /// max |actual − expected| / scale with scale = max |expected| (1 when the tensor is all zeros), asserted ≤ tolerance.
    /// Returns the measured error for reporting.
    /// </summary>
    public static double AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what, ITestOutputHelper? output = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (float v in expected) scale = Math.Max(scale, Math.Abs((double)v));
        if (scale == 0) scale = 1;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs((double)actual[i] - expected[i]) / scale;
            if (!(err <= worst)) { worst = err; worstAt = i; }
        }
        output?.WriteLine($"{what}: worst error {worst:E2} of scale {scale:G4}");
        Assert.True(worst <= tolerance,
            $"{what}: element {worstAt} is {(worstAt >= 0 ? actual[worstAt] : 0)}, expected {(worstAt >= 0 ? expected[worstAt] : 0)} (error {worst:E3} of scale {scale:G4} > {tolerance:E1}).");
        return worst;
    }
}
