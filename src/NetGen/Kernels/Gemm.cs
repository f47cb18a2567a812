using System;

namespace NetGen.Kernels;

/// <summary>
/// The three matrix products of a dense layer, row-major. Y = X·Wᵀ + b (forward), dX = dY·W,
/// dW += dYᵀ·X and db += Σ_batch dY (backward).
/// </summary>
public static class Gemm
{
    /// <summary>Y[m, n] = X[m, k] · W[n, k]ᵀ + bias[n] (bias may be empty).</summary>
    public static void DenseForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = bias.IsEmpty ? 0f : bias[j];
                for (int p = 0; p < k; p++) s += x[i * k + p] * w[j * k + p];
                y[i * n + j] = s;
            }
    }

    /// <summary>dX[m, k] = dY[m, n] · W[n, k] (overwrites dX).</summary>
    public static void DenseBackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                float s = 0f;
                for (int j = 0; j < n; j++) s += dy[i * n + j] * w[j * k + p];
                dx[i * k + p] = s;
            }
    }

    /// <summary>dW[n, k] += dY[m, n]ᵀ · X[m, k]; db[n] += Σ_m dY[m, n] (db may be empty).</summary>
    public static void DenseBackwardWeights(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int m, int k, int n)
    {
        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < k; p++)
            {
                float s = 0f;
                for (int i = 0; i < m; i++) s += dy[i * n + j] * x[i * k + p];
                dw[j * k + p] += s;
            }
            if (!db.IsEmpty)
            {
                float b = 0f;
                for (int i = 0; i < m; i++) b += dy[i * n + j];
                db[j] += b;
            }
        }
    }
}
