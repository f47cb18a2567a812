using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace NetGen.IO;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an unsigned 64-bit little-endian header length
/// N, then N bytes of UTF-8 JSON, then the tensors' raw bytes. The JSON maps each tensor name to
/// <c>{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}</c> with offsets relative to the
/// first byte after the header; an optional <c>"__metadata__"</c> entry maps strings to strings. The
/// tensors cover the data section contiguously, without holes or overlaps. NetGen writes the header
/// padded with spaces to a multiple of 8 bytes (as the reference writer does) and reads only F32 tensors.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
public static class SafeTensors
{
    /// <summary>The largest header accepted by <see cref="Read"/> (the reference implementation's limit, 100 MB).</summary>
    public const int MaxHeaderLength = 100_000_000;

    private const int ChunkFloats = 1 << 16;

    /// <summary>
    /// Writes <paramref name="tensors"/> (as F32, little-endian, in the given order) and the optional
    /// <paramref name="metadata"/> to <paramref name="stream"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A name is repeated, is <c>__metadata__</c>, or a metadata entry is null.</exception>
    public static void Write(Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        if (tensors is null) throw new ArgumentNullException(nameof(tensors));
        byte[] header = BuildHeader(tensors, metadata);

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (NamedTensor t in tensors) WriteFloats(stream, t.Data.Span);
    }

    /// <summary>
    /// Reads a whole safetensors stream, validating it completely before returning: header length against
    /// the stream length, well-formed JSON, F32 dtype, shape × 4 = byte length, offsets in range, contiguous,
    /// non-overlapping and covering the data exactly, no repeated names.
    /// </summary>
    /// <param name="stream">The stream, positioned at the start of the file.</param>
    /// <param name="sourceName">A name for error messages (e.g. the file path).</param>
    /// <exception cref="InvalidDataException">The content is truncated, corrupt or holds a non-F32 tensor; the message names the source and the problem.</exception>
    public static SafeTensorsContent Read(Stream stream, string? sourceName = null)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        var ctx = new ReadContext(sourceName ?? "safetensors stream");
        long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;

        Span<byte> lengthBytes = stackalloc byte[8];
        int got = stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false);
        if (got < 8) throw ctx.Fail($"it is {got} bytes long, too short to hold the 8-byte header length.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
            throw ctx.Fail($"the header length is {headerLength} bytes, more than the limit of {MaxHeaderLength}; the file is corrupt or not safetensors.");
        if (remaining is long r && (long)headerLength > r - 8)
            throw ctx.Fail($"the header length is {headerLength} bytes but only {r - 8} bytes follow the length field (truncated or corrupt).");
        if (headerLength == 0) throw ctx.Fail($"the header length is 0; a JSON header is required.");

        var header = new byte[(int)headerLength];
        got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
            throw ctx.Fail($"the header length is {headerLength} bytes but only {got} bytes follow the length field (truncated).");

        (List<Entry> entries, Dictionary<string, string> metadata) = ParseHeader(header, ctx);

        // Offsets: sorted, they must tile [0, total) exactly.
        entries.Sort(static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        ulong expected = 0;
        Entry? previous = null;
        foreach (Entry e in entries)
        {
            if (e.Begin < expected)
                throw ctx.Fail($"the data of tensors '{previous!.Name}' [{previous.Begin}, {previous.End}) and '{e.Name}' [{e.Begin}, {e.End}) overlap.");
            if (e.Begin > expected)
                throw ctx.Fail($"there is a hole of {e.Begin - expected} bytes before tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}), previous data ends at {expected}).");
            expected = e.End;
            previous = e;
        }
        ulong dataLength = expected;
        if (remaining is long rem)
        {
            long available = rem - 8 - (long)headerLength;
            if ((ulong)available < dataLength)
                throw ctx.Fail($"the header describes {dataLength} bytes of tensor data but only {available} bytes follow the header (truncated).");
            if ((ulong)available > dataLength)
                throw ctx.Fail($"{(ulong)available - dataLength} unexpected bytes follow the last tensor (the header describes {dataLength} bytes of data, {available} follow).");
        }

        var tensors = new NamedTensor[entries.Count];
        ulong read = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            Entry e = entries[i];
            var values = new float[e.Elements];
            int n = ReadFloats(stream, values);
            if (n < values.Length)
                throw ctx.Fail($"the data ends after {read + (ulong)n * 4} of {dataLength} bytes, inside tensor '{e.Name}' (truncated).");
            read += (ulong)values.Length * 4;
            tensors[i] = new NamedTensor(e.Name, e.Shape, values);
        }
        if (remaining is null)
        {
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
                throw ctx.Fail($"unexpected bytes follow the last tensor (the header describes {dataLength} bytes of data).");
        }
        return new SafeTensorsContent(tensors, metadata);
    }

    /// <summary>Reads and validates the safetensors file at <paramref name="path"/> (see <see cref="Read"/>).</summary>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or holds a non-F32 tensor; the message names the file.</exception>
    public static SafeTensorsContent ReadFile(string path)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    private sealed class Entry
    {
        public Entry(string name, int[] shape, int elements, ulong begin, ulong end)
        {
            Name = name; Shape = shape; Elements = elements; Begin = begin; End = end;
        }
        public string Name { get; }
        public int[] Shape { get; }
        public int Elements { get; }
        public ulong Begin { get; }
        public ulong End { get; }
    }

    private readonly struct ReadContext
    {
        private readonly string _source;
        public ReadContext(string source) => _source = source;
        public InvalidDataException Fail(FormattableString message) =>
            new($"'{_source}' is not a valid safetensors file: {message.ToString(CultureInfo.InvariantCulture)}");
    }

    private static (List<Entry>, Dictionary<string, string>) ParseHeader(byte[] header, ReadContext ctx)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw ctx.Fail($"the header is not valid UTF-8.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException ex)
        {
            throw ctx.Fail($"the JSON header is malformed ({ex.Message}).");
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw ctx.Fail($"the JSON header is a {root.ValueKind}, not an object.");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                string name = property.Name;
                if (!seen.Add(name)) throw ctx.Fail($"the header names '{name}' more than once.");
                if (name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw ctx.Fail($"__metadata__ is a {property.Value.ValueKind}, not an object of strings.");
                    foreach (JsonProperty m in property.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw ctx.Fail($"__metadata__ entry '{m.Name}' is a {m.Value.ValueKind}, not a string.");
                        if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
                            throw ctx.Fail($"__metadata__ names '{m.Name}' more than once.");
                    }
                    continue;
                }
                entries.Add(ParseEntry(name, property.Value, ctx));
            }
            return (entries, metadata);
        }
    }

    private static Entry ParseEntry(string name, JsonElement info, ReadContext ctx)
    {
        if (info.ValueKind != JsonValueKind.Object)
            throw ctx.Fail($"the entry of tensor '{name}' is a {info.ValueKind}, not an object.");
        if (!info.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String)
            throw ctx.Fail($"tensor '{name}' has no string \"dtype\".");
        if (!info.TryGetProperty("shape", out JsonElement shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw ctx.Fail($"tensor '{name}' has no \"shape\" array.");
        if (!info.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw ctx.Fail($"tensor '{name}' has no \"data_offsets\" array of two integers.");

        var shape = new int[shapeJson.GetArrayLength()];
        ulong elements = 1;
        int i = 0;
        foreach (JsonElement d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetUInt64(out ulong dim) || dim > int.MaxValue)
                throw ctx.Fail($"tensor '{name}' has shape dimension {i} = {d.GetRawText()}; dimensions must be integers in [0, {int.MaxValue}].");
            shape[i++] = (int)dim;
            elements = dim == 0 || elements == 0 ? 0 : (elements > ulong.MaxValue / dim ? ulong.MaxValue : elements * dim);
        }
        ulong begin = ReadOffset(offsets[0], name, ctx), end = ReadOffset(offsets[1], name, ctx);

        string dt = dtype.GetString()!;
        if (dt != "F32")
            throw ctx.Fail($"tensor '{name}' has dtype {dt}; NetGen reads only F32 (float32) tensors.");
        if (elements > (ulong)Array.MaxLength)
            throw ctx.Fail($"tensor '{name}' has shape {NamedTensor.FormatShape(shape)}, too many elements for one array.");
        if (end < begin)
            throw ctx.Fail($"tensor '{name}' has data_offsets [{begin}, {end}): the end is before the begin.");
        if (end - begin != elements * 4)
            throw ctx.Fail($"tensor '{name}' has shape {NamedTensor.FormatShape(shape)} ({elements} F32 values = {elements * 4} bytes) but data_offsets [{begin}, {end}) span {end - begin} bytes.");
        return new Entry(name, shape, (int)elements, begin, end);
    }

    private static ulong ReadOffset(JsonElement e, string name, ReadContext ctx)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetUInt64(out ulong v))
            throw ctx.Fail($"tensor '{name}' has data offset {e.GetRawText()}; offsets must be non-negative integers.");
        return v;
    }

    private static byte[] BuildHeader(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is not null && metadata.Count > 0)
            {
                var keys = new List<string>(metadata.Keys);
                keys.Sort(StringComparer.Ordinal);
                json.WriteStartObject("__metadata__");
                foreach (string key in keys)
                {
                    string? value = metadata[key];
                    if (key is null || value is null)
                        throw new ArgumentException($"metadata entry '{key}' has a null value; safetensors metadata maps strings to strings.", nameof(metadata));
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            ulong offset = 0;
            for (int i = 0; i < tensors.Count; i++)
            {
                NamedTensor t = tensors[i] ?? throw new ArgumentException($"tensors[{i}] is null.", nameof(tensors));
                if (t.Name == "__metadata__")
                    throw new ArgumentException("A tensor cannot be named '__metadata__' (the name is reserved for the metadata entry).", nameof(tensors));
                if (!names.Add(t.Name))
                    throw new ArgumentException($"Tensor name '{t.Name}' appears more than once; names must be unique.", nameof(tensors));
                ulong end = offset + (ulong)t.Data.Length * 4;
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) & ~7;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            for (int start = 0; start < values.Length; start += ChunkFloats)
                stream.Write(MemoryMarshal.AsBytes(values.Slice(start, Math.Min(ChunkFloats, values.Length - start))));
            return;
        }
        byte[] scratch = ArrayPool<byte>.Shared.Rent(ChunkFloats * 4);
        try
        {
            for (int start = 0; start < values.Length; start += ChunkFloats)
            {
                int n = Math.Min(ChunkFloats, values.Length - start);
                for (int i = 0; i < n; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(scratch.AsSpan(i * 4), BitConverter.SingleToInt32Bits(values[start + i]));
                stream.Write(scratch, 0, n * 4);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Fills <paramref name="values"/> from little-endian bytes; returns how many complete values were read.</summary>
    private static int ReadFloats(Stream stream, float[] values)
    {
        for (int start = 0; start < values.Length; start += ChunkFloats)
        {
            int n = Math.Min(ChunkFloats, values.Length - start);
            Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan(start, n));
            int got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < got / 4; i++)
                    values[start + i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4)));
            if (got < bytes.Length) return start + got / 4;
        }
        return values.Length;
    }
}
