namespace NetGen;

/// <summary>A layer without parameters that reshapes or subsamples images (pools, flatten, channel dropout).</summary>
/// <remarks>Thread safety: an immutable description.</remarks>
public abstract class ShapeLayer : Layer
{
    /// <summary>Creates the description.</summary>
    protected ShapeLayer(string name, int[] inputShape, int[] outputShape) : base(name, inputShape, outputShape)
    {
    }

    /// <inheritdoc/>
    public override int ParameterCount => 0;
}

/// <summary>2-D max pooling of a generated network (PyTorch's <c>nn.MaxPool2d</c>).</summary>
/// <remarks>Thread safety: an immutable description.</remarks>
public sealed class MaxPool2dLayer : ShapeLayer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public MaxPool2dLayer(string name, int[] inputShape, int[] outputShape, Window2d window) : base(name, inputShape, outputShape) => Window = window;

    /// <inheritdoc/>
    public override string Kind => "MaxPool2d";

    /// <summary>Kernel, stride, padding, dilation and ceil mode.</summary>
    public Window2d Window { get; }
}

/// <summary>2-D average pooling of a generated network (PyTorch's <c>nn.AvgPool2d</c>).</summary>
/// <remarks>Thread safety: an immutable description.</remarks>
public sealed class AvgPool2dLayer : ShapeLayer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public AvgPool2dLayer(string name, int[] inputShape, int[] outputShape, Window2d window, bool countIncludePad) : base(name, inputShape, outputShape)
    {
        Window = window;
        CountIncludePad = countIncludePad;
    }

    /// <inheritdoc/>
    public override string Kind => "AvgPool2d";

    /// <summary>Kernel, stride, padding and ceil mode (dilation 1).</summary>
    public Window2d Window { get; }

    /// <summary>Whether padded zeros count in the divisor.</summary>
    public bool CountIncludePad { get; }
}

/// <summary>Adaptive (global) average pooling of a generated network (PyTorch's <c>nn.AdaptiveAvgPool2d(1)</c>).</summary>
/// <remarks>Thread safety: an immutable description.</remarks>
public sealed class AdaptiveAvgPool2dLayer : ShapeLayer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public AdaptiveAvgPool2dLayer(string name, int[] inputShape, int[] outputShape) : base(name, inputShape, outputShape) { }

    /// <inheritdoc/>
    public override string Kind => "AdaptiveAvgPool2d";
}

/// <summary>Channel dropout of a generated network (PyTorch's <c>nn.Dropout2d</c>).</summary>
/// <remarks>Thread safety: an immutable description.</remarks>
public sealed class Dropout2dLayer : ShapeLayer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public Dropout2dLayer(string name, int[] shape, double p) : base(name, shape, shape) => P = p;

    /// <inheritdoc/>
    public override string Kind => "Dropout2d";

    /// <summary>Probability of zeroing a channel in training.</summary>
    public double P { get; }
}

/// <summary>Flattening of [C, H, W] into C·H·W features in a generated network (PyTorch's <c>nn.Flatten</c>).</summary>
/// <remarks>Thread safety: an immutable description.</remarks>
public sealed class FlattenLayer : ShapeLayer
{
    /// <summary>Used by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public FlattenLayer(string name, int[] inputShape) : base(name, inputShape, new[] { inputShape.Length == 0 ? 0 : Size(inputShape) }) { }

    /// <inheritdoc/>
    public override string Kind => "Flatten";

    private static int Size(int[] shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }
}
