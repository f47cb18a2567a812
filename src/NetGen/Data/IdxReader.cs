using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Numerics.Tensors;
using static System.FormattableString;

namespace NetGen.Data;

/// <summary>The element types of an IDX file: the third byte of its magic number.</summary>
internal enum IdxType : byte
{
    UnsignedByte = 0x08,
    SignedByte = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Float32 = 0x0D,
    Float64 = 0x0E,
}

/// <summary>
/// One IDX file read front to back, once: a gzip stream is recognised by its first two bytes (1F 8B) and decompressed on
/// the fly; then the magic number (00 00, type, rank), the big-endian int32 dimensions, and the big-endian data, which
/// is converted chunk by chunk through the caller's buffer straight into the result array. Every problem throws an
/// <see cref="IdxFormatException"/> naming the file, the byte offset in the IDX content and the values involved.
/// </summary>
internal sealed class IdxReader : IDisposable
{
    /// <summary>Trailing bytes are counted up to this many; beyond, the message says "more than".</summary>
    private const int TrailingCountLimit = 1 << 20;

    private readonly Stream _content;
    private int[] _dimensions = Array.Empty<int>();

    private IdxReader(Stream content, string name, IdxType type, int rank)
    {
        _content = content;
        Name = name;
        Type = type;
        Rank = rank;
        Position = 4;
    }

    /// <summary>The file path or source name, for messages.</summary>
    public string Name { get; }

    public IdxType Type { get; }

    /// <summary>The number of dimensions (the fourth magic byte).</summary>
    public int Rank { get; }

    /// <summary>Bytes of IDX content consumed so far (decompressed bytes for a gzip file).</summary>
    public long Position { get; private set; }

    /// <summary>The dimensions, once <see cref="ReadDimensions"/> has read them.</summary>
    public ReadOnlySpan<int> Dimensions => _dimensions;

    public int ElementSize => ElementSizeOf(Type);

    public int HeaderSize => 4 + 4 * Rank;

    public bool IsInteger => Type is IdxType.UnsignedByte or IdxType.SignedByte or IdxType.Int16 or IdxType.Int32;

    /// <summary>"unsigned byte", "int16", …, with the type code.</summary>
    public string TypeName => TypeNameOf(Type);

    /// <summary>Recognises gzip, reads and checks the 4-byte magic number. The raw stream is left open on dispose.</summary>
    public static IdxReader Open(Stream raw, string name)
    {
        var head = new byte[4];
        int got = raw.ReadAtLeast(head.AsSpan(0, 2), 2, throwOnEndOfStream: false);
        bool compressed = got == 2 && head[0] == 0x1F && head[1] == 0x8B;
        Stream content = new ReplayStream(head.AsSpan(0, got).ToArray(), raw);
        if (compressed) content = new GZipStream(content, CompressionMode.Decompress);

        try
        {
            int magic = ReadAtLeast(content, head, head.Length, name, 0);
            if (magic < 4)
                throw new IdxFormatException(name, magic, "magic number", Invariant(
                    $"The file ends after {magic} byte(s), inside the 4-byte magic number (00 00, a type code, the number of dimensions): it is empty or truncated."));
            if (head[0] != 0 || head[1] != 0)
                throw new IdxFormatException(name, 0, "magic number", Invariant(
                    $"Not an IDX file: the magic number starts with 0x{head[0]:X2} 0x{head[1]:X2}, but IDX files start with 0x00 0x00 (then a type code and the number of dimensions).{(compressed ? " The file was gunzipped first." : "")}"));
            var type = (IdxType)head[2];
            if (ElementSizeOf(type) == 0)
                throw new IdxFormatException(name, 2, "type code", Invariant(
                    $"0x{head[2]:X2} is not an IDX data type: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32 or 0x0E float64."));
            return new IdxReader(content, name, type, head[3]);
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the <see cref="Rank"/> big-endian dimensions, named <paramref name="names"/> in messages; each must be in
    /// [1, int.MaxValue].
    /// </summary>
    public void ReadDimensions(string[] names)
    {
        var bytes = new byte[4 * Rank];
        int got = ReadAtLeast(_content, bytes, bytes.Length, Name, Position);
        if (got < bytes.Length)
        {
            long end = Position + got;
            throw new IdxFormatException(Name, end, Invariant($"dimension {got / 4} ({names[got / 4]})"), Invariant(
                $"The file ends after {end} bytes, inside the header: {Rank} dimensions make a header of 4 + 4 × {Rank} = {HeaderSize} bytes. It is truncated."));
        }
        var dimensions = new int[Rank];
        for (int k = 0; k < Rank; k++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 * k));
            string field = Invariant($"dimension {k} ({names[k]})");
            long offset = Position + 4 * k;
            if (d == 0)
                throw new IdxFormatException(Name, offset, field, k == 0
                    ? "The file declares 0 samples: there is nothing to load."
                    : Invariant($"The {names[k]} dimension is 0, so a sample has no values."));
            if (d > int.MaxValue)
                throw new IdxFormatException(Name, offset, field, Invariant(
                    $"{d} (0x{d:X8}) is more than int.MaxValue ({int.MaxValue}): a dimension this large cannot be loaded (or the header is damaged)."));
            dimensions[k] = (int)d;
        }
        Position += bytes.Length;
        _dimensions = dimensions;
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length elements as floats; unsigned bytes are divided by 255 when
    /// <paramref name="divideBytesBy255"/>. Throws when the file ends first.
    /// </summary>
    public void ReadValues(Span<float> destination, byte[] buffer, bool divideBytesBy255)
    {
        int size = ElementSize, perChunk = buffer.Length / size;
        for (int done = 0; done < destination.Length;)
        {
            int n = Math.Min(perChunk, destination.Length - done);
            ReadOnlySpan<byte> bytes = ReadChunk(buffer, n);
            Span<float> target = destination.Slice(done, n);
            switch (Type)
            {
                case IdxType.UnsignedByte: for (int k = 0; k < n; k++) target[k] = bytes[k]; break;
                case IdxType.SignedByte: for (int k = 0; k < n; k++) target[k] = (sbyte)bytes[k]; break;
                case IdxType.Int16: for (int k = 0; k < n; k++) target[k] = BinaryPrimitives.ReadInt16BigEndian(bytes.Slice(2 * k)); break;
                case IdxType.Int32: for (int k = 0; k < n; k++) target[k] = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(4 * k)); break;
                case IdxType.Float32: for (int k = 0; k < n; k++) target[k] = BinaryPrimitives.ReadSingleBigEndian(bytes.Slice(4 * k)); break;
                default: for (int k = 0; k < n; k++) target[k] = (float)BinaryPrimitives.ReadDoubleBigEndian(bytes.Slice(8 * k)); break;
            }
            done += n;
        }
        if (divideBytesBy255 && Type == IdxType.UnsignedByte)
            TensorPrimitives.Divide(destination, 255f, destination);
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length integer labels as class indices; each must be in [0,
    /// <paramref name="classLimit"/>), where <paramref name="limitText"/> says where the limit comes from. Returns the
    /// largest label.
    /// </summary>
    public int ReadLabels(Span<float> destination, byte[] buffer, int classLimit, string limitText)
    {
        int size = ElementSize, perChunk = buffer.Length / size, largest = 0;
        for (int done = 0; done < destination.Length;)
        {
            int n = Math.Min(perChunk, destination.Length - done);
            long chunkStart = Position;
            ReadOnlySpan<byte> bytes = ReadChunk(buffer, n);
            for (int k = 0; k < n; k++)
            {
                long label = Type switch
                {
                    IdxType.UnsignedByte => bytes[k],
                    IdxType.SignedByte => (sbyte)bytes[k],
                    IdxType.Int16 => BinaryPrimitives.ReadInt16BigEndian(bytes.Slice(2 * k)),
                    _ => BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(4 * k)),
                };
                if (label < 0 || label >= classLimit)
                {
                    int sample = done + k;
                    throw new IdxFormatException(Name, chunkStart + (long)k * size, Invariant($"label of sample {sample}"), Invariant(
                        $"The label {label} is not a class index in [0, {classLimit}) ({limitText})."));
                }
                destination[done + k] = label;
                largest = Math.Max(largest, (int)label);
            }
            done += n;
        }
        return largest;
    }

    /// <summary>Throws when bytes follow the data the header declares (call after reading all of it).</summary>
    public void ThrowIfTrailing(byte[] buffer)
    {
        long end = Position, extra = 0;
        while (extra <= TrailingCountLimit)
        {
            int n = ReadAtLeast(_content, buffer, 1, Name, end + extra);
            if (n == 0) break;
            extra += n;
        }
        if (extra == 0) return;
        string count = extra > TrailingCountLimit ? Invariant($"More than {TrailingCountLimit} bytes") : Invariant($"{extra} byte(s)");
        throw new IdxFormatException(Name, end, "end of the data", Invariant(
            $"{count} follow the {DataBytes} data bytes that the header declares ({Describe()}): the dimensions do not describe this file (a wrong or damaged header, or two files joined)."));
    }

    /// <summary>Where element <paramref name="index"/> (in file order) sits: its offset and "element [3, 0, 1, 2]".</summary>
    public (long Offset, string Field) Locate(long index)
    {
        var coordinates = new long[Rank];
        long rest = index;
        for (int k = Rank - 1; k >= 0; k--)
        {
            coordinates[k] = rest % _dimensions[k];
            rest /= _dimensions[k];
        }
        return (HeaderSize + index * ElementSize, Invariant($"element [{string.Join(", ", coordinates)}]"));
    }

    /// <summary>The declared content: "10000 × 28 × 28 unsigned bytes (type 0x08)".</summary>
    public string Describe()
    {
        var parts = new string[Rank];
        for (int k = 0; k < Rank; k++) parts[k] = Invariant($"{_dimensions[k]}");
        return string.Join(" × ", parts) + " " + TypeName + Invariant($"s (type 0x{(byte)Type:X2})");
    }

    /// <summary>The data bytes the header declares (product of the dimensions × element size; exact, no overflow).</summary>
    public UInt128 DataBytes
    {
        get
        {
            UInt128 bytes = (uint)ElementSize;
            foreach (int d in _dimensions) bytes *= (uint)d;
            return bytes;
        }
    }

    public void Dispose() => _content.Dispose();

    /// <summary>Reads <paramref name="elements"/> elements' bytes into <paramref name="buffer"/>, or throws "truncated".</summary>
    private ReadOnlySpan<byte> ReadChunk(byte[] buffer, int elements)
    {
        int bytes = elements * ElementSize;
        int got = ReadAtLeast(_content, buffer.AsSpan(0, bytes), bytes, Name, Position);
        if (got < bytes) throw Truncated(Position + got);
        Position += bytes;
        return buffer.AsSpan(0, bytes);
    }

    private IdxFormatException Truncated(long end)
    {
        UInt128 total = (UInt128)(ulong)HeaderSize + DataBytes;
        long sampleBytes = (long)(DataBytes / (uint)_dimensions[0]);
        long sample = (end - HeaderSize) / sampleBytes;
        return new IdxFormatException(Name, end, Invariant($"sample {sample} of {_dimensions[0]}"), Invariant(
            $"The file ends after {end} bytes, but its header declares {Describe()}: {HeaderSize} header bytes + {DataBytes} data bytes = {total} bytes, so {total - (ulong)end} are missing. It is truncated (an interrupted download or copy?)."));
    }

    /// <summary><see cref="Stream.ReadAtLeast"/>, with corrupt gzip data reported as an <see cref="IdxFormatException"/>.</summary>
    private static int ReadAtLeast(Stream stream, Span<byte> buffer, int minimum, string name, long position)
    {
        try
        {
            return stream.ReadAtLeast(buffer, minimum, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(name, position, null, Invariant(
                $"The gzip data is corrupt after {position} decompressed bytes: {e.Message}"), e);
        }
    }

    private static int ElementSizeOf(IdxType type) => type switch
    {
        IdxType.UnsignedByte or IdxType.SignedByte => 1,
        IdxType.Int16 => 2,
        IdxType.Int32 or IdxType.Float32 => 4,
        IdxType.Float64 => 8,
        _ => 0,
    };

    private static string TypeNameOf(IdxType type) => type switch
    {
        IdxType.UnsignedByte => "unsigned byte",
        IdxType.SignedByte => "signed byte",
        IdxType.Int16 => "int16",
        IdxType.Int32 => "int32",
        IdxType.Float32 => "float32",
        _ => "float64",
    };

    /// <summary>
    /// Serves the bytes already taken from a stream to look for the gzip magic, then the rest of the stream: lets a
    /// non-seekable stream be sniffed without buffering it. Disposing it leaves the inner stream open.
    /// </summary>
    private sealed class ReplayStream : Stream
    {
        private readonly byte[] _prefix;
        private readonly Stream _inner;
        private int _next;

        public ReplayStream(byte[] prefix, Stream inner)
        {
            _prefix = prefix;
            _inner = inner;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_next == _prefix.Length) return _inner.Read(buffer);
            int n = Math.Min(buffer.Length, _prefix.Length - _next);
            _prefix.AsSpan(_next, n).CopyTo(buffer);
            _next += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
