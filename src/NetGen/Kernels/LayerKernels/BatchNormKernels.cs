using System;

namespace NetGen.Kernels;

/// <summary>
/// Batch normalisation over row-major [batch, features] (PyTorch <c>nn.BatchNorm1d(features)</c> on 2-D input).
/// Per-feature statistics are accumulated in double, a block of features at a time walking the rows in memory order.
/// gamma/beta (and dgamma/dbeta) are empty spans when the layer has no affine parameters.
/// In-place use (y = x, dx = dy or dx = x) is allowed; partial overlaps are rejected.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class BatchNormKernels
{
    private const int Block = LayerKernelChecks.FeatureBlock;

    /// <summary>
    /// Training forward: normalises with the batch mean and biased variance, y = (x − μ)/√(σ² + eps)·γ + β, and keeps μ and
    /// 1/√(σ² + eps) in <paramref name="savedMean"/>/<paramref name="savedInvStd"/> for <see cref="BackwardTraining"/>.
    /// When <paramref name="updateRunningStats"/>: running = (1 − f)·running + f·batch statistic, with the UNBIASED variance
    /// (σ²·n/(n − 1)) for runningVar, f = <paramref name="exponentialAverageFactor"/> (momentum, or 1/num_batches_tracked for
    /// PyTorch's momentum=None).
    /// </summary>
    /// <param name="x">Input [batch, features].</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="batch">Rows; must be ≥ 2 (PyTorch refuses a single value per channel in training).</param>
    /// <param name="features">Columns.</param>
    /// <param name="gamma">Scale (length features) or empty.</param>
    /// <param name="beta">Shift (length features) or empty, like gamma.</param>
    /// <param name="savedMean">Receives the batch mean (length features).</param>
    /// <param name="savedInvStd">Receives 1/√(biased var + eps) (length features).</param>
    /// <param name="updateRunningStats">Whether to update the running statistics.</param>
    /// <param name="runningMean">Running mean (length features; may be empty when not updating).</param>
    /// <param name="runningVar">Running variance (length features; may be empty when not updating).</param>
    /// <param name="exponentialAverageFactor">The update factor f in [0, 1].</param>
    /// <param name="eps">Added to the variance; finite, ≥ 0.</param>
    /// <exception cref="ArgumentException">Bad lengths/overlaps/factor/eps, or batch &lt; 2 ("Expected more than 1 value per
    /// channel when training, got input size [batch, features]"); nothing is written then.</exception>
    public static void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, int batch, int features, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> savedMean, Span<float> savedInvStd, bool updateRunningStats, Span<float> runningMean, Span<float> runningVar,
        double exponentialAverageFactor, float eps)
    {
        LayerKernelChecks.Shape(batch, features, x.Length, nameof(x));
        BatchNormChecks.ForwardTraining(x, y, features, nameof(features), gamma, beta, savedMean, savedInvStd, updateRunningStats, runningMean, runningVar,
            exponentialAverageFactor, eps);
        BatchNormChecks.MoreThanOneValue(batch, features);

        bool affine = gamma.Length != 0;
        double n = batch;
        Span<double> scratch = stackalloc double[2 * Block];
        for (int f0 = 0; f0 < features; f0 += Block)
        {
            int nb = Math.Min(Block, features - f0);
            Span<double> mean = scratch.Slice(0, nb), inv = scratch.Slice(Block, nb);
            mean.Clear();
            inv.Clear();
            for (int r = f0; r < x.Length; r += features)
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb);
                for (int j = 0; j < nb; j++) mean[j] += xr[j];
            }
            for (int j = 0; j < nb; j++) mean[j] /= n;
            for (int r = f0; r < x.Length; r += features)   // second pass: Σ(x − μ)², no cancellation
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb);
                for (int j = 0; j < nb; j++) { double d = xr[j] - mean[j]; inv[j] += d * d; }
            }
            for (int j = 0; j < nb; j++)
            {
                int f = f0 + j;
                double var = inv[j] / n;
                inv[j] = 1.0 / Math.Sqrt(var + eps);
                savedMean[f] = (float)mean[j];
                savedInvStd[f] = (float)inv[j];
                if (updateRunningStats)
                {
                    double a = exponentialAverageFactor;
                    runningMean[f] = (float)((1 - a) * runningMean[f] + a * mean[j]);
                    runningVar[f] = (float)((1 - a) * runningVar[f] + a * (var * n / (n - 1)));
                }
            }
            for (int r = f0; r < x.Length; r += features)
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb);
                Span<float> yr = y.Slice(r, nb);
                if (affine)
                {
                    ReadOnlySpan<float> g = gamma.Slice(f0, nb), b = beta.Slice(f0, nb);
                    for (int j = 0; j < nb; j++) yr[j] = (float)((xr[j] - mean[j]) * inv[j] * g[j] + b[j]);
                }
                else
                {
                    for (int j = 0; j < nb; j++) yr[j] = (float)((xr[j] - mean[j]) * inv[j]);
                }
            }
        }
    }

    /// <summary>Evaluation forward with the running statistics: y = (x − runningMean)/√(runningVar + eps)·γ + β.</summary>
    /// <param name="x">Input [batch, features] (batch may be 1 or 0).</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="features">Columns.</param>
    /// <param name="gamma">Scale or empty.</param>
    /// <param name="beta">Shift or empty.</param>
    /// <param name="runningMean">Running mean (length features).</param>
    /// <param name="runningVar">Running variance (length features).</param>
    /// <param name="eps">Added to the variance.</param>
    /// <exception cref="ArgumentException">Bad lengths, overlaps or eps.</exception>
    public static void ForwardInference(ReadOnlySpan<float> x, Span<float> y, int batch, int features, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps)
    {
        LayerKernelChecks.Shape(batch, features, x.Length, nameof(x));
        BatchNormChecks.ForwardInference(x, y, features, nameof(features), gamma, beta, runningMean, runningVar, eps);

        bool affine = gamma.Length != 0;
        Span<double> scratch = stackalloc double[2 * Block];
        for (int f0 = 0; f0 < features; f0 += Block)
        {
            int nb = Math.Min(Block, features - f0);
            Span<double> mean = scratch.Slice(0, nb), scale = scratch.Slice(Block, nb);
            for (int j = 0; j < nb; j++)
            {
                int f = f0 + j;
                mean[j] = runningMean[f];
                scale[j] = (affine ? gamma[f] : 1.0) / Math.Sqrt((double)runningVar[f] + eps);
            }
            for (int r = f0; r < x.Length; r += features)
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb);
                Span<float> yr = y.Slice(r, nb);
                if (affine)
                {
                    ReadOnlySpan<float> b = beta.Slice(f0, nb);
                    for (int j = 0; j < nb; j++) yr[j] = (float)((xr[j] - mean[j]) * scale[j] + b[j]);
                }
                else
                {
                    for (int j = 0; j < nb; j++) yr[j] = (float)((xr[j] - mean[j]) * scale[j]);
                }
            }
        }
    }

    /// <summary>
    /// Exact backward of <see cref="ForwardTraining"/> through the batch mean and variance:
    /// dx = (invStd/N)·(N·dŷ − Σdŷ − x̂·Σ(dŷ·x̂)) with x̂ = (x − savedMean)·savedInvStd and dŷ = dy·γ (γ = 1 when empty).
    /// Overwrites <paramref name="dx"/>; ACCUMULATES dgamma += Σ dy·x̂ and dbeta += Σ dy (skipped when empty).
    /// </summary>
    /// <param name="x">The forward input.</param>
    /// <param name="dy">Gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="batch">Rows (≥ 1).</param>
    /// <param name="features">Columns.</param>
    /// <param name="gamma">Scale or empty.</param>
    /// <param name="dgamma">Accumulates the gamma gradient (empty with gamma).</param>
    /// <param name="dbeta">Accumulates the beta gradient (empty with gamma).</param>
    /// <param name="savedMean">The forward's saved mean.</param>
    /// <param name="savedInvStd">The forward's saved 1/√(var + eps).</param>
    /// <exception cref="ArgumentException">Bad lengths or overlaps.</exception>
    public static void BackwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int features, ReadOnlySpan<float> gamma,
        Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd)
    {
        LayerKernelChecks.Shape(batch, features, x.Length, nameof(x));
        BatchNormChecks.Backward(x, dy, dx, features, nameof(features), gamma, dgamma, dbeta);
        BatchNormChecks.Statistics(dx, savedMean, savedInvStd, features, nameof(features), nameof(savedMean), nameof(savedInvStd));

        bool affine = gamma.Length != 0;
        double n = batch;
        Span<double> scratch = stackalloc double[4 * Block];
        for (int f0 = 0; f0 < features; f0 += Block)
        {
            int nb = Math.Min(Block, features - f0);
            Span<double> mean = scratch.Slice(0, nb), inv = scratch.Slice(Block, nb);
            Span<double> sdy = scratch.Slice(2 * Block, nb), sdyx = scratch.Slice(3 * Block, nb);
            for (int j = 0; j < nb; j++) { mean[j] = savedMean[f0 + j]; inv[j] = savedInvStd[f0 + j]; }
            sdy.Clear();
            sdyx.Clear();
            for (int r = f0; r < x.Length; r += features)
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb), gr = dy.Slice(r, nb);
                for (int j = 0; j < nb; j++)
                {
                    double g = gr[j];
                    sdy[j] += g;
                    sdyx[j] += g * ((xr[j] - mean[j]) * inv[j]);
                }
            }
            if (affine)
            {
                Span<float> dg = dgamma.Slice(f0, nb), db = dbeta.Slice(f0, nb);
                for (int j = 0; j < nb; j++) { dg[j] = (float)(dg[j] + sdyx[j]); db[j] = (float)(db[j] + sdy[j]); }
            }
            // dx = γ·invStd/N·(N·dy − Σdy − x̂·Σ(dy·x̂)): fold the constants per feature; reuse sdy/sdyx as mean terms.
            for (int j = 0; j < nb; j++)
            {
                double k = (affine ? gamma[f0 + j] : 1.0) * inv[j];
                sdy[j] /= n;
                sdyx[j] /= n;
                inv[j] = k;   // inv now holds γ·invStd; x̂ below uses savedInvStd directly
            }
            ReadOnlySpan<float> invStd = savedInvStd.Slice(f0, nb);
            for (int r = f0; r < x.Length; r += features)
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb), gr = dy.Slice(r, nb);
                Span<float> dxr = dx.Slice(r, nb);
                for (int j = 0; j < nb; j++)
                {
                    double xhat = (xr[j] - mean[j]) * invStd[j];
                    dxr[j] = (float)(inv[j] * (gr[j] - sdy[j] - xhat * sdyx[j]));
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="ForwardInference"/> (the running statistics are constants): dx = dy·γ/√(runningVar + eps);
    /// ACCUMULATES dgamma += Σ dy·x̂ with x̂ = (x − runningMean)/√(runningVar + eps), and dbeta += Σ dy.
    /// </summary>
    /// <param name="x">The forward input.</param>
    /// <param name="dy">Gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="features">Columns.</param>
    /// <param name="gamma">Scale or empty.</param>
    /// <param name="dgamma">Accumulates the gamma gradient (empty with gamma).</param>
    /// <param name="dbeta">Accumulates the beta gradient (empty with gamma).</param>
    /// <param name="runningMean">Running mean used by the forward.</param>
    /// <param name="runningVar">Running variance used by the forward.</param>
    /// <param name="eps">The forward's eps.</param>
    /// <exception cref="ArgumentException">Bad lengths, overlaps or eps.</exception>
    public static void BackwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int features, ReadOnlySpan<float> gamma,
        Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps)
    {
        LayerKernelChecks.Shape(batch, features, x.Length, nameof(x));
        BatchNormChecks.Backward(x, dy, dx, features, nameof(features), gamma, dgamma, dbeta);
        BatchNormChecks.Statistics(dx, runningMean, runningVar, features, nameof(features), nameof(runningMean), nameof(runningVar));
        LayerKernelChecks.Eps(eps);

        bool affine = gamma.Length != 0;
        Span<double> scratch = stackalloc double[4 * Block];
        for (int f0 = 0; f0 < features; f0 += Block)
        {
            int nb = Math.Min(Block, features - f0);
            Span<double> mean = scratch.Slice(0, nb), inv = scratch.Slice(Block, nb);
            Span<double> sdy = scratch.Slice(2 * Block, nb), sdyx = scratch.Slice(3 * Block, nb);
            for (int j = 0; j < nb; j++)
            {
                mean[j] = runningMean[f0 + j];
                inv[j] = 1.0 / Math.Sqrt((double)runningVar[f0 + j] + eps);
            }
            sdy.Clear();
            sdyx.Clear();
            for (int r = f0; r < x.Length; r += features)
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb), gr = dy.Slice(r, nb);
                Span<float> dxr = dx.Slice(r, nb);
                for (int j = 0; j < nb; j++)
                {
                    double g = gr[j];
                    sdy[j] += g;
                    sdyx[j] += g * ((xr[j] - mean[j]) * inv[j]);
                    dxr[j] = (float)(g * (affine ? gamma[f0 + j] : 1.0) * inv[j]);
                }
            }
            if (affine)
            {
                Span<float> dg = dgamma.Slice(f0, nb), db = dbeta.Slice(f0, nb);
                for (int j = 0; j < nb; j++) { dg[j] = (float)(dg[j] + sdyx[j]); db[j] = (float)(db[j] + sdy[j]); }
            }
        }
    }
}
