using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>Dropout and RReLU training draws: statistics within 4σ, determinism per seed, edge cases.</summary>
public sealed class RandomLayerTests
{
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void Dropout_keeps_1_minus_p_and_preserves_the_mean(float p)
    {
        const int n = 200_000;
        var rx = new NetRandom(77);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rx.NextGaussian() + 1.0);
        var y = new float[n];
        var mask = new float[n];
        DropoutKernels.Forward(x, y, mask, p, new NetRandom(1234));

        float scale = 1f / (1f - p);
        int kept = 0;
        double sumX = 0, sumY = 0, sumX2 = 0;
        for (int i = 0; i < n; i++)
        {
            Assert.True(mask[i] == 0f || mask[i] == scale, $"mask[{i}] = {mask[i]}");
            if (mask[i] != 0f) kept++;
            Assert.Equal(x[i] * mask[i], y[i]);
            sumX += x[i]; sumY += y[i]; sumX2 = sumX2 + (double)x[i] * x[i];
        }
        // kept fraction: Binomial(n, 1 − p)/n, σ = √(p(1 − p)/n)
        double sigma = Math.Sqrt(p * (1.0 - p) / n);
        Assert.InRange((double)kept / n, 1 - p - 4 * sigma, 1 - p + 4 * sigma);
        // mean activation: y_i − x_i has mean 0 and variance x_i²·p/(1 − p) given x
        double sigmaMean = Math.Sqrt(sumX2 * p / (1.0 - p)) / n;
        Assert.InRange(sumY / n - sumX / n, -4 * sigmaMean, 4 * sigmaMean);
    }

    [Fact]
    public void Dropout_same_seed_same_mask_and_different_seed_different_mask()
    {
        const int n = 1000;
        float[] x = new float[n];
        x.AsSpan().Fill(1f);
        float[] m1 = new float[n], m2 = new float[n], m3 = new float[n], y = new float[n];
        DropoutKernels.Forward(x, y, m1, 0.4f, new NetRandom(9));
        DropoutKernels.Forward(x, y, m2, 0.4f, new NetRandom(9));
        DropoutKernels.Forward(x, y, m3, 0.4f, new NetRandom(10));
        Assert.Equal(m1, m2);
        Assert.NotEqual(m1, m3);
    }

    [Fact]
    public void Dropout_with_p_zero_keeps_everything_and_works_in_place()
    {
        float[] x = { 1.5f, -2f, 0f, 3.25f, -0.125f };
        float[] y = (float[])x.Clone();
        var mask = new float[x.Length];
        DropoutKernels.Forward(y, y, mask, 0f, new NetRandom(3));   // in place
        Assert.Equal(x, y);
        Assert.All(mask, m => Assert.Equal(1f, m));
    }

    [Fact]
    public void RRelu_training_noise_is_uniform_in_bounds_for_non_positive_inputs_and_one_otherwise()
    {
        const int n = 100_000;
        const float lower = 0.125f, upper = 1f / 3;
        var rx = new NetRandom(5);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 10 == 0 ? 0f : (float)rx.NextGaussian();
        var y = new float[n];
        var noise = new float[n];
        RReluKernels.ForwardTraining(x, y, noise, lower, upper, new NetRandom(42));
        int neg = 0;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (x[i] <= 0f)
            {
                Assert.InRange(noise[i], lower, upper);
                neg++;
                sum += noise[i];
            }
            else Assert.Equal(1f, noise[i]);
            Assert.Equal(x[i] * noise[i], y[i]);
        }
        // U(lower, upper): mean (l + u)/2, σ = (u − l)/√12 per draw
        double sigma = (upper - lower) / Math.Sqrt(12.0 * neg);
        Assert.InRange(sum / neg, (lower + upper) / 2.0 - 4 * sigma, (lower + upper) / 2.0 + 4 * sigma);

        var noise2 = new float[n];
        RReluKernels.ForwardTraining(x, y, noise2, lower, upper, new NetRandom(42));
        Assert.Equal(noise, noise2);
        RReluKernels.ForwardTraining(x, y, noise2, lower, upper, new NetRandom(43));
        Assert.NotEqual(noise, noise2);
    }

    [Fact]
    public void RRelu_inference_uses_the_midpoint_slope_including_at_zero()
    {
        float[] x = { -2f, 0f, 3f };
        var y = new float[3];
        var noise = new float[3];
        RReluKernels.ForwardInference(x, y, noise, 0.1f, 0.3f);
        float slope = (0.1f + 0.3f) / 2f;
        Assert.Equal(new[] { -2f * slope, 0f, 3f }, y);
        Assert.Equal(new[] { slope, slope, 1f }, noise);
    }
}
