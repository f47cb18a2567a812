using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen.Data;

/// <summary>
/// An in-memory table of samples: features and targets stored row-major in two flat <see cref="float"/> arrays,
/// ready to be sliced into spans for training without copying.
/// </summary>
/// <remarks>
/// <para><see cref="Features"/> holds <see cref="Count"/> rows of <see cref="FeatureCount"/> values; <see cref="Targets"/>
/// holds <see cref="Count"/> rows of <see cref="TargetWidth"/> values. For classification a target row is either one
/// class index stored as a float (<see cref="TargetWidth"/> 1, the form <c>CrossEntropyLoss</c> takes) or a one-hot
/// row (<see cref="TargetWidth"/> = <see cref="ClassCount"/>, see <see cref="OneHot"/>); <see cref="ClassNames"/> maps a
/// class index back to its original label. For regression <see cref="ClassNames"/> is <see langword="null"/>.</para>
/// <para><see cref="SampleShape"/> says how a feature row is laid out: a vector <c>[FeatureCount]</c>, or an image
/// <c>[C, H, W]</c> (<see cref="LoadIdx(string, string, IdxOptions?)"/>); subsets, splits and scaled copies keep it.</para>
/// <para>Every feature and target is a finite number: the constructor rejects NaN and infinity, naming the row and
/// column, because one of them silently turns the weights into NaN during training.</para>
/// <para>The arrays are exposed, not copied: methods that return a new <see cref="Dataset"/>
/// (<see cref="Subset(ReadOnlySpan{int})"/>, scalers, splits) always copy, so datasets never share storage.</para>
/// <para>Thread safety: safe for concurrent reads (training several networks on one dataset from several threads is fine); its arrays are not copied, so nothing may write them meanwhile.</para>
/// </remarks>
public sealed class Dataset
{
    private readonly string[] _featureNames;
    private readonly string[]? _classNames;

    /// <summary>
    /// Wraps existing arrays (used as is, not copied).
    /// </summary>
    /// <param name="features">Row-major features, <c>count × featureCount</c> values.</param>
    /// <param name="targets">Row-major targets, <c>count × targetWidth</c> values.</param>
    /// <param name="featureCount">Values per feature row (at least 1).</param>
    /// <param name="targetWidth">Values per target row (at least 1).</param>
    /// <param name="featureNames">One name per feature; <see langword="null"/> names them "0", "1", ….</param>
    /// <param name="classNames">For classification, the label of each class index; <see langword="null"/> for regression.
    /// When given, every target must be a valid class index (<paramref name="targetWidth"/> 1) or the target width
    /// must equal the class count (one-hot rows).</param>
    /// <exception cref="ArgumentException">The lengths do not agree, a name list has the wrong size, a feature or
    /// target is NaN or infinite (the message names its row, column and value), or a class index is out of range.</exception>
    public Dataset(float[] features, float[] targets, int featureCount, int targetWidth,
        IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? classNames = null)
        : this(features, targets, VectorShape(featureCount), targetWidth, featureNames, classNames)
    {
    }

    /// <summary>
    /// Wraps existing arrays (used as is, not copied) whose samples have the shape <paramref name="sampleShape"/>, e.g.
    /// images <c>[C, H, W]</c> for a convolutional network; <see cref="FeatureCount"/> is its <see cref="SampleShape.Size"/>.
    /// </summary>
    /// <param name="features">Row-major features, <c>count × sampleShape.Size</c> values, each row laid out as
    /// <paramref name="sampleShape"/> says.</param>
    /// <param name="targets">Row-major targets, <c>count × targetWidth</c> values.</param>
    /// <param name="sampleShape">The shape of one sample's features (<see cref="SampleShape.Vector(int)"/> or
    /// <see cref="SampleShape.Image(int, int, int)"/>).</param>
    /// <param name="targetWidth">Values per target row (at least 1).</param>
    /// <param name="featureNames">One name per feature value; <see langword="null"/> names them "0", "1", ….</param>
    /// <param name="classNames">For classification, the label of each class index; <see langword="null"/> for regression.
    /// When given, every target must be a valid class index (<paramref name="targetWidth"/> 1) or the target width
    /// must equal the class count (one-hot rows).</param>
    /// <exception cref="ArgumentException"><paramref name="sampleShape"/> is <c>default(SampleShape)</c>, the lengths do
    /// not agree, a name list has the wrong size, a feature or target is NaN or infinite (the message names its row,
    /// column and value), or a class index is out of range.</exception>
    public Dataset(float[] features, float[] targets, SampleShape sampleShape, int targetWidth,
        IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        SampleShape.ThrowIfEmpty(sampleShape, nameof(sampleShape));
        int featureCount = sampleShape.Size;
        if (targetWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(targetWidth), targetWidth, $"targetWidth ({targetWidth}) must be at least 1.");
        if (features.Length % featureCount != 0)
            throw new ArgumentException(
                $"features has {features.Length} values, which is not a multiple of featureCount ({featureCount}{(sampleShape.IsImage ? $", sample shape {sampleShape}" : "")}).", nameof(features));
        int count = features.Length / featureCount;
        if (targets.Length != (long)count * targetWidth)
            throw new ArgumentException(
                $"targets has {targets.Length} values but {count} rows × targetWidth {targetWidth} = {(long)count * targetWidth} are needed.", nameof(targets));

        if (featureNames is not null && featureNames.Count != featureCount)
            throw new ArgumentException(
                $"featureNames has {featureNames.Count} names but featureCount is {featureCount}.", nameof(featureNames));
        _featureNames = new string[featureCount];
        for (int j = 0; j < featureCount; j++)
            _featureNames[j] = featureNames?[j] ?? j.ToString(CultureInfo.InvariantCulture);
        FiniteValues.ThrowIfAny(features, featureCount, _featureNames, nameof(features));
        FiniteValues.ThrowIfAny(targets, targetWidth, null, nameof(targets));

        if (classNames is not null)
        {
            if (classNames.Count < 1)
                throw new ArgumentException("classNames must name at least one class (or be null for regression).", nameof(classNames));
            _classNames = new string[classNames.Count];
            for (int c = 0; c < _classNames.Length; c++)
                _classNames[c] = classNames[c] ?? throw new ArgumentException($"classNames[{c}] is null.", nameof(classNames));
            if (targetWidth == 1)
            {
                for (int i = 0; i < targets.Length; i++)
                {
                    float t = targets[i];
                    if (!(t >= 0 && t < _classNames.Length && t == MathF.Floor(t)))
                        throw new ArgumentException(
                            $"targets[{i}] ({t.ToString("R", CultureInfo.InvariantCulture)}) is not a class index in [0, {_classNames.Length}).", nameof(targets));
                }
            }
            else if (targetWidth != _classNames.Length)
            {
                throw new ArgumentException(
                    $"targetWidth ({targetWidth}) must be 1 (class indices) or the class count ({_classNames.Length}, one-hot rows).", nameof(targetWidth));
            }
        }

        Features = features;
        Targets = targets;
        SampleShape = sampleShape;
        TargetWidth = targetWidth;
        Count = count;
    }

    private static SampleShape VectorShape(int featureCount)
        => featureCount >= 1
            ? SampleShape.Vector(featureCount)
            : throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, $"featureCount ({featureCount}) must be at least 1.");

    /// <summary>Row-major features: row <c>i</c> is <c>Features[i * FeatureCount .. (i + 1) * FeatureCount]</c>.</summary>
    public float[] Features { get; }

    /// <summary>Row-major targets: row <c>i</c> is <c>Targets[i * TargetWidth .. (i + 1) * TargetWidth]</c>.</summary>
    public float[] Targets { get; }

    /// <summary>The number of samples (rows).</summary>
    public int Count { get; }

    /// <summary>Values per feature row (<see cref="SampleShape"/>'s <see cref="SampleShape.Size"/>).</summary>
    public int FeatureCount => SampleShape.Size;

    /// <summary>
    /// The shape of one sample's features: <c>[FeatureCount]</c> for tabular data (a CSV file), <c>[C, H, W]</c> for
    /// images (an IDX file: <c>[1, 28, 28]</c> for MNIST), as a convolutional network takes them.
    /// </summary>
    public SampleShape SampleShape { get; }

    /// <summary>Values per target row: 1 for a class index or a scalar regression target, the class count for one-hot rows.</summary>
    public int TargetWidth { get; }

    /// <summary>The name of each feature column (the CSV header, or "0", "1", … when there was none).</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>For classification, the original label of each class index (<c>ClassNames[2]</c> is the label that
    /// became class 2); <see langword="null"/> for regression.</summary>
    public IReadOnlyList<string>? ClassNames => _classNames;

    /// <summary>The number of classes (the length of <see cref="ClassNames"/>), or 0 for regression.</summary>
    public int ClassCount => _classNames?.Length ?? 0;

    /// <summary>Whether the targets are classes (<see cref="ClassNames"/> is set).</summary>
    public bool IsClassification => _classNames is not null;

    /// <summary>The features of sample <paramref name="index"/> (a view into <see cref="Features"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public Span<float> GetFeatures(int index)
    {
        CheckIndex(index, nameof(index));
        return Features.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>The targets of sample <paramref name="index"/> (a view into <see cref="Targets"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public Span<float> GetTargets(int index)
    {
        CheckIndex(index, nameof(index));
        return Targets.AsSpan(index * TargetWidth, TargetWidth);
    }

    /// <summary>
    /// The class of sample <paramref name="index"/>: its class index (<see cref="TargetWidth"/> 1) or the position of the
    /// largest value of its one-hot row.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dataset is not a classification dataset.</exception>
    public int GetClass(int index)
    {
        if (_classNames is null)
            throw new InvalidOperationException("GetClass needs a classification dataset (ClassNames is null: this is a regression dataset).");
        CheckIndex(index, nameof(index));
        if (TargetWidth == 1) return (int)Targets[index];
        return OneHot.ArgMax(Targets.AsSpan(index * TargetWidth, TargetWidth));
    }

    /// <summary>A new dataset holding copies of the rows at <paramref name="indices"/>, in that order (an index may repeat).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        for (int k = 0; k < indices.Length; k++)
        {
            if ((uint)indices[k] >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[k],
                    $"indices[{k}] ({indices[k]}) is not a row index in [0, {Count}).");
        }
        var features = new float[indices.Length * FeatureCount];
        var targets = new float[indices.Length * TargetWidth];
        for (int k = 0; k < indices.Length; k++)
        {
            Features.AsSpan(indices[k] * FeatureCount, FeatureCount).CopyTo(features.AsSpan(k * FeatureCount));
            Targets.AsSpan(indices[k] * TargetWidth, TargetWidth).CopyTo(targets.AsSpan(k * TargetWidth));
        }
        return WithArrays(features, targets, TargetWidth);
    }

    /// <summary>A new dataset holding copies of the rows at <paramref name="indices"/>, in that order (an index may repeat).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public Dataset Subset(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return Subset(new ReadOnlySpan<int>(indices));
    }

    /// <summary>A deep copy of this dataset.</summary>
    public Dataset Clone() => WithArrays((float[])Features.Clone(), (float[])Targets.Clone(), TargetWidth);

    /// <summary>Loads a CSV file; see <see cref="CsvLoader.Load(string, CsvOptions)"/>.</summary>
    public static Dataset LoadCsv(string path, CsvOptions options) => CsvLoader.Load(path, options);

    /// <summary>Loads CSV text from a reader; see <see cref="CsvLoader.Load(TextReader, string, CsvOptions)"/>.</summary>
    public static Dataset LoadCsv(TextReader reader, string sourceName, CsvOptions options) => CsvLoader.Load(reader, sourceName, options);

    /// <summary>Loads a pair of IDX files (MNIST, Fashion-MNIST: images and labels, gzip-compressed or not); see
    /// <see cref="IdxLoader.Load(string, string, IdxOptions?)"/>.</summary>
    public static Dataset LoadIdx(string imagesPath, string labelsPath, IdxOptions? options = null)
        => IdxLoader.Load(imagesPath, labelsPath, options);

    /// <summary>Loads IDX images and labels from two streams; see
    /// <see cref="IdxLoader.Load(Stream, string, Stream, string, IdxOptions?)"/>.</summary>
    public static Dataset LoadIdx(Stream images, string imagesSourceName, Stream labels, string labelsSourceName, IdxOptions? options = null)
        => IdxLoader.Load(images, imagesSourceName, labels, labelsSourceName, options);

    /// <summary>Same names and classes, new arrays (already validated by the caller).</summary>
    internal Dataset WithArrays(float[] features, float[] targets, int targetWidth)
        => new(features, targets, SampleShape, targetWidth, _featureNames, _classNames, trusted: true);

    private Dataset(float[] features, float[] targets, SampleShape sampleShape, int targetWidth, string[] featureNames, string[]? classNames, bool trusted)
    {
        _ = trusted;
        Features = features;
        Targets = targets;
        SampleShape = sampleShape;
        TargetWidth = targetWidth;
        Count = features.Length / sampleShape.Size;
        _featureNames = featureNames;
        _classNames = classNames;
    }

    private void CheckIndex(int index, string name)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(name, index, $"{name} ({index}) is not a row index in [0, {Count}).");
    }
}
