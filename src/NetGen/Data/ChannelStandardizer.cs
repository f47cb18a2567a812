using System;

namespace NetGen.Data;

/// <summary>
/// Per-channel standardization of images: x' = (x − mean[c]) / scale[c], where mean[c] and scale[c] are the mean and the
/// population standard deviation (ddof = 0) of channel c over all pixels of all fitted samples. This is how the
/// <c>mean</c> and <c>std</c> given to torchvision's <c>transforms.Normalize</c> are computed (e.g. 0.2860 and 0.3530
/// for Fashion-MNIST's training images scaled to [0, 1]).
/// </summary>
/// <remarks>
/// <para><see cref="Standardizer"/> learns one mean and scale per feature, i.e. per pixel for an image; this type learns
/// one per channel, from <see cref="Dataset.SampleShape"/> (<c>[C, H, W]</c>). For a vector shape <c>[F]</c> (F channels
/// of 1 × 1) it computes exactly what <see cref="Standardizer"/> computes, bit for bit, which is also what the
/// <see cref="IFeatureScaler"/> method <see cref="Fit(ReadOnlySpan{float}, int)"/> does.</para>
/// <para>Fit on the training split only and transform every split with those statistics. Statistics are computed in
/// double (two passes) and stored as float; a constant channel gets scale 1, as in <see cref="Standardizer"/>.</para>
/// <para>Thread safety: Fit changes the statistics; once fitted, Transform and Inverse are safe from many threads on distinct spans.</para>
/// </remarks>
public sealed class ChannelStandardizer : IFeatureScaler
{
    private SampleShape _shape;
    private float[] _mean = Array.Empty<float>();
    private float[] _scale = Array.Empty<float>();
    private float[] _featureMean = Array.Empty<float>();  // _mean[c] repeated over the pixels of channel c
    private float[] _featureScale = Array.Empty<float>();

    /// <summary>Creates an unfitted standardizer.</summary>
    public ChannelStandardizer() { }

    /// <summary>Restores a fitted standardizer from saved per-channel statistics (e.g. torchvision's
    /// <c>Normalize(mean, std)</c> values, or those shipped with a trained model).</summary>
    /// <param name="sampleShape">The shape of the samples it transforms.</param>
    /// <param name="mean">One mean per channel of <paramref name="sampleShape"/>.</param>
    /// <param name="scale">One positive divisor per channel.</param>
    /// <exception cref="ArgumentException">The shape is <c>default</c>, the lengths are not the channel count, or a
    /// value is not finite or a scale not positive.</exception>
    public ChannelStandardizer(SampleShape sampleShape, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale)
    {
        SampleShape.ThrowIfEmpty(sampleShape, nameof(sampleShape));
        ScalerChecks.MeanAndScale(mean, scale);
        if (mean.Length != sampleShape.Channels)
            throw new ArgumentException(
                $"mean and scale have {mean.Length} values but the sample shape {sampleShape} has {sampleShape.Channels} channel(s).", nameof(mean));
        SetStatistics(sampleShape, mean.ToArray(), scale.ToArray());
    }

    /// <inheritdoc/>
    public bool IsFitted => _mean.Length > 0;

    /// <summary>The number of values per sample (the fitted shape's <see cref="SampleShape.Size"/>; 0 before fitting).</summary>
    public int FeatureCount => _featureMean.Length;

    /// <summary>The sample shape the statistics belong to (<c>default</c> before fitting).</summary>
    public SampleShape SampleShape => _shape;

    /// <summary>The per-channel mean subtracted by <see cref="Transform(Span{float})"/> (empty before fitting).</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The per-channel divisor: the population standard deviation, or 1 for a constant channel (empty before fitting).</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>Learns the statistics of each channel of <paramref name="training"/>'s <see cref="Dataset.SampleShape"/>.</summary>
    public void Fit(Dataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        Fit(training.Features, training.SampleShape);
    }

    /// <summary>Learns per-feature statistics: the shape is the vector <c>[featureCount]</c>, each feature a channel
    /// (the same statistics as <see cref="Standardizer"/>).</summary>
    public void Fit(ReadOnlySpan<float> features, int featureCount)
    {
        ScalerChecks.Fit(features, featureCount);
        FitChecked(features, SampleShape.Vector(featureCount));
    }

    /// <summary>Learns the statistics of each channel from row-major <paramref name="features"/>, each row one sample
    /// of shape <paramref name="sampleShape"/>.</summary>
    /// <exception cref="ArgumentException">The shape is <c>default</c>, the length is zero or not a multiple of its size,
    /// or a value is not finite.</exception>
    public void Fit(ReadOnlySpan<float> features, SampleShape sampleShape)
    {
        SampleShape.ThrowIfEmpty(sampleShape, nameof(sampleShape));
        ScalerChecks.Fit(features, sampleShape.Size);
        FitChecked(features, sampleShape);
    }

    private void FitChecked(ReadOnlySpan<float> features, SampleShape shape)
    {
        var (mean, scale) = Standardizer.Statistics(features, shape);
        SetStatistics(shape, mean, scale);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void Transform(Span<float> features)
    {
        ScalerChecks.Transform(nameof(ChannelStandardizer), IsFitted, FeatureCount, features.Length, nameof(features));
        Standardizer.Standardize(features, _featureMean, _featureScale);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The sample shape differs from the fitted one, or a scaled value overflows
    /// float (the message names the row, the column and the value).</exception>
    public Dataset Transform(Dataset data)
    {
        ScalerChecks.Dataset(nameof(ChannelStandardizer), IsFitted, FeatureCount, data);
        if (data.SampleShape != _shape)
            throw new ArgumentException(
                $"data has sample shape {data.SampleShape} but the ChannelStandardizer was fitted on {_shape}.", nameof(data));
        var features = (float[])data.Features.Clone();
        Transform(features);
        ScalerChecks.Scaled(nameof(ChannelStandardizer), features, data);
        return data.WithArrays(features, (float[])data.Targets.Clone(), data.TargetWidth);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void InverseTransform(Span<float> features)
    {
        ScalerChecks.Transform(nameof(ChannelStandardizer), IsFitted, FeatureCount, features.Length, nameof(features));
        Standardizer.Unstandardize(features, _featureMean, _featureScale);
    }

    private void SetStatistics(SampleShape shape, float[] mean, float[] scale)
    {
        int plane = shape.PlaneSize;
        var featureMean = new float[shape.Size];
        var featureScale = new float[shape.Size];
        for (int c = 0; c < mean.Length; c++)
        {
            featureMean.AsSpan(c * plane, plane).Fill(mean[c]);
            featureScale.AsSpan(c * plane, plane).Fill(scale[c]);
        }
        _shape = shape;
        _mean = mean;
        _scale = scale;
        _featureMean = featureMean;
        _featureScale = featureScale;
    }
}
