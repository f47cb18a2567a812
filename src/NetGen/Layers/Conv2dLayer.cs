using System;

namespace NetGen;

/// <summary>
/// A 2-D convolution of a generated network. <see cref="Weight"/> is shaped [out, in / groups, kh, kw] row-major,
/// exactly like PyTorch's <c>nn.Conv2d.weight</c>. The spans are slices of the network's flat buffers.
/// </summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class Conv2dLayer : Layer
{
    private readonly ParameterBuffer _parameters;
    private readonly ParameterInfo _weight;
    private readonly ParameterInfo? _bias;

    /// <summary>Used by generated code: binds the layer to its slices of <paramref name="parameters"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public Conv2dLayer(string name, int[] inputShape, int[] outputShape, Window2d window, int groups, ActivationFunction activation,
        ParameterBuffer parameters, ParameterInfo weight, ParameterInfo? bias)
        : base(name, inputShape, outputShape)
    {
        Window = window;
        Groups = groups;
        ActivationFunction = activation;
        _parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _weight = weight ?? throw new ArgumentNullException(nameof(weight));
        _bias = bias;
    }

    /// <inheritdoc/>
    public override string Kind => "Conv2d";

    /// <summary>Kernel, stride, padding and dilation.</summary>
    public Window2d Window { get; }

    /// <summary>Blocked connections: input and output channels are split into this many groups.</summary>
    public int Groups { get; }

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

    /// <summary>The weight, [out, in / groups, kh, kw] row-major.</summary>
    public Span<float> Weight => _parameters.ValuesOf(_weight);

    /// <summary>The bias, [out] (empty when the layer has none).</summary>
    public Span<float> Bias => _bias is null ? Span<float>.Empty : _parameters.ValuesOf(_bias);

    /// <summary>Gradient of the weight.</summary>
    public Span<float> WeightGradient => _parameters.GradientsOf(_weight);

    /// <summary>Gradient of the bias (empty when the layer has none).</summary>
    public Span<float> BiasGradient => _bias is null ? Span<float>.Empty : _parameters.GradientsOf(_bias);
}
