using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The three matrix products of a dense layer, row-major. Y = X·Wᵀ + b (forward), dX = dY·W,
/// dW += dYᵀ·X and db += Σ_batch dY (backward).
/// </summary>
/// <remarks>
/// Two families of kernels, both with the widest instruction set the machine accelerates (AVX-512, AVX2,
/// SSE/NEON or scalar; chosen once at start-up): a BLIS-style packed GEMM (packed panels, an mr x nr
/// accumulator tile in SIMD registers, FMA) for large weights, and unpacked kernels for layers whose operands
/// sit in cache and for short batches (dot products for one-sample inference and narrow outputs, broadcast
/// tiles otherwise), where packing would cost more than it saves. Large products are split by rows over
/// <see cref="WorkerPool"/>'s workers; results are bit-identical for any thread count.
/// Outputs must not overlap inputs. Calls allocate nothing once a thread has warmed up.
/// <para>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</para>
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class Gemm
{
    /// <summary>Y[m, n] = X[m, k] · W[n, k]ᵀ + bias[n] (bias may be empty). Overwrites Y.</summary>
    /// <param name="x">Input, [m, k] row-major.</param>
    /// <param name="w">Weight, [n, k] row-major (PyTorch's nn.Linear layout).</param>
    /// <param name="bias">Bias, [n], or empty for none.</param>
    /// <param name="y">Output, [m, n] row-major.</param>
    /// <param name="m">Rows (batch size), at least 1.</param>
    /// <param name="k">Input features, at least 1.</param>
    /// <param name="n">Output features, at least 1.</param>
    /// <exception cref="ArgumentException">A size is below 1 or a span is shorter than the sizes require.</exception>
    public static void DenseForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int m, int k, int n)
        => DenseForward(GemmVariants.Best, GemmPath.Auto, x, w, bias, y, m, k, n);

    /// <summary>
    /// Y[m, n] = ReLU(X[m, k] · W[n, k]ᵀ + bias[n]): <see cref="DenseForward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    /// then <see cref="ActivationKernels.Relu(ReadOnlySpan{float}, Span{float})"/> (NaN propagates, as PyTorch), with the same
    /// result bit for bit; for short batches the ReLU is applied while the sums are still in registers. Overwrites Y.
    /// For inference: the pre-activation that ReLU's backward pass reads is not kept.
    /// </summary>
    /// <param name="x">Input, [m, k] row-major.</param>
    /// <param name="w">Weight, [n, k] row-major (PyTorch's nn.Linear layout).</param>
    /// <param name="bias">Bias, [n], or empty for none.</param>
    /// <param name="y">Output, [m, n] row-major.</param>
    /// <param name="m">Rows (batch size), at least 1.</param>
    /// <param name="k">Input features, at least 1.</param>
    /// <param name="n">Output features, at least 1.</param>
    /// <exception cref="ArgumentException">A size is below 1 or a span is shorter than the sizes require.</exception>
    public static void DenseForwardRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int m, int k, int n)
        => DenseForward(GemmVariants.Best, GemmPath.Auto, x, w, bias, y, m, k, n, relu: true);

    /// <summary>dX[m, k] = dY[m, n] · W[n, k]. Overwrites dX.</summary>
    /// <param name="dy">Gradient of the output, [m, n] row-major.</param>
    /// <param name="w">Weight, [n, k] row-major.</param>
    /// <param name="dx">Gradient of the input, [m, k] row-major.</param>
    /// <param name="m">Rows (batch size), at least 1.</param>
    /// <param name="k">Input features, at least 1.</param>
    /// <param name="n">Output features, at least 1.</param>
    /// <exception cref="ArgumentException">A size is below 1 or a span is shorter than the sizes require.</exception>
    public static void DenseBackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int k, int n)
        => DenseBackwardInput(GemmVariants.Best, GemmPath.Auto, dy, w, dx, m, k, n);

    /// <summary>
    /// dX[m, k] = (dY[m, n] · W[n, k]) where <paramref name="reluOutput"/> &gt; 0, else 0: the input gradient of a dense
    /// layer whose input is the output of a ReLU, with that ReLU's backward applied as dX is stored (the same values as
    /// <see cref="DenseBackwardInput(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/> followed by
    /// <c>ActivationKernels.ReluBackward</c>, without the second pass). Overwrites dX.
    /// </summary>
    /// <param name="dy">Gradient of the output, [m, n] row-major.</param>
    /// <param name="w">Weight, [n, k] row-major.</param>
    /// <param name="reluOutput">The ReLU's output (this layer's input), [m, k] row-major; must not overlap dX.</param>
    /// <param name="dx">Gradient of the ReLU's input, [m, k] row-major.</param>
    /// <param name="m">Rows (batch size), at least 1.</param>
    /// <param name="k">Input features, at least 1.</param>
    /// <param name="n">Output features, at least 1.</param>
    /// <exception cref="ArgumentException">A size is below 1, a span is shorter than the sizes require, or reluOutput overlaps dX.</exception>
    public static void DenseBackwardInputRelu(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, ReadOnlySpan<float> reluOutput, Span<float> dx, int m, int k, int n)
        => DenseBackwardInputRelu(GemmVariants.Best, GemmPath.Auto, dy, w, reluOutput, dx, m, k, n);

    /// <summary>dW[n, k] += dY[m, n]ᵀ · X[m, k]; db[n] += Σ_m dY[m, n] (db may be empty). Accumulates.</summary>
    /// <param name="dy">Gradient of the output, [m, n] row-major.</param>
    /// <param name="x">Input, [m, k] row-major.</param>
    /// <param name="dw">Weight gradient, [n, k] row-major; added to.</param>
    /// <param name="db">Bias gradient, [n], added to; or empty for none.</param>
    /// <param name="m">Rows (batch size), at least 1.</param>
    /// <param name="k">Input features, at least 1.</param>
    /// <param name="n">Output features, at least 1.</param>
    /// <exception cref="ArgumentException">A size is below 1 or a span is shorter than the sizes require.</exception>
    public static void DenseBackwardWeights(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int m, int k, int n)
        => DenseBackwardWeights(GemmVariants.Best, GemmPath.Auto, dy, x, dw, db, m, k, n);

    internal static unsafe void DenseForward(GemmVariant variant, GemmPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y,
        int m, int k, int n, bool relu = false)
    {
        CheckSizes(m, k, n);
        CheckLength(x.Length, nameof(x), m, "m", k, "k");
        CheckLength(w.Length, nameof(w), n, "n", k, "k");
        if (!bias.IsEmpty) CheckLength(bias.Length, nameof(bias), n, "n", 1, "1");
        CheckLength(y.Length, nameof(y), m, "m", n, "n");

        fixed (float* px = x, pw = w, pb = bias, py = y) ForwardChecked(variant, path, px, pw, pb, py, m, k, n, relu);
    }

    /// <summary>
    /// The forward product on operands the caller has checked (sizes ≥ 1, lengths; bias null for none). One sample
    /// through a layer too small to split goes straight to the row kernel, with the ReLU fused: the route below ends
    /// there too, but its call levels and their arguments cost a 16 -> 64 layer about a third of its time, so this
    /// part is inlined into the entry points.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void ForwardChecked(GemmVariant variant, GemmPath path, float* x, float* w, float* bias, float* y,
        int m, int k, int n, bool relu)
    {
        if (m == 1 && path != GemmPath.Packed && (long)k * n < GemmDirect.MinParallelDotWork)
            GemmGemv.Rows(variant, k, w, x, bias, y, n, relu);
        else
            ForwardRouted(variant, path, x, w, bias, y, m, k, n, relu);
    }

    /// <summary>
    /// <see cref="ForwardChecked"/>'s general route: unpacked or packed kernels, ReLU fused or applied after. Out of line,
    /// so that the one-sample row call inlined into a loop (<see cref="DenseChain"/>) does not carry it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void ForwardRouted(GemmVariant variant, GemmPath path, float* x, float* w, float* bias, float* y,
        int m, int k, int n, bool relu)
    {
        bool fused;
        if (path == GemmPath.Auto && GemmNarrow.Takes(variant, m, n))
        {
            GemmNarrow.Forward(x, w, bias, y, m, k, n, relu);
            return;
        }
        if (path == GemmPath.Direct || (path == GemmPath.Auto && UseDirectForward(variant, m, k, n)))
        {
            fused = GemmDirect.Forward(variant, x, w, bias, y, m, k, n, relu);
        }
        else
        {
            // Y[m, n] = A·B with A = X (rows contiguous) and B = Wᵀ: B(p, j) = W[j·k + p].
            Run(variant, m, n, k, x, k, 1, w, 1, k, y, n, bias, accumulate: false);
            fused = false;
        }
        if (relu && !fused)
        {
            var output = new Span<float>(y, m * n);
            ActivationKernels.Relu(output, output);
        }
    }

    internal static unsafe void DenseBackwardInput(GemmVariant variant, GemmPath path, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int k, int n)
    {
        CheckSizes(m, k, n);
        CheckLength(dy.Length, nameof(dy), m, "m", n, "n");
        CheckLength(w.Length, nameof(w), n, "n", k, "k");
        CheckLength(dx.Length, nameof(dx), m, "m", k, "k");

        fixed (float* pdy = dy, pw = w, pdx = dx)
        {
            if (path == GemmPath.Direct || (path == GemmPath.Auto && UseDirectBackward(variant, m, k, n)))
            {
                GemmDirect.BackwardInput(variant, pdy, pw, pdx, m, k, n);
                return;
            }
            // dX[m, k] = A·B with A = dY [m, n] and B = W [n, k], both row-major.
            Run(variant, m, k, n, pdy, n, 1, pw, k, 1, pdx, k, null, accumulate: false);
        }
    }

    /// <summary>Whether the unpacked input gradient masks as it stores (a tuning switch: off, a separate ReLU pass after it).</summary>
    internal static bool FuseReluBackward = true;

    internal static unsafe void DenseBackwardInputRelu(GemmVariant variant, GemmPath path, ReadOnlySpan<float> dy, ReadOnlySpan<float> w,
        ReadOnlySpan<float> reluOutput, Span<float> dx, int m, int k, int n)
    {
        CheckSizes(m, k, n);
        CheckLength(dy.Length, nameof(dy), m, "m", n, "n");
        CheckLength(w.Length, nameof(w), n, "n", k, "k");
        CheckLength(reluOutput.Length, nameof(reluOutput), m, "m", k, "k");
        CheckLength(dx.Length, nameof(dx), m, "m", k, "k");
        ReadOnlySpan<float> mask = reluOutput.Slice(0, m * k);
        Span<float> target = dx.Slice(0, m * k);
        if (mask.Overlaps(target))
            throw new ArgumentException(Format($"reluOutput overlaps dx: the mask is read while dX is written, so they must be separate buffers."), nameof(reluOutput));

        fixed (float* pdy = dy, pw = w, pmask = mask, pdx = dx)
        {
            if (path == GemmPath.Direct || (path == GemmPath.Auto && UseDirectBackward(variant, m, k, n)))
            {
                if (FuseReluBackward)
                {
                    GemmDirect.BackwardInput(variant, pdy, pw, pdx, m, k, n, pmask);
                    return;
                }
                GemmDirect.BackwardInput(variant, pdy, pw, pdx, m, k, n);
            }
            else
            {
                Run(variant, m, k, n, pdy, n, 1, pw, k, 1, pdx, k, null, accumulate: false);
            }
        }
        // The packed path stores whole panels: ReLU's backward afterwards, in place (the same select per element).
        ActivationKernels.ReluBackward(mask, mask, target, target);
    }

    internal static unsafe void DenseBackwardWeights(GemmVariant variant, GemmPath path, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int m, int k, int n)
    {
        CheckSizes(m, k, n);
        CheckLength(dy.Length, nameof(dy), m, "m", n, "n");
        CheckLength(x.Length, nameof(x), m, "m", k, "k");
        CheckLength(dw.Length, nameof(dw), n, "n", k, "k");
        if (!db.IsEmpty) CheckLength(db.Length, nameof(db), n, "n", 1, "1");

        fixed (float* pdy = dy, px = x, pdw = dw)
        {
            if (path == GemmPath.Direct || (path == GemmPath.Auto && UseDirectBackward(variant, m, k, n)))
                GemmDirect.BackwardWeights(variant, pdy, px, pdw, m, k, n);
            else
                // dW[n, k] += A·B with A = dYᵀ: A(j, i) = dY[i·n + j] (columns contiguous) and B = X [m, k].
                Run(variant, n, k, m, pdy, 1, n, px, k, 1, pdw, k, null, accumulate: true);
        }

        if (!db.IsEmpty)
        {
            fixed (float* pdy = dy, pdb = db) ColumnSums.Accumulate(pdy, pdb, m, n);
        }
    }

    /// <summary>
    /// Whether the forward product takes the unpacked path: always for short batches or narrow outputs (dot products);
    /// otherwise per instruction set, from measurements on the machine that runs it.
    /// <para>Vector512 (Zen 4, 32 zmm registers: the 4 x 2-register broadcast tile holds 8 of them): whenever Wᵀ fits
    /// in L2 (1 MB), because broadcast tiles read it in place while the packed path re-packs it per call. 1 thread:
    /// 64 x 784 x 256 313 vs 320 µs packed, 1024 x 784 x 256 4.1 vs 4.3 ms, 32 x 32 x 32 0.66 vs 1.7 µs;
    /// 1024 x 1024 x 1024 (4 MB of W) 29 vs 22 ms, so large W stays packed.</para>
    /// <para>Vector256 and narrower (Zen 3, 16 ymm registers: the broadcast tile has 8 accumulators, the packed
    /// 6 x 16 tile 12): only for weights up to 128 KB, batches up to 128 rows and outputs at least two registers wide.
    /// 2 threads: 256 x 784 x 256 packed 0.95 vs 1.51 ms, 1024 x 784 x 256 4.1 vs 7.1 ms, 64 x 784 x 256 packed 444 vs
    /// 565 µs on 1 thread; 64 x 256 x 128 direct 57 vs 90 µs. Narrow outputs go packed (one zero-padded panel, A read
    /// in place): 1024 x 128 x 10 70 vs 168 µs, 64 x 128 x 10 7 vs 16 µs.</para>
    /// </summary>
    internal static bool UseDirectForward(GemmVariant variant, int m, int k, int n)
    {
        if (m <= GemmDirect.DotMaxSize || n <= GemmDirect.DotMaxSize) return true;
        long weights = (long)k * n;
        if (variant == GemmVariant.Vector512) return weights <= DirectMaxWeightFloats;
        return weights <= DirectMaxWeightFloatsBackward && m <= DirectMaxRowsNarrowIsa && n >= NarrowOutputs;
    }

    /// <summary>
    /// Whether the two backward products take the unpacked path. Vector512 (Zen 4): up to 64 rows, or when the
    /// weight is small. Measured: dW 64 x 256 x 128 48 vs 62 µs packed, 64 x 784 x 256 equal; at 256 x 784 x 256
    /// packed wins (dX 1.09 vs 1.23 ms, dW 1.03 vs 1.32 ms): the strided walk down B's rows loses to packed panels.
    /// Vector256 and narrower (Zen 3): only for weights up to 128 KB with up to 128 rows (or narrow outputs);
    /// 2 threads: dW 64 x 784 x 256 packed 310 vs 367-428 µs, dX 256 x 256 x 128 182 vs 229 µs; phone's
    /// 64 x 20 x 128 dX direct 11 vs 22 µs.
    /// </summary>
    internal static bool UseDirectBackward(GemmVariant variant, int m, int k, int n)
    {
        long weights = (long)k * n;
        if (variant == GemmVariant.Vector512) return m <= DirectMaxRowsBackward || weights <= DirectMaxWeightFloatsBackward;
        return weights <= DirectMaxWeightFloatsBackward && (m <= DirectMaxRowsNarrowIsa || n < NarrowOutputs);
    }

    /// <summary>Vector512: weights up to this many floats (1 MB) use the unpacked forward product.</summary>
    internal const long DirectMaxWeightFloats = 256 * 1024;

    /// <summary>Vector512: batches up to this many rows use the unpacked backward products.</summary>
    internal const int DirectMaxRowsBackward = 64;

    /// <summary>Weights up to this many floats (128 KB) use the unpacked backward products (Vector512: at any batch size).</summary>
    internal const long DirectMaxWeightFloatsBackward = 32 * 1024;

    /// <summary>Vector256 and narrower: batches up to this many rows may use the unpacked products.</summary>
    internal const int DirectMaxRowsNarrowIsa = 128;

    /// <summary>
    /// Vector256 and narrower: forward products with fewer outputs than this go packed; backward products with fewer
    /// outputs may use the unpacked kernels at any batch size (dW 1024 x 128 x 10: 181 vs 230 µs packed).
    /// </summary>
    internal const int NarrowOutputs = 16;

    private static unsafe void Run(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint brs, nint bcs,
        float* c, nint ldc, float* bias, bool accumulate)
    {
        var args = new GemmArgs
        {
            Variant = variant, M = M, N = N, K = K, A = a, Ars = ars, Acs = acs, B = b, Brs = brs, Bcs = bcs,
            C = c, Ldc = ldc, Bias = bias, Accumulate = accumulate,
        };
        // Each thread packs the whole B panel itself, so a split by rows pays only with enough rows per thread
        // (measured: splitting 64 rows of a 784x256 layer was slower than one thread); 12 rows: a multiple of every mr.
        // Short, wide products split by columns instead: each thread packs all of the (short) A and only its own
        // columns of B. 32 columns: a multiple of every nr, so only the last range has a partial panel.
        if (!WorkerPool.TryRun(args, M, minPerThread: 64, granularity: 12, &RunRows)
            && !WorkerPool.TryRun(args, N, minPerThread: 64, granularity: 32, &RunColumns, chunksPerThread: 2))
            RunRows(args, 0, M);
    }

    /// <summary>Columns [start, start + count) of C on the calling thread.</summary>
    private static unsafe void RunColumns(in GemmArgs g, int start, int count) =>
        RunOnThisThread(g.Variant, g.M, count, g.K, g.A, g.Ars, g.Acs, g.B + start * g.Bcs, g.Brs, g.Bcs,
            g.C + start, g.Ldc, g.Bias == null ? null : g.Bias + start, g.Accumulate);

    /// <summary>Rows [start, start + count) of C on the calling thread.</summary>
    private static unsafe void RunRows(in GemmArgs g, int start, int count) =>
        RunOnThisThread(g.Variant, count, g.N, g.K, g.A + start * g.Ars, g.Ars, g.Acs, g.B, g.Brs, g.Bcs,
            g.C + start * g.Ldc, g.Ldc, g.Bias, g.Accumulate);

    private static unsafe void RunOnThisThread(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint brs, nint bcs,
        float* c, nint ldc, float* bias, bool accumulate)
    {
        switch (variant)
        {
            case GemmVariant.Vector512:
                GemmDriver.Run<GemmKernel512>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate);
                break;
            case GemmVariant.Vector256:
                GemmDriver.Run<GemmKernel256>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate);
                break;
            case GemmVariant.Vector128:
                GemmDriver.Run<GemmKernel128>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate);
                break;
            default:
                GemmDriver.Run<GemmKernelScalar>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate);
                break;
        }
    }

    // The checks run on every call of a layer (a one-sample layer takes tens of ns): the comparisons are inlined and
    // the messages are built out of line, only when a check fails.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckSizes(int m, int k, int n)
    {
        if (m < 1 || k < 1 || n < 1) ThrowSize(m, k, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLength(int length, string name, int rows, string rowsName, int cols, string colsName)
    {
        if (length < (long)rows * cols) ThrowLength(length, name, rows, rowsName, cols, colsName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSize(int m, int k, int n)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, Format($"m (rows) must be at least 1 but is {m}."));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, Format($"k (input features) must be at least 1 but is {k}."));
        throw new ArgumentOutOfRangeException(nameof(n), n, Format($"n (output features) must be at least 1 but is {n}."));
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLength(int length, string name, int rows, string rowsName, int cols, string colsName)
    {
        long need = (long)rows * cols;
        throw new ArgumentException(Format($"{name} has length {length} but {rowsName}·{colsName} = {rows}·{cols} = {need} elements are required."), name);
    }

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Which algorithm a dense-layer product uses (tests force each one).</summary>
internal enum GemmPath
{
    /// <summary>Unpacked where <see cref="Gemm.UseDirectForward"/> / <see cref="Gemm.UseDirectBackward"/> say so, packed otherwise.</summary>
    Auto,

    /// <summary>The packed, register-blocked GEMM.</summary>
    Packed,

    /// <summary>The unpacked kernels of <see cref="GemmSmall"/> (dot products, broadcast tiles).</summary>
    Direct,
}
