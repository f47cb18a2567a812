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
    /// <summary>Number of input features of one sample (a vector input). Required unless the input is an image; &gt; 0.</summary>
    public int Inputs { get; set; }

    /// <summary>
    /// Channels of an image input, which is declared with <see cref="InputChannels"/>, <see cref="InputHeight"/> and
    /// <see cref="InputWidth"/> instead of <see cref="Inputs"/>; each sample is then laid out as PyTorch's
    /// <c>(C, H, W)</c>. Reserved for the convolutional layers: until they exist, an image input is reported as NG1005.
    /// </summary>
    public int InputChannels { get; set; }

    /// <summary>Height of an image input in pixels (see <see cref="InputChannels"/>).</summary>
    public int InputHeight { get; set; }

    /// <summary>Width of an image input in pixels (see <see cref="InputChannels"/>).</summary>
    public int InputWidth { get; set; }

    /// <summary>Seed of the parameter initialisation done by the constructor (default 0).</summary>
    public int Seed { get; set; }

    /// <summary>Largest batch the default constructor sizes its workspace for (default 256).</summary>
    public int MaxBatchSize { get; set; } = 256;
}
