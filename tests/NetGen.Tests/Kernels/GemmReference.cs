using System;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Plain triple loops in double precision: the specification the kernels are checked against.
/// Each result comes with the sum of the absolute values of the terms it adds up, from which the
/// tolerance is derived (see <see cref="Tolerance"/>).
/// </summary>
internal static class GemmReference
{
    /// <summary>Unit roundoff of float32, 2^-24.</summary>
    private const double FloatRoundoff = 1.0 / (1 << 24);

    /// <summary>
    /// Error allowed for a float32 result that adds <paramref name="terms"/> rounded values (products,
    /// plus a bias or a previous accumulator value) whose absolute values sum to <paramref name="absSum"/>.
    /// Higham, "Accuracy and Stability of Numerical Algorithms", Thm 3.1 / §3.1: an inner product of
    /// K products summed in ANY order (blocked, vectorised, FMA or not) satisfies
    /// |fl(s) − s| ≤ γ_K · Σ|x_i·y_i| with γ_K = K·u / (1 − K·u), u = 2^-24. Adding the bias (or the
    /// accumulated dW / db) is one more term: γ_{K+1} over all K + 1 terms. This is a rigorous worst-case
    /// bound, not a fitted one. The double-precision reference's own error (same bound with u = 2^-53)
    /// is 2^29 times smaller and negligible; the 1e-30 floor only lets an exact zero equal zero.
    /// </summary>
    public static double Tolerance(int terms, double absSum)
    {
        double ku = terms * FloatRoundoff;
        return ku / (1 - ku) * absSum + 1e-30;
    }

    /// <summary>Y = X·Wᵀ + b; abs = |b| + Σ|x·w|.</summary>
    public static (double[] Value, double[] Abs) Forward(float[] x, float[] w, float[]? bias, int m, int k, int n)
    {
        var v = new double[m * n];
        var a = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = bias is null ? 0 : bias[j];
                double sa = Math.Abs(s);
                for (int p = 0; p < k; p++)
                {
                    double t = (double)x[i * k + p] * w[j * k + p];
                    s += t;
                    sa += Math.Abs(t);
                }
                v[i * n + j] = s;
                a[i * n + j] = sa;
            }
        return (v, a);
    }

    /// <summary>dX = dY·W; abs = Σ|dy·w|.</summary>
    public static (double[] Value, double[] Abs) BackwardInput(float[] dy, float[] w, int m, int k, int n)
    {
        var v = new double[m * k];
        var a = new double[m * k];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double s = 0, sa = 0;
                for (int j = 0; j < n; j++)
                {
                    double t = (double)dy[i * n + j] * w[j * k + p];
                    s += t;
                    sa += Math.Abs(t);
                }
                v[i * k + p] = s;
                a[i * k + p] = sa;
            }
        return (v, a);
    }

    /// <summary>dW0 + dYᵀ·X and db0 + Σ_i dY; abs includes the starting values.</summary>
    public static (double[] Dw, double[] DwAbs, double[] Db, double[] DbAbs) BackwardWeights(
        float[] dy, float[] x, float[] dw0, float[] db0, int m, int k, int n)
    {
        var dw = new double[n * k];
        var dwa = new double[n * k];
        var db = new double[n];
        var dba = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < k; p++)
            {
                double s = dw0[j * k + p], sa = Math.Abs(s);
                for (int i = 0; i < m; i++)
                {
                    double t = (double)dy[i * n + j] * x[i * k + p];
                    s += t;
                    sa += Math.Abs(t);
                }
                dw[j * k + p] = s;
                dwa[j * k + p] = sa;
            }
            double b = db0[j], ba = Math.Abs(b);
            for (int i = 0; i < m; i++)
            {
                b += dy[i * n + j];
                ba += Math.Abs(dy[i * n + j]);
            }
            db[j] = b;
            dba[j] = ba;
        }
        return (dw, dwa, db, dba);
    }
}
