using System;

namespace NetGen;

/// <summary>
/// A fully connected layer, PyTorch's <c>nn.Linear</c>: y = x·Wᵀ + b with W shaped [units, inputs],
/// optionally followed by a fused activation.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class DenseAttribute : LayerAttribute
{
    /// <summary>Creates a dense layer with <paramref name="units"/> outputs and an optional fused activation.</summary>
    public DenseAttribute(int units, Activation activation = Activation.Identity)
    {
        Units = units;
        Activation = activation;
    }

    /// <summary>Number of output features.</summary>
    public int Units { get; }

    /// <summary>The fused activation applied to the layer's output.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// Optional: the input size this layer expects. When set, the generator checks it against the
    /// previous layer's output (or the network's inputs) and reports a mismatch as an error.
    /// </summary>
    public int Inputs { get; set; }

    /// <summary>Whether the layer has a bias vector (default true, as <c>nn.Linear</c>).</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Shorthand for the weight initialisation with default scheme arguments. Use <see cref="WeightInitAttribute"/> for arguments.</summary>
    public Init WeightInit { get; set; }

    /// <summary>Shorthand for the bias initialisation with default scheme arguments. Use <see cref="BiasInitAttribute"/> for arguments.</summary>
    public Init BiasInit { get; set; }

    /// <summary>Slope for x &lt; 0 of <see cref="Activation.LeakyReLU"/> (default 0.01).</summary>
    public double NegativeSlope { get; set; } = 0.01;

    /// <summary>Alpha of <see cref="Activation.ELU"/> (default 1).</summary>
    public double Alpha { get; set; } = 1.0;

    /// <summary>Beta of <see cref="Activation.Softplus"/> (default 1).</summary>
    public double Beta { get; set; } = 1.0;

    /// <summary>Threshold of <see cref="Activation.Softplus"/> above which it is linear (default 20).</summary>
    public double Threshold { get; set; } = 20.0;
}
