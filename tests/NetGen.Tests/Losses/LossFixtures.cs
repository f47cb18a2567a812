using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using NetGen.Losses;

namespace NetGen.Tests.Losses;

/// <summary>One PyTorch reference case from Fixtures/losses/*.json (see generate.py there).</summary>
public sealed record LossCase(
    string Name, string Loss, Reduction Reduction, JsonElement Options, int Batch, int Features,
    float[] Predictions, float[] Targets, double Value, double[] Losses, double[] Gradient, double Denominator)
{
    /// <summary>Builds the NetGen loss the case describes.</summary>
    public Loss Create()
    {
        float[]? weight = FloatArray("weight");
        float[]? posWeight = FloatArray("posWeight");
        return Loss switch
        {
            "MSELoss" => new MSELoss(Reduction, halfScaling: Options.GetProperty("halfScaling").GetBoolean()),
            "L1Loss" => new L1Loss(Reduction),
            "SmoothL1Loss" => new SmoothL1Loss(Reduction, beta: Options.GetProperty("beta").GetDouble()),
            "HuberLoss" => new HuberLoss(Reduction, delta: Options.GetProperty("delta").GetDouble()),
            "BCELoss" => new BCELoss(Reduction, weight),
            "BCEWithLogitsLoss" => new BCEWithLogitsLoss(Reduction, weight, posWeight),
            "CrossEntropyLoss" => new CrossEntropyLoss(Reduction, weight,
                ignoreIndex: Options.TryGetProperty("ignoreIndex", out JsonElement ii) ? ii.GetInt32() : -100,
                labelSmoothing: Options.GetProperty("labelSmoothing").GetDouble()),
            "NLLLoss" => new NLLLoss(Reduction, weight, ignoreIndex: Options.GetProperty("ignoreIndex").GetInt32()),
            _ => throw new InvalidOperationException($"Unknown loss '{Loss}' in fixture case '{Name}'."),
        };
    }

    /// <summary>True for class-index targets (one per sample).</summary>
    public bool HasClassIndexTargets => Targets.Length == Batch && Targets.Length != Predictions.Length;

    private float[]? FloatArray(string name)
    {
        if (!Options.TryGetProperty(name, out JsonElement e)) return null;
        var result = new float[e.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in e.EnumerateArray()) result[i++] = (float)v.GetDouble();
        return result;
    }

    public override string ToString() => Name;
}

public static class LossFixtures
{
    public static readonly string[] Families = { "mse", "l1", "smoothl1", "huber", "bce", "bce_logits", "cross_entropy", "nll" };

    public static IReadOnlyList<LossCase> Load(string family)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "losses", family + ".json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new List<LossCase>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            string reduction = c.GetProperty("reduction").GetString()!;
            cases.Add(new LossCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("loss").GetString()!,
                reduction switch { "mean" => Reduction.Mean, "sum" => Reduction.Sum, "none" => Reduction.None, _ => throw new InvalidDataException(reduction) },
                c.GetProperty("options").Clone(),
                c.GetProperty("batch").GetInt32(),
                c.GetProperty("features").GetInt32(),
                Floats(c.GetProperty("predictions")),
                Floats(c.GetProperty("targets")),
                c.TryGetProperty("value", out JsonElement v) ? v.GetDouble() : double.NaN,
                c.TryGetProperty("losses", out JsonElement l) ? Doubles(l) : Array.Empty<double>(),
                Doubles(c.GetProperty("gradient")),
                c.GetProperty("denominator").GetDouble()));
        }
        return cases;
    }

    private static float[] Floats(JsonElement e)
    {
        var r = new float[e.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in e.EnumerateArray()) r[i++] = (float)v.GetDouble();
        return r;
    }

    private static double[] Doubles(JsonElement e)
    {
        var r = new double[e.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in e.EnumerateArray()) r[i++] = v.GetDouble();
        return r;
    }
}
