using System;
using System.Collections.Generic;
using NetGen.Losses;
using Xunit;

namespace NetGen.Tests.Losses;

/// <summary>Every loss evaluation allocates nothing (measured with GC.GetAllocatedBytesForCurrentThread after a warm-up).</summary>
public sealed class LossAllocationTests
{
    private const int Batch = 8, Features = 10;

    public static IEnumerable<object[]> Losses()
    {
        float[] w = new float[Features];
        for (int i = 0; i < Features; i++) w[i] = 0.5f + i * 0.1f;
        foreach (Reduction r in new[] { Reduction.Mean, Reduction.Sum })
        {
            yield return new object[] { "MSE", new MSELoss(r) };
            yield return new object[] { "MSE half", new MSELoss(r, halfScaling: true) };
            yield return new object[] { "L1", new L1Loss(r) };
            yield return new object[] { "SmoothL1", new SmoothL1Loss(r, beta: 0.5) };
            yield return new object[] { "Huber", new HuberLoss(r, delta: 2) };
            yield return new object[] { "BCE", new BCELoss(r, weight: w) };
            yield return new object[] { "BCEWithLogits", new BCEWithLogitsLoss(r, weight: w, posWeight: w) };
            yield return new object[] { "CrossEntropy", new CrossEntropyLoss(r, weight: w, ignoreIndex: 3, labelSmoothing: 0.1) };
            yield return new object[] { "NLL", new NLLLoss(r, weight: w, ignoreIndex: 3) };
        }
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Compute_And_ComputeElementwise_Allocate_Nothing(string name, Loss loss)
    {
        Assert.NotNull(name);
        var predictions = new float[Batch * Features];
        for (int i = 0; i < predictions.Length; i++) predictions[i] = 0.05f + 0.9f * ((i * 37) % 101) / 101f;
        bool perSample = loss is CrossEntropyLoss or NLLLoss;
        var targets = new float[perSample ? Batch : predictions.Length];
        var probabilities = new float[predictions.Length];
        var indices = new int[Batch];
        for (int i = 0; i < targets.Length; i++) targets[i] = perSample ? i % Features : (i % 3) * 0.5f;
        for (int i = 0; i < Batch; i++) { indices[i] = i % Features; probabilities[i * Features + (i % Features)] = 1f; }
        var gradient = new float[predictions.Length];
        var losses = new float[loss.GetElementwiseLossLength(predictions.Length, Batch)];

        void Run()
        {
            loss.Compute(predictions, targets, gradient, Batch);
            loss.Compute(predictions, targets, Span<float>.Empty, Batch);
            loss.ComputeElementwise(predictions, targets, losses, gradient, Batch);
            loss.ComputeElementwise(predictions, targets, losses, Span<float>.Empty, Batch);
            switch (loss)
            {
                case CrossEntropyLoss ce:
                    ce.Compute(predictions, indices, gradient);
                    ce.ComputeElementwise(predictions, indices, losses, gradient);
                    ce.Compute(predictions, probabilities, gradient, Batch);
                    ce.ComputeElementwise(predictions, probabilities, losses, gradient, Batch);
                    break;
                case NLLLoss nll:
                    nll.Compute(predictions, indices, gradient);
                    nll.ComputeElementwise(predictions, indices, losses, gradient);
                    break;
                case ElementwiseLoss e:
                    e.Compute(predictions.AsSpan(0, Features), targets.AsSpan(0, Features), gradient.AsSpan(0, Features));
                    break;
            }
        }

        Assert.Equal(0, AllocationMeter.BytesPerLoop(Run, times: 100));
    }
}
