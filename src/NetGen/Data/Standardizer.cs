using System;
using System.Numerics.Tensors;

namespace NetGen.Data;

/// <summary>
/// Z-score standardization, like scikit-learn's <c>StandardScaler</c>: x' = (x − mean) / scale, where scale is the
/// population standard deviation (ddof = 0) of each feature over the fitted rows.
/// </summary>
/// <remarks>
/// Fit on the training split only and transform every split with those statistics, so validation and test rows never
/// influence the model. Statistics are computed in double (two passes) and stored as float. A constant feature (standard
/// deviation below 10 × double epsilon, as in scikit-learn) gets scale 1, so it transforms to 0 instead of dividing by
/// zero. For images, <see cref="ChannelStandardizer"/> computes one mean and scale per channel instead of per pixel.
/// <para>Thread safety: Fit changes the statistics; once fitted, Transform and Inverse are safe from many threads on distinct spans.</para>
/// </remarks>
public sealed class Standardizer : IFeatureScaler
{
    /// <summary>Below this standard deviation a feature counts as constant (scikit-learn: 10 × float64 machine epsilon).</summary>
    private const double ConstantThreshold = 10 * 2.220446049250313e-16;

    private float[] _mean = Array.Empty<float>();
    private float[] _scale = Array.Empty<float>();

    /// <summary>Creates an unfitted standardizer.</summary>
    public Standardizer() { }

    /// <summary>Restores a fitted standardizer from saved statistics (e.g. those shipped with a trained model).</summary>
    /// <exception cref="ArgumentException">The lengths differ, are zero, or a scale is not positive and finite.</exception>
    public Standardizer(ReadOnlySpan<float> mean, ReadOnlySpan<float> scale)
    {
        ScalerChecks.MeanAndScale(mean, scale);
        _mean = mean.ToArray();
        _scale = scale.ToArray();
    }

    /// <inheritdoc/>
    public bool IsFitted => _mean.Length > 0;

    /// <inheritdoc/>
    public int FeatureCount => _mean.Length;

    /// <summary>The per-feature mean subtracted by <see cref="Transform(Span{float})"/> (empty before fitting).</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The per-feature divisor: the population standard deviation, or 1 for a constant feature (empty before fitting).</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <inheritdoc/>
    public void Fit(Dataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        Fit(training.Features, training.FeatureCount);
    }

    /// <inheritdoc/>
    public void Fit(ReadOnlySpan<float> features, int featureCount)
    {
        ScalerChecks.Fit(features, featureCount);
        (_mean, _scale) = Statistics(features, SampleShape.Vector(featureCount));
    }

    /// <summary>
    /// The mean and scale (population standard deviation, or 1 below <see cref="ConstantThreshold"/>) of each channel of
    /// <paramref name="shape"/> over all rows of <paramref name="features"/> and all pixels of the channel: per feature
    /// for a vector shape (F channels of 1 × 1). Two passes in double, stored as float.
    /// </summary>
    internal static (float[] Mean, float[] Scale) Statistics(ReadOnlySpan<float> features, SampleShape shape)
    {
        int size = shape.Size, channels = shape.Channels, plane = shape.PlaneSize;
        long values = features.Length / size * (long)plane; // values per channel
        var sum = new double[channels];
        for (int i = 0; i < features.Length; i += size)
        {
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> pixels = features.Slice(i + c * plane, plane);
                double s = sum[c];
                for (int k = 0; k < pixels.Length; k++) s += pixels[k];
                sum[c] = s;
            }
        }
        var mean = new double[channels];
        for (int c = 0; c < channels; c++) mean[c] = sum[c] / values;
        var squares = new double[channels];
        for (int i = 0; i < features.Length; i += size)
        {
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> pixels = features.Slice(i + c * plane, plane);
                double m = mean[c], q = squares[c];
                for (int k = 0; k < pixels.Length; k++)
                {
                    double d = pixels[k] - m;
                    q += d * d;
                }
                squares[c] = q;
            }
        }
        var meanF = new float[channels];
        var scale = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double std = Math.Sqrt(squares[c] / values);
            meanF[c] = (float)mean[c];
            scale[c] = std < ConstantThreshold ? 1f : (float)std;
        }
        return (meanF, scale);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void Transform(Span<float> features)
    {
        ScalerChecks.Transform(nameof(Standardizer), IsFitted, _mean.Length, features.Length, nameof(features));
        Standardize(features, _mean, _scale);
    }

    /// <summary>(x − mean) / scale on each row of <paramref name="features"/> (rows as long as <paramref name="mean"/>).</summary>
    internal static void Standardize(Span<float> features, float[] mean, float[] scale)
    {
        int f = mean.Length;
        for (int i = 0; i < features.Length; i += f)
        {
            Span<float> row = features.Slice(i, f);
            TensorPrimitives.Subtract(row, mean, row);
            TensorPrimitives.Divide(row, scale, row);
        }
    }

    /// <summary>x × scale + mean on each row: undoes <see cref="Standardize"/>.</summary>
    internal static void Unstandardize(Span<float> features, float[] mean, float[] scale)
    {
        int f = mean.Length;
        for (int i = 0; i < features.Length; i += f)
        {
            Span<float> row = features.Slice(i, f);
            TensorPrimitives.FusedMultiplyAdd(row, scale, mean, row);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The feature count differs from the fitted one, or a scaled value overflows
    /// float (a dataset holds finite values only; the message names the row, the column and the value).</exception>
    public Dataset Transform(Dataset data)
    {
        ScalerChecks.Dataset(nameof(Standardizer), IsFitted, _mean.Length, data);
        var features = (float[])data.Features.Clone();
        Transform(features);
        ScalerChecks.Scaled(nameof(Standardizer), features, data);
        return data.WithArrays(features, (float[])data.Targets.Clone(), data.TargetWidth);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void InverseTransform(Span<float> features)
    {
        ScalerChecks.Transform(nameof(Standardizer), IsFitted, _mean.Length, features.Length, nameof(features));
        Unstandardize(features, _mean, _scale);
    }
}
