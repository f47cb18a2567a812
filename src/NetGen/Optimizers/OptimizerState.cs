using System;

namespace NetGen.Optimizers;

/// <summary>
/// One per-parameter state buffer of an optimizer, named like PyTorch's <c>optimizer.state</c> entries
/// (<c>momentum_buffer</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>, <c>sum</c>,
/// <c>square_avg</c>, <c>grad_avg</c>). <see cref="Values"/> is the live buffer, laid out like
/// <see cref="ParameterBuffer.Values"/>: a checkpoint saves it by copying out and restores it by copying in.
/// </summary>
/// <remarks>Thread safety: plain buffers owned by an optimizer; not synchronised.</remarks>
public sealed class OptimizerState
{
    internal OptimizerState(string name, float[] values)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>PyTorch's name for the buffer, e.g. <c>exp_avg</c>.</summary>
    public string Name { get; }

    /// <summary>The live buffer (same length and layout as the parameters).</summary>
    public float[] Values { get; }

    /// <inheritdoc/>
    public override string ToString() => Name + " [" + Values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
}
