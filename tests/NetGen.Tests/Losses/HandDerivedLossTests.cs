using System;
using NetGen.Losses;
using Xunit;

namespace NetGen.Tests.Losses;

/// <summary>Small cases whose expected numbers are derived by hand (shown in each test).</summary>
public sealed class HandDerivedLossTests
{
    private const float Tol = 1e-6f;

    [Fact]
    public void MSE_Of_1_2_Against_0_0_Is_2_5_And_Half_Scaling_Gives_1_25()
    {
        var grad = new float[2];
        // mean((1², 2²)) = 2.5; gradient 2d/N = (1, 2).
        Assert.Equal(2.5f, new MSELoss().Compute(new[] { 1f, 2f }, new[] { 0f, 0f }, grad), Tol);
        Assert.Equal(new[] { 1f, 2f }, grad);
        // ½·mean(d²) = 1.25; gradient d/N = (0.5, 1).
        Assert.Equal(1.25f, new MSELoss(halfScaling: true).Compute(new[] { 1f, 2f }, new[] { 0f, 0f }, grad), Tol);
        Assert.Equal(new[] { 0.5f, 1f }, grad);
        // sum: 5, gradient 2d = (2, 4).
        Assert.Equal(5f, new MSELoss(Reduction.Sum).Compute(new[] { 1f, 2f }, new[] { 0f, 0f }, grad), Tol);
        Assert.Equal(new[] { 2f, 4f }, grad);
    }

    [Fact]
    public void MSE_Elementwise_Gives_Squares_And_Unscaled_Gradient()
    {
        var losses = new float[3];
        var grad = new float[3];
        new MSELoss(Reduction.None).ComputeElementwise(new[] { 1f, -2f, 3f }, new[] { 0f, 0f, 3f }, losses, grad, 1);
        Assert.Equal(new[] { 1f, 4f, 0f }, losses);
        Assert.Equal(new[] { 2f, -4f, 0f }, grad);
    }

    [Fact]
    public void L1_Gradient_Is_Zero_Where_Prediction_Equals_Target()
    {
        var grad = new float[3];
        // |0| + |2| + |−2| = 4, mean 4/3; gradient sign(d)/3 = (0, 1/3, −1/3).
        float loss = new L1Loss().Compute(new[] { 1f, 2f, 3f }, new[] { 1f, 0f, 5f }, grad);
        Assert.Equal(4f / 3f, loss, Tol);
        Assert.Equal(0f, grad[0]);
        Assert.Equal(1f / 3f, grad[1], Tol);
        Assert.Equal(-1f / 3f, grad[2], Tol);
    }

    [Fact]
    public void SmoothL1_With_Beta_Zero_Is_L1_And_Huber_Delta_One_Is_SmoothL1_Beta_One()
    {
        float[] p = { 0.3f, -2f, 1f, 5f, 0.5f };
        float[] t = { 0.3f, 0f, 0.2f, 1f, 1f };
        var g1 = new float[5];
        var g2 = new float[5];
        Assert.Equal(new L1Loss().Compute(p, t, g1), new SmoothL1Loss(beta: 0).Compute(p, t, g2), Tol);
        Assert.Equal(g1, g2);
        Assert.Equal(new SmoothL1Loss().Compute(p, t, g1), new HuberLoss().Compute(p, t, g2), Tol);
        Assert.Equal(g1, g2);
        // d = 0.5 inside β = 1: ½·0.25 = 0.125; d = −2 outside: 2 − 0.5 = 1.5.
        var losses = new float[2];
        new SmoothL1Loss(Reduction.None).ComputeElementwise(new[] { 0.5f, -2f }, new[] { 0f, 0f }, losses, Span<float>.Empty, 1);
        Assert.Equal(new[] { 0.125f, 1.5f }, losses);
        // Huber δ = 2, d = 3: 2·(3 − 1) = 4, gradient δ = 2; SmoothL1 β = 2, d = 3: 3 − 1 = 2, gradient 1.
        var g = new float[1];
        Assert.Equal(4f, new HuberLoss(Reduction.Sum, delta: 2).Compute(new[] { 3f }, new[] { 0f }, g), Tol);
        Assert.Equal(2f, g[0]);
        Assert.Equal(2f, new SmoothL1Loss(Reduction.Sum, beta: 2).Compute(new[] { 3f }, new[] { 0f }, g), Tol);
        Assert.Equal(1f, g[0]);
    }

    [Fact]
    public void BCE_Clamps_Each_Log_At_Minus_100_Like_PyTorch()
    {
        var losses = new float[4];
        var grad = new float[4];
        // p = 0, t = 1: −log 0 → 100; p = 1, t = 0: 100; p = 0, t = 0 and p = 1, t = 1: 0.
        new BCELoss(Reduction.None).ComputeElementwise(new[] { 0f, 1f, 0f, 1f }, new[] { 1f, 0f, 0f, 1f }, losses, grad, 1);
        Assert.Equal(new[] { 100f, 100f, 0f, 0f }, losses);
        // gradient (p − t) / max(p(1 − p), 1e-12): −1e12, 1e12, 0, 0 — finite.
        Assert.Equal(-1e12f, grad[0], 1e6f);
        Assert.Equal(1e12f, grad[1], 1e6f);
        Assert.Equal(0f, grad[2]);
        Assert.Equal(0f, grad[3]);
        // p = 0.5, t = 1, weight 2: 2·ln 2.
        Assert.Equal(2f * MathF.Log(2f), new BCELoss(weight: new[] { 2f }).Compute(new[] { 0.5f }, new[] { 1f }), Tol);
    }

    [Fact]
    public void BCEWithLogits_Is_Finite_For_Extreme_Logits()
    {
        var losses = new float[4];
        var grad = new float[4];
        // x = 100, t = 0: loss = 100 + log(1 + e^−100) ≈ 100, gradient σ(100) − 0 ≈ 1. x = −100, t = 1: ≈ 100, gradient ≈ −1.
        // Confident and right: loss log(1 + e^−100) ≈ 3.7e-44, gradient ±e^−100/(1 + e^−100) ≈ ±3.7e-44.
        new BCEWithLogitsLoss(Reduction.None).ComputeElementwise(new[] { 100f, -100f, 100f, -100f }, new[] { 0f, 1f, 1f, 0f }, losses, grad, 1);
        float[] expectedLosses = { 100f, 100f, 0f, 0f };
        float[] expectedGrad = { 1f, -1f, 0f, 0f };
        for (int i = 0; i < 4; i++)
        {
            Assert.True(float.IsFinite(losses[i]) && float.IsFinite(grad[i]));
            Assert.Equal(expectedLosses[i], losses[i], 1e-5f);
            Assert.Equal(expectedGrad[i], grad[i], 1e-6f);
        }
        // x = 0, t = 1, pos_weight 3: 3·ln 2, gradient (1 + 3 − 1)·0.5 − 3 = −1.5.
        var g = new float[1];
        Assert.Equal(3f * MathF.Log(2f), new BCEWithLogitsLoss(posWeight: new[] { 3f }).Compute(new[] { 0f }, new[] { 1f }, g), Tol);
        Assert.Equal(-1.5f, g[0], Tol);
    }

    [Fact]
    public void CrossEntropy_Of_Uniform_Logits_Is_Log_C_With_Softmax_Minus_OneHot_Gradient()
    {
        var grad = new float[6];
        // Two samples of 3 equal logits: −log(1/3) each; gradient (1/3 − onehot)/2.
        float loss = new CrossEntropyLoss().Compute(new float[6], new[] { 0, 2 }, grad);
        Assert.Equal(MathF.Log(3f), loss, Tol);
        float third = 1f / 6f;
        float[] expected = { third - 0.5f, third, third, third, third, third - 0.5f };
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], grad[i], Tol);
    }

    [Fact]
    public void CrossEntropy_Label_Smoothing_On_Uniform_Logits_Still_Gives_Log_C()
    {
        // With equal logits every −z[c] = log C, so any mixture of them is log C.
        Assert.Equal(MathF.Log(4f), new CrossEntropyLoss(labelSmoothing: 0.3).Compute(new float[8], new[] { 1, 3 }), Tol);
    }

    [Fact]
    public void CrossEntropy_Float_Index_Targets_And_OneHot_Probabilities_Agree()
    {
        float[] logits = { 2f, -1f, 0.5f, 0f, 3f, -2f };
        var g1 = new float[6];
        var g2 = new float[6];
        var loss = new CrossEntropyLoss();
        float a = loss.Compute(logits, new[] { 0f, 1f }, g1, 2);
        float b = loss.Compute(logits, new[] { 1f, 0f, 0f, 0f, 1f, 0f }, g2, 2);
        Assert.Equal(a, b, Tol);
        for (int i = 0; i < 6; i++) Assert.Equal(g1[i], g2[i], Tol);
    }

    /// <summary>
    /// Few classes, more rows than the 64 whose Σ exp are multiplied before one logarithm, some targets ignored: the
    /// mean and the sum equal the per-row definition (log Σ exp − x_t, in double here); a NaN logit anywhere still
    /// gives NaN.
    /// </summary>
    [Fact]
    public void CrossEntropy_ManyRows_FewClasses_EqualsThePerRowDefinition()
    {
        const int rows = 201, classes = 5;
        var rng = new Random(11);
        var logits = new float[rows * classes];
        for (int i = 0; i < logits.Length; i++) logits[i] = (float)(rng.NextDouble() * 60 - 30);
        var targets = new int[rows];
        for (int i = 0; i < rows; i++) targets[i] = i % 17 == 3 ? -100 : rng.Next(classes);
        double total = 0;
        int counted = 0;
        for (int i = 0; i < rows; i++)
        {
            if (targets[i] == -100) continue;
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < classes; c++) max = Math.Max(max, logits[i * classes + c]);
            for (int c = 0; c < classes; c++) sum += Math.Exp(logits[i * classes + c] - max);
            total += max + Math.Log(sum) - logits[i * classes + targets[i]];
            counted++;
        }
        var grad = new float[rows * classes];
        float mean = new CrossEntropyLoss().Compute(logits, targets, grad);
        Assert.Equal(total / counted, mean, 1e-6 * Math.Abs(total / counted));
        float sumLoss = new CrossEntropyLoss(Reduction.Sum).Compute(logits, targets, grad);
        Assert.Equal(total, sumLoss, 1e-6 * Math.Abs(total));

        logits[150 * classes + 2] = float.NaN;
        Assert.True(float.IsNaN(new CrossEntropyLoss().Compute(logits, targets, grad)));
    }

    [Fact]
    public void CrossEntropy_And_NLL_With_Every_Target_Ignored_Return_Zero_Not_NaN()
    {
        var grad = new float[4];
        grad.AsSpan().Fill(7f);
        Assert.Equal(0f, new CrossEntropyLoss().Compute(new[] { 1f, 2f, 3f, 4f }, new[] { -100, -100 }, grad));
        Assert.Equal(new float[4], grad);
        grad.AsSpan().Fill(7f);
        Assert.Equal(0f, new NLLLoss().Compute(new[] { -1f, -2f, -3f, -4f }, new[] { -100f, -100f }, grad, 2));
        Assert.Equal(new float[4], grad);
    }

    [Fact]
    public void NLL_Picks_Minus_Weighted_LogProbability_And_Divides_By_Weight_Sum()
    {
        // Targets 1 and 0 with weights (2, 3): (−2·(−0.5) − 3·(−1)) / (3 + 2) = 4/5.
        var grad = new float[4];
        float loss = new NLLLoss(weight: new[] { 2f, 3f }).Compute(new[] { -0.7f, -0.5f, -2f, -1f }, new[] { 1, 1 }, grad);
        Assert.Equal((3f * 0.5f + 3f * 1f) / 6f, loss, Tol);
        Assert.Equal(new[] { 0f, -0.5f, 0f, -0.5f }, grad);
    }

    [Fact]
    public void Compute_With_Reduction_None_Throws_And_Points_To_ComputeElementwise()
    {
        Loss[] all =
        {
            new MSELoss(Reduction.None), new L1Loss(Reduction.None), new SmoothL1Loss(Reduction.None), new HuberLoss(Reduction.None),
            new BCELoss(Reduction.None), new BCEWithLogitsLoss(Reduction.None), new CrossEntropyLoss(Reduction.None), new NLLLoss(Reduction.None),
        };
        foreach (Loss loss in all)
        {
            var e = Assert.Throws<InvalidOperationException>(() => loss.Compute(new[] { 0.5f, 0.5f }, new[] { 0f }, Span<float>.Empty, 1));
            Assert.Contains("ComputeElementwise", e.Message);
        }
    }

    [Fact]
    public void ElementwiseLossLength_Is_Per_Element_Or_Per_Sample()
    {
        Assert.Equal(12, new MSELoss().GetElementwiseLossLength(12, 3));
        Assert.Equal(3, new CrossEntropyLoss().GetElementwiseLossLength(12, 3));
        Assert.Equal(3, new NLLLoss().GetElementwiseLossLength(12, 3));
    }

    [Fact]
    public void Weight_Arrays_Are_Copied()
    {
        float[] w = { 1f, 2f };
        var loss = new CrossEntropyLoss(weight: w);
        w[0] = 100f;
        Assert.Equal(1f, loss.Weight[0]);
    }
}
