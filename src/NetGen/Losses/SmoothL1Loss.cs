using System;
using System.Globalization;

namespace NetGen.Losses;

/// <summary>
/// Smooth L1 loss, PyTorch <c>torch.nn.SmoothL1Loss(beta)</c>: with d = p − t, the element loss is ½d²/β where
/// |d| &lt; β and |d| − ½β elsewhere; gradient d/β inside, sign(d) outside. β = 0 is exactly <see cref="L1Loss"/>
/// (gradient 0 at d = 0). Related to <see cref="HuberLoss"/> by SmoothL1(β) = Huber(δ = β) / β.
/// </summary>
/// <remarks>
/// β = 0 follows PyTorch's definition of that case as <c>l1_loss</c> (torch._refs and PyTorch 2.x dispatch it so):
/// torch 1.13's fused kernel returns the same values but a gradient of −1 at d = 0, which NetGen does not reproduce.
/// <para>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</para>
/// </remarks>
public sealed class SmoothL1Loss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    /// <param name="beta">The threshold between the quadratic and linear parts; ≥ 0, default 1 (PyTorch's default).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is negative or not finite.</exception>
    public SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) : base(reduction)
    {
        if (!(beta >= 0) || !double.IsFinite(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"beta ({LossChecks.F(beta)}) must be finite and >= 0 (beta = 0 is L1Loss).");
        Beta = beta;
        _beta = (float)beta;
    }

    // β as the float32 kernel applies it (PyTorch casts the double beta to the tensor's type likewise).
    private readonly float _beta;

    /// <summary>The threshold β between the quadratic and linear parts.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> gradient, float gradientScale, int features)
    {
        float beta = _beta, halfBeta = 0.5f * beta;
        bool wantLosses = !losses.IsEmpty, wantGradient = !gradient.IsEmpty;
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            float d = predictions[i] - targets[i];
            float a = MathF.Abs(d);
            bool quadratic = a < beta;
            float l = quadratic ? 0.5f * d * d / beta : a - halfBeta;
            sum += l;
            if (wantLosses) losses[i] = l;
            if (wantGradient)
                gradient[i] = gradientScale * (quadratic ? d / beta : d > 0f ? 1f : d < 0f ? -1f : 0f);
        }
        return sum;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SmoothL1Loss(reduction: {Reduction}, beta: {Beta})");
}
