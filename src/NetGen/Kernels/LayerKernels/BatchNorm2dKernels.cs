using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// Batch normalisation of feature maps (PyTorch <c>nn.BatchNorm2d(channels)</c>) over row-major NCHW,
/// x[n][c][h][w] with <c>spatial</c> = H·W: each channel is normalised with the statistics of its N·H·W values, which
/// lie in <c>batch</c> contiguous planes of <c>spatial</c> floats. Statistics are accumulated in double and the
/// element-wise passes are computed in double (widened vectors) and rounded once, so every SIMD width gives the same
/// value to within the order of the sums. Same contract as <see cref="BatchNormKernels"/> with n = N·H·W.
/// gamma/beta (and dgamma/dbeta) are empty spans when the layer has no affine parameters.
/// In-place use (y = x, dx = dy or dx = x) is allowed; partial overlaps are rejected.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class BatchNorm2dKernels
{
    /// <summary>
    /// Training forward: normalises each channel with its batch mean and biased variance over N·H·W values,
    /// y = (x − μ)/√(σ² + eps)·γ + β, and keeps μ and 1/√(σ² + eps) in <paramref name="savedMean"/>/<paramref name="savedInvStd"/>
    /// for <c>BackwardTraining</c>. When <paramref name="updateRunningStats"/>: running = (1 − f)·running + f·batch
    /// statistic, with the UNBIASED variance (σ²·n/(n − 1), n = N·H·W) for runningVar, f = <paramref name="exponentialAverageFactor"/>
    /// (momentum, or 1/num_batches_tracked for PyTorch's momentum=None).
    /// </summary>
    /// <param name="x">Input [batch, channels, H, W].</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="batch">Samples N.</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="spatial">Values per plane, H·W; batch·spatial must be ≥ 2 (PyTorch refuses a single value per channel in training).</param>
    /// <param name="gamma">Scale (length channels) or empty.</param>
    /// <param name="beta">Shift (length channels) or empty, like gamma.</param>
    /// <param name="savedMean">Receives the batch mean (length channels).</param>
    /// <param name="savedInvStd">Receives 1/√(biased var + eps) (length channels).</param>
    /// <param name="updateRunningStats">Whether to update the running statistics.</param>
    /// <param name="runningMean">Running mean (length channels; may be empty when not updating).</param>
    /// <param name="runningVar">Running variance (length channels; may be empty when not updating).</param>
    /// <param name="exponentialAverageFactor">The update factor f in [0, 1].</param>
    /// <param name="eps">Added to the variance; finite, ≥ 0.</param>
    /// <exception cref="ArgumentException">Bad sizes/lengths/overlaps/factor/eps, or batch·spatial &lt; 2 ("Expected more than 1 value
    /// per channel when training, got input size [batch, channels, H·W]"); nothing is written then.</exception>
    public static void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int spatial, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, Span<float> savedMean, Span<float> savedInvStd, bool updateRunningStats, Span<float> runningMean,
        Span<float> runningVar, double exponentialAverageFactor, float eps)
        => ForwardTraining(x, y, batch, channels, spatial, gamma, beta, savedMean, savedInvStd, updateRunningStats, runningMean, runningVar,
            exponentialAverageFactor, eps, SimdDriver.Best);

    internal static void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int spatial, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, Span<float> savedMean, Span<float> savedInvStd, bool updateRunningStats, Span<float> runningMean,
        Span<float> runningVar, double exponentialAverageFactor, float eps, SimdWidth width)
    {
        LayerKernelChecks.Planes(batch, channels, spatial, x.Length, nameof(x));
        BatchNormChecks.ForwardTraining(x, y, channels, nameof(channels), gamma, beta, savedMean, savedInvStd, updateRunningStats, runningMean, runningVar,
            exponentialAverageFactor, eps);
        BatchNormChecks.MoreThanOneValue(batch, channels, spatial);

        double n = (double)batch * spatial;
        int stride = channels * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int p = c * spatial; p < x.Length; p += stride)
                sum += WideningSum.Sum(new PlainTerm(), x.Slice(p, spatial), x.Slice(p, spatial), width);
            double mean = sum / n;
            double squares = 0;   // second pass: Σ(x − μ)², no cancellation
            for (int p = c * spatial; p < x.Length; p += stride)
                squares += WideningSum.Sum(new SquaredDeviationTerm(mean), x.Slice(p, spatial), x.Slice(p, spatial), width);
            double variance = squares / n;
            double invStd = 1.0 / Math.Sqrt(variance + eps);
            savedMean[c] = (float)mean;
            savedInvStd[c] = (float)invStd;
            if (updateRunningStats)
            {
                double a = exponentialAverageFactor;
                runningMean[c] = (float)((1 - a) * runningMean[c] + a * mean);
                runningVar[c] = (float)((1 - a) * runningVar[c] + a * (variance * n / (n - 1)));
            }
            var normalize = new NormalizeOp(mean, gamma.Length != 0 ? gamma[c] * invStd : invStd, beta.Length != 0 ? beta[c] : 0.0);
            for (int p = c * spatial; p < x.Length; p += stride)
                SimdDriver.Map(normalize, x.Slice(p, spatial), y.Slice(p, spatial), width);
        }
    }

    /// <summary>Evaluation forward with the running statistics: y = (x − runningMean)/√(runningVar + eps)·γ + β per channel.</summary>
    /// <param name="x">Input [batch, channels, H, W] (batch may be 1 or 0).</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="batch">Samples N.</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="spatial">Values per plane, H·W.</param>
    /// <param name="gamma">Scale or empty.</param>
    /// <param name="beta">Shift or empty.</param>
    /// <param name="runningMean">Running mean (length channels).</param>
    /// <param name="runningVar">Running variance (length channels).</param>
    /// <param name="eps">Added to the variance.</param>
    /// <exception cref="ArgumentException">Bad sizes, lengths, overlaps or eps; nothing is written then.</exception>
    public static void ForwardInference(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int spatial, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps)
        => ForwardInference(x, y, batch, channels, spatial, gamma, beta, runningMean, runningVar, eps, SimdDriver.Best);

    internal static void ForwardInference(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int spatial, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps, SimdWidth width)
    {
        LayerKernelChecks.Planes(batch, channels, spatial, x.Length, nameof(x));
        BatchNormChecks.ForwardInference(x, y, channels, nameof(channels), gamma, beta, runningMean, runningVar, eps);

        int stride = channels * spatial;
        for (int c = 0; c < channels; c++)
        {
            double scale = (gamma.Length != 0 ? gamma[c] : 1.0) / Math.Sqrt((double)runningVar[c] + eps);
            var normalize = new NormalizeOp(runningMean[c], scale, beta.Length != 0 ? beta[c] : 0.0);
            for (int p = c * spatial; p < x.Length; p += stride)
                SimdDriver.Map(normalize, x.Slice(p, spatial), y.Slice(p, spatial), width);
        }
    }

    /// <summary>
    /// Exact backward of <c>ForwardTraining</c> through the batch mean and variance, per channel over n = N·H·W values:
    /// dx = (invStd/n)·(n·dŷ − Σdŷ − x̂·Σ(dŷ·x̂)) with x̂ = (x − savedMean)·savedInvStd and dŷ = dy·γ (γ = 1 when empty).
    /// Overwrites <paramref name="dx"/>; ACCUMULATES dgamma += Σ dy·x̂ and dbeta += Σ dy (skipped when empty).
    /// </summary>
    /// <param name="x">The forward input.</param>
    /// <param name="dy">Gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="batch">Samples N (batch·spatial ≥ 1).</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="spatial">Values per plane, H·W.</param>
    /// <param name="gamma">Scale or empty.</param>
    /// <param name="dgamma">Accumulates the gamma gradient (empty with gamma).</param>
    /// <param name="dbeta">Accumulates the beta gradient (empty with gamma).</param>
    /// <param name="savedMean">The forward's saved mean.</param>
    /// <param name="savedInvStd">The forward's saved 1/√(var + eps).</param>
    /// <exception cref="ArgumentException">Bad sizes, lengths or overlaps; nothing is written then.</exception>
    public static void BackwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int channels, int spatial,
        ReadOnlySpan<float> gamma, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd)
        => BackwardTraining(x, dy, dx, batch, channels, spatial, gamma, dgamma, dbeta, savedMean, savedInvStd, SimdDriver.Best);

    internal static void BackwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int channels, int spatial,
        ReadOnlySpan<float> gamma, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd, SimdWidth width)
    {
        LayerKernelChecks.Planes(batch, channels, spatial, x.Length, nameof(x));
        BatchNormChecks.Backward(x, dy, dx, channels, nameof(channels), gamma, dgamma, dbeta);
        BatchNormChecks.Statistics(dx, savedMean, savedInvStd, channels, nameof(channels), nameof(savedMean), nameof(savedInvStd));

        bool affine = gamma.Length != 0;
        double n = (double)batch * spatial;
        int stride = channels * spatial;
        for (int c = 0; c < channels; c++)
        {
            double mean = savedMean[c], invStd = savedInvStd[c];
            (double sumDy, double sumDyXhat) = GradientSums(x, dy, c, spatial, stride, mean, invStd, width);
            if (affine)
            {
                dgamma[c] = (float)(dgamma[c] + sumDyXhat);
                dbeta[c] = (float)(dbeta[c] + sumDy);
            }
            // dx = k·(dy − Σdy/n − x̂·Σ(dy·x̂)/n) with k = γ·invStd, as a·dy + b·(x − μ) + c0 per channel.
            double k = (affine ? gamma[c] : 1.0) * invStd;
            var backward = new CentredLinearOp(k, -k * invStd * (sumDyXhat / n), mean, -k * (sumDy / n));
            for (int p = c * spatial; p < x.Length; p += stride)
                SimdDriver.Map(backward, dy.Slice(p, spatial), x.Slice(p, spatial), dx.Slice(p, spatial), width);
        }
    }

    /// <summary>
    /// Backward of <c>ForwardInference</c> (the running statistics are constants): dx = dy·γ/√(runningVar + eps);
    /// ACCUMULATES dgamma += Σ dy·x̂ with x̂ = (x − runningMean)/√(runningVar + eps), and dbeta += Σ dy, over N·H·W per channel.
    /// </summary>
    /// <param name="x">The forward input.</param>
    /// <param name="dy">Gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="batch">Samples N.</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="spatial">Values per plane, H·W.</param>
    /// <param name="gamma">Scale or empty.</param>
    /// <param name="dgamma">Accumulates the gamma gradient (empty with gamma).</param>
    /// <param name="dbeta">Accumulates the beta gradient (empty with gamma).</param>
    /// <param name="runningMean">Running mean used by the forward.</param>
    /// <param name="runningVar">Running variance used by the forward.</param>
    /// <param name="eps">The forward's eps.</param>
    /// <exception cref="ArgumentException">Bad sizes, lengths, overlaps or eps; nothing is written then.</exception>
    public static void BackwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int channels, int spatial,
        ReadOnlySpan<float> gamma, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps)
        => BackwardInference(x, dy, dx, batch, channels, spatial, gamma, dgamma, dbeta, runningMean, runningVar, eps, SimdDriver.Best);

    internal static void BackwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int channels, int spatial,
        ReadOnlySpan<float> gamma, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps,
        SimdWidth width)
    {
        LayerKernelChecks.Planes(batch, channels, spatial, x.Length, nameof(x));
        BatchNormChecks.Backward(x, dy, dx, channels, nameof(channels), gamma, dgamma, dbeta);
        BatchNormChecks.Statistics(dx, runningMean, runningVar, channels, nameof(channels), nameof(runningMean), nameof(runningVar));
        LayerKernelChecks.Eps(eps);

        bool affine = gamma.Length != 0;
        int stride = channels * spatial;
        for (int c = 0; c < channels; c++)
        {
            double mean = runningMean[c], invStd = 1.0 / Math.Sqrt((double)runningVar[c] + eps);
            if (affine)   // before dx is written: dx may be dy
            {
                (double sumDy, double sumDyXhat) = GradientSums(x, dy, c, spatial, stride, mean, invStd, width);
                dgamma[c] = (float)(dgamma[c] + sumDyXhat);
                dbeta[c] = (float)(dbeta[c] + sumDy);
            }
            var scale = new NormalizeOp(0.0, (affine ? gamma[c] : 1.0) * invStd, 0.0);
            for (int p = c * spatial; p < x.Length; p += stride)
                SimdDriver.Map(scale, dy.Slice(p, spatial), dx.Slice(p, spatial), width);
        }
    }

    /// <summary>Σ dy and Σ dy·x̂ over channel <paramref name="c"/>'s planes, x̂ = (x − mean)·invStd.</summary>
    private static (double SumDy, double SumDyXhat) GradientSums(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int c, int spatial, int stride,
        double mean, double invStd, SimdWidth width)
    {
        double sumDy = 0, sumDyCentred = 0;
        for (int p = c * spatial; p < x.Length; p += stride)
        {
            ReadOnlySpan<float> g = dy.Slice(p, spatial), xp = x.Slice(p, spatial);
            sumDy += WideningSum.Sum(new PlainTerm(), g, g, width);
            sumDyCentred += WideningSum.Sum(new CentredProductTerm(mean), g, xp, width);
        }
        return (sumDy, sumDyCentred * invStd);
    }

    /// <summary>y = (x − mean)·scale + shift in double, rounded once to float.</summary>
    private readonly struct NormalizeOp(double mean, double scale, double shift) : IUnaryOp
    {
        private readonly double _mean = mean, _scale = scale, _shift = shift;

        public float Invoke(float a) => (float)((a - _mean) * _scale + _shift);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Invoke(Vector128<float> a)
        {
            (Vector128<double> lo, Vector128<double> hi) = Vector128.Widen(a);
            Vector128<double> m = Vector128.Create(_mean), s = Vector128.Create(_scale), b = Vector128.Create(_shift);
            return Vector128.Narrow((lo - m) * s + b, (hi - m) * s + b);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Invoke(Vector256<float> a)
        {
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(a);
            Vector256<double> m = Vector256.Create(_mean), s = Vector256.Create(_scale), b = Vector256.Create(_shift);
            return Vector256.Narrow((lo - m) * s + b, (hi - m) * s + b);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(Vector512<float> a)
        {
            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(a);
            Vector512<double> m = Vector512.Create(_mean), s = Vector512.Create(_scale), b = Vector512.Create(_shift);
            return Vector512.Narrow((lo - m) * s + b, (hi - m) * s + b);
        }
    }

    /// <summary>(dy, x) → a·dy + b·(x − mean) + c in double, rounded once to float.</summary>
    private readonly struct CentredLinearOp(double a, double b, double mean, double c) : IBinaryOp
    {
        private readonly double _a = a, _b = b, _mean = mean, _c = c;

        public float Invoke(float dy, float x) => (float)(_a * dy + _b * (x - _mean) + _c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Invoke(Vector128<float> dy, Vector128<float> x)
        {
            (Vector128<double> gl, Vector128<double> gh) = Vector128.Widen(dy);
            (Vector128<double> xl, Vector128<double> xh) = Vector128.Widen(x);
            Vector128<double> a = Vector128.Create(_a), b = Vector128.Create(_b), m = Vector128.Create(_mean), c = Vector128.Create(_c);
            return Vector128.Narrow(a * gl + b * (xl - m) + c, a * gh + b * (xh - m) + c);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Invoke(Vector256<float> dy, Vector256<float> x)
        {
            (Vector256<double> gl, Vector256<double> gh) = Vector256.Widen(dy);
            (Vector256<double> xl, Vector256<double> xh) = Vector256.Widen(x);
            Vector256<double> a = Vector256.Create(_a), b = Vector256.Create(_b), m = Vector256.Create(_mean), c = Vector256.Create(_c);
            return Vector256.Narrow(a * gl + b * (xl - m) + c, a * gh + b * (xh - m) + c);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(Vector512<float> dy, Vector512<float> x)
        {
            (Vector512<double> gl, Vector512<double> gh) = Vector512.Widen(dy);
            (Vector512<double> xl, Vector512<double> xh) = Vector512.Widen(x);
            Vector512<double> a = Vector512.Create(_a), b = Vector512.Create(_b), m = Vector512.Create(_mean), c = Vector512.Create(_c);
            return Vector512.Narrow(a * gl + b * (xl - m) + c, a * gh + b * (xh - m) + c);
        }
    }
}
