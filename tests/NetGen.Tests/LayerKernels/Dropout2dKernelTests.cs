using System;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// Dropout2dKernels: one draw per plane with DropoutKernels' rule (so the per-plane mask is DropoutKernels' mask over
/// batch·channels values for the same seed), whole planes zeroed or scaled by 1/(1 − p), the kept fraction within 4σ.
/// </summary>
public sealed class Dropout2dKernelTests
{
    [Theory]
    [InlineData(1, 1, 1, 0.5f)]
    [InlineData(2, 3, 49, 0.3f)]
    [InlineData(3, 5, 169, 0.5f)]
    [InlineData(2, 4, 784, 0.9f)]
    [InlineData(1, 5, 15, 0f)]
    public void Whole_planes_are_dropped_or_scaled_with_DropoutKernels_draws(int batch, int channels, int spatial, float p)
    {
        var random = new Random(batch * 100 + channels);
        float[] x = FeatureMaps.Values(random, batch * channels * spatial), y = new float[x.Length], mask = new float[batch * channels];
        Dropout2dKernels.Forward(x, y, mask, p, spatial, new NetRandom(77));

        // The same seed through DropoutKernels over one value per plane gives the same mask.
        float[] perPlane = new float[mask.Length];
        DropoutKernels.Forward(new float[mask.Length], new float[mask.Length], perPlane, p, new NetRandom(77));
        Assert.Equal(perPlane, mask);

        float scale = 1f / (1f - p);
        float[] dy = FeatureMaps.Values(random, x.Length), dx = new float[x.Length];
        Dropout2dKernels.Backward(mask, dy, dx, spatial);
        for (int i = 0; i < x.Length; i++)
        {
            float m = mask[i / spatial];
            Assert.True(m == 0f || m == scale, $"mask[{i / spatial}] = {m}");
            Assert.Equal(x[i] * m, y[i]);
            Assert.Equal(dy[i] * m, dx[i]);
        }
    }

    [Theory]
    [InlineData(0.2f)]
    [InlineData(0.5f)]
    public void The_kept_fraction_of_planes_is_1_minus_p(float p)
    {
        const int planes = 40_000, spatial = 3;
        var x = Enumerable.Repeat(1f, planes * spatial).ToArray();
        var mask = new float[planes];
        Dropout2dKernels.Forward(x, x, mask, p, spatial, new NetRandom(5));   // in place
        int kept = mask.Count(m => m != 0f);
        double sigma = Math.Sqrt(p * (1.0 - p) / planes);
        Assert.InRange((double)kept / planes, 1 - p - 4 * sigma, 1 - p + 4 * sigma);
        for (int i = 0; i < x.Length; i++) Assert.Equal(mask[i / spatial], x[i]);
    }

    [Fact]
    public void Same_seed_same_mask_different_seed_different_mask()
    {
        float[] x = new float[500 * 7], y = new float[x.Length], m1 = new float[500], m2 = new float[500], m3 = new float[500];
        Dropout2dKernels.Forward(x, y, m1, 0.4f, 7, new NetRandom(9));
        Dropout2dKernels.Forward(x, y, m2, 0.4f, 7, new NetRandom(9));
        Dropout2dKernels.Forward(x, y, m3, 0.4f, 7, new NetRandom(10));
        Assert.Equal(m1, m2);
        Assert.NotEqual(m1, m3);
    }
}
