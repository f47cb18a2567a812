using System;
using static System.FormattableString;

namespace NetGen.Data;

/// <summary>
/// The shape of one sample's features: a vector <c>[F]</c>, or an image <c>[C, H, W]</c> (channels, height, width;
/// PyTorch's NCHW without the batch dimension). The values of a sample are stored row-major in that order, so the
/// pixel (c, y, x) of an image is value <c>(c × H + y) × W + x</c>.
/// </summary>
/// <remarks>
/// <para>A vector of F features counts as F channels of 1 × 1 pixels (<see cref="Channels"/> = F, <see cref="Height"/>
/// = <see cref="Width"/> = 1), as PyTorch sees a <c>[N, F]</c> tensor viewed as <c>[N, F, 1, 1]</c>: per-channel
/// statistics of a vector are per-feature statistics (see <see cref="ChannelStandardizer"/>).</para>
/// <para>Every dimension is at least 1 and <see cref="Size"/> fits an <see cref="int"/>. The default value
/// (<c>default(SampleShape)</c>) is the empty shape <c>[]</c> of rank 0 and size 0, which no dataset has.</para>
/// <para>Thread safety: an immutable value; safe to use from any number of threads.</para>
/// </remarks>
public readonly struct SampleShape : IEquatable<SampleShape>
{
    private readonly int _channels;
    private readonly int _height;
    private readonly int _width;

    private SampleShape(int rank, int channels, int height, int width)
    {
        Rank = rank;
        _channels = channels;
        _height = height;
        _width = width;
    }

    /// <summary>A vector of <paramref name="features"/> values: <c>[features]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is less than 1.</exception>
    public static SampleShape Vector(int features)
    {
        if (features < 1)
            throw new ArgumentOutOfRangeException(nameof(features), features, Invariant($"features ({features}) must be at least 1."));
        return new SampleShape(1, features, 1, 1);
    }

    /// <summary>An image of <paramref name="channels"/> planes of <paramref name="height"/> × <paramref name="width"/>
    /// pixels: <c>[channels, height, width]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1, or their product exceeds
    /// <see cref="int.MaxValue"/>.</exception>
    public static SampleShape Image(int channels, int height, int width)
    {
        if (channels < 1)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, Invariant($"channels ({channels}) must be at least 1."));
        if (height < 1)
            throw new ArgumentOutOfRangeException(nameof(height), height, Invariant($"height ({height}) must be at least 1."));
        if (width < 1)
            throw new ArgumentOutOfRangeException(nameof(width), width, Invariant($"width ({width}) must be at least 1."));
        long size = (long)channels * height * width;
        if (size > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(width), width,
                Invariant($"The image [{channels}, {height}, {width}] has {size} values per sample, more than int.MaxValue ({int.MaxValue})."));
        return new SampleShape(3, channels, height, width);
    }

    /// <summary>The number of dimensions: 1 for a vector, 3 for an image, 0 for <c>default(SampleShape)</c>.</summary>
    public int Rank { get; }

    /// <summary>Whether this is an image <c>[C, H, W]</c>.</summary>
    public bool IsImage => Rank == 3;

    /// <summary>The channels of an image; the feature count F of a vector (F channels of 1 × 1).</summary>
    public int Channels => _channels;

    /// <summary>The height of an image in pixels; 1 for a vector.</summary>
    public int Height => _height;

    /// <summary>The width of an image in pixels; 1 for a vector.</summary>
    public int Width => _width;

    /// <summary>The values per channel: <see cref="Height"/> × <see cref="Width"/> (1 for a vector).</summary>
    public int PlaneSize => Height * Width;

    /// <summary>The values per sample: C × H × W for an image, F for a vector (what <see cref="Dataset.FeatureCount"/> holds).</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The size of dimension <paramref name="dimension"/>: <c>[F]</c> or <c>[C, H, W]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is not in [0, <see cref="Rank"/>).</exception>
    public int this[int dimension] => (uint)dimension < (uint)Rank
        ? dimension switch { 0 => _channels, 1 => _height, _ => _width }
        : throw new ArgumentOutOfRangeException(nameof(dimension), dimension, Invariant($"dimension ({dimension}) is not in [0, {Rank}) for the shape {this}."));

    /// <summary>The dimensions as a new array: <c>{ F }</c> or <c>{ C, H, W }</c> (e.g. to build a tensor shape with the batch size in front).</summary>
    public int[] ToArray() => Rank switch
    {
        0 => Array.Empty<int>(),
        1 => new[] { _channels },
        _ => new[] { _channels, _height, _width },
    };

    /// <summary>The dimensions in brackets, as PyTorch prints a shape without the batch: <c>[784]</c> or <c>[1, 28, 28]</c>.</summary>
    public override string ToString() => Rank switch
    {
        0 => "[]",
        1 => Invariant($"[{_channels}]"),
        _ => Invariant($"[{_channels}, {_height}, {_width}]"),
    };

    /// <summary>Whether both shapes have the same rank and dimensions (<c>[784]</c> differs from <c>[1, 28, 28]</c>).</summary>
    public bool Equals(SampleShape other)
        => Rank == other.Rank && _channels == other._channels && _height == other._height && _width == other._width;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SampleShape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Rank, _channels, _height, _width);

    /// <summary>Whether both shapes have the same rank and dimensions.</summary>
    public static bool operator ==(SampleShape left, SampleShape right) => left.Equals(right);

    /// <summary>Whether the shapes differ in rank or in a dimension.</summary>
    public static bool operator !=(SampleShape left, SampleShape right) => !left.Equals(right);

    /// <summary>Throws for <c>default(SampleShape)</c>, which no dataset or scaler can use.</summary>
    internal static void ThrowIfEmpty(SampleShape shape, string argument)
    {
        if (shape.Rank == 0)
            throw new ArgumentException($"{argument} is the empty default shape []: use SampleShape.Vector or SampleShape.Image.", argument);
    }
}
