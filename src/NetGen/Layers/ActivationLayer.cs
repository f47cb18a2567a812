namespace NetGen;

/// <summary>A stand-alone activation layer of a generated network (no parameters).</summary>
public sealed class ActivationLayer : Layer
{
    /// <summary>Used by generated code.</summary>
    public ActivationLayer(string name, int size, Activation activation) : base(name, size, size) => Activation = activation;

    /// <inheritdoc/>
    public override string Kind => Activation.ToString();

    /// <summary>The activation applied.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    public override int ParameterCount => 0;
}
