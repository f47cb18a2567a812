using System;

namespace NetGen;

/// <summary>
/// A stand-alone activation layer (for example between a normalisation layer and the next dense layer).
/// Its size is the previous layer's output size.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class ActivationLayerAttribute : LayerAttribute
{
    /// <summary>Creates an activation layer applying <paramref name="activation"/>.</summary>
    public ActivationLayerAttribute(Activation activation) => Activation = activation;

    /// <summary>The activation applied.</summary>
    public Activation Activation { get; }

    /// <summary>Slope for x &lt; 0 of <see cref="Activation.LeakyReLU"/> (default 0.01).</summary>
    public double NegativeSlope { get; set; } = 0.01;

    /// <summary>Alpha of <see cref="Activation.ELU"/> (default 1).</summary>
    public double Alpha { get; set; } = 1.0;

    /// <summary>Beta of <see cref="Activation.Softplus"/> (default 1).</summary>
    public double Beta { get; set; } = 1.0;

    /// <summary>Threshold of <see cref="Activation.Softplus"/> above which it is linear (default 20).</summary>
    public double Threshold { get; set; } = 20.0;
}
