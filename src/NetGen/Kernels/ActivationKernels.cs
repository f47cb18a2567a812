using System;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>
/// Activation functions and their exact derivatives over spans, with PyTorch's definitions and derivative
/// conventions. Forward: (x, y). Backward: (x, y, dy, dx) where x is the forward input, y the forward output,
/// dy = dLoss/dy and the result dx = dLoss/dx is written to <c>dx</c>; each function reads what it needs of x
/// and y (a span it does not read may be empty). Softmax and LogSoftmax work per row of <c>features</c> elements.
/// An output may be exactly the same memory as an input (in-place use) but must not partially overlap one.
/// Nothing is allocated.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class ActivationKernels
{
    /// <summary>SELU's alpha, as PyTorch.</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>SELU's scale, as PyTorch.</summary>
    public const double SeluScale = 1.0507009873554804934193349852946;

    private const int ChunkSize = 512; // stack scratch (2 KB) for the two-pass kernels

    // ------------------------------------------------------------------ Sigmoid / Tanh

    /// <summary>y = 1 / (1 + e^−x) (TensorPrimitives.Sigmoid).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckForward(x, y);
        if (x.Length != 0) TensorPrimitives.Sigmoid(x, y); // TensorPrimitives.Sigmoid rejects empty spans
    }

    /// <summary>dx = dy·y·(1 − y). Reads y.</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        => SigmoidBackward(x, y, dy, dx, SimdDriver.Best);

    internal static void SigmoidBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: false, readsY: true);
        SimdDriver.Map(new SigmoidBackwardOp(), y, dy, dx, width);
    }

    /// <summary>y = tanh(x), relatively accurate down to tiny |x| (via an accurate expm1).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Tanh(x, y, SimdDriver.Best);

    internal static void Tanh(ReadOnlySpan<float> x, Span<float> y, SimdWidth width)
    {
        CheckForward(x, y);
        SimdDriver.Map(new TanhOp(), x, y, width);
    }

    /// <summary>dx = dy·(1 − y²). Reads y.</summary>
    public static void TanhBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        => TanhBackward(x, y, dy, dx, SimdDriver.Best);

    internal static void TanhBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: false, readsY: true);
        SimdDriver.Map(new TanhBackwardOp(), y, dy, dx, width);
    }

    // ------------------------------------------------------------------ ReLU / LeakyReLU

    /// <summary>y = max(0, x) (NaN propagates, as PyTorch).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => Relu(x, y, SimdDriver.Best);

    internal static void Relu(ReadOnlySpan<float> x, Span<float> y, SimdWidth width)
    {
        CheckForward(x, y);
        SimdDriver.Map(new ReluOp(), x, y, width);
    }

    /// <summary>dx = dy where x &gt; 0, else 0 (PyTorch's derivative at 0 is 0). Reads x.</summary>
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        => ReluBackward(x, y, dy, dx, SimdDriver.Best);

    internal static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: true, readsY: false);
        SimdDriver.Map(new ReluBackwardOp(), x, dy, dx, width);
    }

    /// <summary>y = x for x &gt; 0, else negativeSlope·x (PyTorch default slope 0.01).</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float negativeSlope) => LeakyRelu(x, y, negativeSlope, SimdDriver.Best);

    internal static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float negativeSlope, SimdWidth width)
    {
        CheckForward(x, y);
        CheckFinite(negativeSlope, nameof(negativeSlope));
        SimdDriver.Map(new LeakyReluOp(negativeSlope), x, y, width);
    }

    /// <summary>dx = dy for x &gt; 0, else negativeSlope·dy (at 0 the slope branch, as PyTorch). Reads x.</summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float negativeSlope)
        => LeakyReluBackward(x, y, dy, dx, negativeSlope, SimdDriver.Best);

    internal static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float negativeSlope, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: true, readsY: false);
        CheckFinite(negativeSlope, nameof(negativeSlope));
        SimdDriver.Map(new LeakyReluBackwardOp(negativeSlope), x, dy, dx, width);
    }

    // ------------------------------------------------------------------ ELU / SELU

    /// <summary>y = x for x &gt; 0, else alpha·(e^x − 1) (computed as an accurate expm1; PyTorch default alpha 1).</summary>
    public static void Elu(ReadOnlySpan<float> x, Span<float> y, float alpha) => Elu(x, y, alpha, SimdDriver.Best);

    internal static void Elu(ReadOnlySpan<float> x, Span<float> y, float alpha, SimdWidth width)
    {
        CheckForward(x, y);
        CheckFinite(alpha, nameof(alpha));
        SimdDriver.Map(new EluOp(alpha, 1f), x, y, width);
    }

    /// <summary>dx = dy for x &gt; 0, else dy·alpha·e^x (PyTorch uses the exponential branch for x ≤ 0). Reads x.</summary>
    public static void EluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float alpha)
        => EluBackward(x, y, dy, dx, alpha, SimdDriver.Best);

    internal static void EluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float alpha, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: true, readsY: false);
        CheckFinite(alpha, nameof(alpha));
        SimdDriver.Map(new EluBackwardOp(alpha, 1f), x, dy, dx, width);
    }

    /// <summary>y = scale·x for x &gt; 0, else scale·alpha·(e^x − 1), with <see cref="SeluAlpha"/> and <see cref="SeluScale"/>.</summary>
    public static void Selu(ReadOnlySpan<float> x, Span<float> y) => Selu(x, y, SimdDriver.Best);

    internal static void Selu(ReadOnlySpan<float> x, Span<float> y, SimdWidth width)
    {
        CheckForward(x, y);
        SimdDriver.Map(new EluOp((float)SeluAlpha, (float)SeluScale), x, y, width);
    }

    /// <summary>dx = dy·scale for x &gt; 0, else dy·scale·alpha·e^x. Reads x.</summary>
    public static void SeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        => SeluBackward(x, y, dy, dx, SimdDriver.Best);

    internal static void SeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: true, readsY: false);
        SimdDriver.Map(new EluBackwardOp((float)SeluAlpha, (float)SeluScale), x, dy, dx, width);
    }

    // ------------------------------------------------------------------ GELU (exact erf form)

    /// <summary>y = x·Φ(x), Φ the standard normal CDF (PyTorch's approximate='none'); computed in double.</summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckForward(x, y);
        for (int i = 0; i < y.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(v * NormalCdf(v));
        }
    }

    /// <summary>dx = dy·(Φ(x) + x·φ(x)), φ the standard normal density; computed in double. Reads x.</summary>
    public static void GeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckBackward(x, y, dy, dx, readsX: true, readsY: false);
        for (int i = 0; i < dx.Length; i++)
        {
            double v = x[i];
            dx[i] = (float)(dy[i] * (NormalCdf(v) + v * NormalPdf(v)));
        }
    }

    // ------------------------------------------------------------------ SiLU

    /// <summary>y = x·σ(x).</summary>
    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => Silu(x, y, SimdDriver.Best);

    internal static void Silu(ReadOnlySpan<float> x, Span<float> y, SimdWidth width)
    {
        CheckForward(x, y);
        Span<float> s = stackalloc float[ChunkSize];
        for (int start = 0; start < y.Length; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, y.Length - start);
            ReadOnlySpan<float> xc = x.Slice(start, n);
            Span<float> sc = s.Slice(0, n);
            TensorPrimitives.Sigmoid(xc, sc);
            SimdDriver.Map(new MultiplyOp(), xc, sc, y.Slice(start, n), width);
        }
    }

    /// <summary>dx = dy·σ(x)·(1 + x·(1 − σ(x))). Reads x.</summary>
    public static void SiluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        => SiluBackward(x, y, dy, dx, SimdDriver.Best);

    internal static void SiluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: true, readsY: false);
        Span<float> s = stackalloc float[ChunkSize];
        for (int start = 0; start < dx.Length; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, dx.Length - start);
            ReadOnlySpan<float> xc = x.Slice(start, n);
            Span<float> sc = s.Slice(0, n);
            TensorPrimitives.Sigmoid(xc, sc);
            SimdDriver.Map(new SiluBackwardOp(), xc, sc, dy.Slice(start, n), dx.Slice(start, n), width);
        }
    }

    // ------------------------------------------------------------------ Softplus

    /// <summary>
    /// y = log(1 + e^(beta·x)) / beta, and y = x where beta·x &gt; threshold (PyTorch defaults beta 1, threshold 20).
    /// Computed in double as max(t, 0) + log1p(e^−|t|), t = beta·x, so it neither overflows nor loses tiny values.
    /// </summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y, float beta, float threshold)
    {
        CheckForward(x, y);
        CheckSoftplus(beta, threshold);
        double b = beta;
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            if (v * beta > threshold) { y[i] = v; continue; }
            double t = b * v;
            y[i] = (float)((Math.Max(t, 0.0) + Log1p(Math.Exp(-Math.Abs(t)))) / b);
        }
    }

    /// <summary>dx = dy·σ(beta·x), and dx = dy where beta·x &gt; threshold. Reads x.</summary>
    public static void SoftplusBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float beta, float threshold)
        => SoftplusBackward(x, y, dy, dx, beta, threshold, SimdDriver.Best);

    internal static void SoftplusBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float beta, float threshold, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: true, readsY: false);
        CheckSoftplus(beta, threshold);
        Span<float> s = stackalloc float[ChunkSize];
        for (int start = 0; start < dx.Length; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, dx.Length - start);
            ReadOnlySpan<float> xc = x.Slice(start, n);
            Span<float> sc = s.Slice(0, n);
            TensorPrimitives.Multiply(xc, beta, sc);
            TensorPrimitives.Sigmoid(sc, sc);
            SimdDriver.Map(new SoftplusBackwardOp(beta, threshold), xc, sc, dy.Slice(start, n), dx.Slice(start, n), width);
        }
    }

    // ------------------------------------------------------------------ Softmax / LogSoftmax (per row)

    /// <summary>Per row of <paramref name="features"/> elements: y = e^(x − max) / Σ e^(x − max).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int features) => Softmax(x, y, features, SimdDriver.Best);

    internal static void Softmax(ReadOnlySpan<float> x, Span<float> y, int features, SimdWidth width)
    {
        CheckForward(x, y);
        CheckFeatures(x.Length, features);
        for (int start = 0; start < y.Length; start += features)
        {
            ReadOnlySpan<float> xr = x.Slice(start, features);
            Span<float> yr = y.Slice(start, features);
            float max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            SimdDriver.Map(new ExpNonPositiveOp(), yr, yr, width);
            float sum = TensorPrimitives.Sum(yr);
            TensorPrimitives.Divide(yr, sum, yr);
        }
    }

    /// <summary>Per row: dx = y ⊙ (dy − Σ dy ⊙ y). Reads y.</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int features)
        => SoftmaxBackward(x, y, dy, dx, features, SimdDriver.Best);

    internal static void SoftmaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int features, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: false, readsY: true);
        CheckFeatures(dx.Length, features);
        for (int start = 0; start < dx.Length; start += features)
        {
            ReadOnlySpan<float> yr = y.Slice(start, features), dyr = dy.Slice(start, features);
            float s = TensorPrimitives.Dot(dyr, yr);
            SimdDriver.Map(new SoftmaxBackwardOp(s), yr, dyr, dx.Slice(start, features), width);
        }
    }

    /// <summary>
    /// Per row of <paramref name="features"/> elements: y = (x − max) − log Σ e^(x − max), the sum accumulated in
    /// double so that log Σ keeps its relative accuracy when it is close to 0.
    /// </summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, int features) => LogSoftmax(x, y, features, SimdDriver.Best);

    internal static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, int features, SimdWidth width)
    {
        CheckForward(x, y);
        CheckFeatures(x.Length, features);
        Span<float> scratch = stackalloc float[ChunkSize];
        for (int start = 0; start < y.Length; start += features)
        {
            ReadOnlySpan<float> xr = x.Slice(start, features);
            Span<float> yr = y.Slice(start, features);
            float max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            double sum = 0;
            for (int c = 0; c < features; c += ChunkSize)
            {
                int n = Math.Min(ChunkSize, features - c);
                Span<float> e = scratch.Slice(0, n);
                SimdDriver.Map(new ExpNonPositiveOp(), yr.Slice(c, n), e, width);
                for (int j = 0; j < e.Length; j++) sum += e[j];
            }
            TensorPrimitives.Subtract(yr, (float)Math.Log(sum), yr);
        }
    }

    /// <summary>Per row: dx = dy − e^y · Σ dy. Reads y.</summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int features)
        => LogSoftmaxBackward(x, y, dy, dx, features, SimdDriver.Best);

    internal static void LogSoftmaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int features, SimdWidth width)
    {
        CheckBackward(x, y, dy, dx, readsX: false, readsY: true);
        CheckFeatures(dx.Length, features);
        for (int start = 0; start < dx.Length; start += features)
        {
            ReadOnlySpan<float> yr = y.Slice(start, features), dyr = dy.Slice(start, features);
            float s = TensorPrimitives.Sum(dyr);
            SimdDriver.Map(new LogSoftmaxBackwardOp(s), yr, dyr, dx.Slice(start, features), width);
        }
    }
}
