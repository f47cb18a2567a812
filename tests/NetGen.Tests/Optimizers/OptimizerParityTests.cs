using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using NetGen;
using NetGen.Optimizers;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Replays the trajectories recorded from torch.optim (Fixtures/optimizers/generate.py): 7 float32 parameters,
/// gradient g = 2·c·w + cos(w) of Σ(c·w² + sin w), 25 steps, parameters compared after every step.
/// The error is the norm-wise relative error max|w − w_torch| / max|w_torch| of the 7-vector at each step:
/// element-wise ratios are meaningless when a coordinate crosses zero (one passes 2.8e-5 with an absolute
/// difference of 7e-9, float rounding of the 0.05-sized terms that cancelled there).
/// </summary>
public sealed class OptimizerParityTests
{
    private const double Tolerance = 1e-4;
    private readonly ITestOutputHelper _output;

    public OptimizerParityTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases()
    {
        using JsonDocument doc = TestSupport.LoadFixture("optimizers", "trajectories.json");
        int n = doc.RootElement.GetProperty("cases").GetArrayLength();
        for (int i = 0; i < n; i++) yield return new object[] { i };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Trajectory_matches_pytorch(int index)
    {
        using JsonDocument doc = TestSupport.LoadFixture("optimizers", "trajectories.json");
        JsonElement testCase = doc.RootElement.GetProperty("cases")[index];
        double worst = Replay(doc.RootElement, testCase, out string label);
        _output.WriteLine($"{label}: worst relative error {worst.ToString("E2", CultureInfo.InvariantCulture)}");
        Assert.True(worst <= Tolerance, $"{label}: worst relative error {worst.ToString("R", CultureInfo.InvariantCulture)} > {Tolerance}");
    }

    [Fact]
    public void Worst_error_per_family()
    {
        using JsonDocument doc = TestSupport.LoadFixture("optimizers", "trajectories.json");
        var worst = new SortedDictionary<string, (int Count, double Worst)>(StringComparer.Ordinal);
        foreach (JsonElement testCase in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            double e = Replay(doc.RootElement, testCase, out _);
            string family = testCase.GetProperty("optimizer").GetString()!;
            worst.TryGetValue(family, out var acc);
            worst[family] = (acc.Count + 1, Math.Max(acc.Worst, e));
        }
        foreach (var (family, (count, e)) in worst)
            _output.WriteLine($"PARITY {family}: {count} cases, worst relative error {e.ToString("E2", CultureInfo.InvariantCulture)}");
        Assert.Equal(new[] { "Adagrad", "Adam", "AdamW", "RMSprop", "SGD" }, worst.Keys.ToArray());
        Assert.All(worst.Values, v => Assert.True(v.Worst <= Tolerance));
    }

    private static double Replay(JsonElement root, JsonElement testCase, out string label)
    {
        float[] c = TestSupport.Floats(root.GetProperty("c"));
        float[] w0 = TestSupport.Floats(root.GetProperty("w0"));
        ParameterBuffer buffer = TestSupport.Buffer(w0,
            ("weight", new[] { 2, 2 }, ParameterRole.Weight),
            ("bias", new[] { 3 }, ParameterRole.Bias));
        string name = testCase.GetProperty("optimizer").GetString()!;
        var scope = Enum.Parse<WeightDecayScope>(testCase.GetProperty("weightDecayScope").GetString()!);
        JsonElement options = testCase.GetProperty("options");
        label = name + " " + options.GetRawText() + " " + scope;
        Optimizer optimizer = Create(name, buffer, options, scope);

        double worst = 0;
        foreach (JsonElement expectedStep in testCase.GetProperty("trajectory").EnumerateArray())
        {
            Span<float> w = buffer.Values;
            Span<float> g = buffer.Gradients;
            for (int i = 0; i < w.Length; i++) g[i] = 2f * c[i] * w[i] + MathF.Cos(w[i]);
            optimizer.Step();
            float[] expected = TestSupport.Floats(expectedStep);
            worst = Math.Max(worst, TestSupport.NormwiseRelativeError(buffer.Values, expected));
        }
        return worst;
    }

    /// <summary>
    /// Builds the optimizer through its public constructor, binding the fixture's options by parameter name. generate.py
    /// rounds every hyper-parameter to float32 before PyTorch sees it, the defaults it fills in included (the optimizers
    /// took floats when the fixture was recorded), so the same rounded values, as doubles, go in here for the options and
    /// for the constructor's defaults: both sides run on identical inputs.
    /// </summary>
    internal static Optimizer Create(string name, ParameterBuffer buffer, JsonElement options, WeightDecayScope scope)
    {
        Type type = typeof(Optimizer).Assembly.GetType("NetGen.Optimizers." + name, throwOnError: true)!;
        ConstructorInfo ctor = type.GetConstructors().Single();
        var used = new HashSet<string>(StringComparer.Ordinal);
        object?[] args = ctor.GetParameters().Select(p =>
        {
            if (p.ParameterType == typeof(ParameterBuffer)) return buffer;
            if (p.Name == "weightDecayScope") return scope;
            if (options.TryGetProperty(p.Name!, out JsonElement v))
            {
                used.Add(p.Name!);
                return p.ParameterType == typeof(bool) ? v.GetBoolean() : (object)(double)(float)v.GetDouble();
            }
            Assert.True(p.HasDefaultValue, $"{name}: no value for required parameter {p.Name}");
            return p.DefaultValue is double d ? (double)(float)d : p.DefaultValue;
        }).ToArray();
        foreach (JsonProperty prop in options.EnumerateObject())
            Assert.True(used.Contains(prop.Name), $"{name} has no constructor parameter '{prop.Name}'");
        return (Optimizer)ctor.Invoke(args);
    }
}
