using System.Globalization;

namespace NetGen.Generator.Model;

/// <summary>
/// The shape of one sample flowing between layers: a vector of features ([F]) or an image ([C, H, W], PyTorch's
/// NCHW without the batch). Sizes are longs so that a product of large declared sizes cannot wrap around before
/// the validator sees it.
/// </summary>
internal readonly record struct SampleShape
{
    private SampleShape(long channels, long height, long width, bool isImage)
    {
        Channels = channels;
        Height = height;
        Width = width;
        IsImage = isImage;
    }

    /// <summary>A vector of <paramref name="features"/> values.</summary>
    public static SampleShape Vector(long features) => new(features, 1, 1, isImage: false);

    /// <summary>An image of <paramref name="channels"/> planes of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static SampleShape Image(long channels, long height, long width) => new(channels, height, width, isImage: true);

    /// <summary>Channels of an image; the feature count of a vector.</summary>
    public long Channels { get; }
    public long Height { get; }
    public long Width { get; }
    public bool IsImage { get; }

    /// <summary>Values per sample (C·H·W for an image).</summary>
    public long Size => Channels * Height * Width;

    /// <summary>The values per sample as an int; only valid on a shape the validator accepted.</summary>
    public int Features => checked((int)Size);

    /// <summary>Dimensions without the batch: <c>[16]</c> or <c>[1, 28, 28]</c>.</summary>
    public override string ToString() => IsImage
        ? "[" + Text(Channels) + ", " + Text(Height) + ", " + Text(Width) + "]"
        : "[" + Text(Channels) + "]";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
