using System;

namespace NetGen.Losses;

/// <summary>
/// Binary cross-entropy on probabilities, PyTorch <c>torch.nn.BCELoss(weight)</c>: element loss
/// −w·[t·log p + (1 − t)·log(1 − p)] with each logarithm clamped at −100 exactly like PyTorch (so p = 0 or 1 gives a
/// finite loss), gradient w·(p − t) / max(p(1 − p), 1e-12) as in PyTorch's backward.
/// </summary>
/// <remarks>
/// Predictions must be probabilities in [0, 1] (an <see cref="ArgumentException"/> otherwise, also for NaN).
/// Targets are used as given (soft targets are allowed, as in PyTorch). For numerical stability prefer
/// <see cref="BCEWithLogitsLoss"/> on the logits over a sigmoid followed by this loss.
/// <see cref="Reduction.Mean"/> divides by the number of elements, also when weights are given (PyTorch semantics).
/// <para>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</para>
/// </remarks>
public sealed class BCELoss : ElementwiseLoss
{
    private const float Epsilon = 1e-12f;
    private readonly float[]? _weight;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    /// <param name="weight">Optional rescaling weight per feature (column), broadcast over the batch like a PyTorch
    /// <c>weight</c> tensor of shape [features] against input [batch, features]; copied. Entries must be finite.</param>
    /// <exception cref="ArgumentException"><paramref name="weight"/> is empty or holds a non-finite value.</exception>
    public BCELoss(Reduction reduction = Reduction.Mean, float[]? weight = null) : base(reduction)
    {
        _weight = LossChecks.CopyWeights(weight, nameof(weight));
    }

    /// <summary>The per-feature weights, or empty when none were given.</summary>
    public ReadOnlySpan<float> Weight => _weight;

    /// <inheritdoc/>
    protected override void ValidateValues(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int features)
    {
        LossChecks.PerFeature(_weight, features, "weight");
        for (int i = 0; i < predictions.Length; i++)
        {
            float p = predictions[i];
            if (!(p >= 0f && p <= 1f))
                throw new ArgumentException(
                    $"predictions[{i}] ({LossChecks.F(p)}) must be a probability in [0, 1]: BCELoss takes probabilities (apply a sigmoid first, or use BCEWithLogitsLoss on logits).",
                    nameof(predictions));
        }
    }

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> gradient, float gradientScale, int features)
    {
        float[]? weight = _weight;
        bool wantLosses = !losses.IsEmpty, wantGradient = !gradient.IsEmpty;
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            float p = predictions[i], t = targets[i];
            float w = weight is null ? 1f : weight[i % features];
            double logP = Math.Max(Math.Log(p), -100.0);
            double logOneMinusP = Math.Max(Math.Log(1.0 - p), -100.0);
            double l = -w * (t * logP + (1.0 - t) * logOneMinusP);
            sum += l;
            if (wantLosses) losses[i] = (float)l;
            if (wantGradient)
                gradient[i] = w * (p - t) / MathF.Max((1f - p) * p, Epsilon) * gradientScale;
        }
        return sum;
    }
}
