using System;
using System.IO;

namespace NetGen.Tests.Data;

/// <summary>
/// A read-only stream that never ends: an optional prefix, then <c>pattern</c> repeated forever (like /dev/zero with a
/// pattern of one zero byte). It counts the bytes it served; past <c>guardBytes</c> it throws, so a reader without a
/// length limit fails the test instead of eating the machine's memory.
/// </summary>
internal sealed class EndlessStream : Stream
{
    private readonly byte[] _prefix;
    private readonly byte[] _pattern;
    private readonly long _guardBytes;
    private long _position;

    public EndlessStream(byte[] prefix, byte[] pattern, long guardBytes)
    {
        _prefix = prefix;
        _pattern = pattern;
        _guardBytes = guardBytes;
    }

    /// <summary>Bytes handed out so far.</summary>
    public long Served => _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _guardBytes)
            throw new InvalidOperationException($"The reader consumed {_position} bytes of an endless stream without stopping.");
        for (int k = 0; k < buffer.Length; k++, _position++)
        {
            buffer[k] = _position < _prefix.Length
                ? _prefix[_position]
                : _pattern[(_position - _prefix.Length) % _pattern.Length];
        }
        return buffer.Length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
