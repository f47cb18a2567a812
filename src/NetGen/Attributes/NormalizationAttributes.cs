using System;

namespace NetGen;

/// <summary>
/// Batch normalisation over the features, PyTorch's <c>nn.BatchNorm1d</c>. Training normalises with the
/// batch statistics (biased variance) and updates the running statistics (unbiased variance);
/// evaluation uses the running statistics. Declare the member as <see cref="BatchNormLayer"/>.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class BatchNormAttribute : LayerAttribute
{
    /// <summary>Added to the variance for numerical stability (default 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>Weight of the current batch in the running statistics (default 0.1).</summary>
    public double Momentum { get; set; } = 0.1;

    /// <summary>PyTorch's <c>momentum=None</c>: a cumulative moving average (weight 1/batches seen) instead of <see cref="Momentum"/>.</summary>
    public bool CumulativeAverage { get; set; }

    /// <summary>Learnable scale (weight, init 1) and shift (bias, init 0) (default true).</summary>
    public bool Affine { get; set; } = true;

    /// <summary>Keep running statistics (default true). When false, evaluation also uses the batch statistics.</summary>
    public bool TrackRunningStats { get; set; } = true;
}

/// <summary>
/// Layer normalisation over the features of each sample, PyTorch's <c>nn.LayerNorm(features)</c>.
/// Works at batch size 1. Declare the member as <see cref="LayerNormLayer"/>.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class LayerNormAttribute : LayerAttribute
{
    /// <summary>Added to the variance for numerical stability (default 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>Learnable per-feature scale (init 1) and shift (init 0) (default true).</summary>
    public bool ElementwiseAffine { get; set; } = true;
}

/// <summary>
/// Inverted dropout, PyTorch's <c>nn.Dropout(p)</c>: in training each activation is zeroed with
/// probability p and the kept ones are scaled by 1/(1−p); identity in evaluation. Masks come from the
/// network's seeded random source. Declare the member as <see cref="DropoutLayer"/>.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    /// <summary>Creates a dropout layer with drop probability <paramref name="p"/> (default 0.5; 0 ≤ p &lt; 1).</summary>
    public DropoutAttribute(double p = 0.5) => P = p;

    /// <summary>Probability of zeroing an activation.</summary>
    public double P { get; }
}

/// <summary>
/// Parametric ReLU, PyTorch's <c>nn.PReLU</c>: y = x for x ≥ 0, else a·x with a learnable slope a
/// (one shared slope, or one per feature). Declare the member as <see cref="PReLULayer"/>.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class PReLUAttribute : LayerAttribute
{
    /// <summary>1 (one shared slope, the default) or the number of features (one slope each).</summary>
    public int NumParameters { get; set; } = 1;

    /// <summary>Initial slope (default 0.25).</summary>
    public double Init { get; set; } = 0.25;
}

/// <summary>
/// Randomized leaky ReLU, PyTorch's <c>nn.RReLU</c>: in training the slope of each negative element is
/// drawn from U(lower, upper) (seeded); in evaluation it is (lower + upper)/2. Declare the member as
/// <see cref="RReLULayer"/>.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class RReLUAttribute : LayerAttribute
{
    /// <summary>Lower bound of the slope (default 1/8).</summary>
    public double Lower { get; set; } = 1.0 / 8;

    /// <summary>Upper bound of the slope (default 1/3).</summary>
    public double Upper { get; set; } = 1.0 / 3;
}
