using System;
using System.Globalization;

namespace NetGen.Losses;

/// <summary>Argument validation shared by the losses; every message names the argument and the values.</summary>
internal static class LossChecks
{
    /// <summary>Validates batchSize and the predictions length; returns the number of features per row.</summary>
    public static int Features(int predictionsLength, int batchSize)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException("batchSize", batchSize, $"batchSize ({batchSize}) must be positive.");
        if (predictionsLength == 0 || predictionsLength % batchSize != 0)
            throw new ArgumentException(
                $"predictions.Length ({predictionsLength}) must be a positive multiple of batchSize ({batchSize}).", "predictions");
        return predictionsLength / batchSize;
    }

    public static void Length(int actual, int expected, string name, string what)
    {
        if (actual != expected)
            throw new ArgumentException($"{name}.Length ({actual}) must equal {what} ({expected}).", name);
    }

    public static void GradientLength(int gradientLength, int predictionsLength)
    {
        if (gradientLength != 0 && gradientLength != predictionsLength)
            throw new ArgumentException(
                $"predictionGradient.Length ({gradientLength}) must be 0 (no gradient) or equal predictions.Length ({predictionsLength}).",
                "predictionGradient");
    }

    /// <summary>Copies an optional weight vector after checking that every entry is finite.</summary>
    public static float[]? CopyWeights(float[]? weights, string name)
    {
        if (weights is null) return null;
        if (weights.Length == 0)
            throw new ArgumentException($"{name} must not be empty (pass null for no weights).", name);
        for (int i = 0; i < weights.Length; i++)
            if (!float.IsFinite(weights[i]))
                throw new ArgumentException($"{name}[{i}] ({F(weights[i])}) must be finite.", name);
        return (float[])weights.Clone();
    }

    /// <summary>Checks that a per-feature weight vector fits the feature count of the call.</summary>
    public static void PerFeature(float[]? weights, int features, string name)
    {
        if (weights is not null && weights.Length != features)
            throw new ArgumentException(
                $"{name} has {weights.Length} entries but predictions have {features} features per row (predictions.Length / batchSize): a {name} vector is broadcast over the batch and needs one entry per feature.",
                name);
    }

    public static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
