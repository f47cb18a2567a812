using System;
using System.Diagnostics;
using NetGen.Kernels;

namespace NetGen.Benchmarks;

/// <summary>
/// --kernels gemv: ns per call of the one-sample row kernel alone (AVX-512, aligned operands, back-to-back calls) at the
/// small network's shapes, best of 20 batches of calls, to stderr: what the kernel costs without the layer's routing.
/// </summary>
internal static unsafe class GemvMicro
{
    public static void Run()
    {
        var net = new SmallNet(1);
        net.IsTraining = false;
        float[] input = new float[16], output = new float[8];
        double bestNet = double.MaxValue;
        for (int rep = 0; rep < 20; rep++)
        {
            const int N = 200_000;
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < N; i++) net.ForwardNoGrad(input, output, 1);
            bestNet = Math.Min(bestNet, Stopwatch.GetElapsedTime(t0).TotalNanoseconds / N);
        }
        Console.Error.WriteLine($"SmallNet.ForwardNoGrad: {bestNet:F1} ns");
        // The small network's shapes, then one core's share of mnist's one-sample layers (784 -> 128 of 784 -> 256: 400 KB,
        // in that core's L2 from call to call; 256 -> 64) and the whole first layer (800 KB).
        foreach (var (k, n) in new[] { (16, 64), (64, 64), (64, 8), (16, 16), (64, 16), (784, 128), (256, 64), (784, 256) })
        {
            var w = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(k * n * 4), 64);
            var x = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(k * 4), 64);
            var b = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(n * 4), 64);
            var y = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(n * 4), 64);
            for (int i = 0; i < k * n; i++) w[i] = (i % 7) * 0.01f;
            for (int i = 0; i < k; i++) x[i] = i * 0.1f;
            for (int i = 0; i < n; i++) b[i] = 0.5f;
            int calls = Math.Min(200_000, Math.Max(2_000, 200_000_000 / (k * n)));
            double best = double.MaxValue;
            for (int rep = 0; rep < 20; rep++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++) GemmGemv.Rows<GemmLane512>(k, w, x, b, y, n, true);
                double ns = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / calls;
                best = Math.Min(best, ns);
            }
            Console.Error.WriteLine($"gemv {k}x{n}: {best:F1} ns ({k * n * 4.0 / best:F1} GB/s of weights)");
            var ws = new ReadOnlySpan<float>(w, k * n);
            var xs = new ReadOnlySpan<float>(x, k);
            var bs = new ReadOnlySpan<float>(b, n);
            var ys = new Span<float>(y, n);
            best = double.MaxValue;
            for (int rep = 0; rep < 20; rep++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++) Gemm.DenseForwardRelu(xs, ws, bs, ys, 1, k, n);
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalNanoseconds / calls);
            }
            Console.Error.WriteLine($"  Gemm.DenseForwardRelu {k}x{n}: {best:F1} ns");
            System.Runtime.InteropServices.NativeMemory.AlignedFree(w);
            System.Runtime.InteropServices.NativeMemory.AlignedFree(x);
            System.Runtime.InteropServices.NativeMemory.AlignedFree(b);
            System.Runtime.InteropServices.NativeMemory.AlignedFree(y);
        }
    }
}
