using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetGen.Benchmarks;

/// <summary>
/// The round trip of one cache line between two cores: this thread writes a sequence number, a second thread spinning
/// on it writes it back on a line of its own, and this thread waits for that (best of 5 runs of 200,000 round trips).
/// Every split one-sample forward pays a few of these one way (the hand-off, the barrier between a layer pair, the
/// join): the floor of infer-mnist-b1's synchronisation. Meaningful only when two vCPUs are free.
/// </summary>
internal static class CoreLatency
{
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Lines
    {
        [FieldOffset(64)] public int Ping;
        [FieldOffset(192)] public int Pong;
    }

    private const int RoundTrips = 200_000;

    private static void Pause()
    {
        if (System.Runtime.Intrinsics.X86.X86Base.IsSupported) System.Runtime.Intrinsics.X86.X86Base.Pause();
        else Thread.SpinWait(1);
    }

    public static double MeasureRoundTripNs()
    {
        var lines = new Lines[1];
        const int runs = 5;
        int total = (runs + 1) * RoundTrips;
        var echo = new Thread(() =>
        {
            for (int i = 1; i <= total; i++)
            {
                while (Volatile.Read(ref lines[0].Ping) != i) Pause();
                Volatile.Write(ref lines[0].Pong, i);
            }
        }) { IsBackground = true };
        echo.Start();
        double best = double.MaxValue;
        int next = 1;
        for (int run = 0; run <= runs; run++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int end = next + RoundTrips; next < end; next++)
            {
                Volatile.Write(ref lines[0].Ping, next);
                while (Volatile.Read(ref lines[0].Pong) != next) Pause();
            }
            double ns = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6 / RoundTrips;
            if (run > 0) best = Math.Min(best, ns); // run 0 warms up the JIT and wakes the second thread
        }
        echo.Join();
        return best;
    }
}
