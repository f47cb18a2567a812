using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NetGen;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>Hand-derived worked examples, weight-decay scope, state, reset, vector/tail equivalence and allocation.</summary>
public sealed class OptimizerBehaviourTests
{
    // ---- Course worked examples (loss ½w², so the gradient is w) ----

    [Fact]
    public void SGD_momentum_worked_example()
    {
        // step 1: b = g = 1, w = 1 − 0.01·1 = 0.99; step 2: g = 0.99, b = 0.9·1 + 0.99 = 1.89, w = 0.99 − 0.0189 = 0.9711.
        ParameterBuffer p = TestSupport.Weights(1f);
        var sgd = new SGD(p, learningRate: 0.01, momentum: 0.9);
        HalfSquareStep(p, sgd);
        Assert.Equal(0.99f, p.Values[0], 6);
        HalfSquareStep(p, sgd);
        Assert.Equal(0.9711f, p.Values[0], 6);
        Assert.Equal(1.89f, sgd.State[0].Values[0], 6);
        Assert.Equal(2, sgd.StepCount);
    }

    [Fact]
    public void Adagrad_worked_example()
    {
        // sum = 1, w = 1 − 0.01·1/(√1 + 1e-10) = 0.99.
        ParameterBuffer p = TestSupport.Weights(1f);
        var adagrad = new Adagrad(p, learningRate: 0.01);
        HalfSquareStep(p, adagrad);
        Assert.Equal(0.99f, p.Values[0], 6);
    }

    [Fact]
    public void RMSprop_worked_example()
    {
        // v = 0.1·0.1² = 0.001, √v = 0.0316228, w = 0.1 − 0.01·0.1/0.0316228 = 0.0683772.
        ParameterBuffer p = TestSupport.Weights(0.1f);
        var rms = new RMSprop(p, learningRate: 0.01, alpha: 0.9);
        HalfSquareStep(p, rms);
        Assert.Equal(0.0684, Math.Round(p.Values[0], 4));
        Assert.Equal(0.1 - 0.01 * 0.1 / Math.Sqrt(0.001), p.Values[0], 5);
    }

    [Fact]
    public void Adam_first_step_moves_by_learning_rate()
    {
        // After bias correction m̂ = g and v̂ = g², so the first step is lr·g/(|g| + ε) ≈ lr·sign(g).
        ParameterBuffer p = TestSupport.Weights(2f, -3f);
        var adam = new Adam(p, learningRate: 0.1);
        HalfSquareStep(p, adam);
        Assert.Equal(1.9f, p.Values[0], 5);
        Assert.Equal(-2.9f, p.Values[1], 5);
    }

    [Fact]
    public void Ema_momentum_is_sgd_with_dampening_equal_to_beta_after_the_first_step()
    {
        // The textbook EMA s ← βs + (1−β)g started from s₁ = g equals SGD(momentum = dampening = β).
        const double beta = 0.8, lr = 0.1;
        ParameterBuffer p = TestSupport.Weights(1f);
        var sgd = new SGD(p, learningRate: lr, momentum: beta, dampening: beta);
        double w = 1, s = 0;
        for (int t = 0; t < 10; t++)
        {
            double g = w;
            s = t == 0 ? g : beta * s + (1 - beta) * g;
            w -= lr * s;
            HalfSquareStep(p, sgd);
            Assert.Equal(w, p.Values[0], 5);
        }
    }

    // ---- Weight-decay scope ----

    public static IEnumerable<object[]> DecayingOptimizers() => new[]
    {
        new object[] { "SGD" }, new object[] { "Adagrad" }, new object[] { "RMSprop" }, new object[] { "Adam" }, new object[] { "AdamW" },
    };

    [Theory]
    [MemberData(nameof(DecayingOptimizers))]
    public void WeightsOnly_leaves_biases_undecayed(string name)
    {
        float[] init = { 1f, -0.5f, 0.8f, -1.2f, 0.3f, -0.7f, 0.45f, 2f, -2f };
        (string, int[], ParameterRole)[] tensors =
        {
            ("fc.weight", new[] { 2, 2 }, ParameterRole.Weight),
            ("fc.bias", new[] { 2 }, ParameterRole.Bias),
            ("norm.weight", new[] { 1 }, ParameterRole.NormScale),
            ("out.weight", new[] { 2 }, ParameterRole.Weight),
        };
        ParameterBuffer scoped = TestSupport.Buffer(init, tensors);
        ParameterBuffer noDecay = TestSupport.Buffer(init, tensors);
        ParameterBuffer allDecay = TestSupport.Buffer(init, tensors);
        Optimizer a = Make(name, scoped, 0.5, WeightDecayScope.WeightsOnly);
        Optimizer b = Make(name, noDecay, 0, WeightDecayScope.AllParameters);
        Optimizer c = Make(name, allDecay, 0.5, WeightDecayScope.AllParameters);
        for (int t = 0; t < 10; t++)
        {
            foreach (ParameterBuffer buf in new[] { scoped, noDecay, allDecay })
                for (int i = 0; i < buf.Count; i++) buf.Gradients[i] = 0.3f * buf.Values[i] + 0.1f;
            a.Step(); b.Step(); c.Step();
        }
        // Bias (4..5) and norm scale (6): bit-identical to the undecayed run. Weights (0..3, 7..8): identical to the fully decayed run.
        for (int i = 4; i <= 6; i++) Assert.Equal(noDecay.Values[i], scoped.Values[i]);
        for (int i = 4; i <= 6; i++) Assert.NotEqual(allDecay.Values[i], scoped.Values[i]);
        foreach (int i in new[] { 0, 1, 2, 3, 7, 8 }) Assert.Equal(allDecay.Values[i], scoped.Values[i]);
        foreach (int i in new[] { 0, 1, 2, 3, 7, 8 }) Assert.NotEqual(noDecay.Values[i], scoped.Values[i]);
    }

    private static Optimizer Make(string name, ParameterBuffer p, double wd, WeightDecayScope scope) => name switch
    {
        "SGD" => new SGD(p, 0.1, momentum: 0.9, weightDecay: wd, weightDecayScope: scope),
        "Adagrad" => new Adagrad(p, 0.1, weightDecay: wd, weightDecayScope: scope),
        "RMSprop" => new RMSprop(p, 0.01, weightDecay: wd, momentum: 0.5, weightDecayScope: scope),
        "Adam" => new Adam(p, 0.05, weightDecay: wd, weightDecayScope: scope),
        "AdamW" => new AdamW(p, 0.05, weightDecay: wd, weightDecayScope: scope),
        _ => throw new ArgumentException(name),
    };

    // ---- State, reset, checkpoint restore ----

    [Fact]
    public void State_buffers_are_named_like_pytorch()
    {
        ParameterBuffer p = TestSupport.Weights(1f, 2f, 3f);
        Assert.Empty(new SGD(p, 0.1).State);
        Assert.Equal(new[] { "momentum_buffer" }, new SGD(p, 0.1, momentum: 0.9).State.Select(s => s.Name));
        var adagrad = new Adagrad(p, initialAccumulatorValue: 0.25);
        Assert.Equal(new[] { "sum" }, adagrad.State.Select(s => s.Name));
        Assert.All(adagrad.State[0].Values, v => Assert.Equal(0.25f, v));
        Assert.Equal(new[] { "square_avg" }, new RMSprop(p).State.Select(s => s.Name));
        Assert.Equal(new[] { "square_avg", "momentum_buffer", "grad_avg" }, new RMSprop(p, momentum: 0.9, centered: true).State.Select(s => s.Name));
        Assert.Equal(new[] { "exp_avg", "exp_avg_sq" }, new Adam(p).State.Select(s => s.Name));
        Assert.Equal(new[] { "exp_avg", "exp_avg_sq", "max_exp_avg_sq" }, new AdamW(p, amsgrad: true).State.Select(s => s.Name));
        Assert.All(new Adam(p, amsgrad: true).State, s => Assert.Equal(3, s.Values.Length));
    }

    public static IEnumerable<object[]> FixtureCaseIndices() => OptimizerParityTests.Cases();

    [Theory]
    [MemberData(nameof(FixtureCaseIndices))]
    public void Reset_restarts_and_checkpoint_restore_continues_identically(int index)
    {
        using JsonDocument doc = TestSupport.LoadFixture("optimizers", "trajectories.json");
        JsonElement testCase = doc.RootElement.GetProperty("cases")[index];
        float[] init = TestSupport.Floats(doc.RootElement.GetProperty("w0"));

        (ParameterBuffer p, Optimizer o) Fresh()
        {
            ParameterBuffer buf = TestSupport.Buffer(init, ("weight", new[] { 2, 2 }, ParameterRole.Weight), ("bias", new[] { 3 }, ParameterRole.Bias));
            return (buf, OptimizerParityTests.Create(testCase.GetProperty("optimizer").GetString()!, buf,
                testCase.GetProperty("options"), Enum.Parse<WeightDecayScope>(testCase.GetProperty("weightDecayScope").GetString()!)));
        }

        var (p1, o1) = Fresh();
        Run(p1, o1, 6);
        float[] after6 = p1.Values.ToArray();

        // Reset: state and step count back to the start; from the same values it repeats a fresh run exactly.
        init.AsSpan().CopyTo(p1.Values);
        o1.Reset();
        Assert.Equal(0, o1.StepCount);
        Run(p1, o1, 6);
        Assert.Equal(after6, p1.Values.ToArray());

        // Checkpoint: copy values, state buffers and step count into a fresh optimizer; both continue identically.
        var (p2, o2) = Fresh();
        p1.Values.CopyTo(p2.Values);
        o2.StepCount = o1.StepCount;
        Assert.Equal(o1.State.Select(s => s.Name), o2.State.Select(s => s.Name));
        for (int i = 0; i < o1.State.Count; i++) o1.State[i].Values.CopyTo(o2.State[i].Values, 0);
        if (o1 is SGD s1) ((SGD)o2).HasMomentumBuffer = s1.HasMomentumBuffer;
        Run(p1, o1, 5);
        Run(p2, o2, 5);
        Assert.Equal(p1.Values.ToArray(), p2.Values.ToArray());
    }

    [Theory]
    [MemberData(nameof(FixtureCaseIndices))]
    public void Vector_body_and_tail_agree_elementwise(int index)
    {
        // The fixture's 7 coordinates are independent; tiling them over 1..67 elements sends each one through
        // whole vectors and the padded tail. Every copy must follow the 7-element run bit for bit.
        using JsonDocument doc = TestSupport.LoadFixture("optimizers", "trajectories.json");
        JsonElement testCase = doc.RootElement.GetProperty("cases")[index];
        if (testCase.GetProperty("weightDecayScope").GetString() != "AllParameters") return;
        float[] c = TestSupport.Floats(doc.RootElement.GetProperty("c"));
        float[] w0 = TestSupport.Floats(doc.RootElement.GetProperty("w0"));
        string name = testCase.GetProperty("optimizer").GetString()!;

        ParameterBuffer reference = TestSupport.Weights(w0);
        Optimizer refOpt = OptimizerParityTests.Create(name, reference, testCase.GetProperty("options"), WeightDecayScope.AllParameters);
        foreach (int n in new[] { 1, 8, 15, 16, 17, 31, 33, 67 })
        {
            float[] init = Enumerable.Range(0, n).Select(i => w0[i % 7]).ToArray();
            float[] cc = Enumerable.Range(0, n).Select(i => c[i % 7]).ToArray();
            ParameterBuffer big = TestSupport.Weights(init);
            Optimizer bigOpt = OptimizerParityTests.Create(name, big, testCase.GetProperty("options"), WeightDecayScope.AllParameters);
            w0.AsSpan().CopyTo(reference.Values);
            refOpt.Reset();
            for (int t = 0; t < 12; t++)
            {
                for (int i = 0; i < 7; i++) reference.Gradients[i] = 2f * c[i] * reference.Values[i] + MathF.Cos(reference.Values[i]);
                for (int i = 0; i < n; i++) big.Gradients[i] = 2f * cc[i] * big.Values[i] + MathF.Cos(big.Values[i]);
                refOpt.Step();
                bigOpt.Step();
                for (int i = 0; i < n; i++) Assert.Equal(reference.Values[i % 7], big.Values[i]);
            }
        }
    }

    [Fact]
    public void Plain_momentum_and_adam_steps_are_their_formulas_in_float_bit_for_bit()
    {
        // Without options both optimizers take a branch-free update loop (SGD from its second step): each element must
        // be PyTorch's formula evaluated in float, operation by operation (no fused multiply-add, division kept), over
        // whole vectors and the tail.
        const int N = 37;
        // Learning rates of 1 on small weights: each step's increment is as large as the weight, so a rounding
        // difference in it shows in the weight (with lr 0.01 the weight's own rounding absorbed a reordered product).
        float[] w0 = Enumerable.Range(0, N).Select(i => 0.01f * MathF.Sin(i + 1f)).ToArray();
        float Gradient(float w, int i) => w * (1f + i % 5) + MathF.Cos(w);

        ParameterBuffer ps = TestSupport.Weights((float[])w0.Clone());
        var sgd = new SGD(ps, learningRate: 1, momentum: 0.9, dampening: 0.25);
        float[] w = (float[])w0.Clone(), buf = new float[N];
        float lr = 1f, mu = 0.9f, oneMinusDampening = 0.75f;
        for (int t = 0; t < 4; t++)
        {
            for (int i = 0; i < N; i++) ps.Gradients[i] = Gradient(ps.Values[i], i);
            for (int i = 0; i < N; i++)
            {
                float g = Gradient(w[i], i);
                buf[i] = t == 0 ? g : buf[i] * mu + oneMinusDampening * g;
                w[i] += -lr * buf[i];
            }
            sgd.Step();
            Assert.Equal(w, ps.Values.ToArray());
            Assert.Equal(buf, sgd.State[0].Values);
        }

        ParameterBuffer pa = TestSupport.Weights((float[])w0.Clone());
        var adam = new Adam(pa, learningRate: 1, beta1: 0.8, beta2: 0.99, epsilon: 1e-6);
        float[] m = new float[N], v = new float[N];
        w = (float[])w0.Clone();
        for (int t = 1; t <= 4; t++)
        {
            for (int i = 0; i < N; i++) pa.Gradients[i] = Gradient(pa.Values[i], i);
            float negStep = (float)-(1.0 / (1 - Math.Pow(0.8, t))), bc2Sqrt = (float)Math.Sqrt(1 - Math.Pow(0.99, t));
            for (int i = 0; i < N; i++)
            {
                float g = Gradient(w[i], i);
                m[i] = m[i] * 0.8f + (float)(1 - 0.8) * g;
                v[i] = v[i] * 0.99f + (float)(1 - 0.99) * g * g;
                float denom = MathF.Sqrt(v[i]) / bc2Sqrt + 1e-6f;
                w[i] += negStep * m[i] / denom;
            }
            adam.Step();
            Assert.Equal(w, pa.Values.ToArray());
            Assert.Equal(m, adam.State[0].Values);
            Assert.Equal(v, adam.State[1].Values);
        }
    }

    // ---- Allocation ----

    [Theory]
    [MemberData(nameof(FixtureCaseIndices))]
    public void Step_allocates_nothing(int index)
    {
        using JsonDocument doc = TestSupport.LoadFixture("optimizers", "trajectories.json");
        JsonElement testCase = doc.RootElement.GetProperty("cases")[index];
        var rng = new Random(index);
        float[] init = Enumerable.Range(0, 1000 + 3 + 37).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        ParameterBuffer p = TestSupport.Buffer(init,
            ("a.weight", new[] { 40, 25 }, ParameterRole.Weight),
            ("a.bias", new[] { 3 }, ParameterRole.Bias),
            ("b.weight", new[] { 37 }, ParameterRole.Weight));
        for (int i = 0; i < p.Count; i++) p.Gradients[i] = 0.01f * (i % 13 - 6);
        Optimizer o = OptimizerParityTests.Create(testCase.GetProperty("optimizer").GetString()!, p, testCase.GetProperty("options"),
            Enum.Parse<WeightDecayScope>(testCase.GetProperty("weightDecayScope").GetString()!));
        Assert.Equal(0, TestSupport.AllocatedBytes(o.Step));
    }

    // ---- Learning rate ----

    [Fact]
    public void Learning_rate_is_settable_and_initial_rate_defaults_to_it()
    {
        ParameterBuffer p = TestSupport.Weights(1f);
        var adam = new Adam(p, learningRate: 0.01);
        Assert.Equal(0.01, adam.LearningRate);
        Assert.Equal(0.01, adam.InitialLearningRate);
        adam.LearningRate = 0.5;
        Assert.Equal(0.5, adam.LearningRate);
        Assert.Equal(0.5, adam.InitialLearningRate);
        adam.InitialLearningRate = 0.02;
        adam.LearningRate = 0.3;
        Assert.Equal(0.02, adam.InitialLearningRate);
    }

    private static void HalfSquareStep(ParameterBuffer p, Optimizer o)
    {
        p.Values.CopyTo(p.Gradients);
        o.Step();
    }

    private static void Run(ParameterBuffer p, Optimizer o, int steps)
    {
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < p.Count; i++) p.Gradients[i] = 2f * p.Values[i] + MathF.Cos(p.Values[i]);
            o.Step();
        }
    }
}
