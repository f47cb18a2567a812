using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NetGen;
using NetGen.Optimizers;
using NetGen.Regularization;
using NetGen.Tests.Optimizers;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Regularization;

/// <summary>Penalties and clipping: hand-derived values, torch fixtures (Fixtures/regularization), arguments, allocation.</summary>
public sealed class RegularizationTests
{
    private readonly ITestOutputHelper _output;

    public RegularizationTests(ITestOutputHelper output) => _output = output;

    private static ParameterBuffer Layer(float[] w, float[] b) => TestSupport.Buffer(w.Concat(b).ToArray(),
        ("fc.weight", new[] { w.Length }, ParameterRole.Weight), ("fc.bias", new[] { b.Length }, ParameterRole.Bias));

    // ---- Hand-derived ----

    [Fact]
    public void L1_value_and_gradient_skip_biases_by_default()
    {
        // w = (2, −3, 0), b = (5): λΣ|w| = 0.1·5 = 0.5; gradient 0.1·sign(w) = (0.1, −0.1, 0); bias untouched.
        ParameterBuffer p = Layer(new[] { 2f, -3f, 0f }, new[] { 5f });
        p.Gradients.Fill(1f);
        float value = new L1Penalty(0.1).AddTo(p);
        Assert.Equal(0.5f, value, 6);
        Assert.Equal(new[] { 1.1f, 0.9f, 1f, 1f }, p.Gradients.ToArray());
    }

    [Fact]
    public void L2_value_and_gradient()
    {
        // λΣw² = 0.5·(4 + 9) = 6.5; gradient 2λw = (2, −3); with AllParameters the bias adds 0.5·25 and gets 5.
        ParameterBuffer p = Layer(new[] { 2f, -3f }, new[] { 5f });
        Assert.Equal(6.5f, new L2Penalty(0.5).AddTo(p), 6);
        Assert.Equal(new[] { 2f, -3f, 0f }, p.Gradients.ToArray());
        p.ZeroGrad();
        Assert.Equal(19f, new L2Penalty(0.5, WeightDecayScope.AllParameters).AddTo(p), 6);
        Assert.Equal(new[] { 2f, -3f, 5f }, p.Gradients.ToArray());
    }

    [Fact]
    public void Elastic_net_is_the_sum_of_l1_and_l2()
    {
        // 0.1·(2 + 3) + 0.5·(4 + 9) = 7; gradient 0.1·sign(w) + w = (2.1, −3.1).
        ParameterBuffer p = Layer(new[] { 2f, -3f }, new[] { 5f });
        Assert.Equal(7f, new ElasticNetPenalty(0.1, 0.5).AddTo(p), 6);
        Assert.Equal(2.1f, p.Gradients[0], 6);
        Assert.Equal(-3.1f, p.Gradients[1], 6);
        Assert.Equal(0f, p.Gradients[2]);
    }

    [Fact]
    public void L2_penalty_equals_sgd_weight_decay_of_twice_lambda()
    {
        ParameterBuffer a = Layer(new[] { 1f, -2f, 0.5f }, new[] { 0.3f });
        ParameterBuffer b = Layer(new[] { 1f, -2f, 0.5f }, new[] { 0.3f });
        var withPenalty = new SGD(a, 0.1);
        var withDecay = new SGD(b, 0.1, weightDecay: 0.2, weightDecayScope: WeightDecayScope.WeightsOnly);
        var l2 = new L2Penalty(0.1);
        for (int t = 0; t < 5; t++)
        {
            a.ZeroGrad();
            b.ZeroGrad();
            l2.AddTo(a);
            withPenalty.Step();
            withDecay.Step();
        }
        for (int i = 0; i < a.Count; i++) Assert.Equal(b.Values[i], a.Values[i], 6);
    }

    [Fact]
    public void Clip_by_global_norm_by_hand()
    {
        // Gradients (3, 4) and (0) → 2-norm 5; maxNorm 1 scales by 1/(5 + 1e-6).
        ParameterBuffer p = Layer(new[] { 0f, 0f }, new[] { 0f });
        new[] { 3f, 4f, 0f }.CopyTo(p.Gradients);
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm(p, 1));
        Assert.Equal(0.6f, p.Gradients[0], 6);
        Assert.Equal(0.8f, p.Gradients[1], 6);
        // Already within the bound: unchanged.
        Assert.Equal(1f, GradientClipping.ClipByGlobalNorm(p, 10), 5);
        Assert.Equal(0.6f, p.Gradients[0], 6);
        // 1-norm and ∞-norm of (3, −4, 1).
        new[] { 3f, -4f, 1f }.CopyTo(p.Gradients);
        Assert.Equal(8f, GradientClipping.ClipByGlobalNorm(p, 100, normType: 1));
        Assert.Equal(4f, GradientClipping.ClipByGlobalNorm(p, 2, normType: double.PositiveInfinity));
        Assert.Equal(-2f, p.Gradients[1], 5);
    }

    [Fact]
    public void Clip_by_value_by_hand()
    {
        ParameterBuffer p = Layer(new[] { 0f, 0f, 0f }, new[] { 0f });
        new[] { 3f, -4f, 0.2f, -0.5f }.CopyTo(p.Gradients);
        GradientClipping.ClipByValue(p, 0.5);
        Assert.Equal(new[] { 0.5f, -0.5f, 0.2f, -0.5f }, p.Gradients.ToArray());
    }

    // ---- PyTorch fixtures ----

    private static ParameterBuffer FixtureBuffer(JsonElement root) => TestSupport.Buffer(new float[12 + 3 + 6 + 2],
        root.GetProperty("layout").EnumerateArray().Select(t => (t.GetProperty("name").GetString()!,
            t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            Enum.Parse<ParameterRole>(t.GetProperty("role").GetString()!))).ToArray());

    [Fact]
    public void Clip_grad_norm_matches_pytorch()
    {
        using JsonDocument doc = TestSupport.LoadFixture("regularization", "regularization.json");
        double worst = 0;
        int count = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("clip").EnumerateArray())
        {
            ParameterBuffer p = FixtureBuffer(doc.RootElement);
            TestSupport.Floats(c.GetProperty("grads")).CopyTo(p.Gradients);
            JsonElement nt = c.GetProperty("normType");
            double normType = nt.ValueKind == JsonValueKind.String ? double.PositiveInfinity : nt.GetDouble();
            float total = GradientClipping.ClipByGlobalNorm(p, c.GetProperty("maxNorm").GetDouble(), normType);
            worst = Math.Max(worst, TestSupport.RelativeError(total, c.GetProperty("totalNorm").GetDouble()));
            worst = Math.Max(worst, TestSupport.NormwiseRelativeError(p.Gradients, TestSupport.Floats(c.GetProperty("clipped"))));
            count++;
        }
        _output.WriteLine($"PARITY clip_grad_norm_: {count} cases, worst relative error {worst.ToString("E2", CultureInfo.InvariantCulture)}");
        Assert.Equal(36, count);
        Assert.True(worst <= 1e-6, worst.ToString("R", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Penalties_match_pytorch_autograd()
    {
        using JsonDocument doc = TestSupport.LoadFixture("regularization", "regularization.json");
        double worst = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("penalties").EnumerateArray())
        {
            ParameterBuffer p = FixtureBuffer(doc.RootElement);
            TestSupport.Floats(c.GetProperty("values")).CopyTo(p.Values);
            double l1 = c.GetProperty("lambda1").GetDouble(), l2 = c.GetProperty("lambda2").GetDouble();
            var scope = Enum.Parse<WeightDecayScope>(c.GetProperty("scope").GetString()!);
            Penalty penalty = l1 == 0 ? new L2Penalty(l2, scope) : l2 == 0 ? new L1Penalty(l1, scope) : new ElasticNetPenalty(l1, l2, scope);
            float value = penalty.AddTo(p);
            worst = Math.Max(worst, TestSupport.RelativeError(value, c.GetProperty("penalty").GetDouble()));
            float[] expected = TestSupport.Floats(c.GetProperty("gradient"));
            for (int i = 0; i < expected.Length; i++)
                worst = Math.Max(worst, Math.Abs(p.Gradients[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), 1e-30));
            if (scope == WeightDecayScope.WeightsOnly)
                foreach (int i in new[] { 12, 13, 14, 21, 22 }) Assert.Equal(0f, p.Gradients[i]);
        }
        _output.WriteLine($"PARITY penalties: 6 cases, worst relative error {worst.ToString("E2", CultureInfo.InvariantCulture)}");
        Assert.True(worst <= 1e-6, worst.ToString("R", CultureInfo.InvariantCulture));
    }

    // ---- Arguments and allocation ----

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        static void Throws(Action a, string name, string value)
        {
            ArgumentException e = Assert.ThrowsAny<ArgumentException>(a);
            Assert.Equal(name, e.ParamName);
            Assert.Contains(value, e.Message, StringComparison.Ordinal);
        }
        ParameterBuffer p = TestSupport.Weights(1f);
        Throws(() => new L1Penalty(-0.1), "lambda", "-0.1");
        Throws(() => new L2Penalty(double.NaN), "lambda", "NaN");
        Throws(() => new ElasticNetPenalty(0.1, -2), "lambda2", "-2");
        Throws(() => new ElasticNetPenalty(-1, 0.1), "lambda1", "-1");
        Throws(() => new L1Penalty(0.1, (WeightDecayScope)5), "scope", "5");
        Throws(() => GradientClipping.ClipByGlobalNorm(p, -1), "maxNorm", "-1");
        Throws(() => GradientClipping.ClipByGlobalNorm(p, 1, normType: 0), "normType", "0");
        Throws(() => GradientClipping.ClipByValue(p, -0.5), "clipValue", "-0.5");
        Assert.Throws<ArgumentNullException>(() => new L1Penalty(0.1).AddTo(null!));
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ClipByValue(null!, 1));
    }

    [Fact]
    public void Penalties_and_clipping_allocate_nothing()
    {
        var rng = new Random(7);
        ParameterBuffer p = TestSupport.Buffer(Enumerable.Range(0, 1000 + 10 + 33).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray(),
            ("a.weight", new[] { 100, 10 }, ParameterRole.Weight), ("a.bias", new[] { 10 }, ParameterRole.Bias), ("b.weight", new[] { 33 }, ParameterRole.Weight));
        var penalties = new Penalty[]
        {
            new L1Penalty(1e-4), new L2Penalty(1e-4), new ElasticNetPenalty(1e-4, 1e-4), new L2Penalty(1e-4, WeightDecayScope.AllParameters),
        };
        foreach (Penalty penalty in penalties)
            Assert.Equal(0, TestSupport.AllocatedBytes(() => penalty.AddTo(p)));
        foreach (double normType in new[] { 2.0, 1.0, double.PositiveInfinity, 3.0 })
            Assert.Equal(0, TestSupport.AllocatedBytes(() => GradientClipping.ClipByGlobalNorm(p, 0.5, normType)));
        Assert.Equal(0, TestSupport.AllocatedBytes(() => GradientClipping.ClipByValue(p, 0.01)));
    }
}
