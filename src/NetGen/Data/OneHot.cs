using System;
using System.Globalization;

namespace NetGen.Data;

/// <summary>One-hot encoding of class indices (like <c>torch.nn.functional.one_hot</c>, in float).</summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
public static class OneHot
{
    /// <summary>
    /// Writes one row of <paramref name="classCount"/> values per class index: 1 at the class, 0 elsewhere.
    /// </summary>
    /// <param name="classIndices">Class indices stored as floats (whole numbers in [0, <paramref name="classCount"/>)).</param>
    /// <param name="classCount">The number of classes (at least 1).</param>
    /// <param name="destination">At least <c>classIndices.Length × classCount</c> values; the rows are written from the start.</param>
    /// <exception cref="ArgumentException">An index is not a class index, or <paramref name="destination"/> is too short.
    /// Nothing is written then.</exception>
    public static void Encode(ReadOnlySpan<float> classIndices, int classCount, Span<float> destination)
    {
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"classCount ({classCount}) must be at least 1.");
        long needed = (long)classIndices.Length * classCount;
        if (destination.Length < needed)
            throw new ArgumentException(
                $"destination has {destination.Length} values but {classIndices.Length} indices × {classCount} classes = {needed} are needed.", nameof(destination));
        for (int i = 0; i < classIndices.Length; i++)
        {
            float t = classIndices[i];
            if (!(t >= 0 && t < classCount && t == MathF.Floor(t)))
                throw new ArgumentException(
                    $"classIndices[{i}] ({t.ToString("R", CultureInfo.InvariantCulture)}) is not a class index in [0, {classCount}).", nameof(classIndices));
        }
        Span<float> rows = destination.Slice(0, (int)needed);
        rows.Clear();
        for (int i = 0; i < classIndices.Length; i++) rows[i * classCount + (int)classIndices[i]] = 1f;
    }

    /// <summary>
    /// A copy of <paramref name="data"/> whose targets are one-hot rows of <see cref="Dataset.ClassCount"/> values
    /// (features copied, names and classes kept).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a classification dataset with one class index per row.</exception>
    public static Dataset Encode(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsClassification || data.TargetWidth != 1)
            throw new ArgumentException(
                $"One-hot encoding needs a classification dataset with one class index per row (IsClassification {data.IsClassification}, TargetWidth {data.TargetWidth}).", nameof(data));
        var targets = new float[data.Count * data.ClassCount];
        Encode(data.Targets, data.ClassCount, targets);
        return data.WithArrays((float[])data.Features.Clone(), targets, data.ClassCount);
    }

    /// <summary>
    /// The inverse of <see cref="Encode(ReadOnlySpan{float}, int, Span{float})"/> (and the predicted class of score rows):
    /// writes the position of the largest value of each row of <paramref name="classCount"/> values (the first on ties).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not agree.</exception>
    public static void Decode(ReadOnlySpan<float> rows, int classCount, Span<float> classIndices)
    {
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"classCount ({classCount}) must be at least 1.");
        if (rows.Length % classCount != 0)
            throw new ArgumentException($"rows has {rows.Length} values, not a multiple of classCount ({classCount}).", nameof(rows));
        int n = rows.Length / classCount;
        if (classIndices.Length < n)
            throw new ArgumentException($"classIndices has {classIndices.Length} values but there are {n} rows.", nameof(classIndices));
        for (int i = 0; i < n; i++) classIndices[i] = ArgMax(rows.Slice(i * classCount, classCount));
    }

    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++)
            if (row[k] > row[best]) best = k;
        return best;
    }
}
