using System;

namespace NetGen;

/// <summary>
/// Marks a <c>partial</c> class as a network. Its fields or get-only properties annotated with
/// layer attributes (<see cref="DenseAttribute"/>, <see cref="ActivationLayerAttribute"/>) become
/// the layers, in declaration order; the source generator emits the forward and backward passes.
/// </summary>
/// <remarks>Thread safety: an attribute read by the source generator at compile time; immutable.</remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Number of input features of one sample. Required, &gt; 0.</summary>
    public int Inputs { get; set; }

    /// <summary>Seed of the parameter initialisation done by the constructor (default 0).</summary>
    public int Seed { get; set; }

    /// <summary>Largest batch the default constructor sizes its workspace for (default 256).</summary>
    public int MaxBatchSize { get; set; } = 256;
}
