using System;
using System.Collections.Generic;
using NetGen.Optimizers;

namespace NetGen.Regularization;

/// <summary>
/// A regularisation penalty on the parameters: <see cref="AddTo"/> adds its gradient into
/// <see cref="ParameterBuffer.Gradients"/> and returns its value, to be added to the loss. By default only
/// tensors whose role is <see cref="ParameterRole.Weight"/> are penalised (biases and normalisation parameters are not).
/// </summary>
/// <remarks>Thread safety: immutable; Apply writes only the spans it is given, so one instance may be shared by threads working on different networks.</remarks>
public abstract class Penalty
{
    private protected Penalty(WeightDecayScope scope)
    {
        if (scope != WeightDecayScope.AllParameters && scope != WeightDecayScope.WeightsOnly)
            throw new ArgumentOutOfRangeException(nameof(scope), scope, $"Unknown scope {scope}.");
        Scope = scope;
    }

    /// <summary>Which tensors are penalised.</summary>
    public WeightDecayScope Scope { get; }

    /// <summary>Adds the penalty's gradient into the gradients of the penalised tensors and returns the penalty value.</summary>
    public float AddTo(ParameterBuffer parameters)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        if (Scope == WeightDecayScope.AllParameters)
            return (float)Accumulate(parameters.Values, parameters.Gradients);
        double total = 0;
        IReadOnlyList<ParameterInfo> layout = parameters.Layout;
        for (int i = 0; i < layout.Count; i++)
        {
            ParameterInfo p = layout[i];
            if (p.Role == ParameterRole.Weight)
                total += Accumulate(parameters.ValuesOf(p), parameters.GradientsOf(p));
        }
        return (float)total;
    }

    /// <summary>Adds the gradient for <paramref name="values"/> into <paramref name="gradients"/> and returns the value.</summary>
    private protected abstract double Accumulate(ReadOnlySpan<float> values, Span<float> gradients);

    private protected static double CheckLambda(double value, string name)
    {
        Check.NonNegative(value, name);
        return value;
    }

    /// <summary>
    /// Σ|w| and g += l1·sign(w) + 2·l2·w, in one pass (double accumulation of the value). The gradient applies the
    /// strengths as float32, as PyTorch's autograd does on float32 weights.
    /// </summary>
    private protected static double ElasticNet(ReadOnlySpan<float> w, Span<float> g, double lambda1, double lambda2)
    {
        double sumAbs = 0, sumSq = 0;
        float l1 = (float)lambda1, twoL2 = (float)(2 * lambda2);
        for (int i = 0; i < w.Length; i++)
        {
            float x = w[i];
            sumAbs += Math.Abs(x);
            sumSq += (double)x * x;
            // torch.sign: −1, 0 (at ±0) or +1; NaN propagates.
            float sign = x > 0f ? 1f : x < 0f ? -1f : x * 0f;
            g[i] += l1 * sign + twoL2 * x;
        }
        return lambda1 * sumAbs + lambda2 * sumSq;
    }
}

/// <summary>
/// L1 penalty λ·Σ|w| (gradient λ·sign(w), 0 at w = 0 like <c>torch.sign</c>): drives weights to exactly zero.
/// </summary>
/// <remarks>Thread safety: immutable (see Penalty).</remarks>
public sealed class L1Penalty : Penalty
{
    /// <summary>Creates the penalty.</summary>
    /// <param name="lambda">Strength λ ≥ 0.</param>
    /// <param name="scope">Which tensors are penalised (default: weights only).</param>
    public L1Penalty(double lambda, WeightDecayScope scope = WeightDecayScope.WeightsOnly)
        : base(scope) => Lambda = CheckLambda(lambda, nameof(lambda));

    /// <summary>Strength λ.</summary>
    public double Lambda { get; }

    private protected override double Accumulate(ReadOnlySpan<float> values, Span<float> gradients) => ElasticNet(values, gradients, Lambda, 0);
}

/// <summary>
/// L2 penalty λ·Σw² (gradient 2λ·w). Added to SGD's gradient it is the same as PyTorch's
/// <c>weight_decay = 2λ</c> (which adds weight_decay·w); with adaptive optimizers (Adam) it is coupled L2, not AdamW's
/// decoupled decay.
/// </summary>
/// <remarks>Thread safety: immutable (see Penalty).</remarks>
public sealed class L2Penalty : Penalty
{
    /// <summary>Creates the penalty.</summary>
    /// <param name="lambda">Strength λ ≥ 0.</param>
    /// <param name="scope">Which tensors are penalised (default: weights only).</param>
    public L2Penalty(double lambda, WeightDecayScope scope = WeightDecayScope.WeightsOnly)
        : base(scope) => Lambda = CheckLambda(lambda, nameof(lambda));

    /// <summary>Strength λ.</summary>
    public double Lambda { get; }

    private protected override double Accumulate(ReadOnlySpan<float> values, Span<float> gradients) => ElasticNet(values, gradients, 0, Lambda);
}

/// <summary>Elastic-net penalty λ₁·Σ|w| + λ₂·Σw² (gradient λ₁·sign(w) + 2λ₂·w).</summary>
/// <remarks>Thread safety: immutable (see Penalty).</remarks>
public sealed class ElasticNetPenalty : Penalty
{
    /// <summary>Creates the penalty.</summary>
    /// <param name="lambda1">L1 strength λ₁ ≥ 0.</param>
    /// <param name="lambda2">L2 strength λ₂ ≥ 0.</param>
    /// <param name="scope">Which tensors are penalised (default: weights only).</param>
    public ElasticNetPenalty(double lambda1, double lambda2, WeightDecayScope scope = WeightDecayScope.WeightsOnly)
        : base(scope)
    {
        Lambda1 = CheckLambda(lambda1, nameof(lambda1));
        Lambda2 = CheckLambda(lambda2, nameof(lambda2));
    }

    /// <summary>L1 strength λ₁.</summary>
    public double Lambda1 { get; }

    /// <summary>L2 strength λ₂.</summary>
    public double Lambda2 { get; }

    private protected override double Accumulate(ReadOnlySpan<float> values, Span<float> gradients) => ElasticNet(values, gradients, Lambda1, Lambda2);
}
