namespace NetGen;

/// <summary>
/// Description of one layer of a generated network, for summaries and typed parameter access.
/// The generated forward and backward passes do not go through these objects.
/// </summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public abstract class Layer
{
    /// <summary>Creates a layer description.</summary>
    protected Layer(string name, int inputSize, int outputSize)
    {
        Name = name;
        InputSize = inputSize;
        OutputSize = outputSize;
    }

    /// <summary>The member name, e.g. <c>Hidden1</c>.</summary>
    public string Name { get; }

    /// <summary>Short type name for summaries, e.g. <c>Dense</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Features per sample going in.</summary>
    public int InputSize { get; }

    /// <summary>Features per sample coming out.</summary>
    public int OutputSize { get; }

    /// <summary>Number of trainable scalars.</summary>
    public abstract int ParameterCount { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Kind} {InputSize} -> {OutputSize}";
}
