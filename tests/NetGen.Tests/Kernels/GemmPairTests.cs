using System;
using NetGen.Kernels;
using Xunit;
using static NetGen.Tests.Kernels.KernelData;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Gemm.DenseForwardPair: two dense layers in one call. Whether it splits both layers' rows over threads (one-sample
/// products large enough) or runs the two products one after the other, the result must be the one of two separate
/// calls bit for bit, on every variant and thread count.
/// </summary>
public class GemmPairTests
{
    /// <summary>
    /// Shapes that split (mnist's 1 x 784 -> 256 -> 128; 2 and 4 samples; layers whose rows divide unevenly into
    /// parts of multiples of 8) and shapes that do not (too small, too few rows per thread, batches of 5 and 64).
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelData.Variants), MemberType = typeof(KernelData))]
    public void Pair_EqualsTwoSeparateCalls_OnAnyThreadCount(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        foreach (var (m, k, n1, n2) in new[] { (1, 784, 256, 128), (2, 300, 250, 70), (4, 129, 200, 100), (1, 16, 64, 64), (1, 1000, 300, 40), (5, 100, 70, 33), (64, 50, 40, 10) })
        {
            var rng = new Random(m * 7 + k + n1 * 3 + n2);
            float[] x = Random(rng, m * k), w1 = Random(rng, n1 * k), b1 = Random(rng, n1), w2 = Random(rng, n2 * n1), b2 = Random(rng, n2);
            b1[0] = float.NaN; // ReLU must let NaN through, as the separate kernels do
            foreach (var (relu1, relu2) in new[] { (true, true), (true, false), (false, true), (false, false) })
            {
                var h = new float[m * n1];
                var y = new float[m * n2];
                Gemm.DenseForward(v, GemmPath.Auto, x, w1, b1, h, m, k, n1, relu1);
                Gemm.DenseForward(v, GemmPath.Auto, h, w2, b2, y, m, n1, n2, relu2);
                foreach (int threads in new[] { 1, 2, 3, 4 })
                {
                    int saved = WorkerPool.MaxThreads;
                    WorkerPool.MaxThreads = threads;
                    try
                    {
                        float[] hp = Filled(m * n1, 7f), yp = Filled(m * n2, 7f);
                        Gemm.DenseForwardPair(v, x, w1, b1, hp, relu1, w2, b2, yp, relu2, m, k, n1, n2);
                        string at = $"{m} x {k} -> {n1} -> {n2}, relu {relu1}/{relu2}, {threads} threads";
                        Assert.True(h.AsSpan().SequenceEqual(hp), "H differs: " + at);
                        Assert.True(y.AsSpan().SequenceEqual(yp), "Y differs: " + at);
                    }
                    finally
                    {
                        WorkerPool.MaxThreads = saved;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The split itself (not the two-call fallback, which a busy pool would take): GemmDirect.TryForwardPairSplit is
    /// retried until the workers are free, and must then give the two separate calls' bits, whatever share of the rows
    /// part 0 takes.
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelData.Variants), MemberType = typeof(KernelData))]
    public unsafe void Split_RunsAndEqualsTwoSeparateCalls(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        foreach (var (m, k, n1, n2) in new[] { (1, 784, 256, 128), (2, 300, 250, 70), (4, 129, 200, 100) })
        {
            var rng = new Random(m + k + n1 + n2);
            float[] x = Random(rng, m * k), w1 = Random(rng, n1 * k), b1 = Random(rng, n1), w2 = Random(rng, n2 * n1), b2 = Random(rng, n2);
            var h = new float[m * n1];
            var y = new float[m * n2];
            Gemm.DenseForward(v, GemmPath.Auto, x, w1, b1, h, m, k, n1, relu: true);
            Gemm.DenseForward(v, GemmPath.Auto, h, w2, b2, y, m, n1, n2, relu: false);
            int saved = WorkerPool.MaxThreads;
            WorkerPool.MaxThreads = 2;
            try
            {
                // The balance's own share (-1), and part 0's smallest, even and largest shares and one in between.
                foreach (int share in new[] { -1, GemmPairBalance.MinShare(2), GemmPairBalance.Scale / 2, GemmPairBalance.MaxShare(2), 2701 })
                {
                    float[] hp = Filled(m * n1, 7f), yp = Filled(m * n2, 7f);
                    bool split = false;
                    fixed (float* px = x, pw1 = w1, pb1 = b1, ph = hp, pw2 = w2, pb2 = b2, py = yp)
                        for (int attempt = 0; attempt < 10_000 && !split; attempt++)
                        {
                            split = GemmDirect.TryForwardPairSplit(v, px, pw1, pb1, ph, true, pw2, pb2, py, false, m, k, n1, n2, share);
                            if (!split) System.Threading.Thread.Yield();
                        }
                    string at = $"{m} x {k} -> {n1} -> {n2}, share {share}";
                    Assert.True(split, at + ": the pair never split");
                    Assert.True(h.AsSpan().SequenceEqual(hp), at + ": H differs");
                    Assert.True(y.AsSpan().SequenceEqual(yp), at + ": Y differs");
                }
            }
            finally
            {
                WorkerPool.MaxThreads = saved;
            }
        }
    }

    [Fact]
    public void Pair_MatchesHandComputedLayers()
    {
        // x = [1, 2]; W1 = [[1, -1], [2, 0.5]], b1 = [0, -4]: pre-activations [-1, -1] -> ReLU [0, 0];
        // W2 = [[3, 1]], b2 = [0.5]: y = 0.5. Without the first ReLU: y = 3·(-1) + 1·(-1) + 0.5 = -3.5.
        float[] x = { 1, 2 }, w1 = { 1, -1, 2, 0.5f }, b1 = { 0, -4 }, w2 = { 3, 1 }, b2 = { 0.5f };
        float[] h = new float[2], y = new float[1];
        Gemm.DenseForwardPair(x, w1, b1, h, true, w2, b2, y, false, 1, 2, 2, 1);
        Assert.Equal(new[] { 0f, 0f }, h);
        Assert.Equal(new[] { 0.5f }, y);
        Gemm.DenseForwardPair(x, w1, b1, h, false, w2, b2, y, true, 1, 2, 2, 1);
        Assert.Equal(new[] { -1f, -1f }, h);
        Assert.Equal(new[] { 0f }, y);
    }

    [Fact]
    public void BadArguments_Throw_NamingArgumentAndSizes_AndLeaveOutputsUnchanged()
    {
        float[] x = new float[6], w1 = new float[12], b1 = new float[4], w2 = new float[8], b2 = new float[2];
        float[] h = Filled(8, 3f), y = Filled(4, 3f);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.DenseForwardPair(x, w1, b1, h, true, w2, b2, y, false, 2, 3, 4, 0));
        Assert.Equal("n2", e.ParamName);
        Assert.Contains("n2 (second layer's output features) must be at least 1 but is 0", e.Message);
        var l = Assert.Throws<ArgumentException>(() => Gemm.DenseForwardPair(x, w1, b1, h, true, new float[7], b2, y, false, 2, 3, 4, 2));
        Assert.Equal("w2", l.ParamName);
        Assert.Contains("w2 has length 7 but n2·n1 = 2·4 = 8 elements are required", l.Message);
        var hy = Assert.Throws<ArgumentException>(() => Gemm.DenseForwardPair(x, w1, b1, new float[7], true, w2, b2, y, false, 2, 3, 4, 2));
        Assert.Equal("h", hy.ParamName);
        var yy = Assert.Throws<ArgumentException>(() => Gemm.DenseForwardPair(x, w1, b1, h, true, w2, new float[1], y, false, 2, 3, 4, 2));
        Assert.Equal("bias2", yy.ParamName);
        Assert.Equal(Filled(8, 3f), h);
        Assert.Equal(Filled(4, 3f), y);
    }

    [Fact]
    public void SplitPair_AllocatesNothingAfterWarmUp()
    {
        var rng = new Random(3);
        float[] x = Random(rng, 784), w1 = Random(rng, 256 * 784), b1 = Random(rng, 256), w2 = Random(rng, 128 * 256), b2 = Random(rng, 128);
        float[] h = new float[256], y = new float[128];
        int saved = WorkerPool.MaxThreads;
        WorkerPool.MaxThreads = 2;
        try
        {
            Assert.Equal(0, AllocationMeter.BytesPerLoop(() => Gemm.DenseForwardPair(x, w1, b1, h, true, w2, b2, y, true, 1, 784, 256, 128)));
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
    }
}
