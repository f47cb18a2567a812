using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace NetGen.Tests.Data;

/// <summary>Writes IDX files by hand for the loader tests: the magic number, big-endian dimensions, then the data.</summary>
internal static class IdxBytes
{
    /// <summary>Type codes: unsigned byte, signed byte, int16, int32, float32, float64.</summary>
    public const byte U8 = 0x08, I8 = 0x09, I16 = 0x0B, I32 = 0x0C, F32 = 0x0D, F64 = 0x0E;

    /// <summary>00 00 type rank, one big-endian uint32 per dimension, then <paramref name="data"/> as is.</summary>
    public static byte[] Idx(byte type, uint[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int k = 0; k < dimensions.Length; k++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * k), dimensions[k]);
        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    /// <summary>An unsigned-byte image file [count, rows, columns].</summary>
    public static byte[] Images(int count, int rows, int columns, byte[] pixels)
        => Idx(U8, new[] { (uint)count, (uint)rows, (uint)columns }, pixels);

    /// <summary>An unsigned-byte label file [count].</summary>
    public static byte[] Labels(params byte[] labels) => Idx(U8, new[] { (uint)labels.Length }, labels);

    public static byte[] BigEndian(params short[] values) => Pack(values, 2, BinaryPrimitives.WriteInt16BigEndian);

    public static byte[] BigEndian(params int[] values) => Pack(values, 4, BinaryPrimitives.WriteInt32BigEndian);

    public static byte[] BigEndian(params float[] values) => Pack(values, 4, BinaryPrimitives.WriteSingleBigEndian);

    public static byte[] BigEndian(params double[] values) => Pack(values, 8, BinaryPrimitives.WriteDoubleBigEndian);

    private static byte[] Pack<T>(T[] values, int size, Action<Span<byte>, T> write)
    {
        var bytes = new byte[size * values.Length];
        for (int i = 0; i < values.Length; i++) write(bytes.AsSpan(size * i), values[i]);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(content);
        return output.ToArray();
    }

    public static byte[] Concat(byte[] a, byte[] b)
    {
        var bytes = new byte[a.Length + b.Length];
        a.CopyTo(bytes, 0);
        b.CopyTo(bytes, a.Length);
        return bytes;
    }
}
