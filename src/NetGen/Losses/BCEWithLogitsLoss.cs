using System;

namespace NetGen.Losses;

/// <summary>
/// Sigmoid + binary cross-entropy in one numerically stable step, PyTorch <c>torch.nn.BCEWithLogitsLoss(weight, pos_weight)</c>:
/// for a logit x, target t, weight w and positive-class weight q, the element loss is
/// −w·[q·t·log σ(x) + (1 − t)·log(1 − σ(x))], evaluated as w·[(1 − t)·x + (1 + (q − 1)·t)·softplus(−x)] with
/// softplus(−x) = max(−x, 0) + log(1 + e^−|x|), so it stays finite for any logit (e.g. ±100).
/// Gradient: w·[(1 + q·t − t)·σ(x) − q·t].
/// </summary>
/// <remarks><see cref="Reduction.Mean"/> divides by the number of elements (PyTorch semantics).<para>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</para></remarks>
public sealed class BCEWithLogitsLoss : ElementwiseLoss
{
    private readonly float[]? _weight;
    private readonly float[]? _posWeight;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    /// <param name="weight">Optional rescaling weight per feature (column), broadcast over the batch; copied; finite.</param>
    /// <param name="posWeight">Optional weight of the positive examples per feature (PyTorch <c>pos_weight</c>, one per
    /// class of a multi-label output), broadcast over the batch; copied; finite.</param>
    /// <exception cref="ArgumentException">A weight vector is empty or holds a non-finite value.</exception>
    public BCEWithLogitsLoss(Reduction reduction = Reduction.Mean, float[]? weight = null, float[]? posWeight = null) : base(reduction)
    {
        _weight = LossChecks.CopyWeights(weight, nameof(weight));
        _posWeight = LossChecks.CopyWeights(posWeight, nameof(posWeight));
    }

    /// <summary>The per-feature weights, or empty when none were given.</summary>
    public ReadOnlySpan<float> Weight => _weight;

    /// <summary>The per-feature positive-class weights (PyTorch <c>pos_weight</c>), or empty when none were given.</summary>
    public ReadOnlySpan<float> PosWeight => _posWeight;

    /// <inheritdoc/>
    protected override void ValidateValues(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int features)
    {
        LossChecks.PerFeature(_weight, features, "weight");
        LossChecks.PerFeature(_posWeight, features, "posWeight");
    }

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> gradient, float gradientScale, int features)
    {
        float[]? weight = _weight, posWeight = _posWeight;
        bool wantLosses = !losses.IsEmpty, wantGradient = !gradient.IsEmpty;
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            float x = predictions[i], t = targets[i];
            int j = i % features;
            float w = weight is null ? 1f : weight[j];
            float q = posWeight is null ? 1f : posWeight[j];
            double softplusNegX = Math.Max(-(double)x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs((double)x)));
            double l = w * ((1.0 - t) * x + (1.0 + (q - 1.0) * t) * softplusNegX);
            sum += l;
            if (wantLosses) losses[i] = (float)l;
            if (wantGradient)
            {
                float e = MathF.Exp(-MathF.Abs(x));
                float sigmoid = x >= 0f ? 1f / (1f + e) : e / (1f + e);
                float qt = q * t;
                gradient[i] = w * ((1f + qt - t) * sigmoid - qt) * gradientScale;
            }
        }
        return sum;
    }
}
