using System;
using NetGen.Losses;
using Xunit;

namespace NetGen.Tests.Losses;

/// <summary>Bad input gives an ArgumentException naming the argument and the values, and writes nothing.</summary>
public sealed class LossArgumentTests
{
    private static void AssertNames<T>(Action action, string paramName, params string[] fragments) where T : ArgumentException
    {
        T e = Assert.ThrowsAny<T>(action);
        Assert.Equal(paramName, e.ParamName);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void Wrong_Span_Lengths_Name_The_Span_And_Both_Lengths()
    {
        var mse = new MSELoss();
        AssertNames<ArgumentException>(() => mse.Compute(new float[6], new float[5], Span<float>.Empty, 2), "targets", "5", "6");
        AssertNames<ArgumentException>(() => mse.Compute(new float[6], new float[6], new float[4], 2), "predictionGradient", "4", "6");
        AssertNames<ArgumentException>(() => mse.Compute(new float[7], new float[7], Span<float>.Empty, 2), "predictions", "7", "2");
        AssertNames<ArgumentException>(() => mse.Compute(Span<float>.Empty, Span<float>.Empty, Span<float>.Empty, 1), "predictions", "0");
        AssertNames<ArgumentOutOfRangeException>(() => mse.Compute(new float[6], new float[6], Span<float>.Empty, 0), "batchSize", "0");
        AssertNames<ArgumentException>(() => mse.ComputeElementwise(new float[6], new float[6], new float[3], Span<float>.Empty, 2), "losses", "3", "6");
        var ce = new CrossEntropyLoss();
        AssertNames<ArgumentException>(() => ce.Compute(new float[6], new float[4], Span<float>.Empty, 2), "targets", "4", "2", "6");
        AssertNames<ArgumentException>(() => ce.ComputeElementwise(new float[6], new[] { 0, 1 }, new float[3]), "losses", "3", "2");
        AssertNames<ArgumentException>(() => new NLLLoss().Compute(new float[6], new float[3], Span<float>.Empty, 2), "targets", "3", "2");
    }

    [Fact]
    public void Class_Index_Out_Of_Range_Or_Not_An_Integer_Is_Rejected()
    {
        var ce = new CrossEntropyLoss();
        AssertNames<ArgumentException>(() => ce.Compute(new float[6], new[] { 0f, 3f }, Span<float>.Empty, 2), "targets", "targets[1]", "(3)", "[0, 3)", "-100");
        AssertNames<ArgumentException>(() => ce.Compute(new float[6], new[] { 1.5f, 0f }, Span<float>.Empty, 2), "targets", "targets[0]", "1.5");
        AssertNames<ArgumentException>(() => ce.Compute(new float[6], new[] { -1f, 0f }, Span<float>.Empty, 2), "targets", "-1");
        AssertNames<ArgumentException>(() => ce.Compute(new float[6], new[] { float.NaN, 0f }, Span<float>.Empty, 2), "targets", "NaN");
        AssertNames<ArgumentOutOfRangeException>(() => ce.Compute(new float[6], new[] { 0, 7 }), "classIndices", "classIndices[1]", "7", "[0, 3)");
        AssertNames<ArgumentOutOfRangeException>(() => new NLLLoss(ignoreIndex: 9).Compute(new float[6], new[] { -100, 0 }), "classIndices", "-100", "9");
        AssertNames<ArgumentException>(() => new NLLLoss().Compute(new float[4], new[] { 2f, 0f }, Span<float>.Empty, 2), "targets", "(2)", "[0, 2)");
    }

    [Fact]
    public void CrossEntropy_With_One_Class_Is_Rejected()
        => AssertNames<ArgumentException>(() => new CrossEntropyLoss().Compute(new float[3], new[] { 0, 0, 0 }), "predictions", "2 classes", "= 1");

    [Fact]
    public void BCE_Probability_Outside_0_1_Is_Rejected_Before_Anything_Is_Written()
    {
        var bce = new BCELoss();
        var grad = new float[3];
        grad.AsSpan().Fill(42f);
        AssertNames<ArgumentException>(() => bce.Compute(new[] { 0.5f, 0.2f, 1.5f }, new float[3], grad, 1), "predictions", "predictions[2]", "1.5", "[0, 1]");
        Assert.All(grad, g => Assert.Equal(42f, g));
        AssertNames<ArgumentException>(() => bce.Compute(new[] { -0.1f }, new float[1]), "predictions", "-0.1");
        AssertNames<ArgumentException>(() => bce.Compute(new[] { float.NaN }, new float[1]), "predictions", "NaN");
    }

    [Fact]
    public void Weights_Of_The_Wrong_Length_Name_The_Weight_And_Both_Counts()
    {
        AssertNames<ArgumentException>(() => new BCELoss(weight: new[] { 1f, 2f }).Compute(new float[6], new float[6], Span<float>.Empty, 2), "weight", "2 entries", "3 features");
        AssertNames<ArgumentException>(() => new BCEWithLogitsLoss(posWeight: new[] { 1f }).Compute(new float[6], new float[6], Span<float>.Empty, 2), "posWeight", "1 entries", "3 features");
        AssertNames<ArgumentException>(() => new BCEWithLogitsLoss(weight: new[] { 1f }).Compute(new float[6], new float[6], Span<float>.Empty, 2), "weight", "1 entries");
        AssertNames<ArgumentException>(() => new CrossEntropyLoss(weight: new[] { 1f, 2f }).Compute(new float[6], new[] { 0, 1 }), "weight", "2 entries", "3 classes");
        AssertNames<ArgumentException>(() => new NLLLoss(weight: new[] { 1f, 2f, 3f, 4f }).Compute(new float[6], new[] { 0, 1 }), "weight", "4 entries", "3 classes");
    }

    [Fact]
    public void Constructor_Arguments_Are_Validated()
    {
        AssertNames<ArgumentOutOfRangeException>(() => new SmoothL1Loss(beta: -1), "beta", "-1");
        AssertNames<ArgumentOutOfRangeException>(() => new SmoothL1Loss(beta: double.NaN), "beta", "NaN");
        AssertNames<ArgumentOutOfRangeException>(() => new HuberLoss(delta: 0), "delta", "0");
        AssertNames<ArgumentOutOfRangeException>(() => new HuberLoss(delta: -2), "delta", "-2");
        AssertNames<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: 1.5), "labelSmoothing", "1.5");
        AssertNames<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: -0.1), "labelSmoothing", "-0.1");
        AssertNames<ArgumentException>(() => new CrossEntropyLoss(weight: new[] { 1f, float.NaN }), "weight", "weight[1]", "NaN");
        AssertNames<ArgumentException>(() => new BCEWithLogitsLoss(posWeight: Array.Empty<float>()), "posWeight", "empty");
        AssertNames<ArgumentOutOfRangeException>(() => new MSELoss((Reduction)7), "reduction", "7");
        // Boundary values are legal.
        Assert.Equal(0.0, new SmoothL1Loss(beta: 0).Beta);
        Assert.Equal(1.0, new CrossEntropyLoss(labelSmoothing: 1).LabelSmoothing);
    }
}
