using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace NetGen.Training;

/// <summary>A live one-line progress bar (carriage-return updates, at most ten per second) for an interactive console.</summary>
internal sealed class ConsoleProgressBar
{
    private const int Width = 30;
    private readonly TextWriter _writer;
    private long _last;
    private int _length;

    public ConsoleProgressBar(TextWriter writer) => _writer = writer;

    public void Update(int done, int total, double loss)
    {
        long now = Stopwatch.GetTimestamp();
        if (done < total && Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds < 100) return;
        _last = now;
        int filled = total == 0 ? Width : (int)((long)Width * done / total);
        CultureInfo c = CultureInfo.InvariantCulture;
        string line = string.Create(c,
            $"{done}/{total} [{new string('=', filled)}{(filled < Width ? ">" : "")}{new string('.', Math.Max(0, Width - filled - 1))}] loss {loss.ToString("F4", c)}");
        _writer.Write('\r');
        _writer.Write(line);
        _length = line.Length;
        _writer.Flush();
    }

    public void Clear()
    {
        if (_length == 0) return;
        _writer.Write('\r');
        _writer.Write(new string(' ', _length));
        _writer.Write('\r');
        _length = 0;
    }
}
