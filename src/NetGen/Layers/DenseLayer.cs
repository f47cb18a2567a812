using System;

namespace NetGen;

/// <summary>
/// A fully connected layer of a generated network. <see cref="Weight"/> is shaped [out, in] row-major,
/// exactly like PyTorch's <c>nn.Linear.weight</c>. The spans are slices of the network's flat buffers.
/// </summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class DenseLayer : Layer
{
    private readonly ParameterBuffer _parameters;
    private readonly ParameterInfo _weight;
    private readonly ParameterInfo? _bias;

    /// <summary>Used by generated code: binds the layer to its slices of <paramref name="parameters"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DenseLayer(string name, int inputSize, int outputSize, ActivationFunction activation, ParameterBuffer parameters, ParameterInfo weight, ParameterInfo? bias)
        : base(name, inputSize, outputSize)
    {
        ActivationFunction = activation;
        _parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _weight = weight ?? throw new ArgumentNullException(nameof(weight));
        _bias = bias;
    }

    /// <inheritdoc/>
    public override string Kind => "Dense";

    /// <summary>The fused activation.</summary>
    public Activation Activation => ActivationFunction.Kind;

    /// <summary>The fused activation, with its hyper-parameters.</summary>
    public ActivationFunction ActivationFunction { get; }

    /// <summary>Whether the layer has a bias.</summary>
    public bool HasBias => _bias is not null;

    /// <inheritdoc/>
    public override int ParameterCount => _weight.Length + (_bias?.Length ?? 0);

    /// <summary>Description of the weight tensor.</summary>
    public ParameterInfo WeightInfo => _weight;

    /// <summary>Description of the bias tensor, or null.</summary>
    public ParameterInfo? BiasInfo => _bias;

    /// <summary>The weight, [out, in] row-major.</summary>
    public Span<float> Weight => _parameters.ValuesOf(_weight);

    /// <summary>The bias, [out] (empty when the layer has none).</summary>
    public Span<float> Bias => _bias is null ? Span<float>.Empty : _parameters.ValuesOf(_bias);

    /// <summary>Gradient of the weight.</summary>
    public Span<float> WeightGradient => _parameters.GradientsOf(_weight);

    /// <summary>Gradient of the bias (empty when the layer has none).</summary>
    public Span<float> BiasGradient => _bias is null ? Span<float>.Empty : _parameters.GradientsOf(_bias);
}
