using System;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>
/// The three matrix products of a dense layer, row-major. Y = X·Wᵀ + b (forward), dX = dY·W,
/// dW += dYᵀ·X and db += Σ_batch dY (backward).
/// </summary>
/// <remarks>
/// All three run on one register-blocked, cache-blocked GEMM (BLIS style: packed panels, an
/// mr x nr accumulator tile kept in SIMD registers, FMA), using the widest instruction set the
/// machine accelerates (AVX-512, AVX2, SSE/NEON or scalar; chosen once at start-up). Very short
/// batches (m ≤ 4, or ≤ 2 for the weight gradient) use a direct dot/axpy path instead, where packing would cost more than it saves.
/// Outputs must not overlap inputs. Calls allocate nothing once a thread has warmed up. Single-threaded.
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// Batches up to this many rows take the direct (unpacked) path for the forward and input-gradient
    /// products. Measured (Zen 4, k = 784, n = 256): direct wins up to m = 4 (0.055 vs 0.073 ms), loses
    /// from m = 8 (0.12 vs 0.08 ms): the packed path pays a full mr-row tile and an O(k·n) pack.
    /// </summary>
    internal const int DirectMaxRows = 4;

    /// <summary>
    /// The same for the weight gradient, whose packed path packs only cheap contiguous copies:
    /// direct wins at m = 1 (0.016 vs 0.023 ms), ties at m = 2 and loses from m = 4.
    /// </summary>
    internal const int DirectMaxRowsWeights = 2;

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

    internal static unsafe void DenseForward(GemmVariant variant, GemmPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int m, int k, int n)
    {
        CheckSizes(m, k, n);
        CheckLength(x.Length, nameof(x), m, "m", k, "k");
        CheckLength(w.Length, nameof(w), n, "n", k, "k");
        if (!bias.IsEmpty) CheckLength(bias.Length, nameof(bias), n, "n", 1, "1");
        CheckLength(y.Length, nameof(y), m, "m", n, "n");

        if (UseDirect(path, m, DirectMaxRows))
        {
            GemmDirect.Forward(x, w, bias, y, m, k, n);
            return;
        }

        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            // Y[m, n] = A·B with A = X (rows contiguous) and B = Wᵀ: B(p, j) = W[j·k + p].
            Run(variant, m, n, k, px, k, 1, pw, 1, k, py, n, pb, accumulate: false);
        }
    }

    internal static unsafe void DenseBackwardInput(GemmVariant variant, GemmPath path, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int k, int n)
    {
        CheckSizes(m, k, n);
        CheckLength(dy.Length, nameof(dy), m, "m", n, "n");
        CheckLength(w.Length, nameof(w), n, "n", k, "k");
        CheckLength(dx.Length, nameof(dx), m, "m", k, "k");

        if (UseDirect(path, m, DirectMaxRows))
        {
            GemmDirect.BackwardInput(dy, w, dx, m, k, n);
            return;
        }

        fixed (float* pdy = dy, pw = w, pdx = dx)
        {
            // dX[m, k] = A·B with A = dY [m, n] and B = W [n, k], both row-major.
            Run(variant, m, k, n, pdy, n, 1, pw, k, 1, pdx, k, null, accumulate: false);
        }
    }

    internal static unsafe void DenseBackwardWeights(GemmVariant variant, GemmPath path, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int m, int k, int n)
    {
        CheckSizes(m, k, n);
        CheckLength(dy.Length, nameof(dy), m, "m", n, "n");
        CheckLength(x.Length, nameof(x), m, "m", k, "k");
        CheckLength(dw.Length, nameof(dw), n, "n", k, "k");
        if (!db.IsEmpty) CheckLength(db.Length, nameof(db), n, "n", 1, "1");

        if (UseDirect(path, m, DirectMaxRowsWeights))
        {
            GemmDirect.BackwardWeights(dy, x, dw, m, k, n);
        }
        else
        {
            fixed (float* pdy = dy, px = x, pdw = dw)
            {
                // dW[n, k] += A·B with A = dYᵀ: A(j, i) = dY[i·n + j] (columns contiguous) and B = X [m, k].
                Run(variant, n, k, m, pdy, 1, n, px, k, 1, pdw, k, null, accumulate: true);
            }
        }

        if (!db.IsEmpty)
        {
            Span<float> dbn = db.Slice(0, n);
            for (int i = 0; i < m; i++) TensorPrimitives.Add(dbn, dy.Slice(i * n, n), dbn);
        }
    }

    private static bool UseDirect(GemmPath path, int m, int directMaxRows) => path switch
    {
        GemmPath.Direct => true,
        GemmPath.Packed => false,
        _ => m <= directMaxRows,
    };

    private static unsafe void Run(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint brs, nint bcs,
        float* c, nint ldc, float* bias, bool accumulate)
    {
        if (!GemmParallel.TryRun(variant, M, N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate, &RunOnThisThread))
            RunOnThisThread(variant, M, N, K, a, ars, acs, b, brs, bcs, c, ldc, bias, accumulate);
    }

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

    private static void CheckSizes(int m, int k, int n)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, Format($"m (rows) must be at least 1 but is {m}."));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, Format($"k (input features) must be at least 1 but is {k}."));
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, Format($"n (output features) must be at least 1 but is {n}."));
    }

    private static void CheckLength(int length, string name, int rows, string rowsName, int cols, string colsName)
    {
        long need = (long)rows * cols;
        if (length < need)
            throw new ArgumentException(Format($"{name} has length {length} but {rowsName}·{colsName} = {rows}·{cols} = {need} elements are required."), name);
    }

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Which algorithm a dense-layer product uses (tests force each one).</summary>
internal enum GemmPath
{
    /// <summary>Direct for m ≤ <see cref="Gemm.DirectMaxRows"/> (<see cref="Gemm.DirectMaxRowsWeights"/>), packed otherwise.</summary>
    Auto,

    /// <summary>The packed, register-blocked GEMM.</summary>
    Packed,

    /// <summary>Dot / axpy loops over rows, no packing.</summary>
    Direct,
}
