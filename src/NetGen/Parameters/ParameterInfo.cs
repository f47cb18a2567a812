using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen;

/// <summary>
/// One named tensor inside a <see cref="ParameterBuffer"/>: PyTorch-style name (<c>Hidden1.weight</c>),
/// shape (row-major, e.g. [out, in]), its offset in the flat buffer and its role.
/// </summary>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed class ParameterInfo
{
    private readonly int[] _shape;

    /// <summary>Creates the description of a tensor of <paramref name="shape"/> at <paramref name="offset"/>.</summary>
    public ParameterInfo(string name, int offset, IReadOnlyList<int> shape, ParameterRole role)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A parameter needs a name.", nameof(name));
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset must be ≥ 0.");
        if (shape is null || shape.Count == 0) throw new ArgumentException($"Parameter '{name}' needs a non-empty shape.", nameof(shape));
        _shape = new int[shape.Count];
        int length = 1;
        for (int i = 0; i < shape.Count; i++)
        {
            if (shape[i] <= 0) throw new ArgumentException($"Parameter '{name}' has dimension {i} = {shape[i]}; every dimension must be > 0.", nameof(shape));
            _shape[i] = shape[i];
            length = checked(length * shape[i]);
        }
        Name = name;
        Offset = offset;
        Length = length;
        Role = role;
    }

    /// <summary>PyTorch-style name, e.g. <c>Hidden1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>Index of the first element in the flat buffer.</summary>
    public int Offset { get; }

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public int Length { get; }

    /// <summary>Row-major shape, e.g. [out, in] for a dense weight.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>What the tensor is for.</summary>
    public ParameterRole Role { get; }

    /// <summary>The shape as text, e.g. <c>[128, 20]</c> (culture-invariant).</summary>
    public string ShapeText => "[" + string.Join(", ", Array.ConvertAll(_shape, d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc/>
    public override string ToString() => Name + " " + ShapeText;
}
