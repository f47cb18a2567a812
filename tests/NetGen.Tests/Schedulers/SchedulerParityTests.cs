using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NetGen;
using NetGen.Optimizers;
using NetGen.Schedulers;
using NetGen.Tests.Optimizers;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Schedulers;

/// <summary>
/// Replays learning-rate schedules recorded from torch.optim.lr_scheduler (Fixtures/schedulers/generate.py):
/// 200–250 epochs per case, the rate after construction and after every step, relative error ≤ 1e-5.
/// </summary>
public sealed class SchedulerParityTests
{
    private const double Tolerance = 1e-5;
    private readonly ITestOutputHelper _output;

    public SchedulerParityTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases()
    {
        using JsonDocument doc = TestSupport.LoadFixture("schedulers", "schedules.json");
        int n = doc.RootElement.GetProperty("cases").GetArrayLength();
        for (int i = 0; i < n; i++) yield return new object[] { i };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_matches_pytorch(int index)
    {
        using JsonDocument doc = TestSupport.LoadFixture("schedulers", "schedules.json");
        double worst = Replay(doc.RootElement.GetProperty("cases")[index], out string label);
        _output.WriteLine($"{label}: worst relative error {worst.ToString("E2", CultureInfo.InvariantCulture)}");
        Assert.True(worst <= Tolerance, $"{label}: worst relative error {worst.ToString("R", CultureInfo.InvariantCulture)}");
    }

    [Fact]
    public void Worst_error_over_all_schedules()
    {
        using JsonDocument doc = TestSupport.LoadFixture("schedulers", "schedules.json");
        double worst = 0;
        int count = 0, values = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            worst = Math.Max(worst, Replay(c, out _));
            count++;
            values += c.GetProperty("lrs").GetArrayLength();
        }
        _output.WriteLine($"PARITY schedulers: {count} cases, {values} learning rates, worst relative error {worst.ToString("E2", CultureInfo.InvariantCulture)}");
        Assert.True(worst <= Tolerance);
    }

    private static double Replay(JsonElement c, out string label)
    {
        string name = c.GetProperty("scheduler").GetString()!;
        JsonElement o = c.GetProperty("options");
        label = name + " " + o.GetRawText();
        ParameterBuffer p = TestSupport.Weights(0f);
        // generate.py rounds the base rate and the momentum to float32 before giving them to PyTorch (the optimizers
        // took floats when the fixture was recorded); the same rounded values go in here, so both sides start alike.
        double lr = (float)c.GetProperty("lr").GetDouble();
        Optimizer optimizer = c.GetProperty("optimizer").GetString() switch
        {
            "SGD" => new SGD(p, lr, momentum: c.TryGetProperty("momentum", out JsonElement m) ? (float)m.GetDouble() : 0),
            "Adam" => new Adam(p, lr),
            "Adagrad" => new Adagrad(p, lr),
            var s => throw new ArgumentException(s),
        };
        double[] expected = TestSupport.Doubles(c.GetProperty("lrs"));
        double[]? momenta = c.TryGetProperty("momenta", out JsonElement mm) && mm[0].ValueKind == JsonValueKind.Number ? TestSupport.Doubles(mm) : null;
        double worst = 0;

        void Compare(double actual, double torch, int epoch)
        {
            // OneCycleLR's extra step past the schedule: PyTorch extrapolates linear annealing below 0; we clamp to 0.
            if (torch < 0)
            {
                Assert.Equal("OneCycleLR", name);
                Assert.Equal(0.0, actual);
                return;
            }
            worst = Math.Max(worst, TestSupport.RelativeError(actual, torch));
            Assert.Equal(actual, optimizer.LearningRate);
            _ = epoch;
        }

        if (name == "ReduceLROnPlateau")
        {
            var sch = new ReduceLROnPlateau(optimizer,
                mode: Enum.Parse<PlateauMode>(Str(o, "mode", "Min")),
                factor: Num(o, "factor", 0.1),
                patience: (int)Num(o, "patience", 10),
                threshold: Num(o, "threshold", 1e-4),
                thresholdMode: Enum.Parse<ThresholdMode>(Str(o, "thresholdMode", "Relative")),
                cooldown: (int)Num(o, "cooldown", 0),
                minLearningRate: Num(o, "minLearningRate", 0),
                epsilon: Num(o, "eps", 1e-8));
            double[] metrics = TestSupport.Doubles(c.GetProperty("metricValues"));
            for (int t = 0; t < metrics.Length; t++)
            {
                optimizer.Step();
                sch.Step(metrics[t]);
                Assert.Equal(t + 1, sch.Epoch);
                Compare(sch.LastLearningRate, expected[t], t + 1);
            }
            return worst;
        }

        LearningRateScheduler scheduler = name switch
        {
            "StepLR" => new StepLR(optimizer, (int)Num(o, "stepSize", 0), Num(o, "gamma", 0.1)),
            "MultiStepLR" => new MultiStepLR(optimizer, o.GetProperty("milestones").EnumerateArray().Select(e => e.GetInt32()).ToArray(), Num(o, "gamma", 0.1)),
            "ExponentialLR" => new ExponentialLR(optimizer, Num(o, "gamma", 0)),
            "CosineAnnealingLR" => new CosineAnnealingLR(optimizer, (int)Num(o, "tMax", 0), Num(o, "etaMin", 0)),
            "LinearLR" => new LinearLR(optimizer, Num(o, "startFactor", 1.0 / 3), Num(o, "endFactor", 1.0), (int)Num(o, "totalIters", 5)),
            "OneCycleLR" => new OneCycleLR(optimizer, Num(o, "maxLearningRate", 0), (int)Num(o, "totalSteps", 0), Num(o, "pctStart", 0.3),
                Enum.Parse<AnnealStrategy>(Str(o, "annealStrategy", "Cosine")),
                !o.TryGetProperty("cycleMomentum", out JsonElement cm) || cm.GetBoolean(),
                Num(o, "baseMomentum", 0.85), Num(o, "maxMomentum", 0.95), Num(o, "divFactor", 25.0), Num(o, "finalDivFactor", 1e4),
                o.TryGetProperty("threePhase", out JsonElement tp) && tp.GetBoolean()),
            _ => throw new ArgumentException(name),
        };
        Assert.Equal(0, scheduler.Epoch);
        for (int t = 0; t < expected.Length; t++)
        {
            if (t > 0)
            {
                optimizer.Step();
                scheduler.Step();
            }
            Assert.Equal(t, scheduler.Epoch);
            Compare(scheduler.LastLearningRate, expected[t], t);
            if (momenta is not null)
            {
                double momentum = ((IMomentumOptimizer)optimizer).Momentum;
                worst = Math.Max(worst, TestSupport.RelativeError(momentum, momenta[t]));
                Assert.Equal(momentum, ((OneCycleLR)scheduler).LastMomentum);
            }
        }
        if (scheduler is OneCycleLR)
            Assert.Throws<InvalidOperationException>(scheduler.Step);
        return worst;
    }

    private static double Num(JsonElement o, string key, double fallback) => o.TryGetProperty(key, out JsonElement v) ? v.GetDouble() : fallback;

    private static string Str(JsonElement o, string key, string fallback) => o.TryGetProperty(key, out JsonElement v) ? v.GetString()! : fallback;
}
