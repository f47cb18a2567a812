namespace NetGen;

/// <summary>A stand-alone activation layer of a generated network (no parameters).</summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class ActivationLayer : Layer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public ActivationLayer(string name, int size, ActivationFunction activation) : base(name, size, size) => ActivationFunction = activation;

    /// <summary>Used by generated code: the activation over samples of <paramref name="shape"/> (a feature map [C, H, W]).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public ActivationLayer(string name, int[] shape, ActivationFunction activation) : base(name, shape, shape) => ActivationFunction = activation;

    /// <inheritdoc/>
    public override string Kind => Activation.ToString();

    /// <summary>The activation applied.</summary>
    public Activation Activation => ActivationFunction.Kind;

    /// <summary>The activation applied, with its hyper-parameters.</summary>
    public ActivationFunction ActivationFunction { get; }

    /// <inheritdoc/>
    public override int ParameterCount => 0;
}
