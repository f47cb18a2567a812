using System;

namespace NetGen;

/// <summary>
/// Base of <see cref="WeightInitAttribute"/> and <see cref="BiasInitAttribute"/>: an initialisation
/// scheme with its arguments. Only the arguments the scheme uses are read.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
public abstract class InitAttribute : Attribute
{
    /// <summary>Creates the attribute for <paramref name="scheme"/>.</summary>
    protected InitAttribute(Init scheme) => Scheme = scheme;

    /// <summary>The scheme.</summary>
    public Init Scheme { get; }

    /// <summary><see cref="Init.Constant"/>: the value (default 0).</summary>
    public double Value { get; set; }

    /// <summary><see cref="Init.Uniform"/>: lower bound (default 0).</summary>
    public double Low { get; set; }

    /// <summary><see cref="Init.Uniform"/>: upper bound (default 1).</summary>
    public double High { get; set; } = 1.0;

    /// <summary><see cref="Init.Normal"/>: mean (default 0).</summary>
    public double Mean { get; set; }

    /// <summary><see cref="Init.Normal"/>: standard deviation (default 1).</summary>
    public double Std { get; set; } = 1.0;

    /// <summary>Xavier schemes: gain (default 1).</summary>
    public double Gain { get; set; } = 1.0;

    /// <summary>Kaiming schemes: negative slope of the leaky ReLU that follows (default 0).</summary>
    public double A { get; set; }

    /// <summary>Kaiming schemes: which fan to preserve (default fan-in).</summary>
    public FanMode Mode { get; set; }

    /// <summary>Kaiming schemes: the non-linearity whose gain is used (default leaky ReLU, as PyTorch).</summary>
    public Nonlinearity Nonlinearity { get; set; }
}

/// <summary>
/// Weight initialisation of a layer, or on the network class the default for every layer.
/// Example: <c>[WeightInit(Init.KaimingNormal, Nonlinearity = Nonlinearity.ReLU)]</c>.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class WeightInitAttribute : InitAttribute
{
    /// <summary>Creates the attribute for <paramref name="scheme"/>.</summary>
    public WeightInitAttribute(Init scheme) : base(scheme) { }
}

/// <summary>
/// Bias initialisation of a layer, or on the network class the default for every layer.
/// Example: <c>[BiasInit(Init.Constant, Value = 0.1)]</c>.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class BiasInitAttribute : InitAttribute
{
    /// <summary>Creates the attribute for <paramref name="scheme"/>.</summary>
    public BiasInitAttribute(Init scheme) : base(scheme) { }
}
