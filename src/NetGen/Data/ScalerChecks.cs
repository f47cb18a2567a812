using System;

namespace NetGen.Data;

internal static class ScalerChecks
{
    public static void Fit(ReadOnlySpan<float> features, int featureCount)
    {
        if (featureCount < 1)
            throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, $"featureCount ({featureCount}) must be at least 1.");
        if (features.Length == 0 || features.Length % featureCount != 0)
            throw new ArgumentException(
                $"features has {features.Length} values; fitting needs at least one row and a multiple of featureCount ({featureCount}).", nameof(features));
        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
                throw new ArgumentException(
                    $"features[{i}] (row {i / featureCount}, column {i % featureCount}) is {features[i]}; statistics need finite values.", nameof(features));
        }
    }

    /// <summary>Checks saved standardisation statistics: equal non-zero lengths, finite means, positive finite scales.</summary>
    public static void MeanAndScale(ReadOnlySpan<float> mean, ReadOnlySpan<float> scale)
    {
        if (mean.Length == 0 || mean.Length != scale.Length)
            throw new ArgumentException($"mean ({mean.Length} values) and scale ({scale.Length} values) must be non-empty and of equal length.", nameof(scale));
        for (int j = 0; j < scale.Length; j++)
        {
            if (!(scale[j] > 0 && float.IsFinite(scale[j])))
                throw new ArgumentException($"scale[{j}] ({FiniteValues.Format(scale[j])}) must be positive and finite.", nameof(scale));
            if (!float.IsFinite(mean[j]))
                throw new ArgumentException($"mean[{j}] ({FiniteValues.Format(mean[j])}) must be finite.", nameof(mean));
        }
    }

    public static void Transform(string scaler, bool fitted, int featureCount, int length, string argument)
    {
        if (!fitted)
            throw new InvalidOperationException($"{scaler} is not fitted: call Fit on the training features first.");
        if (length % featureCount != 0)
            throw new ArgumentException(
                $"{argument} has {length} values, not a multiple of the {featureCount} features the {scaler} was fitted on.", argument);
    }

    /// <summary>Throws when scaling <paramref name="data"/> overflowed float (the result would not be a valid dataset).</summary>
    public static void Scaled(string scaler, float[] scaled, Dataset data)
    {
        int i = FiniteValues.IndexOfNonFinite(scaled);
        if (i < 0) return;
        throw new ArgumentException(
            $"{scaler}.Transform(data): the scaled {FiniteValues.Locate("features", i, data.FeatureCount, data.FeatureNames)} is {FiniteValues.Format(scaled[i])} (from {FiniteValues.Format(data.Features[i])}): the value is beyond float's range after scaling. Check the scaler's statistics against this data.",
            nameof(data));
    }

    public static void Dataset(string scaler, bool fitted, int featureCount, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!fitted)
            throw new InvalidOperationException($"{scaler} is not fitted: call Fit on the training features first.");
        if (data.FeatureCount != featureCount)
            throw new ArgumentException(
                $"data has {data.FeatureCount} features but the {scaler} was fitted on {featureCount}.", nameof(data));
    }
}
