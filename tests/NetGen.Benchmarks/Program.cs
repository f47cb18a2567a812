// NetGen benchmark harness: the TorchSharp peer's workloads (/work/shared/peers/torchsharp/Program.cs) with the
// same names, networks, losses, optimizers, batch sizes, units, warm-up (50 steps) and timing loop, run on generated
// NetGen networks with the runtime's own losses and optimizers.
//
//   dotnet run -c Release --project tests/NetGen.Benchmarks -- [--threads N] [--seconds S] [--json] [workload ...]
//
// Output: one line per workload on stdout, <name>\t<value>\t<unit> (F1, invariant culture), higher is better;
// <name>-alloc\t<bytes>\tbytes/step on stderr; with dense-1024-b1024 also fma-peak (one core) and
// dense-1024-b1024-of-peak (percent of fma-peak times the threads used).
// --breakdown instead prints to stderr where the time of each step goes (see Breakdown.cs); no results.
// --trace also prints each workload's calls/s per 0.25 s of the timed loop to stderr (the JIT's tier-up shows).
// --kernels [substring] instead times each dense-layer product per GEMM path and thread count (see KernelTimings.cs).
// --generator instead times the source generator per network over 100 networks (see GeneratorTimings.cs).
// --json prints all of them (allocation lines included) as one JSON array of {name, value, unit} on stdout instead.
// A workload filter is an exact name or a prefix ending in '*' (e.g. 'train-*'); no filter runs everything.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using NetGen.Losses;
using NetGen.Optimizers;

namespace NetGen.Benchmarks;

internal static class Program
{
    private const int WarmupSteps = 50;

    /// <summary>--trace: print the calls per second of each 0.25 s of the timed loop to stderr (shows the JIT's tier-up).</summary>
    private static bool s_trace;
    private const double TraceWindow = 0.25;

    private static double s_seconds = 2.0;

    private sealed record Line(string Name, double Value, string Unit, bool IsExtra);

    private static int Main(string[] args)
    {
        int threads = 2;
        bool json = false, breakdown = false, kernels = false, generator = false;
        var only = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--threads" && i + 1 < args.Length) threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (a == "--seconds" && i + 1 < args.Length) s_seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (a == "--json") json = true;
            else if (a == "--breakdown") breakdown = true;
            else if (a == "--kernels") kernels = true;
            else if (a == "--generator") generator = true;
            else if (a == "--trace") s_trace = true;
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"unknown option '{a}'; usage: [--threads N] [--seconds S] [--json] [--breakdown] [--trace] [--kernels [substring]] [--generator] [workload | prefix* ...]");
                return 2;
            }
            else only.Add(a);
        }
        if (threads < 1 || !(s_seconds > 0))
        {
            Console.Error.WriteLine($"--threads ({threads}) must be >= 1 and --seconds ({s_seconds.ToString(CultureInfo.InvariantCulture)}) > 0.");
            return 2;
        }
        NetGen.Parallelism.MaxThreads = threads; // large products split their rows over this many threads
        // Tuning experiments only: NETGEN_MIN_PARALLEL overrides the work (multiply-adds) from which products split.
        if (long.TryParse(Environment.GetEnvironmentVariable("NETGEN_MIN_PARALLEL"), out long minWork)) NetGen.Kernels.WorkerPool.MinParallelWork = minWork;
        if (long.TryParse(Environment.GetEnvironmentVariable("NETGEN_MIN_PARALLEL_DOT"), out long minDot)) NetGen.Kernels.GemmDirect.MinParallelDotWork = minDot;
        if (generator)
        {
            GeneratorTimings.Run(s_seconds);
            return 0;
        }
        if (kernels)
        {
            KernelTimings.Run(only.Count > 0 ? only[0] : null, Math.Min(s_seconds, 0.5));
            return 0;
        }
        if (typeof(Program).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
            Console.Error.WriteLine("warning: this is a Debug build; numbers are meaningless. Build with -c Release.");

        var workloads = new (string Name, string Unit, Func<Measurement> Run)[]
        {
            ("train-mnist-b64", "samples/s", () => TrainClassifier(new MnistNet(64), 64)),
            ("train-mnist-b256", "samples/s", () => TrainClassifier(new MnistNet(256), 256)),
            ("train-phone-b64", "samples/s", () => TrainClassifier(new PhoneNet(64), 64)),
            ("train-tiny-b32", "steps/s", () => TrainTinyRegression(new TinyNet(32), 32)),
            ("infer-small-b1", "samples/s", () => Infer(new SmallNet(1), 1)),
            ("infer-mnist-b1", "samples/s", () => Infer(new MnistNet(1), 1)),
            ("infer-mnist-b1024", "samples/s", () => Infer(new MnistNet(1024), 1024)),
            ("dense-1024-b1024", "GFLOP/s", () => DenseGflops(new Dense1024Net(1024), 1024, 1024)),
            ("train-cnn-b64", "samples/s", () => TrainClassifier(new CnnNet(64), 64)),
            ("train-cnnbn-b64", "samples/s", () => TrainClassifier(new CnnBnNet(64), 64)),
            ("infer-cnn-b1", "samples/s", () => Infer(new CnnNet(1), 1)),
            ("infer-cnn-b256", "samples/s", () => Infer(new CnnNet(256), 256)),
        };

        foreach (string f in only)
        {
            bool any = false;
            foreach (var w in workloads) any |= Matches(f, w.Name);
            if (!any && f != "fma-peak" && f != "fma-peak-concurrent" && f != "l1-bandwidth" && f != "l2-bandwidth" && f != "core-round-trip")
            {
                var names = new List<string> { "fma-peak", "fma-peak-concurrent", "l1-bandwidth", "l2-bandwidth", "core-round-trip" };
                foreach (var w in workloads) names.Add(w.Name);
                Console.Error.WriteLine($"workload filter '{f}' matches nothing; known: {string.Join(", ", names)}");
                return 2;
            }
        }

        var lines = new List<Line>();
        void Emit(Line l)
        {
            lines.Add(l);
            if (json) return;
            string text = $"{l.Name}\t{l.Value.ToString("F1", CultureInfo.InvariantCulture)}\t{l.Unit}";
            if (l.IsExtra) Console.Error.WriteLine(text);
            else Console.Out.WriteLine(text);
            Console.Out.Flush();
        }

        double? peak = null;
        foreach (var w in workloads)
        {
            if (only.Count > 0 && !only.Exists(f => Matches(f, w.Name))) continue;
            if (breakdown) { Breakdown.Run(w.Name, s_seconds); continue; }
            if (Environment.GetEnvironmentVariable("NETGEN_TOGGLE") is { Length: > 0 } toggle)
            {
                Toggles.Compare(toggle, w.Name, w.Run);
                continue;
            }
            Measurement m = w.Run();
            Emit(new Line(w.Name, m.Value, w.Unit, false));
            Emit(new Line(w.Name + "-alloc", m.BytesPerStep, "bytes/step", true));
            if (w.Name == "dense-1024-b1024")
            {
                peak ??= FmaPeak.MeasureGflops();
                Emit(new Line("fma-peak", peak.Value, "GFLOP/s", false));
                // Of the peak of the cores the product may use (--threads of them): the single-core peak times threads.
                Emit(new Line("dense-1024-b1024-of-peak", 100.0 * m.Value / (peak.Value * Math.Min(threads, Environment.ProcessorCount)), "%", false));
            }
        }
        if (peak is null && only.Contains("fma-peak"))
            Emit(new Line("fma-peak", FmaPeak.MeasureGflops(), "GFLOP/s", false));
        if (only.Contains("fma-peak-concurrent"))
            Emit(new Line("fma-peak-concurrent", FmaPeak.MeasureConcurrentGflops(threads), "GFLOP/s", false));
        if (only.Contains("l1-bandwidth"))
            Emit(new Line("l1-bandwidth", CacheBandwidth.MeasureGBps(CacheBandwidth.L1Bytes), "GB/s", false));
        if (only.Contains("l2-bandwidth"))
            Emit(new Line("l2-bandwidth", CacheBandwidth.MeasureGBps(CacheBandwidth.L2Bytes), "GB/s", false));
        if (only.Contains("core-round-trip"))
            Emit(new Line("core-round-trip", CoreLatency.MeasureRoundTripNs(), "ns", false));

        if (json) Console.Out.WriteLine(ToJson(lines));
        return 0;
    }

    private static bool Matches(string filter, string name) =>
        filter.EndsWith('*') ? name.StartsWith(filter[..^1], StringComparison.Ordinal) : filter == name;

    private static string ToJson(List<Line> lines)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < lines.Count; i++)
        {
            Line l = lines[i];
            if (i > 0) sb.Append(',');
            sb.Append("\n  {\"name\": \"").Append(l.Name).Append("\", \"value\": ")
              .Append(l.Value.ToString("F1", CultureInfo.InvariantCulture))
              .Append(", \"unit\": \"").Append(l.Unit).Append("\"}");
        }
        return sb.Append("\n]").ToString();
    }

    /// <summary>Calls per second of <paramref name="step"/> and managed bytes allocated per call during the timed loop.</summary>
    internal readonly record struct Measurement(double Value, double BytesPerStep)
    {
        public Measurement Scale(double factor) => this with { Value = Value * factor };
    }

    // The peer's Rate(): 50 warm-up calls, then batches of 10 until `seconds` have elapsed.
    internal static Measurement Rate(Action step)
    {
        for (int w = 0; w < WarmupSteps; w++) step();
        long n = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        double mark = TraceWindow;
        long atMark = 0;
        while (sw.Elapsed.TotalSeconds < s_seconds)
        {
            for (int k = 0; k < 10; k++) step();
            n += 10;
            if (s_trace && sw.Elapsed.TotalSeconds >= mark)
            {
                Console.Error.Write(((n - atMark) / TraceWindow).ToString("F0", CultureInfo.InvariantCulture) + " ");
                atMark = n;
                mark += TraceWindow;
            }
        }
        if (s_trace) Console.Error.WriteLine("calls/s per 0.25 s window");
        double elapsed = sw.Elapsed.TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new Measurement(n / elapsed, (double)allocated / n);
    }

    // train-mnist-*, train-phone-b64: cross-entropy on logits (class-index targets stored as floats), SGD lr 0.01 momentum 0.9.
    private static Measurement TrainClassifier(INetwork net, int batch)
    {
        var rng = new Random(1);
        float[] x = RandN(rng, batch * net.InputSize);
        float[] y = new float[batch];
        for (int i = 0; i < batch; i++) y[i] = rng.Next(net.OutputSize);
        float[] output = new float[batch * net.OutputSize];
        float[] gradient = new float[output.Length];
        var loss = new CrossEntropyLoss();
        var opt = new SGD(net.Parameters, 0.01, momentum: 0.9);
        return Rate(() =>
        {
            net.ZeroGrad();
            net.Forward(x, output, batch);
            loss.Compute(output, y, gradient, batch);
            net.Backward(gradient, Span<float>.Empty);
            opt.Step();
        }).Scale(batch);
    }

    // train-tiny-b32: MSE, Adam lr 1e-3; steps/s.
    private static Measurement TrainTinyRegression(INetwork net, int batch)
    {
        var rng = new Random(1);
        float[] x = RandN(rng, batch * net.InputSize);
        float[] y = RandN(rng, batch * net.OutputSize);
        float[] output = new float[y.Length];
        float[] gradient = new float[y.Length];
        var loss = new MSELoss();
        var opt = new Adam(net.Parameters, 1e-3);
        return Rate(() =>
        {
            net.ZeroGrad();
            net.Forward(x, output, batch);
            loss.Compute(output, y, gradient, batch);
            net.Backward(gradient, Span<float>.Empty);
            opt.Step();
        });
    }

    // infer-*: evaluation mode (what the generated Eval() sets), forward only, nothing kept for backward: the peer runs
    // model.eval() under torch.no_grad(), which is what ForwardNoGrad is; samples/s.
    private static Measurement Infer(INetwork net, int batch)
    {
        net.IsTraining = false;
        var rng = new Random(1);
        float[] x = RandN(rng, batch * net.InputSize);
        float[] output = new float[batch * net.OutputSize];
        return Rate(() => net.ForwardNoGrad(x, output, batch)).Scale(batch);
    }

    // dense-1024-b1024: forward + backward with dY = ones (the gradient of sum()), dX, dW and db; 6·n²·batch flops per step.
    private static Measurement DenseGflops(INetwork net, int n, int batch)
    {
        var rng = new Random(1);
        float[] x = RandN(rng, batch * n);
        float[] y = new float[batch * n];
        float[] dy = new float[batch * n];
        Array.Fill(dy, 1f);
        float[] dx = new float[batch * n];
        return Rate(() =>
        {
            net.ZeroGrad();
            net.Forward(x, y, batch);
            net.Backward(dy, dx);
        }).Scale(6.0 * n * n * batch / 1e9);
    }

    internal static float[] RandN(Random rng, int count)
    {
        var a = new float[count];
        for (int i = 0; i < count; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            a[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count) a[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return a;
    }
}

/// <summary>
/// Single-thread FMA peak: independent accumulators kept in registers, each updated by one FMA per iteration: 16 with
/// Vector512 (32 zmm registers), 12 with Vector256 + FMA3 (16 ymm registers: 16 accumulators plus the two operands
/// would spill). Best of several timed runs.
/// </summary>
/// <summary>
/// One core's read bandwidth from a cache level: the sum of a buffer that fits in it (16 KB for L1, 512 KB for L2 on
/// this machine's 48 KB / 1 MB caches), read again and again with vector loads into independent accumulators; best of 5.
/// The limit of a weight-streaming workload such as infer-mnist-b1 (940 KB of weights per sample).
/// </summary>
internal static class CacheBandwidth
{
    public const int L1Bytes = 16 * 1024;
    public const int L2Bytes = 512 * 1024;

    public static double MeasureGBps(int bytes)
    {
        float[] buffer = new float[bytes / sizeof(float)];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = i % 7;
        Sum(buffer, 100);
        long passes = Math.Max(1, 200L * 1024 * 1024 / bytes); // about 200 MB a run
        double best = 0;
        float sink = 0;
        for (int r = 0; r < 5; r++)
        {
            var sw = Stopwatch.StartNew();
            sink += Sum(buffer, passes);
            best = Math.Max(best, (double)bytes * passes / sw.Elapsed.TotalSeconds / 1e9);
        }
        if (float.IsNaN(sink)) Console.Error.WriteLine("bandwidth: unexpected NaN");
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Sum(float[] buffer, long passes)
    {
        // Bitwise OR of the loaded bits (one cheap µop each, no floating-point latency) into 8 independent accumulators.
        Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        fixed (float* f = buffer)
        {
            int* p = (int*)f, end = p + buffer.Length - 127;
            for (long pass = 0; pass < passes; pass++)
                for (int* q = p; q < end; q += 128)
                {
                    a0 |= Vector512.Load(q); a1 |= Vector512.Load(q + 16); a2 |= Vector512.Load(q + 32); a3 |= Vector512.Load(q + 48);
                    a4 |= Vector512.Load(q + 64); a5 |= Vector512.Load(q + 80); a6 |= Vector512.Load(q + 96); a7 |= Vector512.Load(q + 112);
                }
        }
        return Vector512.Sum(((a0 | a1) | (a2 | a3)) | ((a4 | a5) | (a6 | a7)));
    }
}

internal static class FmaPeak
{

    /// <summary>
    /// The FMA loop on <paramref name="threads"/> threads at once, their GFLOP/s summed: the peak of the threads a
    /// workload uses as this VM schedules them right now. Two vCPUs are not always two cores here: in some phases two
    /// concurrent loops got 117 GFLOP/s each, against 227 for one alone (the host had put them on one core's two
    /// hardware threads).
    /// </summary>
    public static double MeasureConcurrentGflops(int threads)
    {
        var results = new double[threads];
        var workers = new System.Threading.Thread[threads];
        using var start = new System.Threading.Barrier(threads);
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new System.Threading.Thread(() => { start.SignalAndWait(); results[index] = MeasureGflops(); });
            workers[t].Start();
        }
        foreach (var w in workers) w.Join();
        double sum = 0;
        foreach (double r in results) sum += r;
        return sum;
    }

    public static double MeasureGflops()
    {
        bool wide = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
        if (!wide && !Fma.IsSupported) return double.NaN;
        int lanes = wide ? 16 : 8;
        int accumulators = wide ? 16 : 12;
        Func<long, float> kernel = wide ? Run512 : Run256;
        kernel(10_000); // JIT to the final tier path before timing
        for (int i = 0; i < 3; i++) kernel(1_000_000);
        long iterations = 1_000_000;
        var sw = Stopwatch.StartNew();
        kernel(iterations);
        double t = sw.Elapsed.TotalSeconds;
        iterations = Math.Max(1_000_000, (long)(iterations * 0.25 / Math.Max(t, 1e-6))); // about 0.25 s per run
        double best = 0;
        float sink = 0;
        for (int r = 0; r < 5; r++)
        {
            sw.Restart();
            sink += kernel(iterations);
            double flops = 2.0 * lanes * accumulators * iterations;
            best = Math.Max(best, flops / sw.Elapsed.TotalSeconds / 1e9);
        }
        if (float.IsNaN(sink)) Console.Error.WriteLine("fma-peak: unexpected NaN");
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run512(long iterations)
    {
        Vector512<float> a = Vector512.Create(0.9999f), b = Vector512.Create(1e-4f);
        Vector512<float> c0 = Vector512.Create(0.00f), c1 = Vector512.Create(0.01f), c2 = Vector512.Create(0.02f), c3 = Vector512.Create(0.03f);
        Vector512<float> c4 = Vector512.Create(0.04f), c5 = Vector512.Create(0.05f), c6 = Vector512.Create(0.06f), c7 = Vector512.Create(0.07f);
        Vector512<float> c8 = Vector512.Create(0.08f), c9 = Vector512.Create(0.09f), c10 = Vector512.Create(0.10f), c11 = Vector512.Create(0.11f);
        Vector512<float> c12 = Vector512.Create(0.12f), c13 = Vector512.Create(0.13f), c14 = Vector512.Create(0.14f), c15 = Vector512.Create(0.15f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, a, b); c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
            c2 = Avx512F.FusedMultiplyAdd(c2, a, b); c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
            c4 = Avx512F.FusedMultiplyAdd(c4, a, b); c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
            c6 = Avx512F.FusedMultiplyAdd(c6, a, b); c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
            c8 = Avx512F.FusedMultiplyAdd(c8, a, b); c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
            c10 = Avx512F.FusedMultiplyAdd(c10, a, b); c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
            c12 = Avx512F.FusedMultiplyAdd(c12, a, b); c13 = Avx512F.FusedMultiplyAdd(c13, a, b);
            c14 = Avx512F.FusedMultiplyAdd(c14, a, b); c15 = Avx512F.FusedMultiplyAdd(c15, a, b);
        }
        Vector512<float> s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
        return Vector512.Sum(s);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run256(long iterations)
    {
        Vector256<float> a = Vector256.Create(0.9999f), b = Vector256.Create(1e-4f);
        Vector256<float> c0 = Vector256.Create(0.00f), c1 = Vector256.Create(0.01f), c2 = Vector256.Create(0.02f), c3 = Vector256.Create(0.03f);
        Vector256<float> c4 = Vector256.Create(0.04f), c5 = Vector256.Create(0.05f), c6 = Vector256.Create(0.06f), c7 = Vector256.Create(0.07f);
        Vector256<float> c8 = Vector256.Create(0.08f), c9 = Vector256.Create(0.09f), c10 = Vector256.Create(0.10f), c11 = Vector256.Create(0.11f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b); c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b); c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b); c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b); c7 = Fma.MultiplyAdd(c7, a, b);
            c8 = Fma.MultiplyAdd(c8, a, b); c9 = Fma.MultiplyAdd(c9, a, b);
            c10 = Fma.MultiplyAdd(c10, a, b); c11 = Fma.MultiplyAdd(c11, a, b);
        }
        Vector256<float> s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11));
        return Vector256.Sum(s);
    }
}
