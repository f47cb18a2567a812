using System;

namespace NetGen.Losses;

/// <summary>
/// Negative log-likelihood on log-probabilities, PyTorch <c>torch.nn.NLLLoss(weight, ignore_index)</c>: for a row of
/// log-probabilities x (e.g. the output of a log-softmax) and class index t, the sample loss is −w[t]·x[t]; samples
/// whose target equals <see cref="IgnoreIndex"/> contribute 0. <see cref="Reduction.Mean"/> divides by the sum of
/// w[t] over the non-ignored samples (their count without weights), exactly as PyTorch.
/// </summary>
/// <remarks>
/// Predictions are [batchSize, classes]; targets are batchSize class indices (as floats in the generic
/// <see cref="Compute(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>, or as ints in the typed overloads).
/// When that denominator is 0 (every target ignored) the mean is defined as 0 with a zero gradient, where PyTorch returns NaN.
/// For logits use <see cref="CrossEntropyLoss"/>, which fuses the log-softmax.
/// <para>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</para>
/// </remarks>
public sealed class NLLLoss : Loss
{
    private readonly float[]? _weight;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum, or None (per-sample losses).</param>
    /// <param name="weight">Optional weight per class (length = number of classes); copied; finite.</param>
    /// <param name="ignoreIndex">Targets equal to this value are skipped (PyTorch default −100).</param>
    /// <exception cref="ArgumentException"><paramref name="weight"/> is empty or holds a non-finite value.</exception>
    public NLLLoss(Reduction reduction = Reduction.Mean, float[]? weight = null, int ignoreIndex = -100) : base(reduction)
    {
        _weight = LossChecks.CopyWeights(weight, nameof(weight));
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>The class weights, or empty when none were given.</summary>
    public ReadOnlySpan<float> Weight => _weight;

    /// <summary>Targets equal to this value contribute neither loss nor gradient (PyTorch <c>ignore_index</c>).</summary>
    public int IgnoreIndex { get; }

    /// <summary>Returns <paramref name="batchSize"/>: one loss per sample.</summary>
    /// <param name="predictionCount">Length of the predictions span.</param>
    /// <param name="batchSize">Number of samples.</param>
    public override int GetElementwiseLossLength(int predictionCount, int batchSize) => batchSize;

    /// <inheritdoc/>
    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient, int batchSize)
        => Reduce(predictions, targets, ReadOnlySpan<int>.Empty, predictionGradient, batchSize);

    /// <summary>Computes the reduced loss with integer class indices (batchSize = <paramref name="classIndices"/>.Length).</summary>
    /// <param name="logProbabilities">Log-probabilities, [batch, classes] row-major.</param>
    /// <param name="classIndices">One class index per sample (or <see cref="IgnoreIndex"/>).</param>
    /// <param name="gradient">Empty, or receives dLoss/dLogProbabilities (same length as <paramref name="logProbabilities"/>).</param>
    /// <returns>The mean or sum loss.</returns>
    public float Compute(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<int> classIndices, Span<float> gradient = default)
        => Reduce(logProbabilities, ReadOnlySpan<float>.Empty, classIndices, gradient, classIndices.Length);

    /// <inheritdoc/>
    public override void ComputeElementwise(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> predictionGradient, int batchSize)
        => Elementwise(predictions, targets, ReadOnlySpan<int>.Empty, losses, predictionGradient, batchSize);

    /// <summary>Per-sample losses with integer class indices (PyTorch <c>reduction='none'</c>).</summary>
    /// <param name="logProbabilities">Log-probabilities, [batch, classes] row-major.</param>
    /// <param name="classIndices">One class index per sample (or <see cref="IgnoreIndex"/>).</param>
    /// <param name="losses">Receives one loss per sample (0 for ignored samples).</param>
    /// <param name="gradient">Empty, or receives the derivative of each sample's loss.</param>
    public void ComputeElementwise(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<int> classIndices, Span<float> losses, Span<float> gradient = default)
        => Elementwise(logProbabilities, ReadOnlySpan<float>.Empty, classIndices, losses, gradient, classIndices.Length);

    private float Reduce(ReadOnlySpan<float> predictions, ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, Span<float> gradient, int batchSize)
    {
        ThrowIfReductionNone();
        double denominator = Validate(predictions, floatTargets, intTargets, gradient, batchSize, out int classes);
        if (Reduction == Reduction.Mean)
        {
            if (denominator == 0)
            {
                gradient.Clear();
                return 0f;
            }
            double total = Evaluate(predictions, floatTargets, intTargets, Span<float>.Empty, gradient, (float)(1.0 / denominator), batchSize, classes);
            return (float)(total / denominator);
        }
        return (float)Evaluate(predictions, floatTargets, intTargets, Span<float>.Empty, gradient, 1f, batchSize, classes);
    }

    private void Elementwise(ReadOnlySpan<float> predictions, ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, Span<float> losses, Span<float> gradient, int batchSize)
    {
        Validate(predictions, floatTargets, intTargets, gradient, batchSize, out int classes);
        LossChecks.Length(losses.Length, batchSize, nameof(losses), "batchSize");
        Evaluate(predictions, floatTargets, intTargets, losses, gradient, 1f, batchSize, classes);
    }

    private double Validate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, Span<float> gradient, int batchSize, out int classes)
    {
        classes = LossChecks.Features(predictions.Length, batchSize);
        if (intTargets.IsEmpty)
            LossChecks.Length(floatTargets.Length, batchSize, "targets", "batchSize (one class index per sample)");
        LossChecks.GradientLength(gradient.Length, predictions.Length);
        ClassTargets.ClassWeights(_weight, classes);
        return ClassTargets.ValidateAndSumWeights(floatTargets, intTargets, batchSize, classes, IgnoreIndex, _weight,
            intTargets.IsEmpty ? "targets" : "classIndices");
    }

    private double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, Span<float> losses, Span<float> gradient, float scale, int batchSize, int classes)
    {
        float[]? weight = _weight;
        bool wantLosses = !losses.IsEmpty, wantGradient = !gradient.IsEmpty;
        if (wantGradient) gradient.Clear();
        double sum = 0;
        for (int i = 0; i < batchSize; i++)
        {
            int t = ClassTargets.Get(floatTargets, intTargets, i);
            if (t == IgnoreIndex)
            {
                if (wantLosses) losses[i] = 0f;
                continue;
            }
            float w = weight is null ? 1f : weight[t];
            float l = -w * predictions[i * classes + t];
            sum += l;
            if (wantLosses) losses[i] = l;
            if (wantGradient) gradient[i * classes + t] = -w * scale;
        }
        return sum;
    }
}
