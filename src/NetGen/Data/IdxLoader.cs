using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using static System.FormattableString;

namespace NetGen.Data;

/// <summary>
/// Loads a pair of IDX files, the format of MNIST, Fashion-MNIST, EMNIST and KMNIST, into a classification
/// <see cref="Dataset"/> of images: one row per sample holding its pixels as floats, its <see cref="Dataset.SampleShape"/>
/// <c>[C, H, W]</c> (<c>[1, 28, 28]</c> for MNIST), and one class index per sample as its target.
/// </summary>
/// <remarks>
/// <para>The IDX format: a big-endian header, the magic number <c>00 00 &lt;type&gt; &lt;number of dimensions&gt;</c>,
/// one big-endian 32-bit size per dimension, then the data, big-endian, last dimension fastest. Types: 0x08 unsigned
/// byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.</para>
/// <list type="bullet">
/// <item>The image file has 3 dimensions <c>[count, rows, columns]</c> (one channel), or 4:
/// <c>[count, channels, rows, columns]</c>, or <c>[count, rows, columns, channels]</c> with
/// <see cref="IdxOptions.ChannelsLast"/>. Any of the six types; unsigned bytes are divided by 255 unless
/// <see cref="IdxOptions.ScaleBytesToUnitRange"/> is off, other types keep their values (converted to float).</item>
/// <item>The label file has 1 dimension <c>[count]</c>, the same count, and an integer type. The labels are the class
/// indices; <see cref="Dataset.ClassNames"/> follows <see cref="IdxOptions.ClassNames"/> and
/// <see cref="IdxOptions.ClassCount"/>.</item>
/// <item>A file that starts with the gzip magic bytes 1F 8B is decompressed while it is read, whatever its name (the
/// published files are <c>*-ubyte.gz</c>).</item>
/// </list>
/// <para>The files are read once, front to back, through one 64 KiB buffer into the result arrays: nothing else in
/// proportion to the data is allocated, and no seek is needed (any readable stream works).</para>
/// <para>Every problem with a file throws an <see cref="IdxFormatException"/> naming the file, the byte offset and field,
/// and the values involved: not an IDX file (magic), an unknown type code, the wrong number of dimensions for the role
/// (images or labels: files swapped?), image and label counts that differ, a file shorter than its header says
/// (truncated) or longer (trailing bytes), a label outside the classes, a float value that is NaN or infinite, or sizes
/// that do not fit in one array. Problems with the options throw <see cref="ArgumentException"/>. Nothing is returned
/// half-loaded: the dataset is built only after both files have been read and checked.</para>
/// <para>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct streams).</para>
/// </remarks>
public static class IdxLoader
{
    /// <summary>The largest class count derived from the labels when neither <see cref="IdxOptions.ClassCount"/> nor
    /// <see cref="IdxOptions.ClassNames"/> fixes it (a guard against a damaged label file naming billions of classes).</summary>
    internal const int MaxDerivedClassCount = 65_536;

    private const int BufferSize = 1 << 16;

    private static readonly string[] ImageDimensions3 = { "count", "rows", "columns" };
    private static readonly string[] ImageDimensionsChannelsFirst = { "count", "channels", "rows", "columns" };
    private static readonly string[] ImageDimensionsChannelsLast = { "count", "rows", "columns", "channels" };
    private static readonly string[] LabelDimensions = { "count" };

    /// <summary>Loads the images at <paramref name="imagesPath"/> and the labels at <paramref name="labelsPath"/>
    /// (each an IDX file, gzip-compressed or not).</summary>
    /// <param name="imagesPath">The image file, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <param name="labelsPath">The label file, e.g. <c>train-labels-idx1-ubyte.gz</c>.</param>
    /// <param name="options">How to scale, limit and name; <see langword="null"/> for the defaults.</param>
    /// <exception cref="IdxFormatException">A file is not a valid IDX file for its role, or the two do not match; the
    /// exception names the file, the offset and the values.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">A file cannot be read (e.g. <see cref="FileNotFoundException"/>).</exception>
    public static Dataset Load(string imagesPath, string labelsPath, IdxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        using var images = OpenFile(imagesPath);
        using var labels = OpenFile(labelsPath);
        return Load(images, imagesPath, labels, labelsPath, options);
    }

    /// <summary>Loads images and labels from two streams of IDX content (gzip-compressed or not), read once from their
    /// current position and left open.</summary>
    /// <param name="images">The image file's content.</param>
    /// <param name="imagesSourceName">Names the image stream in error messages.</param>
    /// <param name="labels">The label file's content.</param>
    /// <param name="labelsSourceName">Names the label stream in error messages.</param>
    /// <param name="options">How to scale, limit and name; <see langword="null"/> for the defaults.</param>
    /// <exception cref="IdxFormatException">A stream is not a valid IDX file for its role, or the two do not match; the
    /// exception names the source, the offset and the values.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static Dataset Load(Stream images, string imagesSourceName, Stream labels, string labelsSourceName, IdxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(imagesSourceName);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(labelsSourceName);
        options ??= new IdxOptions();
        int? fixedClassCount = CheckOptions(options);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using IdxReader imageFile = IdxReader.Open(images, imagesSourceName);
            string[] imageDimensions = imageFile.Rank switch
            {
                3 => ImageDimensions3,
                4 => options.ChannelsLast ? ImageDimensionsChannelsLast : ImageDimensionsChannelsFirst,
                _ => throw new IdxFormatException(imagesSourceName, 3, "number of dimensions", Invariant(
                    $"The image file has {imageFile.Rank} dimension(s), but images need 3 ([count, rows, columns]) or 4 ([count, channels, rows, columns]).{(imageFile.Rank == 1 ? " This looks like a label file: are the two files swapped?" : "")}")),
            };
            imageFile.ReadDimensions(imageDimensions);

            using IdxReader labelFile = IdxReader.Open(labels, labelsSourceName);
            if (labelFile.Rank != 1)
                throw new IdxFormatException(labelsSourceName, 3, "number of dimensions", Invariant(
                    $"The label file has {labelFile.Rank} dimension(s), but labels need 1 ([count]).{(labelFile.Rank is 3 or 4 ? " This looks like an image file: are the two files swapped?" : "")}"));
            if (!labelFile.IsInteger)
                throw new IdxFormatException(labelsSourceName, 2, "type code", Invariant(
                    $"The labels are {labelFile.TypeName}s (type 0x{(byte)labelFile.Type:X2}), but class labels must be integers: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16 or 0x0C int32."));
            labelFile.ReadDimensions(LabelDimensions);

            int count = imageFile.Dimensions[0];
            if (labelFile.Dimensions[0] != count)
                throw new IdxFormatException(labelsSourceName, 4, "dimension 0 (count)", Invariant(
                    $"The label file declares {labelFile.Dimensions[0]} labels but the image file {imagesSourceName} declares {count} images: each image needs one label (are these files of the same set, e.g. both train or both t10k?)."));

            int loaded = Math.Min(count, options.MaxSamples ?? int.MaxValue);
            SampleShape shape = ShapeOf(imageFile, options.ChannelsLast, loaded);

            var targets = new float[loaded];
            int largest = labelFile.ReadLabels(targets, buffer, fixedClassCount ?? MaxDerivedClassCount, fixedClassCount is null
                ? Invariant($"without IdxOptions.ClassCount or ClassNames the class count is derived from the labels, up to {MaxDerivedClassCount}")
                : options.ClassNames is null ? "IdxOptions.ClassCount" : Invariant($"IdxOptions.ClassNames names {fixedClassCount} classes"));
            if (loaded == count) labelFile.ThrowIfTrailing(buffer);

            var features = new float[(long)loaded * shape.Size];
            imageFile.ReadValues(features, buffer, options.ScaleBytesToUnitRange);
            if (loaded == count) imageFile.ThrowIfTrailing(buffer);
            if (!imageFile.IsInteger) ThrowIfNotFinite(imageFile, features);
            if (options.ChannelsLast && imageFile.Rank == 4) ToChannelsFirst(features, shape);

            string[] classNames = ClassNames(options, fixedClassCount ?? largest + 1);
            return new Dataset(features, targets, shape, 1, null, classNames);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FileStream OpenFile(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>Checks the options; returns the fixed class count, or null when it is derived from the labels.</summary>
    private static int? CheckOptions(IdxOptions options)
    {
        if (options.MaxSamples is < 1)
            throw new ArgumentException(Invariant($"IdxOptions.MaxSamples ({options.MaxSamples}) must be at least 1 (or null for all samples)."), nameof(options));
        if (options.ClassCount is < 1)
            throw new ArgumentException(Invariant($"IdxOptions.ClassCount ({options.ClassCount}) must be at least 1 (or null to derive it from the labels)."), nameof(options));
        if (options.ClassNames is { } names)
        {
            if (names.Count < 1)
                throw new ArgumentException("IdxOptions.ClassNames must name at least one class (or be null to name classes by their label).", nameof(options));
            if (options.ClassCount is int n && n != names.Count)
                throw new ArgumentException(Invariant(
                    $"IdxOptions.ClassCount ({n}) differs from the {names.Count} names of IdxOptions.ClassNames: set one of them, or both equal."), nameof(options));
            for (int c = 0; c < names.Count; c++)
                if (names[c] is null) throw new ArgumentException(Invariant($"IdxOptions.ClassNames[{c}] is null."), nameof(options));
            return names.Count;
        }
        return options.ClassCount;
    }

    /// <summary>The sample shape [C, H, W] from the image dimensions; checks that the loaded samples fit one array.</summary>
    private static SampleShape ShapeOf(IdxReader file, bool channelsLast, int loaded)
    {
        ReadOnlySpan<int> d = file.Dimensions;
        (int channels, int rows, int columns) = file.Rank == 3 ? (1, d[1], d[2]) : channelsLast ? (d[3], d[1], d[2]) : (d[1], d[2], d[3]);
        UInt128 size = (UInt128)(uint)channels * (uint)rows * (uint)columns;
        if (size > int.MaxValue)
            throw new IdxFormatException(file.Name, 8, "dimensions 1 to " + (file.Rank - 1).ToString(CultureInfo.InvariantCulture), Invariant(
                $"One sample of {channels} channel(s) × {rows} rows × {columns} columns has {size} values, more than int.MaxValue ({int.MaxValue})."));
        UInt128 total = size * (uint)loaded;
        if (total > (uint)Array.MaxLength)
            throw new IdxFormatException(file.Name, 4, "dimension 0 (count)", Invariant(
                $"Loading {loaded} samples of {size} values needs {total} floats, more than one array holds ({Array.MaxLength}): load fewer with IdxOptions.MaxSamples."));
        return SampleShape.Image(channels, rows, columns);
    }

    /// <summary>A float file may hold NaN or infinity, and a float64 may be beyond float's range: a dataset holds neither.</summary>
    private static void ThrowIfNotFinite(IdxReader file, float[] features)
    {
        int i = FiniteValues.IndexOfNonFinite(features);
        if (i < 0) return;
        var (offset, field) = file.Locate(i);
        throw new IdxFormatException(file.Name, offset, field, Invariant(
            $"The value is {FiniteValues.Format(features[i])} as a float: a dataset holds finite numbers only (a NaN or infinity, or a float64 beyond ±3.4e38, turns the weights it reaches into NaN during training)."));
    }

    /// <summary>Reorders each sample from [H, W, C] (as read) to [C, H, W].</summary>
    private static void ToChannelsFirst(float[] features, SampleShape shape)
    {
        int c = shape.Channels, plane = shape.PlaneSize, size = shape.Size;
        var sample = new float[size];
        for (int start = 0; start < features.Length; start += size)
        {
            features.AsSpan(start, size).CopyTo(sample);
            Span<float> target = features.AsSpan(start, size);
            for (int p = 0; p < plane; p++)
                for (int ch = 0; ch < c; ch++)
                    target[ch * plane + p] = sample[p * c + ch];
        }
    }

    private static string[] ClassNames(IdxOptions options, int classCount)
    {
        var names = new string[classCount];
        for (int c = 0; c < classCount; c++)
            names[c] = options.ClassNames?[c] ?? c.ToString(CultureInfo.InvariantCulture);
        return names;
    }
}
