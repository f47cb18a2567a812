using System;

namespace NetGen;

/// <summary>
/// Description of one layer of a generated network, for summaries and typed parameter access.
/// The generated forward and backward passes do not go through these objects.
/// </summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public abstract class Layer
{
    /// <summary>Creates a layer description over vectors of features.</summary>
    protected Layer(string name, int inputSize, int outputSize)
        : this(name, new[] { inputSize }, new[] { outputSize })
    {
    }

    /// <summary>Creates a layer description with per-sample shapes: <c>[features]</c> or <c>[channels, height, width]</c>.</summary>
    protected Layer(string name, int[] inputShape, int[] outputShape)
    {
        Name = name;
        InputShape = Array.AsReadOnly((int[])(inputShape ?? throw new ArgumentNullException(nameof(inputShape))).Clone());
        OutputShape = Array.AsReadOnly((int[])(outputShape ?? throw new ArgumentNullException(nameof(outputShape))).Clone());
        InputSize = Product(inputShape);
        OutputSize = Product(outputShape);
    }

    private static int Product(int[] shape)
    {
        int product = 1;
        foreach (int d in shape) product = checked(product * d);
        return product;
    }

    /// <summary>The member name, e.g. <c>Hidden1</c>.</summary>
    public string Name { get; }

    /// <summary>Short type name for summaries, e.g. <c>Dense</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Features per sample going in.</summary>
    public int InputSize { get; }

    /// <summary>Features per sample coming out.</summary>
    public int OutputSize { get; }

    /// <summary>Shape of one input sample without the batch: <c>[features]</c>, or <c>[channels, height, width]</c> (PyTorch's NCHW).</summary>
    public System.Collections.Generic.IReadOnlyList<int> InputShape { get; }

    /// <summary>Shape of one output sample without the batch, as <see cref="InputShape"/>.</summary>
    public System.Collections.Generic.IReadOnlyList<int> OutputShape { get; }

    /// <summary>Number of trainable scalars.</summary>
    public abstract int ParameterCount { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Kind} {InputSize} -> {OutputSize}";
}
