using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Initialization;

public sealed class NetRandomTests
{
    private const int N = 200_000;

    [Fact]
    public void NextGaussian_is_standard_normal()
    {
        var r = new NetRandom(123);
        double[] z = Enumerable.Range(0, N).Select(_ => r.NextGaussian()).ToArray();
        double mean = z.Average();
        double var = z.Sum(v => (v - mean) * (v - mean)) / (N - 1);
        Assert.True(Math.Abs(mean) <= 5 / Math.Sqrt(N), $"mean {mean}");
        Assert.True(Math.Abs(var - 1) <= 5 * Math.Sqrt(2.0 / N), $"variance {var}"); // SE(s²) = √(2/N) for N(0,1)
        // Shape: P(|z| > 1.959964) = 0.05 and P(z > 1) = 0.158655, each within 5 binomial standard errors.
        double tail = z.Count(v => Math.Abs(v) > 1.959964) / (double)N;
        Assert.True(Math.Abs(tail - 0.05) <= 5 * Math.Sqrt(0.05 * 0.95 / N), $"two-sided 5% tail {tail}");
        double upper = z.Count(v => v > 1) / (double)N;
        Assert.True(Math.Abs(upper - 0.158655) <= 5 * Math.Sqrt(0.158655 * 0.841345 / N), $"P(z > 1) {upper}");
        // Consecutive draws (the polar method's pair) are uncorrelated: |ρ| within 5/√N.
        double rho = Enumerable.Range(0, N / 2).Sum(i => z[2 * i] * z[2 * i + 1]) / (N / 2);
        Assert.True(Math.Abs(rho) <= 5 / Math.Sqrt(N / 2), $"pair correlation {rho}");
    }

    [Fact]
    public void Sequences_are_reproducible_per_seed()
    {
        var a = new NetRandom(99);
        var b = new NetRandom(99);
        var c = new NetRandom(100);
        double[] sa = Enumerable.Range(0, 101).Select(_ => a.NextGaussian() + a.NextUniform(-1, 2)).ToArray();
        double[] sb = Enumerable.Range(0, 101).Select(_ => b.NextGaussian() + b.NextUniform(-1, 2)).ToArray();
        double[] sc = Enumerable.Range(0, 101).Select(_ => c.NextGaussian() + c.NextUniform(-1, 2)).ToArray();
        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Fact]
    public void NextUniform_respects_its_bounds_and_moments()
    {
        var r = new NetRandom(4);
        double[] u = Enumerable.Range(0, N).Select(_ => r.NextUniform(-3, 5)).ToArray();
        Assert.All(u, v => Assert.True(v >= -3 && v < 5));
        double sd = 8 / Math.Sqrt(12);
        Assert.True(Math.Abs(u.Average() - 1) <= 5 * sd / Math.Sqrt(N));
        Assert.Equal(2.5, r.NextUniform(2.5, 2.5));
        var e = Assert.Throws<ArgumentException>(() => r.NextUniform(1, 0));
        Assert.Contains("low = 1, high = 0", e.Message);
        Assert.Throws<ArgumentException>(() => r.NextUniform(double.NegativeInfinity, 0));
    }
}
