using System;
using NetGen.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// Central finite differences in double of L = Σ dy·y, with y from an independent double re-implementation of each forward,
/// against the float backward kernels. FD error is ~1e-10 (h = 1e-5, double); the float kernels round to ~1e-7 of the
/// gradient's scale, so the tolerance is 1e-5 of the gradient tensor's scale.
/// </summary>
public sealed class GradientCheckTests
{
    private const double Tol = 1e-5;
    private const double H = 1e-5;
    private readonly ITestOutputHelper _out;

    public GradientCheckTests(ITestOutputHelper output) => _out = output;

    private static float[] Random(int n, int seed, double scale = 1, double offset = 0)
    {
        var r = new NetRandom(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(r.NextGaussian() * scale + offset);
        return a;
    }

    private static double Loss(double[] y, float[] dy)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * dy[i];
        return s;
    }

    /// <summary>d/dv[i] of Σ dy·f(v), with v copied to double and perturbed one element at a time.</summary>
    private static float[] Numeric(float[] v, float[] dy, Func<double[], double[]> f)
    {
        var p = new double[v.Length];
        for (int i = 0; i < v.Length; i++) p[i] = v[i];
        var g = new float[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            double keep = p[i];
            p[i] = keep + H; double up = Loss(f(p), dy);
            p[i] = keep - H; double down = Loss(f(p), dy);
            p[i] = keep;
            g[i] = (float)((up - down) / (2 * H));
        }
        return g;
    }

    private static double[] D(float[] a) => Array.ConvertAll(a, v => (double)v);

    // ---- double references of the forwards

    private static double[] BatchNormTrainRef(double[] x, int batch, int features, double[]? gamma, double[]? beta, double eps)
    {
        var y = new double[x.Length];
        for (int f = 0; f < features; f++)
        {
            double m = 0, v = 0;
            for (int r = 0; r < batch; r++) m += x[r * features + f];
            m /= batch;
            for (int r = 0; r < batch; r++) { double d = x[r * features + f] - m; v += d * d; }
            v /= batch;
            for (int r = 0; r < batch; r++)
                y[r * features + f] = (x[r * features + f] - m) / Math.Sqrt(v + eps) * (gamma?[f] ?? 1) + (beta?[f] ?? 0);
        }
        return y;
    }

    private static double[] BatchNormEvalRef(double[] x, int batch, int features, double[]? gamma, double[]? beta, float[] rm, float[] rv, double eps)
    {
        var y = new double[x.Length];
        for (int r = 0; r < batch; r++)
            for (int f = 0; f < features; f++)
                y[r * features + f] = (x[r * features + f] - rm[f]) / Math.Sqrt(rv[f] + eps) * (gamma?[f] ?? 1) + (beta?[f] ?? 0);
        return y;
    }

    private static double[] LayerNormRef(double[] x, int batch, int features, double[]? gamma, double[]? beta, double eps)
    {
        var y = new double[x.Length];
        for (int r = 0; r < batch; r++)
        {
            double m = 0, v = 0;
            for (int f = 0; f < features; f++) m += x[r * features + f];
            m /= features;
            for (int f = 0; f < features; f++) { double d = x[r * features + f] - m; v += d * d; }
            v /= features;
            for (int f = 0; f < features; f++)
                y[r * features + f] = (x[r * features + f] - m) / Math.Sqrt(v + eps) * (gamma?[f] ?? 1) + (beta?[f] ?? 0);
        }
        return y;
    }

    private static double[] PReluRef(double[] x, int features, double[] w)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : w[w.Length == 1 ? 0 : i % features] * x[i];
        return y;
    }

    [Theory]
    [InlineData(2, 3, true)]
    [InlineData(7, 5, true)]
    [InlineData(7, 5, false)]
    [InlineData(3, 67, true)]
    public void BatchNorm_training_backward_matches_finite_differences(int batch, int features, bool affine)
    {
        const float eps = 1e-3f;
        float[] x = Random(batch * features, 1, 2, 0.5), dy = Random(batch * features, 2);
        float[] gamma = affine ? Random(features, 3, 0.5, 1) : Array.Empty<float>();
        float[] beta = affine ? Random(features, 4) : Array.Empty<float>();
        var y = new float[x.Length];
        var mean = new float[features];
        var inv = new float[features];
        BatchNormKernels.ForwardTraining(x, y, batch, features, gamma, beta, mean, inv, false, default, default, 0.1, eps);
        var dx = new float[x.Length];
        var dg = new float[gamma.Length];
        var db = new float[beta.Length];
        dg.AsSpan().Fill(0.5f);   // accumulation: the kernel adds to what is there
        db.AsSpan().Fill(-0.25f);
        BatchNormKernels.BackwardTraining(x, dy, dx, batch, features, gamma, dg, db, mean, inv);

        double[]? g = affine ? D(gamma) : null, b = affine ? D(beta) : null;
        LayerFixtures.AssertClose(Numeric(x, dy, p => BatchNormTrainRef(p, batch, features, g, b, eps)), dx, Tol, "BN train dx", _out);
        // the forward itself against the double reference
        LayerFixtures.AssertClose(Array.ConvertAll(BatchNormTrainRef(D(x), batch, features, g, b, eps), v => (float)v), y, Tol, "BN train y", _out);
        if (affine)
        {
            float[] ng = Numeric(gamma, dy, p => BatchNormTrainRef(D(x), batch, features, p, b, eps));
            float[] nb = Numeric(beta, dy, p => BatchNormTrainRef(D(x), batch, features, g, p, eps));
            for (int i = 0; i < features; i++) { ng[i] += 0.5f; nb[i] -= 0.25f; }
            LayerFixtures.AssertClose(ng, dg, Tol, "BN train dgamma", _out);
            LayerFixtures.AssertClose(nb, db, Tol, "BN train dbeta", _out);
        }
    }

    [Theory]
    [InlineData(1, 4, true)]
    [InlineData(5, 6, false)]
    [InlineData(3, 67, true)]
    public void BatchNorm_inference_backward_matches_finite_differences(int batch, int features, bool affine)
    {
        const float eps = 1e-5f;
        float[] x = Random(batch * features, 5, 2), dy = Random(batch * features, 6);
        float[] gamma = affine ? Random(features, 7, 0.5, 1) : Array.Empty<float>();
        float[] beta = affine ? Random(features, 8) : Array.Empty<float>();
        float[] rm = Random(features, 9);
        float[] rv = Array.ConvertAll(Random(features, 10), v => v * v + 0.3f);
        var dx = new float[x.Length];
        var dg = new float[gamma.Length];
        var db = new float[beta.Length];
        BatchNormKernels.BackwardInference(x, dy, dx, batch, features, gamma, dg, db, rm, rv, eps);
        double[]? g = affine ? D(gamma) : null, b = affine ? D(beta) : null;
        LayerFixtures.AssertClose(Numeric(x, dy, p => BatchNormEvalRef(p, batch, features, g, b, rm, rv, eps)), dx, Tol, "BN eval dx", _out);
        var y = new float[x.Length];
        BatchNormKernels.ForwardInference(x, y, batch, features, gamma, beta, rm, rv, eps);
        LayerFixtures.AssertClose(Array.ConvertAll(BatchNormEvalRef(D(x), batch, features, g, b, rm, rv, eps), v => (float)v), y, Tol, "BN eval y", _out);
        if (affine)
        {
            LayerFixtures.AssertClose(Numeric(gamma, dy, p => BatchNormEvalRef(D(x), batch, features, p, b, rm, rv, eps)), dg, Tol, "BN eval dgamma", _out);
            LayerFixtures.AssertClose(Numeric(beta, dy, p => BatchNormEvalRef(D(x), batch, features, g, p, rm, rv, eps)), db, Tol, "BN eval dbeta", _out);
        }
    }

    [Theory]
    [InlineData(1, 5, true)]
    [InlineData(4, 9, true)]
    [InlineData(4, 9, false)]
    [InlineData(2, 67, true)]
    public void LayerNorm_backward_matches_finite_differences(int batch, int features, bool affine)
    {
        const float eps = 1e-5f;
        float[] x = Random(batch * features, 11, 1.5, 0.7), dy = Random(batch * features, 12);
        float[] gamma = affine ? Random(features, 13, 0.5, 1) : Array.Empty<float>();
        float[] beta = affine ? Random(features, 14) : Array.Empty<float>();
        var y = new float[x.Length];
        var mean = new float[batch];
        var inv = new float[batch];
        LayerNormKernels.Forward(x, y, batch, features, gamma, beta, mean, inv, eps);
        var dx = new float[x.Length];
        var dg = new float[gamma.Length];
        var db = new float[beta.Length];
        LayerNormKernels.Backward(x, dy, dx, batch, features, gamma, dg, db, mean, inv);
        double[]? g = affine ? D(gamma) : null, b = affine ? D(beta) : null;
        LayerFixtures.AssertClose(Numeric(x, dy, p => LayerNormRef(p, batch, features, g, b, eps)), dx, Tol, "LN dx", _out);
        LayerFixtures.AssertClose(Array.ConvertAll(LayerNormRef(D(x), batch, features, g, b, eps), v => (float)v), y, Tol, "LN y", _out);
        if (affine)
        {
            LayerFixtures.AssertClose(Numeric(gamma, dy, p => LayerNormRef(D(x), batch, features, p, b, eps)), dg, Tol, "LN dgamma", _out);
            LayerFixtures.AssertClose(Numeric(beta, dy, p => LayerNormRef(D(x), batch, features, g, p, eps)), db, Tol, "LN dbeta", _out);
        }
    }

    [Theory]
    [InlineData(4, 6, true)]
    [InlineData(4, 6, false)]
    [InlineData(3, 67, false)]
    public void PRelu_backward_matches_finite_differences(int batch, int features, bool shared)
    {
        // keep x away from the kink at 0 (|x| ≥ 0.05) so the central difference is exact
        float[] x = Array.ConvertAll(Random(batch * features, 21, 2), v => MathF.Abs(v) < 0.05f ? v + MathF.CopySign(0.1f, v) : v);
        float[] dy = Random(batch * features, 22);
        float[] w = Random(shared ? 1 : features, 23, 0.3, 0.2);
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        PReluKernels.Backward(x, dy, dx, w, dw, features);
        LayerFixtures.AssertClose(Numeric(x, dy, p => PReluRef(p, features, D(w))), dx, Tol, "PReLU dx", _out);
        LayerFixtures.AssertClose(Numeric(w, dy, p => PReluRef(D(x), features, p)), dw, Tol, "PReLU dweight", _out);
        var y = new float[x.Length];
        PReluKernels.Forward(x, y, w, features);
        LayerFixtures.AssertClose(Array.ConvertAll(PReluRef(D(x), features, D(w)), v => (float)v), y, Tol, "PReLU y", _out);
    }

    [Fact]
    public void Dropout_and_RRelu_backward_match_finite_differences_with_the_mask_fixed()
    {
        const int n = 37;
        float[] x = Random(n, 31, 2), dy = Random(n, 32);
        var y = new float[n];
        var mask = new float[n];
        DropoutKernels.Forward(x, y, mask, 0.3f, new NetRandom(5));
        var dx = new float[n];
        DropoutKernels.Backward(mask, dy, dx);
        LayerFixtures.AssertClose(Numeric(x, dy, p => { var o = new double[n]; for (int i = 0; i < n; i++) o[i] = p[i] * mask[i]; return o; }), dx, Tol, "Dropout dx", _out);

        var noise = new float[n];
        RReluKernels.ForwardTraining(x, y, noise, 0.1f, 0.4f, new NetRandom(6));
        RReluKernels.Backward(noise, dy, dx);
        // with the noise fixed the training forward is y = x·noise: x > 0 gives noise 1
        LayerFixtures.AssertClose(Numeric(x, dy, p => { var o = new double[n]; for (int i = 0; i < n; i++) o[i] = p[i] * noise[i]; return o; }), dx, Tol, "RReLU train dx", _out);

        RReluKernels.ForwardInference(x, y, noise, 0.1f, 0.4f);
        RReluKernels.Backward(noise, dy, dx);
        float slope = (0.1f + 0.4f) / 2;
        LayerFixtures.AssertClose(Numeric(x, dy, p => { var o = new double[n]; for (int i = 0; i < n; i++) o[i] = p[i] > 0 ? p[i] : p[i] * slope; return o; }), dx, Tol, "RReLU eval dx", _out);
    }
}
