using System.Runtime.CompilerServices;
using System.Threading;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// One step of a short busy wait between cores (a worker waiting for a job, the caller for a worker, a barrier): one
/// pause instruction (about 25 ns on Zen 5), and every <see cref="YieldEvery"/> steps a yield of the core so that other
/// runnable threads (the JIT's background compiles, the GC) get it. Measured on this VM: <c>Thread.SpinWait(20)</c>
/// took 813 ns and <c>Thread.Yield</c> 1.4 µs, so the waits they paced noticed the other side up to a microsecond late —
/// a fifth of a one-sample mnist forward pass. With the polled sequence numbers on their own cache lines
/// (<see cref="PaddedInt"/>), eight alternating rounds in one process (a switch back to the old waits, since removed),
/// two runs:
/// train-mnist-b64 on 2 threads +1.2 % and +11.5 %, infer-mnist-b1 +2.0 % and 0.0 % (without the padding infer-mnist-b1
/// had lost 2–7 %: the caller's writes of the job landed on the line the worker polled).
/// </summary>
internal static class SpinPause
{
    /// <summary>Steps between yields (about 100 µs of pauses).</summary>
    private const int YieldEvery = 4096;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(ref int steps)
    {
        if ((++steps & (YieldEvery - 1)) == 0) Thread.Yield();
        else if (X86Base.IsSupported) X86Base.Pause();
        else Thread.SpinWait(1);
    }
}
