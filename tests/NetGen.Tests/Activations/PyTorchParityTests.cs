using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Activations;

/// <summary>
/// Replays Fixtures/activations/activations.json (generate.py: PyTorch autograd, evaluated in float64 on the
/// float32 inputs, upstream gradient dy random) against the float32 kernels, with the error model of
/// <see cref="ErrorModel"/> at rtol 1e-5. The inputs include ±100, ±20, ±10, 0, ±1e-7, ±1e-30.
/// </summary>
public sealed class PyTorchParityTests(ITestOutputHelper output)
{
    private const double Rtol = 1e-5;

    internal sealed record Case(string Name, Dictionary<string, double> Params, double[] X, double[] Dy, double[] Y, double[] Dx, double[] Y32, double[] Dx32);

    private static readonly Lazy<Case[]> Cases = new(Load);

    private static Case[] Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "activations", "activations.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = new List<Case>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            static double[] Arr(JsonElement e, string n) => e.GetProperty(n).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var ps = c.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            list.Add(new Case(c.GetProperty("name").GetString()!, ps, Arr(c, "x"), Arr(c, "dy"), Arr(c, "y"), Arr(c, "dx"), Arr(c, "y32"), Arr(c, "dx32")));
        }
        return list.ToArray();
    }

    public static IEnumerable<object[]> CaseIndices() => Enumerable.Range(0, Cases.Value.Length).Select(i => new object[] { i, Cases.Value[i].Name });

    [Fact]
    public void Fixture_covers_every_activation_and_the_non_default_hyper_parameters()
    {
        var names = Cases.Value.Select(c => c.Name).ToHashSet();
        foreach (string n in new[] { "Sigmoid", "Tanh", "Relu", "LeakyRelu", "Elu", "Selu", "Gelu", "Silu", "Softplus", "Softmax", "LogSoftmax" })
            Assert.Contains(n, names);
        Assert.Contains(Cases.Value, c => c.Name == "LeakyRelu" && c.Params["negativeSlope"] == 0.2);
        Assert.Contains(Cases.Value, c => c.Name == "Elu" && c.Params["alpha"] == 0.5);
        Assert.Contains(Cases.Value, c => c.Name == "Softplus" && c.Params["beta"] == 2 && c.Params["threshold"] == 10);
        Assert.All(Cases.Value, c => Assert.Contains(100.0, c.X.Select(Math.Abs)));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Forward_and_backward_match_pytorch(int index, string name)
    {
        Case c = Cases.Value[index];
        Act act = Act.Create(c.Name, k => c.Params[k]);
        int n = c.X.Length, features = c.Params.TryGetValue("features", out double f) ? (int)f : 1;
        float[] x = c.X.Select(v => (float)v).ToArray(), dy = c.Dy.Select(v => (float)v).ToArray();
        Assert.Equal(c.X, x.Select(v => (double)v)); // the fixture's inputs are exact float32 values
        float[] y = new float[n], dx = new float[n];
        act.Fwd(x, y);
        act.Bwd(x, y, dy, dx);

        double alphaScale = c.Name == "Selu" ? 1.6732632423543772 * 1.0507009873554805 : c.Params.GetValueOrDefault("alpha");
        double worstY = 0, worstDx = 0, worstY32 = 0, worstDx32 = 0;
        var failures = new List<string>();
        for (int i = 0; i < n; i++)
        {
            double sy = ErrorModel.ForwardScale(c.Name, c.X, c.Y, features, i);
            double sdx = ErrorModel.BackwardScale(c.Name, c.X, c.Y, c.Dy, features, i);
            double ry = ErrorModel.TorchF64Error(c.Name, false, c.X[i], c.Dy[i], alphaScale);
            double rdx = ErrorModel.TorchF64Error(c.Name, true, c.X[i], c.Dy[i], alphaScale);
            double ey = ErrorModel.Normalised(y[i], c.Y[i], sy, ry), edx = ErrorModel.Normalised(dx[i], c.Dx[i], sdx, rdx);
            worstY = Math.Max(worstY, ey); worstDx = Math.Max(worstDx, edx);
            worstY32 = Math.Max(worstY32, ErrorModel.Normalised(y[i], c.Y32[i], sy));
            worstDx32 = Math.Max(worstDx32, ErrorModel.Normalised(dx[i], c.Dx32[i], sdx));
            if (ey > Rtol) failures.Add(Fmt($"y[{i}] x={c.X[i]:R}: got {y[i]:R}, torch {c.Y[i]:R} (err {ey:E2})"));
            if (edx > Rtol) failures.Add(Fmt($"dx[{i}] x={c.X[i]:R} dy={c.Dy[i]:R}: got {dx[i]:R}, torch {c.Dx[i]:R} (err {edx:E2})"));
        }
        output.WriteLine(Fmt($"{name} {string.Join(",", c.Params.Select(p => p.Key + "=" + p.Value.ToString(CultureInfo.InvariantCulture)))}: worst err vs torch-f64 y {worstY:E2} dx {worstDx:E2}; vs torch-f32 y {worstY32:E2} dx {worstDx32:E2}"));
        Assert.True(failures.Count == 0, name + ":\n" + string.Join("\n", failures));
    }

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
