using System;

namespace NetGen;

/// <summary>
/// What every layer attribute accepts besides its own arguments: the layer's <see cref="Name"/> in the state dict.
/// </summary>
/// <remarks>Thread safety: attributes are read by the compiler; instances are not shared at run time.</remarks>
public abstract class LayerAttribute : Attribute
{
    /// <summary>
    /// The layer's name in checkpoints, ONNX models and summaries, and the prefix of its tensors (<c>fc0</c> gives
    /// <c>fc0.weight</c>, <c>features.0</c> gives <c>features.0.weight</c>), so a C# member <c>Hidden</c> can map to a
    /// PyTorch module <c>fc0</c>. Letters, digits, '_' and '.' between them; unique in the network. Default: the member's name.
    /// </summary>
    public string? Name { get; set; }
}
