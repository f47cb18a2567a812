using System;

namespace NetGen.Losses;

/// <summary>
/// Base of the losses that compare each prediction with the target of the same position
/// (<see cref="MSELoss"/>, <see cref="L1Loss"/>, <see cref="SmoothL1Loss"/>, <see cref="HuberLoss"/>,
/// <see cref="BCELoss"/>, <see cref="BCEWithLogitsLoss"/>): targets have the same length as predictions,
/// <see cref="Reduction.Mean"/> divides by the number of elements, and <see cref="Reduction.None"/> gives one loss per element.
/// </summary>
/// <remarks>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</remarks>
public abstract class ElementwiseLoss : Loss
{
    /// <summary>Initialises the reduction.</summary>
    /// <param name="reduction">How <see cref="Loss.Compute"/> reduces the element losses.</param>
    protected ElementwiseLoss(Reduction reduction) : base(reduction) { }

    /// <inheritdoc/>
    public sealed override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient, int batchSize)
    {
        ThrowIfReductionNone();
        int features = Validate(predictions, targets, predictionGradient, batchSize);
        float scale = Reduction == Reduction.Mean ? 1f / predictions.Length : 1f;
        double total = Evaluate(predictions, targets, Span<float>.Empty, predictionGradient, scale, features);
        return (float)(Reduction == Reduction.Mean ? total / predictions.Length : total);
    }

    /// <summary>
    /// Computes the reduced loss of predictions and targets treated as a single sample (batchSize 1); the gradient
    /// is written when <paramref name="predictionGradient"/> is not empty.
    /// </summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="targets">The targets, same length.</param>
    /// <param name="predictionGradient">Empty, or the same length as <paramref name="predictions"/>.</param>
    /// <returns>The reduced loss.</returns>
    public float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient = default)
        => Compute(predictions, targets, predictionGradient, 1);

    /// <inheritdoc/>
    public sealed override void ComputeElementwise(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> predictionGradient, int batchSize)
    {
        int features = Validate(predictions, targets, predictionGradient, batchSize);
        LossChecks.Length(losses.Length, predictions.Length, nameof(losses), "predictions.Length");
        Evaluate(predictions, targets, losses, predictionGradient, 1f, features);
    }

    private int Validate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient, int batchSize)
    {
        int features = LossChecks.Features(predictions.Length, batchSize);
        LossChecks.Length(targets.Length, predictions.Length, nameof(targets), "predictions.Length");
        LossChecks.GradientLength(predictionGradient.Length, predictions.Length);
        ValidateValues(predictions, targets, features);
        return features;
    }

    /// <summary>
    /// Loss-specific validation, run before anything is written (lengths are already checked). The default accepts everything.
    /// </summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="targets">The targets (same length).</param>
    /// <param name="features">Elements per row.</param>
    protected virtual void ValidateValues(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int features) { }

    /// <summary>
    /// The loss kernel. Lengths and values are already validated.
    /// </summary>
    /// <param name="predictions">The predictions, [batch, features].</param>
    /// <param name="targets">The targets, same length.</param>
    /// <param name="losses">Empty, or receives each element's loss.</param>
    /// <param name="gradient">Empty, or receives <paramref name="gradientScale"/> × d(element loss)/d(prediction).</param>
    /// <param name="gradientScale">1/N for a mean, otherwise 1.</param>
    /// <param name="features">Elements per row (for per-feature weights).</param>
    /// <returns>The sum of the element losses, accumulated in double.</returns>
    protected abstract double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> gradient, float gradientScale, int features);
}
