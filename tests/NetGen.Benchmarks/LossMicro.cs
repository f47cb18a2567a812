using System;
using System.Diagnostics;
using NetGen.Losses;

namespace NetGen.Benchmarks;

/// <summary>
/// --kernels loss: ns per call of cross-entropy (loss and gradient) at the classifier workloads' shapes (phone: 64 x 4,
/// mnist: 64 x 10), best of 20 batches of calls, to stderr.
/// </summary>
internal static class LossMicro
{
    public static void Run()
    {
        foreach (var (batch, classes) in new[] { (64, 4), (64, 10), (256, 10) })
        {
            var rng = new Random(1);
            float[] logits = Program.RandN(rng, batch * classes), gradient = new float[batch * classes], targets = new float[batch];
            for (int i = 0; i < batch; i++) targets[i] = rng.Next(classes);
            var loss = new CrossEntropyLoss();
            const int Calls = 20_000;
            double best = double.MaxValue;
            for (int rep = 0; rep < 20; rep++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < Calls; i++) loss.Compute(logits, targets, gradient, batch);
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalNanoseconds / Calls);
            }
            Console.Error.WriteLine($"cross-entropy {batch} x {classes}: {best:F0} ns ({best / batch:F1} ns per row)");
        }
    }
}
