using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// BatchNorm2dKernels on every SIMD width against a double reference written here from the textbook definitions
/// (statistics per channel over N·H·W, biased variance to normalise, unbiased for the running variance), on odd planes
/// (sides 1, 3, 5, 7, 13, 28 and rectangles), channels 1–5, batch 1–3, with and without affine parameters. Tolerance:
/// 1e-5 of each tensor's scale (the reference is exact; the kernel rounds once to float after double math).
/// </summary>
public sealed class BatchNorm2dKernelTests
{
    private const float Eps = 1e-5f;
    private const double Momentum = 0.1;

    public static IEnumerable<object[]> Widths() => FeatureMaps.Widths();

    /// <summary>(batch, channels, spatial, affine) for one width: every plane shape, with batch and channels drawn at random.</summary>
    private static IEnumerable<(int Batch, int Channels, int Spatial, bool Affine)> Shapes(int seed)
    {
        var random = new Random(seed);
        int i = 0;
        foreach (int h in FeatureMaps.Sides)
            foreach (int w in new[] { h, FeatureMaps.Sides[random.Next(FeatureMaps.Sides.Length)] })
                yield return (random.Next(1, 4), random.Next(1, 6), h * w, i++ % 2 == 0);
    }

    /// <summary>Channel c's values at random offsets and scales, so normalising has real work to do.</summary>
    private static float[] FeatureMapValues(Random random, int batch, int channels, int spatial)
    {
        var x = new float[batch * channels * spatial];
        for (int c = 0; c < channels; c++)
        {
            double offset = random.NextDouble() * 6 - 3, scale = random.NextDouble() * 3 + 0.2;
            for (int n = 0; n < batch; n++)
                for (int s = 0; s < spatial; s++)
                    x[(n * channels + c) * spatial + s] = (float)(offset + scale * (random.NextDouble() * 2 - 1));
        }
        return x;
    }

    private sealed record Reference(double[] Y, double[] Mean, double[] InvStd, double[] RunningMean, double[] RunningVar, double[] Dx,
        double[] Dgamma, double[] Dbeta);

    /// <summary>Training mode: y = (x − μ)/√(σ² + eps)·γ + β per channel; dx = γ/(n·√(σ² + eps))·(n·dy − Σdy − x̂·Σ dy·x̂).</summary>
    private static Reference Training(float[] x, float[] dy, int batch, int channels, int spatial, float[] gamma, float[] beta,
        float[] runningMean, float[] runningVar)
    {
        int count = channels;
        var r = new Reference(new double[x.Length], new double[count], new double[count], new double[count], new double[count],
            new double[x.Length], new double[count], new double[count]);
        for (int c = 0; c < channels; c++)
        {
            int[] at = Enumerable.Range(0, batch).SelectMany(n => Enumerable.Range((n * channels + c) * spatial, spatial)).ToArray();
            double n = at.Length;
            double mean = at.Sum(i => (double)x[i]) / n;
            double variance = at.Sum(i => (x[i] - mean) * (x[i] - mean)) / n;
            double inv = 1 / Math.Sqrt(variance + Eps);
            double g = gamma.Length > 0 ? gamma[c] : 1, b = beta.Length > 0 ? beta[c] : 0;
            double sumDy = at.Sum(i => (double)dy[i]), sumDyXhat = at.Sum(i => dy[i] * (x[i] - mean) * inv);
            foreach (int i in at)
            {
                double xhat = (x[i] - mean) * inv;
                r.Y[i] = xhat * g + b;
                r.Dx[i] = g * inv / n * (n * dy[i] - sumDy - xhat * sumDyXhat);
            }
            r.Mean[c] = mean;
            r.InvStd[c] = inv;
            r.RunningMean[c] = (1 - Momentum) * runningMean[c] + Momentum * mean;
            r.RunningVar[c] = (1 - Momentum) * runningVar[c] + Momentum * variance * n / (n - 1);
            r.Dgamma[c] = sumDyXhat;
            r.Dbeta[c] = sumDy;
        }
        return r;
    }

    /// <summary>Evaluation mode: the running statistics are constants, dx = dy·γ/√(var + eps).</summary>
    private static Reference Inference(float[] x, float[] dy, int batch, int channels, int spatial, float[] gamma, float[] beta,
        float[] runningMean, float[] runningVar)
    {
        var r = new Reference(new double[x.Length], [], [], [], [], new double[x.Length], new double[channels], new double[channels]);
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++)
            {
                double inv = 1 / Math.Sqrt((double)runningVar[c] + Eps), g = gamma.Length > 0 ? gamma[c] : 1, b = beta.Length > 0 ? beta[c] : 0;
                for (int s = 0; s < spatial; s++)
                {
                    int i = (n * channels + c) * spatial + s;
                    double xhat = (x[i] - runningMean[c]) * inv;
                    r.Y[i] = xhat * g + b;
                    r.Dx[i] = dy[i] * g * inv;
                    r.Dgamma[c] += dy[i] * xhat;
                    r.Dbeta[c] += dy[i];
                }
            }
        return r;
    }

    private static (float[] Gamma, float[] Beta, float[] RunningMean, float[] RunningVar) Parameters(Random random, int channels, bool affine)
    {
        float[] gamma = affine ? Enumerable.Range(0, channels).Select(_ => (float)(random.NextDouble() * 1.5 + 0.25)).ToArray() : [];
        float[] beta = affine ? FeatureMaps.Values(random, channels) : [];
        float[] runningMean = FeatureMaps.Values(random, channels);
        float[] runningVar = Enumerable.Range(0, channels).Select(_ => (float)(random.NextDouble() * 2 + 0.5)).ToArray();
        return (gamma, beta, runningMean, runningVar);
    }

    /// <summary>Runs a backward into dx and, with affine parameters, dgamma/dbeta holding 0.5 and −0.25: they accumulate, dx is overwritten.</summary>
    private static void AssertBackward(Reference r, bool affine, string at, Action<float[], float[], float[]> backward)
    {
        float[] dx = Enumerable.Repeat(9f, r.Dx.Length).ToArray();
        float[] dgamma = affine ? Enumerable.Repeat(0.5f, r.Dgamma.Length).ToArray() : [], dbeta = affine ? Enumerable.Repeat(-0.25f, r.Dbeta.Length).ToArray() : [];
        backward(dx, dgamma, dbeta);
        FeatureMaps.AssertClose(r.Dx, dx, at + " dx");
        if (!affine) return;
        FeatureMaps.AssertClose(r.Dgamma.Select(v => v + 0.5).ToArray(), dgamma, at + " dgamma");
        FeatureMaps.AssertClose(r.Dbeta.Select(v => v - 0.25).ToArray(), dbeta, at + " dbeta");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Training_forward_running_statistics_and_backward_match_the_reference(int width, string name)
    {
        var w = (SimdWidth)width;
        var random = new Random(10 + width);
        foreach ((int drawn, int channels, int spatial, bool affine) in Shapes(width))
        {
            int batch = drawn * spatial < 2 ? 2 : drawn;   // training needs two values per channel
            string at = $"{name} [{batch}, {channels}, {spatial}] affine={affine}";
            float[] x = FeatureMapValues(random, batch, channels, spatial), dy = FeatureMaps.Values(random, x.Length);
            (float[] gamma, float[] beta, float[] runningMean, float[] runningVar) = Parameters(random, channels, affine);
            Reference r = Training(x, dy, batch, channels, spatial, gamma, beta, runningMean, runningVar);

            var y = new float[x.Length];
            float[] mean = new float[channels], invStd = new float[channels];
            BatchNorm2dKernels.ForwardTraining(x, y, batch, channels, spatial, gamma, beta, mean, invStd, true, runningMean, runningVar, Momentum, Eps, w);
            FeatureMaps.AssertClose(r.Y, y, at + " y");
            FeatureMaps.AssertClose(r.Mean, mean, at + " savedMean");
            FeatureMaps.AssertClose(r.InvStd, invStd, at + " savedInvStd");
            FeatureMaps.AssertClose(r.RunningMean, runningMean, at + " runningMean");
            FeatureMaps.AssertClose(r.RunningVar, runningVar, at + " runningVar");

            AssertBackward(r, affine, at, (dx, dgamma, dbeta) =>
                BatchNorm2dKernels.BackwardTraining(x, dy, dx, batch, channels, spatial, gamma, dgamma, dbeta, mean, invStd, w));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Inference_forward_and_backward_match_the_reference(int width, string name)
    {
        var w = (SimdWidth)width;
        var random = new Random(20 + width);
        foreach ((int batch, int channels, int spatial, bool affine) in Shapes(100 + width))
        {
            string at = $"{name} [{batch}, {channels}, {spatial}] affine={affine}";
            float[] x = FeatureMapValues(random, batch, channels, spatial), dy = FeatureMaps.Values(random, x.Length);
            (float[] gamma, float[] beta, float[] runningMean, float[] runningVar) = Parameters(random, channels, affine);
            Reference r = Inference(x, dy, batch, channels, spatial, gamma, beta, runningMean, runningVar);

            var y = new float[x.Length];
            BatchNorm2dKernels.ForwardInference(x, y, batch, channels, spatial, gamma, beta, runningMean, runningVar, Eps, w);
            FeatureMaps.AssertClose(r.Y, y, at + " y");
            AssertBackward(r, affine, at, (dx, dgamma, dbeta) =>
                BatchNorm2dKernels.BackwardInference(x, dy, dx, batch, channels, spatial, gamma, dgamma, dbeta, runningMean, runningVar, Eps, w));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void In_place_use_gives_the_out_of_place_result(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        const int batch = 3, channels = 4, spatial = 13 * 5;
        var random = new Random(30);
        float[] x = FeatureMapValues(random, batch, channels, spatial), dy = FeatureMaps.Values(random, x.Length);
        (float[] gamma, float[] beta, float[] rm, float[] rv) = Parameters(random, channels, affine: true);
        float[] mean = new float[channels], inv = new float[channels], y = new float[x.Length], yIn = (float[])x.Clone();
        BatchNorm2dKernels.ForwardTraining(x, y, batch, channels, spatial, gamma, beta, mean, inv, false, default, default, 0, Eps, w);
        BatchNorm2dKernels.ForwardTraining(yIn, yIn, batch, channels, spatial, gamma, beta, mean, inv, false, default, default, 0, Eps, w);
        Assert.Equal(y, yIn);

        float[] dx = new float[x.Length], dxIn = (float[])dy.Clone(), dxOnX = (float[])x.Clone();
        BatchNorm2dKernels.BackwardTraining(x, dy, dx, batch, channels, spatial, gamma, new float[channels], new float[channels], mean, inv, w);
        BatchNorm2dKernels.BackwardTraining(x, dxIn, dxIn, batch, channels, spatial, gamma, new float[channels], new float[channels], mean, inv, w);
        BatchNorm2dKernels.BackwardTraining(dxOnX, dy, dxOnX, batch, channels, spatial, gamma, new float[channels], new float[channels], mean, inv, w);
        Assert.Equal(dx, dxIn);
        Assert.Equal(dx, dxOnX);

        BatchNorm2dKernels.BackwardInference(x, dy, dx, batch, channels, spatial, gamma, new float[channels], new float[channels], rm, rv, Eps, w);
        dxIn = (float[])dy.Clone();
        BatchNorm2dKernels.BackwardInference(x, dxIn, dxIn, batch, channels, spatial, gamma, new float[channels], new float[channels], rm, rv, Eps, w);
        Assert.Equal(dx, dxIn);
    }

    [Fact]
    public void One_value_per_plane_is_BatchNorm1d()
    {
        const int batch = 5, channels = 7;
        var random = new Random(40);
        float[] x = FeatureMapValues(random, batch, channels, 1), dy = FeatureMaps.Values(random, x.Length);
        (float[] gamma, float[] beta, float[] rm, float[] rv) = Parameters(random, channels, affine: true);
        float[] rm1 = (float[])rm.Clone(), rv1 = (float[])rv.Clone();
        float[] y2 = new float[x.Length], y1 = new float[x.Length], m2 = new float[channels], s2 = new float[channels], m1 = new float[channels], s1 = new float[channels];
        BatchNorm2dKernels.ForwardTraining(x, y2, batch, channels, 1, gamma, beta, m2, s2, true, rm, rv, Momentum, Eps);
        BatchNormKernels.ForwardTraining(x, y1, batch, channels, gamma, beta, m1, s1, true, rm1, rv1, Momentum, Eps);
        LayerFixtures.AssertClose(y1, y2, 1e-6, "y");
        LayerFixtures.AssertClose(rv1, rv, 1e-6, "runningVar");
        float[] dx2 = new float[x.Length], dx1 = new float[x.Length], dg2 = new float[channels], dg1 = new float[channels], db2 = new float[channels], db1 = new float[channels];
        BatchNorm2dKernels.BackwardTraining(x, dy, dx2, batch, channels, 1, gamma, dg2, db2, m2, s2);
        BatchNormKernels.BackwardTraining(x, dy, dx1, batch, channels, gamma, dg1, db1, m1, s1);
        LayerFixtures.AssertClose(dx1, dx2, 1e-6, "dx");
        LayerFixtures.AssertClose(dg1, dg2, 1e-6, "dgamma");
        LayerFixtures.AssertClose(db1, db2, 1e-6, "dbeta");
    }

    [Fact]
    public void A_single_value_per_channel_in_training_throws_PyTorchs_message_and_changes_nothing()
    {
        float[] x = [1f, 2f, 3f], y = [7f, 7f, 7f], rm = [0.5f, 0.5f, 0.5f], rv = [2f, 2f, 2f], sm = [9f, 9f, 9f], si = [9f, 9f, 9f];
        var ex = Assert.Throws<ArgumentException>(() =>
            BatchNorm2dKernels.ForwardTraining(x, y, 1, 3, 1, default, default, sm, si, true, rm, rv, 0.1, 1e-5f));
        Assert.StartsWith("Expected more than 1 value per channel when training, got input size [1, 3, 1]", ex.Message);
        Assert.Equal("x", ex.ParamName);
        Assert.All(y, v => Assert.Equal(7f, v));
        Assert.All(rm, v => Assert.Equal(0.5f, v));
        Assert.All(rv, v => Assert.Equal(2f, v));
        Assert.All(sm, v => Assert.Equal(9f, v));
        Assert.All(si, v => Assert.Equal(9f, v));
        // One sample with a 2-value plane is enough (n = N·H·W = 2).
        BatchNorm2dKernels.ForwardTraining([1f, 3f], new float[2], 1, 1, 2, default, default, new float[1], new float[1], false, default, default, 0, 1e-5f);
    }
}
