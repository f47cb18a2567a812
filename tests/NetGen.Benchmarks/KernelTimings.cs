using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using NetGen.Kernels;

namespace NetGen.Benchmarks;

/// <summary>
/// --kernels [filter]: ns per call of each dense-layer product at the shapes the workloads run, for every GEMM path
/// (auto routing, packed, unpacked) and 1 and 2 threads, to stderr. A tuning diagnostic for the routing thresholds
/// and block sizes in <see cref="Gemm"/>; nothing goes to stdout. The filter is a substring of the line's label.
/// </summary>
internal static class KernelTimings
{
    private static readonly (string Workload, int M, int K, int N)[] Shapes =
    {
        ("mnist", 1, 784, 256), ("mnist", 1, 256, 128), ("mnist", 1, 128, 10),
        ("mnist", 64, 784, 256), ("mnist", 64, 256, 128), ("mnist", 64, 128, 10),
        ("mnist", 256, 784, 256), ("mnist", 256, 256, 128), ("mnist", 256, 128, 10),
        ("mnist", 1024, 784, 256), ("mnist", 1024, 256, 128), ("mnist", 1024, 128, 10),
        ("phone", 64, 20, 128), ("phone", 64, 128, 64), ("phone", 64, 64, 4),
        ("tiny", 32, 2, 32), ("tiny", 32, 32, 32), ("tiny", 32, 32, 1),
        ("small", 1, 16, 64), ("small", 1, 64, 64), ("small", 1, 64, 8),
        ("dense", 1024, 1024, 1024),
    };

    public static void Run(string? filter, double secondsPerLine)
    {
        if (filter == "micro") { MicroKernel(); return; }
        if (filter == "gemv") { GemvMicro.Run(); return; }
        if (filter == "optimizers") { OptimizerMicro.Run(); return; }
        if (filter == "loss") { LossMicro.Run(); return; }
        if (filter == "activations") { Activations(secondsPerLine); return; }
        if (filter == "conv") { Convolutions(secondsPerLine); return; }
        if (filter == "maps") { FeatureMaps(secondsPerLine); return; }
        // Block sizes for tuning experiments: NETGEN_KC / NETGEN_MC override GemmDriver's.
        if (int.TryParse(Environment.GetEnvironmentVariable("NETGEN_KC"), out int kc)) GemmDriver.Kc = kc;
        if (int.TryParse(Environment.GetEnvironmentVariable("NETGEN_MC"), out int mc)) GemmDriver.Mc = mc;
        if (long.TryParse(Environment.GetEnvironmentVariable("NETGEN_MIN_PARALLEL"), out long minWork)) WorkerPool.MinParallelWork = minWork;
        Console.Error.WriteLine($"variant {GemmVariants.Best}, kc {GemmDriver.Kc}, mc {GemmDriver.Mc}; auto's choice; ns per call (GFLOP/s) packed, direct; 1 thread | 2 threads");
        var rng = new Random(1);
        int saved = WorkerPool.MaxThreads;
        foreach (var (workload, m, k, n) in Shapes)
        {
            float[] x = Program.RandN(rng, m * k), w = Program.RandN(rng, n * k), bias = Program.RandN(rng, n);
            float[] y = new float[m * n], dy = Program.RandN(rng, m * n), dx = new float[m * k], dw = new float[n * k], db = new float[n];
            foreach (string product in new[] { "fwd", "dX", "dW" })
            {
                if (m == 1 && product != "fwd") continue;
                string label = string.Create(CultureInfo.InvariantCulture, $"{workload} {m}x{k}->{n} {product}");
                if (filter != null && !label.Contains(filter, StringComparison.Ordinal)) continue;
                bool autoDirect = product == "fwd" ? Gemm.UseDirectForward(GemmVariants.Best, m, k, n) : Gemm.UseDirectBackward(GemmVariants.Best, m, k, n);
                Action Call(GemmPath path, GemmVariant? variant = null)
                {
                    GemmVariant v = variant ?? GemmVariants.Best;
                    return product switch
                    {
                        "fwd" => () => Gemm.DenseForward(v, path, x, w, bias, y, m, k, n),
                        "dX" => () => Gemm.DenseBackwardInput(v, path, dy, w, dx, m, k, n),
                        _ => () => Gemm.DenseBackwardWeights(v, path, dy, x, dw, db, m, k, n),
                    };
                }
                var cells = new List<string>();
                foreach (int threads in new[] { 1, 2 })
                {
                    WorkerPool.MaxThreads = threads;
                    // NETGEN_AB=inplace: packed with A read in place vs packed with A packed, instead of packed vs direct.
                    // NETGEN_AB=kc:N / mc:N: packed with the default block size vs packed with kc (mc) = N.
                    // NETGEN_AB=v256: the automatic path with the best variant vs with Vector256 (same routing).
                    // NETGEN_AB=eight: the direct path without vs with the 512-bit 8-row tiles.
                    string ab = Environment.GetEnvironmentVariable("NETGEN_AB") ?? "";
                    Action packed = Call(ab == "six" ? GemmPath.Direct : GemmPath.Packed);
                    Action directSix = Call(GemmPath.Direct); // built once: a delegate built per call costs tens of ns
                    int defaultKc = GemmDriver.Kc, defaultMc = GemmDriver.Mc;
                    Action second = ab == "inplace"
                        ? () => { GemmDriver.AllowAInPlace = false; packed(); GemmDriver.AllowAInPlace = true; }
                        : ab.StartsWith("kc:", StringComparison.Ordinal)
                        ? () => { GemmDriver.Kc = int.Parse(ab[3..], CultureInfo.InvariantCulture); packed(); GemmDriver.Kc = defaultKc; }
                        : ab.StartsWith("mc:", StringComparison.Ordinal)
                        ? () => { GemmDriver.Mc = int.Parse(ab[3..], CultureInfo.InvariantCulture); packed(); GemmDriver.Mc = defaultMc; }
                        : ab == "six"
                        ? () => { GemmSmall.SixRowTiles = false; directSix(); GemmSmall.SixRowTiles = true; }
                        : Call(GemmPath.Direct);
                    Action first = Call(GemmPath.Packed);
                    if (ab == "eight")
                    {
                        Action direct = Call(GemmPath.Direct);
                        first = () => { GemmSmall.EightRowTiles512 = false; direct(); GemmSmall.EightRowTiles512 = true; };
                        second = direct;
                    }
                    if (ab == "v256") { first = Call(GemmPath.Auto); second = Call(GemmPath.Auto, GemmVariant.Vector256); }
                    double[] t = TimeInterleaved(new[] { first, second }, secondsPerLine);
                    cells.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{t[0],10:F0} ({2.0 * m * k * n / t[0],5:F1}) {t[1],10:F0} ({2.0 * m * k * n / t[1],5:F1})"));
                }
                // Under AVX-512, narrow forward outputs take their own kernel (GemmNarrow).
                string choice = product == "fwd" && GemmNarrow.Takes(GemmVariants.Best, m, n)
                    ? "narrow" : autoDirect ? "direct" : "packed";
                Console.Error.WriteLine($"{label,-28}{choice,-8}{string.Join(" | ", cells)}");
            }
        }
        WorkerPool.MaxThreads = saved;
    }

    /// <summary>ns per call of the activation kernels on 1024 floats (two tiny-network layers' worth at batch 32).</summary>
    private static void Activations(double seconds)
    {
        float[] x = Program.RandN(new Random(1), 1024), y = new float[1024], dy = Program.RandN(new Random(2), 1024), dx = new float[1024];
        var kernels = new (string Name, Action Call)[]
        {
            ("tanh", () => ActivationKernels.Tanh(x, y)),
            ("tanh backward", () => ActivationKernels.TanhBackward(x, y, dy, dx)),
            ("relu", () => ActivationKernels.Relu(x, y)),
            ("sigmoid", () => ActivationKernels.Sigmoid(x, y)),
        };
        foreach (var (_, call) in kernels) TimeInterleaved(new[] { call }, seconds); // reach the final JIT tier first
        foreach (var (name, call) in kernels)
        {
            double t = TimeInterleaved(new[] { call }, seconds)[0];
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-16}{t,10:F0} ns per 1024 floats"));
        }
    }

    /// <summary>The Vector256 micro-kernel alone on L1-resident panels (kc = 256): its GFLOP/s without the memory hierarchy.</summary>
    private static unsafe void MicroKernel()
    {
        const int Kc = 256;
        float* a = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(6 * Kc * 4, 64);
        float* b = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(16 * Kc * 4, 64);
        float* c = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(6 * 16 * 4, 64);
        for (int i = 0; i < 6 * Kc; i++) a[i] = 1e-3f * (i % 7);
        for (int i = 0; i < 16 * Kc; i++) b[i] = 1e-3f * (i % 5);
        for (int i = 0; i < 6 * 16; i++) c[i] = 0f;
        for (int round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            const int Calls = 200_000;
            for (int i = 0; i < Calls; i++) GemmKernel256.Run(Kc, a, b, c, 16, null, true);
            double s = sw.Elapsed.TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"micro-kernel 6x16, kc {Kc}: {2.0 * 6 * 16 * Kc * Calls / s / 1e9:F1} GFLOP/s"));
        }
    }

    /// <summary>
    /// ns per call of each of <paramref name="calls"/>, timed in alternating blocks (the machine's speed drifts by tens of
    /// percent over seconds, so only calls timed side by side compare): the median over 15 rounds per call.
    /// </summary>
    private static double[] TimeInterleaved(Action[] calls, double seconds)
    {
        const int Rounds = 15;
        var perBlock = new long[calls.Length];
        for (int c = 0; c < calls.Length; c++)
        {
            var sw = Stopwatch.StartNew();
            long n = 0;
            while (sw.Elapsed.TotalSeconds < 0.02 || n < 20) { calls[c](); n++; }
            perBlock[c] = Math.Max(1, (long)(n / sw.Elapsed.TotalSeconds * seconds / calls.Length / Rounds));
        }
        var times = new double[calls.Length][];
        for (int c = 0; c < calls.Length; c++) times[c] = new double[Rounds];
        var timer = new Stopwatch();
        for (int r = 0; r < Rounds; r++)
            for (int c = 0; c < calls.Length; c++)
            {
                timer.Restart();
                for (long i = 0; i < perBlock[c]; i++) calls[c]();
                times[c][r] = timer.Elapsed.TotalSeconds * 1e9 / perBlock[c];
            }
        var result = new double[calls.Length];
        for (int c = 0; c < calls.Length; c++)
        {
            Array.Sort(times[c]);
            result[c] = times[c][Rounds / 2];
        }
        return result;
    }

    /// <summary>--kernels conv: Conv2dKernels forward and backward at the CNN workloads' shapes, ns per call and GFLOP/s, 1 and 2 threads.</summary>
    private static void Convolutions(double seconds)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            Console.Error.WriteLine($"{threads} thread(s):");
            Convolutions(seconds, threads);
        }
    }

    private static void Convolutions(double seconds, int threads)
    {
        var shapes = new (string Name, int Batch, Conv2dGeometry G)[]
        {
            ("cnn conv1", 64, new Conv2dGeometry(1, 28, 28, 16, 24, 24, 5, 5)),
            ("cnn conv2", 64, new Conv2dGeometry(16, 12, 12, 32, 8, 8, 5, 5)),
            ("cnnbn conv1", 64, new Conv2dGeometry(1, 28, 28, 32, 28, 28, 3, 3, PadHeight: 1, PadWidth: 1)),
            ("cnnbn conv2", 64, new Conv2dGeometry(32, 14, 14, 64, 14, 14, 3, 3, PadHeight: 1, PadWidth: 1)),
            ("cnn conv1 b1", 1, new Conv2dGeometry(1, 28, 28, 16, 24, 24, 5, 5)),
            ("cnn conv2 b1", 1, new Conv2dGeometry(16, 12, 12, 32, 8, 8, 5, 5)),
        };
        var rng = new Random(1);
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = threads;
        foreach (var (name, batch, g) in shapes)
        {
            float[] x = Program.RandN(rng, batch * g.InChannels * g.InPlane), w = Program.RandN(rng, g.WeightLength), b = Program.RandN(rng, g.OutChannels);
            float[] y = new float[batch * g.OutChannels * g.OutPlane], dy = Program.RandN(rng, y.Length), dx = new float[x.Length];
            float[] dw = new float[w.Length], db = new float[b.Length];
            float[] columns = new float[g.ColumnsLength(batch)], scratch = new float[g.ScratchLength(batch)];
            double flops = 2.0 * batch * g.OutChannels * g.OutPlane * g.PatchLength;
            double forward = Time(() => Conv2dKernels.Forward(x, w, b, y, columns, scratch, batch, g), seconds);
            double backward = Time(() => Conv2dKernels.Backward(dy, w, dw, db, dx, columns, scratch, batch, g), seconds);
            Conv2dKernels.Forward(x, w, b, y, columns, scratch, batch, g);
            double weights = Time(() => Conv2dKernels.Backward(dy, w, dw, db, default, columns, scratch, batch, g), seconds);
            double noGrad = Time(() => Conv2dKernels.ForwardNoGrad(x, w, b, y, columns, scratch, batch, g), seconds);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} fwd {forward / 1e3,8:F1} us ({flops / forward,5:F1} GFLOP/s)  bwd {backward / 1e3,8:F1} us ({2 * flops / backward,5:F1})"
                + $"  bwd-weights {weights / 1e3,8:F1} us ({flops / weights,5:F1})"
                + $"  no-grad {noGrad / 1e3,9:F1} us ({flops / noGrad,5:F1} GFLOP/s)"));
        }
        WorkerPool.MaxThreads = saved;
    }

    private static double Time(Action action, double seconds)
    {
        action();
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds) { action(); calls++; }
        return clock.Elapsed.TotalMilliseconds * 1e6 / calls;
    }

    /// <summary>--kernels maps: the feature-map layers of train-cnnbn-b64 (batch 64, 32×28×28 and 64×14×14), µs per call, 1 thread.</summary>
    private static void FeatureMaps(double seconds)
    {
        var rng = new Random(1);
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = 1;
        foreach (var (c, side) in new[] { (32, 28), (64, 14) })
        {
            const int batch = 64;
            int n = batch * c * side * side, half = side / 2, pooled = batch * c * half * half;
            float[] x = Program.RandN(rng, n), y = new float[n], dy = Program.RandN(rng, n), dx = new float[n];
            float[] p = new float[pooled], pi = new float[pooled], dp = Program.RandN(rng, pooled);
            float[] gamma = Program.RandN(rng, c), beta = Program.RandN(rng, c), mean = new float[c], inv = new float[c], rm = new float[c], rv = new float[c];
            float[] dg = new float[c], db = new float[c];
            string shape = string.Create(CultureInfo.InvariantCulture, $"[{batch}, {c}, {side}, {side}]");
            void Line(string what, Action action) =>
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shape} {what,-22} {Time(action, seconds) / 1e3,9:F1} us"));
            Line("bn2d forward train", () => BatchNorm2dKernels.ForwardTraining(x, y, batch, c, side * side, gamma, beta, mean, inv, true, rm, rv, 0.1, 1e-5f));
            Line("bn2d backward train", () => BatchNorm2dKernels.BackwardTraining(x, dy, dx, batch, c, side * side, gamma, dg, db, mean, inv));
            Line("relu", () => ActivationKernels.Relu(x, y));
            Line("relu backward", () => ActivationKernels.ReluBackward(x, y, dy, dx));
            Line("maxpool2 forward", () => PoolingKernels.MaxPool2dForward(x, p, pi, batch, c, side, side, half, half, 2, 2, 2, 2, 0, 0, 1, 1));
            Line("maxpool2 backward", () => PoolingKernels.MaxPool2dBackward(pi, dp, dx, batch, c, side, side, half, half));
            float[] zeros = new float[n];
            Line("maxpool2 fwd, zeros", () => PoolingKernels.MaxPool2dForward(zeros, p, pi, batch, c, side, side, half, half, 2, 2, 2, 2, 0, 0, 1, 1));
        }
        // The per-image layers of infer-cnn-b1 besides the convolutions.
        float[] m1 = Program.RandN(rng, 16 * 24 * 24), p1 = new float[16 * 144], i1 = new float[16 * 144];
        float[] m2 = Program.RandN(rng, 32 * 8 * 8), p2 = new float[512], i2 = new float[512];
        float[] fw = Program.RandN(rng, 5120), fb = Program.RandN(rng, 10), fy = new float[10];
        void Single(string what, Action action) =>
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cnn b1 {what,-28} {Time(action, seconds):F0} ns"));
        Single("maxpool2 [16, 24, 24]", () => PoolingKernels.MaxPool2dForward(m1, p1, i1, 1, 16, 24, 24, 12, 12, 2, 2, 2, 2, 0, 0, 1, 1));
        Single("maxpool2 [32, 8, 8]", () => PoolingKernels.MaxPool2dForward(m2, p2, i2, 1, 32, 8, 8, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1));
        Single("dense 512 -> 10", () => Gemm.DenseForward(p2, fw, fb, fy, 1, 512, 10));
        var net = new CnnNet(1) { IsTraining = false };
        float[] image = Program.RandN(rng, 784), logits = new float[10];
        Single("whole ForwardNoGrad", () => net.ForwardNoGrad(image, logits, 1));
        WorkerPool.MaxThreads = saved;
    }
}
