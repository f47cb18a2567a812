using System;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen.Data;

/// <summary>
/// Min-max scaling to [<see cref="RangeMin"/>, <see cref="RangeMax"/>] (default [0, 1]), like scikit-learn's
/// <c>MinMaxScaler</c>: x' = x × scale + offset with scale = (RangeMax − RangeMin) / (DataMax − DataMin) and
/// offset = RangeMin − DataMin × scale.
/// </summary>
/// <remarks>
/// Fit on the training split only; values of other splits outside the training range map outside the target range (no
/// clipping, as in scikit-learn). A constant feature (DataMax = DataMin) uses a data range of 1, so it maps to
/// <see cref="RangeMin"/> instead of dividing by zero.
/// <para>Thread safety: Fit changes the ranges; once fitted, Transform and Inverse are safe from many threads on distinct spans.</para>
/// </remarks>
public sealed class MinMaxScaler : IFeatureScaler
{
    private float[] _dataMin = Array.Empty<float>();
    private float[] _dataMax = Array.Empty<float>();
    private float[] _scale = Array.Empty<float>();
    private float[] _offset = Array.Empty<float>();

    /// <summary>Creates an unfitted scaler to the range [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is not less than <paramref name="max"/>, or either is not
    /// finite (as a float: the scaled features are float32).</exception>
    public MinMaxScaler(double min = 0, double max = 1)
    {
        if (!(min < max) || !float.IsFinite((float)min) || !float.IsFinite((float)max))
            throw new ArgumentException(
                $"The target range [min {min.ToString("R", CultureInfo.InvariantCulture)}, max {max.ToString("R", CultureInfo.InvariantCulture)}] must be finite with min < max.", nameof(min));
        RangeMin = min;
        RangeMax = max;
    }

    /// <summary>Restores a fitted scaler from saved per-feature training minima and maxima.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are zero, a value is not finite, a minimum exceeds its maximum, or the range is invalid.</exception>
    public MinMaxScaler(ReadOnlySpan<float> dataMin, ReadOnlySpan<float> dataMax, double min = 0, double max = 1)
        : this(min, max)
    {
        if (dataMin.Length == 0 || dataMin.Length != dataMax.Length)
            throw new ArgumentException($"dataMin ({dataMin.Length} values) and dataMax ({dataMax.Length} values) must be non-empty and of equal length.", nameof(dataMax));
        for (int j = 0; j < dataMin.Length; j++)
        {
            if (!float.IsFinite(dataMin[j]) || !float.IsFinite(dataMax[j]) || dataMin[j] > dataMax[j])
                throw new ArgumentException($"dataMin[{j}] ({dataMin[j]}) and dataMax[{j}] ({dataMax[j]}) must be finite with dataMin ≤ dataMax.", nameof(dataMin));
        }
        SetStatistics(dataMin.ToArray(), dataMax.ToArray());
    }

    /// <summary>The lower end of the target range.</summary>
    public double RangeMin { get; }

    /// <summary>The upper end of the target range.</summary>
    public double RangeMax { get; }

    /// <inheritdoc/>
    public bool IsFitted => _dataMin.Length > 0;

    /// <inheritdoc/>
    public int FeatureCount => _dataMin.Length;

    /// <summary>The per-feature minimum over the fitted rows (empty before fitting).</summary>
    public ReadOnlySpan<float> DataMin => _dataMin;

    /// <summary>The per-feature maximum over the fitted rows (empty before fitting).</summary>
    public ReadOnlySpan<float> DataMax => _dataMax;

    /// <summary>The per-feature multiplier (RangeMax − RangeMin) / (DataMax − DataMin), with a data range of 1 for a constant feature.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>The per-feature offset RangeMin − DataMin × Scale.</summary>
    public ReadOnlySpan<float> Offset => _offset;

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
        float[] lo = features.Slice(0, featureCount).ToArray();
        float[] hi = features.Slice(0, featureCount).ToArray();
        for (int i = featureCount; i < features.Length; i += featureCount)
        {
            ReadOnlySpan<float> row = features.Slice(i, featureCount);
            TensorPrimitives.Min(lo, row, lo);
            TensorPrimitives.Max(hi, row, hi);
        }
        SetStatistics(lo, hi);
    }

    private void SetStatistics(float[] lo, float[] hi)
    {
        int f = lo.Length;
        var scale = new float[f];
        var offset = new float[f];
        for (int j = 0; j < f; j++)
        {
            double range = (double)hi[j] - lo[j];
            if (range == 0) range = 1;
            double s = (RangeMax - RangeMin) / range;
            scale[j] = (float)s;
            offset[j] = (float)(RangeMin - lo[j] * s);
        }
        _dataMin = lo;
        _dataMax = hi;
        _scale = scale;
        _offset = offset;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void Transform(Span<float> features)
    {
        ScalerChecks.Transform(nameof(MinMaxScaler), IsFitted, _scale.Length, features.Length, nameof(features));
        int f = _scale.Length;
        for (int i = 0; i < features.Length; i += f)
        {
            Span<float> row = features.Slice(i, f);
            TensorPrimitives.FusedMultiplyAdd(row, _scale, _offset, row);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The feature count differs from the fitted one, or a scaled value overflows
    /// float (a dataset holds finite values only; the message names the row, the column and the value).</exception>
    public Dataset Transform(Dataset data)
    {
        ScalerChecks.Dataset(nameof(MinMaxScaler), IsFitted, _scale.Length, data);
        var features = (float[])data.Features.Clone();
        Transform(features);
        ScalerChecks.Scaled(nameof(MinMaxScaler), features, data);
        return data.WithArrays(features, (float[])data.Targets.Clone(), data.TargetWidth);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void InverseTransform(Span<float> features)
    {
        ScalerChecks.Transform(nameof(MinMaxScaler), IsFitted, _scale.Length, features.Length, nameof(features));
        int f = _scale.Length;
        for (int i = 0; i < features.Length; i += f)
        {
            Span<float> row = features.Slice(i, f);
            TensorPrimitives.Subtract(row, _offset, row);
            TensorPrimitives.Divide(row, _scale, row);
        }
    }
}
