using System;

namespace NetGen;

/// <summary>A batch-normalisation layer of a generated network.</summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class BatchNormLayer : Layer
{
    private readonly ParameterBuffer _parameters;
    private readonly ParameterBuffer _buffers;
    private readonly ParameterInfo? _weight, _bias;
    private readonly ParameterInfo? _runningMean, _runningVar, _batchesTracked;

    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public BatchNormLayer(string name, int size, ParameterBuffer parameters, ParameterInfo? weight, ParameterInfo? bias,
        ParameterBuffer buffers, ParameterInfo? runningMean, ParameterInfo? runningVar, ParameterInfo? batchesTracked, double epsilon = 1e-5, double? momentum = 0.1)
        : base(name, size, size)
    {
        _parameters = parameters; _buffers = buffers;
        _weight = weight; _bias = bias;
        _runningMean = runningMean; _runningVar = runningVar; _batchesTracked = batchesTracked;
        Epsilon = epsilon; Momentum = momentum;
    }

    /// <summary>Used by generated code: BatchNorm2d over feature maps of <paramref name="shape"/> [channels, height, width].</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public BatchNormLayer(string name, int[] shape, ParameterBuffer parameters, ParameterInfo? weight, ParameterInfo? bias,
        ParameterBuffer buffers, ParameterInfo? runningMean, ParameterInfo? runningVar, ParameterInfo? batchesTracked, double epsilon = 1e-5, double? momentum = 0.1)
        : base(name, shape, shape)
    {
        _parameters = parameters; _buffers = buffers;
        _weight = weight; _bias = bias;
        _runningMean = runningMean; _runningVar = runningVar; _batchesTracked = batchesTracked;
        Epsilon = epsilon; Momentum = momentum;
    }

    /// <inheritdoc/>
    public override string Kind => InputShape.Count == 3 ? "BatchNorm2d" : "BatchNorm1d";
    /// <inheritdoc/>
    public override int ParameterCount => (_weight?.Length ?? 0) + (_bias?.Length ?? 0);
    /// <summary>Non-trainable values (running mean, running variance, batches tracked).</summary>
    public int BufferCount => (_runningMean?.Length ?? 0) + (_runningVar?.Length ?? 0) + (_batchesTracked?.Length ?? 0);
    /// <summary>Scale (gamma); empty without affine.</summary>
    public Span<float> Weight => _weight is null ? Span<float>.Empty : _parameters.ValuesOf(_weight);
    /// <summary>Shift (beta); empty without affine.</summary>
    public Span<float> Bias => _bias is null ? Span<float>.Empty : _parameters.ValuesOf(_bias);
    /// <summary>Running mean; empty without running statistics.</summary>
    public Span<float> RunningMean => _runningMean is null ? Span<float>.Empty : _buffers.ValuesOf(_runningMean);
    /// <summary>Running (unbiased) variance; empty without running statistics.</summary>
    public Span<float> RunningVar => _runningVar is null ? Span<float>.Empty : _buffers.ValuesOf(_runningVar);
    /// <summary>Training batches seen (PyTorch's num_batches_tracked).</summary>
    public long BatchesTracked => _batchesTracked is null ? 0 : (long)_buffers.ValuesOf(_batchesTracked)[0];

    /// <summary>The epsilon added to the variance (PyTorch's <c>eps</c>, default 1e-5).</summary>
    public double Epsilon { get; }

    /// <summary>The running statistics' momentum (default 0.1); null for a cumulative average (PyTorch's <c>momentum=None</c>).</summary>
    public double? Momentum { get; }

    /// <summary>Whether the layer has a learnable scale and shift (PyTorch's <c>affine</c>).</summary>
    public bool Affine => _weight is not null;

    /// <summary>Whether the layer keeps running statistics for evaluation (PyTorch's <c>track_running_stats</c>).</summary>
    public bool TracksRunningStats => _runningMean is not null;
}

/// <summary>A layer-normalisation layer of a generated network.</summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class LayerNormLayer : Layer
{
    private readonly ParameterBuffer _parameters;
    private readonly ParameterInfo? _weight, _bias;

    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public LayerNormLayer(string name, int size, ParameterBuffer parameters, ParameterInfo? weight, ParameterInfo? bias, double epsilon = 1e-5)
        : base(name, size, size)
    {
        _parameters = parameters; _weight = weight; _bias = bias;
        Epsilon = epsilon;
    }

    /// <summary>The epsilon added to the variance (PyTorch's <c>eps</c>, default 1e-5).</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override string Kind => "LayerNorm";
    /// <inheritdoc/>
    public override int ParameterCount => (_weight?.Length ?? 0) + (_bias?.Length ?? 0);
    /// <summary>Scale (gamma); empty without elementwise affine.</summary>
    public Span<float> Weight => _weight is null ? Span<float>.Empty : _parameters.ValuesOf(_weight);
    /// <summary>Shift (beta); empty without elementwise affine.</summary>
    public Span<float> Bias => _bias is null ? Span<float>.Empty : _parameters.ValuesOf(_bias);
}

/// <summary>A dropout layer of a generated network (no parameters).</summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class DropoutLayer : Layer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DropoutLayer(string name, int size, double p) : base(name, size, size) => P = p;

    /// <summary>Used by generated code: dropout over samples of <paramref name="shape"/> (a feature map [C, H, W]).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DropoutLayer(string name, int[] shape, double p) : base(name, shape, shape) => P = p;
    /// <inheritdoc/>
    public override string Kind => "Dropout";
    /// <summary>Drop probability (the attribute's value; the generated kernel call applies it as a float).</summary>
    public double P { get; }
    /// <inheritdoc/>
    public override int ParameterCount => 0;
}

/// <summary>A parametric-ReLU layer of a generated network.</summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class PReLULayer : Layer
{
    private readonly ParameterBuffer _parameters;
    private readonly ParameterInfo _weight;

    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public PReLULayer(string name, int size, ParameterBuffer parameters, ParameterInfo weight) : base(name, size, size)
    {
        _parameters = parameters; _weight = weight;
    }

    /// <summary>Used by generated code: one shared slope over samples of <paramref name="shape"/> (a feature map [C, H, W]).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public PReLULayer(string name, int[] shape, ParameterBuffer parameters, ParameterInfo weight) : base(name, shape, shape)
    {
        _parameters = parameters; _weight = weight;
    }

    /// <inheritdoc/>
    public override string Kind => "PReLU";
    /// <inheritdoc/>
    public override int ParameterCount => _weight.Length;
    /// <summary>The learnable slope(s): one shared, or one per feature.</summary>
    public Span<float> Weight => _parameters.ValuesOf(_weight);
}

/// <summary>A randomized leaky ReLU layer of a generated network (no parameters).</summary>
/// <remarks>Thread safety: a view of the network's buffers (typed spans); as safe as the network: not synchronised.</remarks>
public sealed class RReLULayer : Layer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public RReLULayer(string name, int size, double lower, double upper) : base(name, size, size)
    {
        Lower = lower; Upper = upper;
    }

    /// <summary>Used by generated code: RReLU over samples of <paramref name="shape"/> (a feature map [C, H, W]).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public RReLULayer(string name, int[] shape, double lower, double upper) : base(name, shape, shape)
    {
        Lower = lower; Upper = upper;
    }
    /// <inheritdoc/>
    public override string Kind => "RReLU";
    /// <summary>Lower slope bound.</summary>
    public double Lower { get; }
    /// <summary>Upper slope bound.</summary>
    public double Upper { get; }
    /// <inheritdoc/>
    public override int ParameterCount => 0;
}
