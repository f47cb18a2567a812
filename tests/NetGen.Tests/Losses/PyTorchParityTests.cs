using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Losses;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Losses;

/// <summary>
/// Replays every PyTorch case of Fixtures/losses (value and autograd gradient, float64 PyTorch on the same float32 inputs).
/// Metric: a loss value a against reference b passes when |a − b| ≤ 1e-5·max(1, |b|). Gradients of a mean are first
/// multiplied by the mean's denominator D (what PyTorch divides by), i.e. |a − b|·D ≤ 1e-5·max(1, |b|·D), so a
/// gradient entry is judged on the scale of the un-averaged element loss, not swamped by the 1/N.
/// </summary>
public sealed class PyTorchParityTests
{
    private const double Tolerance = 1e-5;
    private readonly ITestOutputHelper _output;

    public PyTorchParityTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Families()
    {
        foreach (string f in LossFixtures.Families) yield return new object[] { f };
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void EveryFixtureCaseMatchesPyTorch(string family)
    {
        IReadOnlyList<LossCase> cases = LossFixtures.Load(family);
        Assert.NotEmpty(cases);
        double worst = 0;
        string worstCase = "";
        var failures = new List<string>();
        foreach (LossCase c in cases)
        {
            double err = CheckCase(c, failures);
            if (err > worst) { worst = err; worstCase = c.Name; }
        }
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{family}: {cases.Count} cases, worst relative error {worst:E2} ({worstCase})"));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static double CheckCase(LossCase c, List<string> failures)
    {
        Loss loss = c.Create();
        double worst = 0;
        var grad = new float[c.Predictions.Length];
        if (c.Reduction == Reduction.None)
        {
            var losses = new float[loss.GetElementwiseLossLength(c.Predictions.Length, c.Batch)];
            Assert.Equal(c.Losses.Length, losses.Length);
            loss.ComputeElementwise(c.Predictions, c.Targets, losses, grad, c.Batch);
            for (int i = 0; i < losses.Length; i++) worst = Math.Max(worst, Compare(c, $"losses[{i}]", losses[i], c.Losses[i], 1, failures));
            worst = Math.Max(worst, CompareGradient(c, grad, 1, failures));

            // Losses only (no gradient) must give the same losses.
            var lossesOnly = new float[losses.Length];
            loss.ComputeElementwise(c.Predictions, c.Targets, lossesOnly, Span<float>.Empty, c.Batch);
            for (int i = 0; i < losses.Length; i++) worst = Math.Max(worst, Compare(c, $"losses(no gradient)[{i}]", lossesOnly[i], c.Losses[i], 1, failures));

            if (c.HasClassIndexTargets)
            {
                int[] indices = ToInts(c.Targets);
                var typedLosses = new float[losses.Length];
                var typedGrad = new float[grad.Length];
                if (loss is CrossEntropyLoss ce) ce.ComputeElementwise(c.Predictions, indices, typedLosses, typedGrad);
                else ((NLLLoss)loss).ComputeElementwise(c.Predictions, indices, typedLosses, typedGrad);
                Assert.Equal(losses, typedLosses);
                Assert.Equal(grad, typedGrad);
            }
            return worst;
        }

        float value = loss.Compute(c.Predictions, c.Targets, grad, c.Batch);
        worst = Math.Max(worst, Compare(c, "value", value, c.Value, 1, failures));
        worst = Math.Max(worst, CompareGradient(c, grad, c.Denominator, failures));

        float valueOnly = loss.Compute(c.Predictions, c.Targets, Span<float>.Empty, c.Batch);
        worst = Math.Max(worst, Compare(c, "value(no gradient)", valueOnly, c.Value, 1, failures));

        if (c.HasClassIndexTargets)
        {
            int[] indices = ToInts(c.Targets);
            var typedGrad = new float[grad.Length];
            float typed = loss is CrossEntropyLoss ce ? ce.Compute(c.Predictions, indices, typedGrad) : ((NLLLoss)loss).Compute(c.Predictions, indices, typedGrad);
            Assert.Equal(value, typed);
            Assert.Equal(grad, typedGrad);
        }
        return worst;
    }

    private static double CompareGradient(LossCase c, float[] grad, double denominator, List<string> failures)
    {
        Assert.Equal(c.Gradient.Length, grad.Length);
        double worst = 0;
        for (int i = 0; i < grad.Length; i++) worst = Math.Max(worst, Compare(c, $"gradient[{i}]", grad[i], c.Gradient[i], denominator, failures));
        return worst;
    }

    private static double Compare(LossCase c, string what, float actual, double expected, double scale, List<string> failures)
    {
        double a = actual * scale, b = expected * scale;
        double err = double.IsFinite(a) ? Math.Abs(a - b) / Math.Max(1.0, Math.Abs(b)) : double.PositiveInfinity;
        if (!(err <= Tolerance))
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{c.Name} {what}: got {actual:R}, PyTorch {expected:R} (relative error {err:E2})"));
        return err;
    }

    private static int[] ToInts(float[] values)
    {
        var r = new int[values.Length];
        for (int i = 0; i < values.Length; i++) r[i] = (int)values[i];
        return r;
    }
}
