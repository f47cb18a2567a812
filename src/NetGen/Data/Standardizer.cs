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
/// zero.
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
        if (mean.Length == 0 || mean.Length != scale.Length)
            throw new ArgumentException($"mean ({mean.Length} values) and scale ({scale.Length} values) must be non-empty and of equal length.", nameof(scale));
        for (int j = 0; j < scale.Length; j++)
        {
            if (!(scale[j] > 0 && float.IsFinite(scale[j])))
                throw new ArgumentException($"scale[{j}] ({scale[j]}) must be positive and finite.", nameof(scale));
            if (!float.IsFinite(mean[j]))
                throw new ArgumentException($"mean[{j}] ({mean[j]}) must be finite.", nameof(mean));
        }
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
        int rows = features.Length / featureCount;
        var sum = new double[featureCount];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = features.Slice(i * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++) sum[j] += row[j];
        }
        var mean = new double[featureCount];
        for (int j = 0; j < featureCount; j++) mean[j] = sum[j] / rows;
        var squares = new double[featureCount];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = features.Slice(i * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++)
            {
                double d = row[j] - mean[j];
                squares[j] += d * d;
            }
        }
        var m = new float[featureCount];
        var s = new float[featureCount];
        for (int j = 0; j < featureCount; j++)
        {
            double std = Math.Sqrt(squares[j] / rows);
            m[j] = (float)mean[j];
            s[j] = std < ConstantThreshold ? 1f : (float)std;
        }
        _mean = m;
        _scale = s;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void Transform(Span<float> features)
    {
        ScalerChecks.Transform(nameof(Standardizer), IsFitted, _mean.Length, features.Length, nameof(features));
        int f = _mean.Length;
        for (int i = 0; i < features.Length; i += f)
        {
            Span<float> row = features.Slice(i, f);
            TensorPrimitives.Subtract(row, _mean, row);
            TensorPrimitives.Divide(row, _scale, row);
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
        int f = _mean.Length;
        for (int i = 0; i < features.Length; i += f)
        {
            Span<float> row = features.Slice(i, f);
            TensorPrimitives.FusedMultiplyAdd(row, _scale, _mean, row);
        }
    }
}
