using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetGen.Tests.IO;

/// <summary>Hand-built safetensors bytes and small helpers shared by the IO tests.</summary>
internal static class SafeTensorsTestFiles
{
    /// <summary>u64 little-endian <paramref name="declaredLength"/> (default: the JSON's byte length), the JSON, then <paramref name="data"/>.</summary>
    public static byte[] Build(string json, byte[] data, ulong? declaredLength = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        ulong n = declaredLength ?? (ulong)header.Length;
        var bytes = new List<byte>();
        for (int i = 0; i < 8; i++) bytes.Add((byte)(n >> (8 * i)));
        bytes.AddRange(header);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    /// <summary>Little-endian bytes of the given float bit patterns (written by hand, not through BitConverter).</summary>
    public static byte[] LittleEndian(params uint[] bits)
    {
        var bytes = new byte[bits.Length * 4];
        for (int i = 0; i < bits.Length; i++)
            for (int b = 0; b < 4; b++) bytes[4 * i + b] = (byte)(bits[i] >> (8 * b));
        return bytes;
    }

    /// <summary>A fresh empty directory under the temp folder.</summary>
    public static string NewDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "netgen-ckpt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The repository root (the folder holding NetGen.sln), found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The checkpoints fixture folder in the source tree.</summary>
    public static string FixtureDirectory() =>
        Path.Combine(RepositoryRoot(), "tests", "NetGen.Tests", "Fixtures", "checkpoints");
}

/// <summary>A write-only stream that throws after a given number of bytes (simulates a crash mid-save).</summary>
internal sealed class FailingStream : Stream
{
    private readonly Stream _inner;
    private long _budget;

    public FailingStream(Stream inner, long failAfterBytes)
    {
        _inner = inner;
        _budget = failAfterBytes;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => _inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > _budget)
        {
            _inner.Write(buffer.Slice(0, (int)_budget));
            _inner.Flush();
            _budget = 0;
            throw new IOException("Simulated crash: the disk went away mid-save.");
        }
        _inner.Write(buffer);
        _budget -= buffer.Length;
    }
}

/// <summary>A read-only stream that cannot seek (to test the non-seekable read path).</summary>
internal sealed class ForwardOnlyStream : Stream
{
    private readonly Stream _inner;
    public ForwardOnlyStream(byte[] bytes) => _inner = new MemoryStream(bytes, writable: false);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));
    public override int Read(Span<byte> buffer) => _inner.Read(buffer.Slice(0, Math.Min(buffer.Length, 7)));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
