using System;
using System.Diagnostics;
using NetGen.Optimizers;

namespace NetGen.Benchmarks;

/// <summary>
/// --kernels optimizers: ns per Step of SGD with momentum on the phone network's parameters and of Adam on the tiny
/// network's, best of 30 batches of steps, to stderr (in one process, so less exposed to the VM's swings than
/// whole-workload runs).
/// </summary>
internal static class OptimizerMicro
{
    public static void Run()
    {
        var phone = new PhoneNet(64);
        Time("SGD momentum, phone", phone.Parameters, new SGD(phone.Parameters, 0.01, momentum: 0.9));
        var tiny = new TinyNet(32);
        Time("Adam, tiny", tiny.Parameters, new Adam(tiny.Parameters, 1e-3));
    }

    private static void Time(string label, ParameterBuffer parameters, Optimizer optimizer)
    {
        Span<float> g = parameters.Gradients;
        for (int i = 0; i < g.Length; i++) g[i] = (i % 13 - 6) * 1e-3f;
        double best = double.MaxValue;
        for (int rep = 0; rep < 30; rep++)
        {
            const int N = 5_000;
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < N; i++) optimizer.Step();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalNanoseconds / N);
        }
        Console.Error.WriteLine($"{label} ({parameters.Values.Length} parameters): {best:F0} ns per step");
    }
}
