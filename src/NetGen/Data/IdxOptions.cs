using System.Collections.Generic;

namespace NetGen.Data;

/// <summary>Options for <see cref="IdxLoader"/> (<see cref="Dataset.LoadIdx(string, string, IdxOptions?)"/>).</summary>
/// <remarks>
/// The defaults load an MNIST-family pair as torchvision's <c>ToTensor()</c> does: pixels as floats in [0, 1], every
/// sample, classes numbered by the label values.
/// <para>Thread safety: a plain settings object; configure it on one thread, then it may be shared by concurrent loads as long as nobody changes it.</para>
/// </remarks>
public sealed class IdxOptions
{
    /// <summary>
    /// Whether an image file of unsigned bytes (type 0x08, as in MNIST) is divided by 255, mapping 0..255 to [0, 1] like
    /// torchvision's <c>ToTensor()</c> (a correctly rounded float division, the same values as PyTorch's
    /// <c>x.float() / 255</c>). Default <see langword="true"/>. Files of any other type (signed bytes, integers, floats)
    /// are always loaded as their values, since 255 is not their range; set this to <see langword="false"/> to get the raw
    /// byte values 0..255.
    /// </summary>
    public bool ScaleBytesToUnitRange { get; set; } = true;

    /// <summary>
    /// Load only the first <c>MaxSamples</c> samples of both files (at least 1), e.g. for fast tests; <see langword="null"/>
    /// (the default) loads all. The rest of each file is not read, so a truncated or overlong file is only noticed when
    /// the samples read reach its end.
    /// </summary>
    public int? MaxSamples { get; set; }

    /// <summary>
    /// The number of classes (at least 1): every label must be below it. Default <see langword="null"/>: the largest label
    /// loaded plus one (a label of 65,536 or more then needs this option, as a guard against a damaged file). Set it (10 for MNIST and Fashion-MNIST) when loading a subset, so that a training and a test set
    /// agree even when a subset misses the last classes.
    /// </summary>
    public int? ClassCount { get; set; }

    /// <summary>
    /// The name of each class (<c>ClassNames[3]</c> names label 3), kept in <see cref="Dataset.ClassNames"/>; it also fixes
    /// the class count (<see cref="ClassCount"/> must then be null or equal). Default <see langword="null"/>: classes are
    /// named by their label value, "0", "1", ….
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <summary>
    /// How a 4-dimensional image file is laid out: <see langword="false"/> (the default) reads
    /// <c>[count, channels, rows, columns]</c> (PyTorch's NCHW); <see langword="true"/> reads
    /// <c>[count, rows, columns, channels]</c> (NHWC, as TensorFlow and most image encoders store pixels) and reorders
    /// every sample to <c>[C, H, W]</c>. A 3-dimensional file <c>[count, rows, columns]</c> is one channel either way.
    /// </summary>
    public bool ChannelsLast { get; set; }
}
