using System;
using System.Globalization;

namespace NetGen.Losses;

/// <summary>
/// Huber loss, PyTorch <c>torch.nn.HuberLoss(delta)</c>: with d = p − t, the element loss is ½d² where |d| &lt; δ and
/// δ(|d| − ½δ) elsewhere; gradient d inside, δ·sign(d) outside. With δ = 1 it equals <see cref="SmoothL1Loss"/> with β = 1.
/// </summary>
/// <remarks>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</remarks>
public sealed class HuberLoss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    /// <param name="delta">The threshold between the quadratic and linear parts; &gt; 0, default 1 (PyTorch's default).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not positive or not finite.</exception>
    public HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) : base(reduction)
    {
        if (!(delta > 0) || !double.IsFinite(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"delta ({LossChecks.F(delta)}) must be finite and > 0.");
        Delta = delta;
        _delta = (float)delta;
    }

    // δ as the float32 kernel applies it (PyTorch casts the double delta to the tensor's type likewise).
    private readonly float _delta;

    /// <summary>The threshold δ between the quadratic and linear parts.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> gradient, float gradientScale, int features)
    {
        float delta = _delta, halfDelta = 0.5f * delta;
        bool wantLosses = !losses.IsEmpty, wantGradient = !gradient.IsEmpty;
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            float d = predictions[i] - targets[i];
            float a = MathF.Abs(d);
            float l = a < delta ? 0.5f * d * d : delta * (a - halfDelta);
            sum += l;
            if (wantLosses) losses[i] = l;
            if (wantGradient)
                gradient[i] = gradientScale * (d < -delta ? -delta : d > delta ? delta : d);
        }
        return sum;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"HuberLoss(reduction: {Reduction}, delta: {Delta})");
}
