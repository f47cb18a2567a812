using System;

namespace NetGen.Kernels;

/// <summary>
/// Layer normalisation over the last dimension of row-major [batch, features] (PyTorch <c>nn.LayerNorm(features)</c>):
/// each row is normalised with its own mean and biased variance (accumulated in double), so it works at batch 1 and in
/// training and evaluation alike. gamma/beta (and dgamma/dbeta) are empty when elementwise_affine = false.
/// In-place use (y = x, dx = dy or dx = x) is allowed; partial overlaps are rejected.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class LayerNormKernels
{
    /// <summary>y = (x − μ_row)/√(σ²_row + eps)·γ + β; keeps μ_row and 1/√(σ²_row + eps) (length batch) for <see cref="Backward"/>.</summary>
    /// <param name="x">Input [batch, features].</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="features">Columns (the normalised dimension).</param>
    /// <param name="gamma">Per-feature scale or empty.</param>
    /// <param name="beta">Per-feature shift or empty, like gamma.</param>
    /// <param name="savedMean">Receives each row's mean (length batch).</param>
    /// <param name="savedInvStd">Receives each row's 1/√(var + eps) (length batch).</param>
    /// <param name="eps">Added to the variance; finite, ≥ 0.</param>
    /// <exception cref="ArgumentException">Bad lengths, overlaps or eps.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int features, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> savedMean, Span<float> savedInvStd, float eps)
    {
        LayerKernelChecks.Shape(batch, features, x.Length, nameof(x));
        LayerKernelChecks.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        LayerKernelChecks.Affine(gamma.Length, beta.Length, features, nameof(gamma), nameof(beta));
        LayerKernelChecks.Length(savedMean.Length, batch, nameof(savedMean), "batch");
        LayerKernelChecks.Length(savedInvStd.Length, batch, nameof(savedInvStd), "batch");
        LayerKernelChecks.Eps(eps);
        LayerKernelChecks.NoPartialOverlap(x, y, nameof(x), nameof(y));
        LayerKernelChecks.NoOverlap(gamma, y, nameof(gamma), nameof(y));
        LayerKernelChecks.NoOverlap(beta, y, nameof(beta), nameof(y));
        LayerKernelChecks.NoOverlap(x, savedMean, nameof(x), nameof(savedMean));
        LayerKernelChecks.NoOverlap(y, savedMean, nameof(y), nameof(savedMean));
        LayerKernelChecks.NoOverlap(x, savedInvStd, nameof(x), nameof(savedInvStd));
        LayerKernelChecks.NoOverlap(y, savedInvStd, nameof(y), nameof(savedInvStd));
        LayerKernelChecks.NoOverlap(savedMean, savedInvStd, nameof(savedMean), nameof(savedInvStd));

        bool affine = gamma.Length != 0;
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * features, features);
            Span<float> yr = y.Slice(r * features, features);
            double sum = 0;
            for (int j = 0; j < xr.Length; j++) sum += xr[j];
            double mean = sum / features;
            double sq = 0;
            for (int j = 0; j < xr.Length; j++) { double d = xr[j] - mean; sq += d * d; }
            double inv = 1.0 / Math.Sqrt(sq / features + eps);
            savedMean[r] = (float)mean;
            savedInvStd[r] = (float)inv;
            if (affine)
                for (int j = 0; j < xr.Length; j++) yr[j] = (float)((xr[j] - mean) * inv * gamma[j] + beta[j]);
            else
                for (int j = 0; j < xr.Length; j++) yr[j] = (float)((xr[j] - mean) * inv);
        }
    }

    /// <summary>
    /// Exact backward of <see cref="Forward"/> per row: dŷ = dy·γ, dx = (invStd/F)·(F·dŷ − Σdŷ − x̂·Σ(dŷ·x̂)) (overwrites
    /// <paramref name="dx"/>); ACCUMULATES dgamma += Σ_rows dy·x̂ and dbeta += Σ_rows dy (skipped when empty).
    /// </summary>
    /// <param name="x">The forward input.</param>
    /// <param name="dy">Gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="features">Columns.</param>
    /// <param name="gamma">Scale or empty.</param>
    /// <param name="dgamma">Accumulates the gamma gradient (empty with gamma).</param>
    /// <param name="dbeta">Accumulates the beta gradient (empty with gamma).</param>
    /// <param name="savedMean">The forward's per-row mean.</param>
    /// <param name="savedInvStd">The forward's per-row 1/√(var + eps).</param>
    /// <exception cref="ArgumentException">Bad lengths or overlaps.</exception>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, int features, ReadOnlySpan<float> gamma,
        Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd)
    {
        LayerKernelChecks.Shape(batch, features, x.Length, nameof(x));
        LayerKernelChecks.SameLength(x.Length, nameof(x), dy.Length, nameof(dy));
        LayerKernelChecks.SameLength(x.Length, nameof(x), dx.Length, nameof(dx));
        LayerKernelChecks.EmptyOrLength(gamma.Length, features, nameof(gamma), "features");
        LayerKernelChecks.Length(dgamma.Length, gamma.Length, nameof(dgamma), "gamma.Length");
        LayerKernelChecks.Length(dbeta.Length, gamma.Length, nameof(dbeta), "gamma.Length");
        LayerKernelChecks.Length(savedMean.Length, batch, nameof(savedMean), "batch");
        LayerKernelChecks.Length(savedInvStd.Length, batch, nameof(savedInvStd), "batch");
        LayerKernelChecks.NoPartialOverlap(x, dx, nameof(x), nameof(dx));
        LayerKernelChecks.NoPartialOverlap(dy, dx, nameof(dy), nameof(dx));
        LayerKernelChecks.NoOverlap(dx, gamma, nameof(dx), nameof(gamma));
        LayerKernelChecks.NoOverlap(dx, dgamma, nameof(dx), nameof(dgamma));
        LayerKernelChecks.NoOverlap(dx, dbeta, nameof(dx), nameof(dbeta));
        LayerKernelChecks.NoOverlap(dgamma, dbeta, nameof(dgamma), nameof(dbeta));
        LayerKernelChecks.NoOverlap(dx, savedMean, nameof(dx), nameof(savedMean));
        LayerKernelChecks.NoOverlap(dx, savedInvStd, nameof(dx), nameof(savedInvStd));

        bool affine = gamma.Length != 0;
        if (affine)   // dgamma/dbeta first (before dx may overwrite dy), in double, a block of features at a time
        {
            const int Block = LayerKernelChecks.FeatureBlock;
            Span<double> scratch = stackalloc double[2 * Block];
            for (int f0 = 0; f0 < features; f0 += Block)
            {
                int nb = Math.Min(Block, features - f0);
                Span<double> sg = scratch.Slice(0, nb), sb = scratch.Slice(Block, nb);
                sg.Clear();
                sb.Clear();
                for (int r = 0; r < batch; r++)
                {
                    ReadOnlySpan<float> xr = x.Slice(r * features + f0, nb), gr = dy.Slice(r * features + f0, nb);
                    double mean = savedMean[r], inv = savedInvStd[r];
                    for (int j = 0; j < nb; j++)
                    {
                        double g = gr[j];
                        sb[j] += g;
                        sg[j] += g * ((xr[j] - mean) * inv);
                    }
                }
                Span<float> dg = dgamma.Slice(f0, nb), db = dbeta.Slice(f0, nb);
                for (int j = 0; j < nb; j++) { dg[j] = (float)(dg[j] + sg[j]); db[j] = (float)(db[j] + sb[j]); }
            }
        }

        double f = features;
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * features, features), gr = dy.Slice(r * features, features);
            Span<float> dxr = dx.Slice(r * features, features);
            double mean = savedMean[r], inv = savedInvStd[r];
            double sdy = 0, sdyx = 0;
            for (int j = 0; j < xr.Length; j++)
            {
                double g = affine ? (double)gr[j] * gamma[j] : gr[j];
                sdy += g;
                sdyx += g * ((xr[j] - mean) * inv);
            }
            sdy /= f;
            sdyx /= f;
            for (int j = 0; j < xr.Length; j++)
            {
                double d = affine ? (double)gr[j] * gamma[j] : gr[j];
                double xhat = (xr[j] - mean) * inv;
                dxr[j] = (float)(inv * (d - sdy - xhat * sdyx));
            }
        }
    }
}
