using System;

namespace NetGen.Data;

/// <summary>
/// A per-feature affine transform learned from training data (<see cref="Standardizer"/>, <see cref="MinMaxScaler"/>,
/// <see cref="ChannelStandardizer"/>, whose statistics are per image channel and shared by the pixels of a channel).
/// Fit on the training split only, then transform every split with the same statistics.
/// </summary>
/// <remarks>Thread safety: fitting changes the scaler; once fitted, transforming is safe from many threads (distinct output spans).</remarks>
public interface IFeatureScaler
{
    /// <summary>Whether <see cref="Fit(Dataset)"/> (or a restoring constructor) has set the statistics.</summary>
    bool IsFitted { get; }

    /// <summary>The number of features the scaler was fitted on (0 before fitting).</summary>
    int FeatureCount { get; }

    /// <summary>Learns the per-feature statistics from <paramref name="training"/>'s features.</summary>
    void Fit(Dataset training);

    /// <summary>Learns the per-feature statistics from row-major <paramref name="features"/> of <paramref name="featureCount"/> columns.</summary>
    void Fit(ReadOnlySpan<float> features, int featureCount);

    /// <summary>Transforms row-major features in place (allocation-free).</summary>
    void Transform(Span<float> features);

    /// <summary>A copy of <paramref name="data"/> with transformed features (targets copied unchanged).</summary>
    Dataset Transform(Dataset data);

    /// <summary>Undoes <see cref="Transform(Span{float})"/> in place (allocation-free).</summary>
    void InverseTransform(Span<float> features);
}
