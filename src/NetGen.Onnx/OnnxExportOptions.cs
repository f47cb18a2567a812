using System;

namespace NetGen.Onnx;

/// <summary>How <see cref="OnnxExporter"/> writes a model.</summary>
/// <remarks>Thread safety: a plain settings object; do not change it while an export that uses it runs.</remarks>
public sealed class OnnxExportOptions
{
    /// <summary>The lowest ONNX opset written (LayerNormalization needs 17).</summary>
    public const int MinOpset = 17;

    /// <summary>The highest ONNX opset written.</summary>
    public const int MaxOpset = 21;

    /// <summary>The default ONNX opset (17: what ONNX Runtime, ML.NET and Windows ML all read).</summary>
    public const int DefaultOpset = 17;

    /// <summary>The ONNX opset of the default domain, <see cref="MinOpset"/> to <see cref="MaxOpset"/> (default 17). From 20 on, GELU is the Gelu operator; below, its erf form.</summary>
    public int Opset { get; set; } = DefaultOpset;

    /// <summary>Name of the graph input (default <c>input</c>), shaped [batch, features] or [batch, C, H, W] with a dynamic batch dimension.</summary>
    public string InputName { get; set; } = "input";

    /// <summary>Name of the graph output (default <c>output</c>), shaped [batch, outputs].</summary>
    public string OutputName { get; set; } = "output";

    /// <summary>Name of the batch dimension of the input and output (default <c>batch</c>).</summary>
    public string BatchDimensionName { get; set; } = "batch";

    /// <summary>The graph's name; null for the network's type name.</summary>
    public string? GraphName { get; set; }

    internal void Validate()
    {
        if (Opset < MinOpset || Opset > MaxOpset)
            throw new ArgumentOutOfRangeException(nameof(Opset), Opset, $"Opset must be {MinOpset} to {MaxOpset}.");
        if (string.IsNullOrEmpty(InputName)) throw new ArgumentException("InputName must not be empty.", nameof(InputName));
        if (string.IsNullOrEmpty(OutputName)) throw new ArgumentException("OutputName must not be empty.", nameof(OutputName));
        if (InputName == OutputName) throw new ArgumentException($"InputName and OutputName are both '{InputName}'.", nameof(OutputName));
        if (string.IsNullOrEmpty(BatchDimensionName)) throw new ArgumentException("BatchDimensionName must not be empty.", nameof(BatchDimensionName));
    }
}
