using System;

namespace NetGen.Kernels;

/// <summary>
/// How a split pair of one-sample layers (<see cref="GemmDirect.TryForwardPairSplit"/>) divides each layer's rows
/// between its parts. Part 0 is nearly always the calling thread, which starts at once, while a worker needs a few
/// hundred nanoseconds to see its job; with an even split the caller then waits at the barrier between the layers
/// (measured on Zen 5, 784 -> 256 -> 128 on 2 threads: the caller waited 1.0 µs of 4.1, the worker 0.06). So part 0's
/// share adapts to when the parts reach that barrier: every <see cref="Window"/> splits, if part 0 arrived earlier on
/// average than the next 8 rows would have taken it, it gets 8 more rows of each layer; if the others waited that long
/// for it, 8 fewer. Inside that band a move would only swap which side waits, so the share settles.
/// The share decides only which thread computes a row, never how, so every share gives the same bits.
/// </summary>
internal sealed class GemmPairBalance
{
    /// <summary>The balance every split in the process uses and updates.</summary>
    public static readonly GemmPairBalance Shared = new();

    /// <summary>Shares are counted in 1/Scale of a layer's rows.</summary>
    internal const int Scale = 1 << 12;

    /// <summary>Splits averaged before each decision (one late wake-up among them moves the mean by at most 1/64 of part 0's time).</summary>
    internal const int Window = 64;

    private int _parts;      // the part count _share is for (0: none yet)
    private int _share;      // part 0's share of the rows, in 1/Scale
    private long _earlySum, _part0Ticks, _part0Rows;
    private int _samples;

    /// <summary>Part 0's share of each layer's rows for a split into <paramref name="parts"/> parts (even to begin with).</summary>
    public int Share(int parts) => _parts == parts ? _share : Scale / parts;

    /// <summary>
    /// Rows [Start, Start + Count) of part <paramref name="part"/> when <paramref name="n"/> rows go to
    /// <paramref name="parts"/> parts and part 0 has <paramref name="share"/>/<see cref="Scale"/> of them: part 0's rows
    /// rounded to a multiple of 8 (at least 8, and leaving at least 8 to each other part), the rest in equal multiples
    /// of 8 but the last, so every part starts on a multiple of 8. The parts cover [0, n) exactly once for any share.
    /// Needs n ≥ 8·parts.
    /// </summary>
    public static (int Start, int Count) Rows(int n, int parts, int share, int part)
    {
        int rows0 = (int)(((long)n * share / Scale + 4) & ~7L);
        rows0 = Math.Clamp(rows0, 8, (n - 8 * (parts - 1)) & ~7);
        if (part == 0) return (0, rows0);
        int size = ((n - rows0 + parts - 2) / (parts - 1) + 7) & ~7;
        int start = rows0 + (part - 1) * size;
        return (start, Math.Clamp(n - start, 0, size));
    }

    /// <summary>
    /// Records one split made with <paramref name="share"/> into <paramref name="parts"/> parts of a first layer of
    /// <paramref name="n"/> rows: part 0 reached the barrier <paramref name="earlyTicks"/> before the last other part
    /// (negative: after it), having taken <paramref name="part0Ticks"/> for its <paramref name="part0Rows"/> rows.
    /// Called by part 0 while the split holds the workers, so calls never overlap.
    /// </summary>
    public void Record(int parts, int share, int n, long earlyTicks, long part0Ticks, int part0Rows)
    {
        if (_parts != parts || _share != share)
        {
            // The first split, another part count, or a share that is not this balance's (a test's): start over from it.
            _parts = parts;
            _share = share;
            _earlySum = _part0Ticks = _part0Rows = 0;
            _samples = 0;
        }
        if (part0Ticks <= 0 || part0Rows <= 0) return;
        _earlySum += Math.Clamp(earlyTicks, -part0Ticks, part0Ticks); // a descheduled thread must not swing the mean
        _part0Ticks += part0Ticks;
        _part0Rows += part0Rows;
        if (++_samples < Window) return;
        _share = Next(_share, n, parts, _earlySum / _samples, 8 * _part0Ticks / _part0Rows);
        _earlySum = _part0Ticks = _part0Rows = 0;
        _samples = 0;
    }

    /// <summary>
    /// The decision: 8 more of n rows to part 0 when it arrived earlier on average (<paramref name="meanEarlyTicks"/>)
    /// than 8 rows take it, 8 fewer when it arrived that much later, otherwise no change; part 0 keeps between half and
    /// twice an even share (at most three quarters).
    /// </summary>
    internal static int Next(int share, int n, int parts, long meanEarlyTicks, long eightRowTicks)
    {
        int step = (int)Math.Max(1, 8L * Scale / n);
        if (meanEarlyTicks > eightRowTicks) share += step;
        else if (meanEarlyTicks < -eightRowTicks) share -= step;
        return Math.Clamp(share, MinShare(parts), MaxShare(parts));
    }

    internal static int MinShare(int parts) => Scale / (2 * parts);

    internal static int MaxShare(int parts) => Math.Min(2 * Scale / parts, 3 * Scale / 4);
}
