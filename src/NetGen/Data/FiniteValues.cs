using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen.Data;

/// <summary>
/// Keeps NaN and infinity out of a <see cref="Dataset"/>: one such value turns every weight it reaches into NaN during
/// training, silently. The clean case is one vectorised pass (<see cref="TensorPrimitives.IsFiniteAll{T}(ReadOnlySpan{T})"/>);
/// only a failing array is scanned again to name the first bad value.
/// </summary>
internal static class FiniteValues
{
    /// <summary>The index of the first NaN or infinity in <paramref name="values"/>, or −1 when all are finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        // IsFiniteAll is false for an empty span (System.Numerics.Tensors 10.0.0), so the scan stays bounded.
        if (values.IsEmpty || TensorPrimitives.IsFiniteAll(values)) return -1;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for <paramref name="argument"/> naming the first non-finite value of
    /// row-major <paramref name="values"/> (<paramref name="width"/> per row): its index, row, column and value.
    /// </summary>
    public static void ThrowIfAny(float[] values, int width, IReadOnlyList<string>? columnNames, string argument)
    {
        int i = IndexOfNonFinite(values);
        if (i < 0) return;
        throw new ArgumentException(
            $"{Locate(argument, i, width, columnNames)} is {Format(values[i])}: a dataset holds finite numbers only (a NaN or infinity turns the weights it reaches into NaN during training). Replace or drop such values first; CsvLoader does it with CsvOptions.MissingValues.",
            argument);
    }

    /// <summary>"features[3] (row 1, column 1 'b')": where value <paramref name="index"/> of a row-major array sits.</summary>
    public static string Locate(string argument, int index, int width, IReadOnlyList<string>? columnNames)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        int column = index % width;
        string name = columnNames is null ? "" : $" '{columnNames[column]}'";
        return $"{argument}[{index.ToString(c)}] (row {(index / width).ToString(c)}, column {column.ToString(c)}{name})";
    }

    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
