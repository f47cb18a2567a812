using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.IO;

/// <summary>
/// A named float32 tensor: a PyTorch-style name (<c>Hidden1.weight</c>), a row-major shape and its
/// values. <see cref="SafeTensors.Write"/> reads <see cref="Data"/>; <see cref="SafeTensors.Read"/> returns
/// tensors backed by fresh arrays; <see cref="Checkpoint.Load(string, ParameterBuffer, ICheckpointState?, System.Collections.Generic.IReadOnlyList{NamedTensor}?)"/> fills the <see cref="Data"/> of extra
/// tensors in place.
/// </summary>
/// <remarks>Thread safety: the name and shape are immutable; the data is a plain array, safe for concurrent reads, and writes need the caller's own synchronisation.</remarks>
public sealed class NamedTensor
{
    private readonly int[] _shape;

    /// <summary>
    /// Describes <paramref name="data"/> as a tensor of <paramref name="shape"/> (an empty shape is a scalar
    /// of one element). The product of the dimensions must equal <c>data.Length</c>.
    /// </summary>
    public NamedTensor(string name, IReadOnlyList<int> shape, Memory<float> data)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A tensor needs a non-empty name.", nameof(name));
        if (shape is null) throw new ArgumentNullException(nameof(shape));
        _shape = new int[shape.Count];
        long elements = 1;
        for (int i = 0; i < shape.Count; i++)
        {
            if (shape[i] < 0)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Tensor '{name}' has dimension {i} = {shape[i]}; dimensions must be ≥ 0."), nameof(shape));
            _shape[i] = shape[i];
            elements = checked(elements * shape[i]);
        }
        if (elements != data.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Tensor '{name}' has shape {FormatShape(_shape)} ({elements} elements) but data holds {data.Length} values."), nameof(data));
        Name = name;
        Data = data;
    }

    /// <summary>The tensor's name, e.g. <c>Hidden1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>Row-major shape (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The values, row-major.</summary>
    public Memory<float> Data { get; }

    /// <summary>The shape as text, e.g. <c>[64, 20]</c> (culture-invariant).</summary>
    public string ShapeText => FormatShape(_shape);

    /// <inheritdoc/>
    public override string ToString() => Name + " " + ShapeText;

    internal static string FormatShape(IReadOnlyList<int> shape)
    {
        var parts = new string[shape.Count];
        for (int i = 0; i < parts.Length; i++) parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }

    internal static bool SameShape(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++) if (a[i] != b[i]) return false;
        return true;
    }
}
