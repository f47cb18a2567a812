using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Internal;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Every GEMM variant the machine supports, each of the three dense-layer products, checked against
/// the double-precision triple loop (<see cref="GemmReference"/>) on odd sizes, vector widths ± 1,
/// tile sizes ± 1 and sizes that cross the kc / mc / nc cache blocks.
/// </summary>
public class GemmTests
{
    private const float Sentinel = 12345.5f;
    private const int Padding = 5;

    /// <summary>Sizes for the full m x k x n cube (1728 shapes per variant and product).</summary>
    private static readonly int[] CubeSizes = { 1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 32, 33 };

    /// <summary>
    /// Sizes swept one dimension at a time: primes, powers of two and every vector width (4, 8, 16, 32)
    /// and register-tile size (mr = 4, 6, 12; nr = 4, 8, 16, 32) ± 1, up to 67 and a little beyond.
    /// </summary>
    private static readonly int[] LineSizes =
    {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 19, 23, 24, 25, 29, 31, 32, 33, 37, 41, 43,
        47, 48, 49, 53, 59, 61, 63, 64, 65, 67, 71, 97, 127, 128, 129,
    };

    /// <summary>
    /// Shapes (m, k, n) larger than one cache block (kc = 512, mc = 96, nc = 4096) in each of the GEMM's
    /// M, N, K roles, which differ per product (forward M,N,K = m,n,k; input grad m,k,n; weight grad n,k,m).
    /// </summary>
    private static readonly (int M, int K, int N)[] BlockCrossing =
    {
        (300, 257, 129), (129, 300, 257), (257, 129, 300), (150, 513, 70), (97, 40, 520), (520, 97, 40),
        (64, 1031, 1025), (1030, 67, 1025), (13, 9, 4103), (13, 4103, 9), (4103, 9, 13),
    };

    public static IEnumerable<object[]> Variants() => GemmVariants.Supported.Select(v => new object[] { v.ToString() });

    private static IEnumerable<(int M, int K, int N)> SweepShapes()
    {
        foreach (int m in CubeSizes)
            foreach (int k in CubeSizes)
                foreach (int n in CubeSizes)
                    yield return (m, k, n);
        foreach (int s in LineSizes)
        {
            yield return (s, 33, 17);
            yield return (17, s, 33);
            yield return (33, 17, s);
            yield return (s, s, s);
        }
    }

    [Fact]
    public void VariantSelection_PicksTheWidestSupported()
    {
        Assert.Contains(GemmVariant.Scalar, GemmVariants.Supported);
        Assert.True(GemmVariants.IsSupported(GemmVariants.Best));
        Assert.Equal(GemmVariants.Supported.Max(), GemmVariants.Best);
    }

    /// <summary>
    /// .ci/run repeats the kernel tests with DOTNET_Enable* switches that leave a narrower instruction set, and names
    /// the variant it expects in NETGEN_EXPECT_VARIANT. A switch the runtime does not honour (.NET 10 ignores
    /// DOTNET_EnableAVX512F; its switch is DOTNET_EnableAVX512) then fails that pass instead of testing the widest
    /// path again. The activation kernels pick the same width.
    /// </summary>
    [Fact]
    public void VariantSelection_IsTheOneTheCiPassExpects()
    {
        string? expected = Environment.GetEnvironmentVariable("NETGEN_EXPECT_VARIANT");
        if (string.IsNullOrEmpty(expected)) return; // an ordinary run: VariantSelection_PicksTheWidestSupported
        Assert.Equal(expected, GemmVariants.Best.ToString());
        SimdWidth width = GemmVariants.Best switch
        {
            GemmVariant.Vector512 => SimdWidth.V512,
            GemmVariant.Vector256 => SimdWidth.V256,
            GemmVariant.Vector128 => SimdWidth.V128,
            _ => SimdWidth.Scalar,
        };
        Assert.Equal(width, SimdDriver.Best);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Forward_Packed_MatchesReference(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        var rng = new Random(1001);
        int count = 0;
        foreach (var (m, k, n) in SweepShapes())
            CheckForward(rng, v, GemmPath.Packed, m, k, n, withBias: (count++ & 1) == 0);
        foreach (var (m, k, n) in BlockCrossing)
            CheckForward(rng, v, GemmPath.Packed, m, k, n, withBias: true);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void BackwardInput_Packed_MatchesReference(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        var rng = new Random(2002);
        foreach (var (m, k, n) in SweepShapes().Concat(BlockCrossing))
            CheckBackwardInput(rng, v, GemmPath.Packed, m, k, n);
    }

    /// <summary>
    /// The input gradient with the ReLU backward of the layer below fused (masked as the tiles store, or after the
    /// packed product) equals the plain input gradient followed by <c>ActivationKernels.ReluBackward</c>, bit for bit:
    /// on every path and variant, edge rows and columns, and a mask with positive, negative, ±0 and NaN entries
    /// (only positive ones keep the gradient); the floats after dX stay untouched.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void BackwardInputRelu_IsBackwardInputThenReluBackward(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        var rng = new Random(2112);
        foreach (GemmPath path in new[] { GemmPath.Direct, GemmPath.Packed, GemmPath.Auto })
        {
            foreach (var (m, k, n) in new[] { (1, 1, 1), (64, 64, 4), (64, 128, 64), (13, 37, 9), (9, 70, 33), (130, 200, 50) })
            {
                float[] dy = Random(rng, m * n), w = Random(rng, n * k), mask = Random(rng, m * k);
                for (int i = 0; i < mask.Length; i += 7) mask[i] = (i / 7 % 3) switch { 0 => 0f, 1 => -0f, _ => float.NaN };
                float[] expected = new float[m * k];
                Gemm.DenseBackwardInput(v, path, dy, w, expected, m, k, n);
                ActivationKernels.ReluBackward(mask, mask, expected, expected);
                float[] dx = Output(m * k, float.NaN);
                Gemm.DenseBackwardInputRelu(v, path, dy, w, mask, dx, m, k, n);
                Assert.Equal(expected.Concat(Enumerable.Repeat(Sentinel, Padding)), dx);
            }
        }
        float[] buffer = new float[64];
        var ex = Assert.Throws<ArgumentException>(() => Gemm.DenseBackwardInputRelu(new float[16], new float[16], buffer.AsSpan(0, 16), buffer.AsSpan(8, 16), 4, 4, 4));
        Assert.Equal("reluOutput", ex.ParamName);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void BackwardWeights_Packed_MatchesReference(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        var rng = new Random(3003);
        int count = 0;
        foreach (var (m, k, n) in SweepShapes())
            CheckBackwardWeights(rng, v, GemmPath.Packed, m, k, n, withDb: (count++ & 1) == 0);
        foreach (var (m, k, n) in BlockCrossing)
            CheckBackwardWeights(rng, v, GemmPath.Packed, m, k, n, withDb: true);
    }

    /// <summary>
    /// Kernels that read A in place (GemmDriver.AllowAInPlace; Vector256 today) must give exactly what the packed-A
    /// kernel gives: the same sums in the same order, bit for bit, with A's rows contiguous (forward, dX) and its
    /// columns contiguous (dW), partial last row panels, edge column panels and more than one k block.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void PackedPath_AInPlace_IsBitIdenticalToPackedA(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        foreach (var (m, k, n) in new[] { (7, 5, 3), (13, 33, 17), (64, 600, 100), (61, 513, 250), (100, 70, 33), (6, 1030, 40) })
            AssertSwitchKeepsBits(on => GemmDriver.AllowAInPlace = on, GemmDriver.AllowAInPlace,
                () => AllProducts(v, GemmPath.Packed, m, k, n, seed: m + k + n));
    }

    /// <summary>
    /// The unpacked broadcast strips use 6-row tiles, then 4-row tiles, then single rows; with 6-row tiles switched off
    /// (GemmSmall.SixRowTiles) the same elements are the same sums in the same order, so the results match bit for bit.
    /// Row counts around the tile sizes and the 6-then-4 split (10, 20, 32 rows).
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void DirectPath_SixRowTiles_AreBitIdenticalToFourRowTiles(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        const int k = 37, n = 41;
        foreach (int m in new[] { 5, 6, 7, 10, 11, 12, 13, 20, 32, 33, 64 })
            AssertSwitchKeepsBits(on => GemmSmall.SixRowTiles = on, GemmSmall.SixRowTiles,
                () => AllProducts(v, GemmPath.Direct, m, k, n, seed: m));
    }

    /// <summary>
    /// Under AVX-512 the two-register strips start with 8-row tiles (GemmSmall.EightRowTiles512); the rest of the rows
    /// take the 6-, 4- and 1-row tiles. Every element is the same sum in the same order either way: the same bits, for
    /// row counts around 8 and the 8-then-6-then-4 split, in all three products (other variants: the switch is unused).
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void DirectPath_EightRowTiles_AreBitIdenticalToSixRowTiles(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        const int k = 37, n = 41;
        foreach (int m in new[] { 5, 7, 8, 9, 13, 14, 16, 17, 20, 22, 24, 30, 64, 67 })
            AssertSwitchKeepsBits(on => GemmSmall.EightRowTiles512 = on, GemmSmall.EightRowTiles512,
                () => AllProducts(v, GemmPath.Direct, m, k, n, seed: m));
    }

    /// <summary>
    /// <paramref name="products"/> with a kernel switch off and then on must give the same bits; the switch is set
    /// back to <paramref name="saved"/> afterwards, whatever happens.
    /// </summary>
    private static void AssertSwitchKeepsBits(Action<bool> set, bool saved, Func<float[]> products)
    {
        try
        {
            set(false);
            float[] off = products();
            set(true);
            Assert.Equal(off, products());
        }
        finally
        {
            set(saved);
        }
    }

    /// <summary>
    /// One-sample forward (W·x): rows of W go in groups of sixteen (AVX-512, short rows), eight, four, then one to three.
    /// Each output must be the same sum in the same order whichever group it falls in, so that splitting the rows over
    /// threads at any boundary gives the same bits: every output of a 31-row product (16 + 8 + 4 + 3) equals the
    /// one-row product of its own W row.
    /// Row lengths around the vector width and with a scalar tail.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void OneSampleForward_EachRowIsTheSameSumInAnyGroup(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        foreach (int k in new[] { 1, 7, 8, 9, 16, 17, 33, 64, 67, 127, 128, 129, 144, 160, 176, 191, 255, 784 })
        {
            const int n = 31;
            var rng = new Random(k);
            float[] x = Random(rng, k), w = Random(rng, n * k), bias = Random(rng, n);
            var y = new float[n];
            Gemm.DenseForward(v, GemmPath.Direct, x, w, bias, y, 1, k, n);
            for (int j = 0; j < n; j++)
            {
                var one = new float[1];
                Gemm.DenseForward(v, GemmPath.Direct, x, w.AsSpan(j * k, k), bias.AsSpan(j, 1), one, 1, k, 1);
                Assert.True(BitConverter.SingleToInt32Bits(one[0]) == BitConverter.SingleToInt32Bits(y[j]),
                    $"k = {k}, row {j}: {y[j]:R} in the 31-row product, {one[0]:R} alone");
            }
        }
    }

    /// <summary>
    /// One-sample forward with long rows (k ≥ GemmGemv.StreamedMinK: rows streamed one after the other, four
    /// accumulators each): matches the reference for every count of whole registers left after the four-register
    /// loop (0-3) with and without a scalar tail, for 1-4 samples and 8-row, 4-row and 1-3 row groups; and x read
    /// in place from a 64-byte aligned buffer gives the same bits as x at 1-15 floats past the boundary (copied to
    /// an aligned stack buffer first).
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void OneSampleForward_LongRows_MatchReference_AlignedOrNot(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        var rng = new Random(2026);
        foreach (int k in new[] { GemmGemv.StreamedMinK, 129, 144, 160, 176, 191, 255, 784 })
        {
            foreach (var (m, n) in new[] { (1, 1), (1, 3), (1, 12), (2, 15), (4, 20) })
            {
                float[] w = Random(rng, n * k), b = Random(rng, n), x = Random(rng, m * k);
                var buffer = new AlignedFloats(m * k + 16);
                float[] inPlace = null!;
                foreach (int offset in new[] { 0, 1, 4, 15 })
                {
                    Span<float> xs = buffer.Slice(offset, m * k);
                    x.CopyTo(xs);
                    float[] y = Output(m * n, float.NaN);
                    Gemm.DenseForward(v, GemmPath.Direct, xs, w, b, y, m, k, n);
                    if (offset == 0)
                    {
                        var (refV, refA) = GemmReference.Forward(x, w, b, m, k, n);
                        Compare("Forward", v, GemmPath.Direct, m, k, n, y, refV, refA, k + 1);
                        inPlace = y;
                    }
                    else
                    {
                        Assert.True(inPlace.AsSpan().SequenceEqual(y), $"k = {k}, m = {m}, n = {n}: x {offset} floats off the boundary changed the bits");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The fused forward + ReLU equals the product followed by the ReLU kernel, bit for bit, on every variant and path:
    /// one-sample rows (ReLU in the dot-product epilogue: 8-row groups, a 4-row group and a 1-3 row tail), short batches,
    /// narrow outputs and the broadcast and packed paths (ReLU after the product). The bias holds NaN (must propagate),
    /// −0 and values that flip signs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void ForwardRelu_EqualsForwardThenRelu(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        int zeros = 0, positives = 0;
        foreach (GemmPath path in new[] { GemmPath.Auto, GemmPath.Direct, GemmPath.Packed })
        {
            foreach (var (m, k, n) in new[] { (1, 16, 64), (1, 37, 15), (1, 8, 3), (2, 33, 13), (4, 9, 4), (7, 20, 3), (17, 33, 40), (70, 100, 33) })
            {
                var rng = new Random(m * 1000 + k * 10 + n);
                float[] x = Random(rng, m * k), w = Random(rng, n * k), bias = Random(rng, n);
                bias[0] = float.NaN;
                if (n > 1) bias[1] = -0f;
                var expected = new float[m * n];
                Gemm.DenseForward(v, path, x, w, bias, expected, m, k, n);
                ActivationKernels.Relu(expected, expected);
                var fused = new float[m * n];
                Gemm.DenseForward(v, path, x, w, bias, fused, m, k, n, relu: true);
                Assert.True(expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(fused.Select(BitConverter.SingleToInt32Bits)),
                    $"{path} {m}x{k}->{n}: ReLU fused differs from ReLU after the product");
                Assert.True(float.IsNaN(fused[0]), "NaN must propagate through ReLU");
                zeros += fused.Count(f => f == 0f);
                positives += fused.Count(f => f > 0f);
            }
        }
        // The shapes exercise both sides of the ReLU.
        Assert.True(zeros > 100 && positives > 100, $"{zeros} zeros, {positives} positives");
    }

    /// <summary>The public fused entry point at a one-sample shape that splits over threads (784 -> 256).</summary>
    [Fact]
    public void PublicForwardRelu_EqualsForwardThenRelu()
    {
        var rng = new Random(784);
        float[] x = Random(rng, 784), w = Random(rng, 256 * 784), bias = Random(rng, 256);
        var expected = new float[256];
        Gemm.DenseForward(x, w, bias, expected, 1, 784, 256);
        ActivationKernels.Relu(expected, expected);
        var fused = new float[256];
        Gemm.DenseForwardRelu(x, w, bias, fused, 1, 784, 256);
        Assert.Equal(expected, fused);
        Assert.Contains(fused, f => f == 0f);
    }

    /// <summary>Y, dX and dW (concatenated) of one path on operands drawn from <paramref name="seed"/>.</summary>
    private static float[] AllProducts(GemmVariant v, GemmPath path, int m, int k, int n, int seed)
    {
        var rng = new Random(seed);
        float[] x = Random(rng, m * k), w = Random(rng, n * k), bias = Random(rng, n), dy = Random(rng, m * n);
        var y = new float[m * n];
        var dx = new float[m * k];
        var dw = new float[n * k];
        Gemm.DenseForward(v, path, x, w, bias, y, m, k, n);
        Gemm.DenseBackwardInput(v, path, dy, w, dx, m, k, n);
        Gemm.DenseBackwardWeights(v, path, dy, x, dw, Span<float>.Empty, m, k, n);
        return y.Concat(dx).Concat(dw).ToArray();
    }

    /// <summary>
    /// The unpacked path (GemmSmall: dot products for m or n ≤ 4, broadcast tiles otherwise), every variant,
    /// on the whole sweep: row counts around the 4-row tile, column counts around one and two registers.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void DirectPath_MatchesReference(string variantName)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        var rng = new Random(4004);
        int count = 0;
        foreach (var (m, k, n) in SweepShapes())
        {
            bool flag = (count++ & 1) == 0;
            CheckForward(rng, v, GemmPath.Direct, m, k, n, withBias: flag);
            CheckBackwardInput(rng, v, GemmPath.Direct, m, k, n);
            CheckBackwardWeights(rng, v, GemmPath.Direct, m, k, n, withDb: flag);
        }
        CheckForward(rng, v, GemmPath.Direct, 1, 1031, 300, withBias: true);
        CheckForward(rng, v, GemmPath.Direct, 70, 300, 33, withBias: true);
        CheckBackwardInput(rng, v, GemmPath.Direct, 5, 1031, 300);
        CheckBackwardWeights(rng, v, GemmPath.Direct, 2, 300, 1031, withDb: true);
        CheckBackwardWeights(rng, v, GemmPath.Direct, 300, 70, 9, withDb: true);
    }

    /// <summary>
    /// The public entry points (best variant, automatic path choice) on both sides of each routing switch, narrow
    /// forward outputs (5-15 units: <see cref="GemmNarrow"/> under AVX-512) included.
    /// </summary>
    [Fact]
    public void PublicApi_MatchesReference()
    {
        var rng = new Random(5005);
        foreach (int m in new[] { 1, 2, 3, GemmDirect.DotMaxSize, GemmDirect.DotMaxSize + 1, Gemm.DirectMaxRowsBackward, Gemm.DirectMaxRowsBackward + 1, 200 })
            foreach (var (k, n) in new[] { (1, 1), (33, 17), (100, 50), (257, 31), (300, 130), (128, 10), (37, 5), (19, 15) })
            {
                CheckForward(rng, null, GemmPath.Auto, m, k, n, withBias: true);
                CheckForward(rng, null, GemmPath.Auto, m, k, n, withBias: false);
                CheckBackwardInput(rng, null, GemmPath.Auto, m, k, n);
                CheckBackwardWeights(rng, null, GemmPath.Auto, m, k, n, withDb: true);
                CheckBackwardWeights(rng, null, GemmPath.Auto, m, k, n, withDb: false);
            }
    }

    /// <summary>
    /// Narrow forward outputs (5-15 units, more than four rows: GemmNarrow under AVX-512) through the public entry point:
    /// rows around the 8-row tile and the thread split, depths around a register, every width it takes; the masked
    /// stores write nothing past the output (sentinels). Also pins the routing to the instruction set.
    /// </summary>
    [Fact]
    public void NarrowOutputs_MatchReference()
    {
        var rng = new Random(6006);
        foreach (int m in new[] { 5, 7, 8, 9, 16, 17, 63, 513, 1031 })
            foreach (int k in new[] { 1, 7, 16, 17, 128, 129 })
                foreach (int n in new[] { 5, 9, 10, 15 })
                {
                    Assert.Equal(GemmVariants.Best == GemmVariant.Vector512, GemmNarrow.Takes(GemmVariants.Best, m, n));
                    CheckForward(rng, null, GemmPath.Auto, m, k, n, withBias: (m + k + n) % 2 == 0);
                }
        Assert.False(GemmNarrow.Takes(GemmVariant.Vector512, 4, 10));
        Assert.False(GemmNarrow.Takes(GemmVariant.Vector512, 100, 4));
        Assert.False(GemmNarrow.Takes(GemmVariant.Vector512, 100, 16));
    }

    /// <summary>
    /// A narrow output row is the same sum whether it falls in an 8-row tile or the single-row rest, on one thread or
    /// split over two, and fused ReLU equals ReLU after the product (NaN and −0 in the bias).
    /// </summary>
    [Fact]
    public void NarrowOutputs_EachRowIsTheSameSumInAnyTileOrThreadCount()
    {
        const int m = 1031, k = 129, n = 10;
        var rng = new Random(7007);
        float[] x = Random(rng, m * k), w = Random(rng, n * k), bias = Random(rng, n);
        bias[0] = float.NaN;
        bias[1] = -0f;
        int saved = WorkerPool.MaxThreads;
        try
        {
            WorkerPool.MaxThreads = 1;
            var one = new float[m * n];
            Gemm.DenseForward(x, w, bias, one, m, k, n);
            WorkerPool.MaxThreads = 2;
            var two = new float[m * n];
            Gemm.DenseForward(x, w, bias, two, m, k, n);
            Assert.Equal(Bits(one), Bits(two));

            // Nine rows: row 8 is the single-row rest here, inside an 8-row tile above.
            var nine = new float[9 * n];
            Gemm.DenseForward(x.AsSpan(0, 9 * k), w, bias, nine, 9, k, n);
            Assert.Equal(Bits(one.AsSpan(0, 9 * n).ToArray()), Bits(nine));

            var fused = new float[m * n];
            Gemm.DenseForwardRelu(x, w, bias, fused, m, k, n);
            ActivationKernels.Relu(two, two);
            Assert.Equal(Bits(two), Bits(fused));
            Assert.Contains(fused, f => f == 0f);
            Assert.Contains(fused, f => f > 0f);
        }
        finally
        {
            WorkerPool.MaxThreads = saved;
        }
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void Forward_HandComputed()
    {
        // X = [[1, 2], [3, 4]], W = [[1, 0], [1, -1], [2, 1]], b = [0.5, 0, -1]
        float[] x = { 1, 2, 3, 4 };
        float[] w = { 1, 0, 1, -1, 2, 1 };
        float[] b = { 0.5f, 0, -1 };
        var y = new float[6];
        Gemm.DenseForward(x, w, b, y, 2, 2, 3);
        Assert.Equal(new float[] { 1.5f, -1, 3, 3.5f, -1, 9 }, y);
        Gemm.DenseForward(x, w, ReadOnlySpan<float>.Empty, y, 2, 2, 3);
        Assert.Equal(new float[] { 1, -1, 4, 3, -1, 10 }, y);
    }

    [Fact]
    public void Backward_HandComputed_Accumulates()
    {
        // dY = [[1, 2, 3]] (m = 1, n = 3), X = [[4, 5]] (k = 2), W as in Forward_HandComputed.
        float[] dy = { 1, 2, 3 };
        float[] x = { 4, 5 };
        float[] w = { 1, 0, 1, -1, 2, 1 };
        var dx = new float[] { 99, 99 };
        Gemm.DenseBackwardInput(dy, w, dx, 1, 2, 3);
        Assert.Equal(new float[] { 1 + 2 + 6, 0 - 2 + 3 }, dx);

        float[] dw = { 1, 1, 1, 1, 1, 1 };
        float[] db = { 10, 20, 30 };
        Gemm.DenseBackwardWeights(dy, x, dw, db, 1, 2, 3);
        Assert.Equal(new float[] { 5, 6, 9, 11, 13, 16 }, dw);
        Assert.Equal(new float[] { 11, 22, 33 }, db);
        Gemm.DenseBackwardWeights(dy, x, dw, db, 1, 2, 3);
        Assert.Equal(new float[] { 9, 11, 17, 21, 25, 31 }, dw);
        Assert.Equal(new float[] { 12, 24, 36 }, db);

        // Same through the packed path of every variant: twice from the same start adds twice.
        foreach (GemmVariant v in GemmVariants.Supported)
        {
            float[] dw2 = { 1, 1, 1, 1, 1, 1 };
            float[] db2 = { 10, 20, 30 };
            Gemm.DenseBackwardWeights(v, GemmPath.Packed, dy, x, dw2, db2, 1, 2, 3);
            Gemm.DenseBackwardWeights(v, GemmPath.Packed, dy, x, dw2, db2, 1, 2, 3);
            Assert.Equal(new float[] { 9, 11, 17, 21, 25, 31 }, dw2);
            Assert.Equal(new float[] { 12, 24, 36 }, db2);
        }
    }

    [Fact]
    public void BadArguments_Throw_NamingArgumentAndSizes_AndLeaveOutputsUnchanged()
    {
        var x = new float[6];     // m = 2, k = 3
        var w = new float[12];    // n = 4, k = 3
        var b = new float[4];
        var y = new float[8];
        var dy = new float[8];
        var dx = new float[6];
        var dw = Enumerable.Repeat(7f, 12).ToArray();
        var db = Enumerable.Repeat(7f, 4).ToArray();

        AssertThrows("m", "0", () => Gemm.DenseForward(x, w, b, y, 0, 3, 4));
        AssertThrows("k", "-1", () => Gemm.DenseForward(x, w, b, y, 2, -1, 4));
        AssertThrows("n", "0", () => Gemm.DenseForward(x, w, b, y, 2, 3, 0));
        AssertThrows("x", "6", () => Gemm.DenseForward(x, w, b, new float[10], 2, 4, 2), "8");
        AssertThrows("w", "12", () => Gemm.DenseForward(x, w, new float[5], new float[10], 2, 3, 5), "15");
        AssertThrows("bias", "3", () => Gemm.DenseForward(x, w, new float[3], y, 2, 3, 4), "4");
        AssertThrows("y", "7", () => Gemm.DenseForward(x, w, b, new float[7], 2, 3, 4), "8");
        AssertThrows("m", "0", () => Gemm.DenseForwardRelu(x, w, b, y, 0, 3, 4));
        AssertThrows("w", "11", () => Gemm.DenseForwardRelu(x, new float[11], b, y, 2, 3, 4), "12");
        AssertThrows("y", "7", () => Gemm.DenseForwardRelu(x, w, b, new float[7], 2, 3, 4), "8");

        AssertThrows("m", "0", () => Gemm.DenseBackwardInput(dy, w, dx, 0, 3, 4));
        AssertThrows("dy", "7", () => Gemm.DenseBackwardInput(new float[7], w, dx, 2, 3, 4), "8");
        AssertThrows("w", "11", () => Gemm.DenseBackwardInput(dy, new float[11], dx, 2, 3, 4), "12");
        AssertThrows("dx", "5", () => Gemm.DenseBackwardInput(dy, w, new float[5], 2, 3, 4), "6");

        AssertThrows("n", "-3", () => Gemm.DenseBackwardWeights(dy, x, dw, db, 2, 3, -3));
        AssertThrows("dy", "7", () => Gemm.DenseBackwardWeights(new float[7], x, dw, db, 2, 3, 4), "8");
        AssertThrows("x", "5", () => Gemm.DenseBackwardWeights(dy, new float[5], dw, db, 2, 3, 4), "6");
        AssertThrows("dw", "11", () => Gemm.DenseBackwardWeights(dy, x, new float[11], db, 2, 3, 4), "12");
        AssertThrows("db", "3", () => Gemm.DenseBackwardWeights(dy, x, dw, new float[3], 2, 3, 4), "4");
        Assert.All(dw, v => Assert.Equal(7f, v));
        Assert.All(db, v => Assert.Equal(7f, v));

        // An invalid db must not leave dW half-updated.
        var dyOnes = Enumerable.Repeat(1f, 8).ToArray();
        AssertThrows("db", "1", () => Gemm.DenseBackwardWeights(dyOnes, x, dw, new float[1], 2, 3, 4), "4");
        Assert.All(dw, v => Assert.Equal(7f, v));
    }

    private static void AssertThrows(string param, string actual, Action call, string? required = null)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(param, ex.ParamName);
        Assert.Contains(actual, ex.Message, StringComparison.Ordinal);
        if (required is not null) Assert.Contains(required, ex.Message, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> AllocationCases()
    {
        foreach (object[] v in Variants())
        {
            yield return new object[] { v[0], "Packed", 64, 100, 50 };
            yield return new object[] { v[0], "Packed", 300, 257, 129 };
            // Unpacked: broadcast tiles + the transposed narrow-input weight gradient, and 4-row dots for a narrow output.
            yield return new object[] { v[0], "Direct", 37, 20, 50 };
            yield return new object[] { v[0], "Direct", 33, 40, 3 };
        }
        yield return new object[] { GemmVariants.Best.ToString(), "Direct", 1, 100, 50 };
        yield return new object[] { GemmVariants.Best.ToString(), "Auto", 3, 784, 128 };
    }

    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void NoAllocationAfterWarmUp(string variantName, string pathName, int m, int k, int n)
    {
        GemmVariant v = Enum.Parse<GemmVariant>(variantName);
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        var rng = new Random(6006);
        float[] x = Random(rng, m * k), w = Random(rng, n * k), b = Random(rng, n), y = new float[m * n];
        float[] dy = Random(rng, m * n), dx = new float[m * k], dw = new float[n * k], db = new float[n];

        void Step()
        {
            Gemm.DenseForward(v, path, x, w, b, y, m, k, n);
            Gemm.DenseBackwardInput(v, path, dy, w, dx, m, k, n);
            Gemm.DenseBackwardWeights(v, path, dy, x, dw, db, m, k, n);
        }

        for (int i = 0; i < 3; i++) Step();
        // A per-call allocation shows up in every attempt; the runtime's own one-off work on this
        // thread (tiered-JIT call counting finishing mid-loop) can show up once, so take the best of 3.
        long best = long.MaxValue;
        for (int attempt = 0; attempt < 3 && best != 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++) Step();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, best);
    }

    // ---- checks ----

    private static float[] Random(Random rng, int length)
    {
        var a = new float[length];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }

    private static float[] Output(int length, float fill)
    {
        var a = new float[length + Padding];
        Array.Fill(a, fill, 0, length);
        Array.Fill(a, Sentinel, length, Padding);
        return a;
    }

    private static void CheckForward(Random rng, GemmVariant? v, GemmPath path, int m, int k, int n, bool withBias)
    {
        float[] x = Random(rng, m * k), w = Random(rng, n * k);
        float[]? b = withBias ? Random(rng, n) : null;
        float[] y = Output(m * n, float.NaN); // overwritten, never read
        if (v is null) Gemm.DenseForward(x, w, b, y.AsSpan(0, m * n), m, k, n);
        else Gemm.DenseForward(v.Value, path, x, w, b, y, m, k, n);
        var (refV, refA) = GemmReference.Forward(x, w, b, m, k, n);
        Compare("Forward", v, path, m, k, n, y, refV, refA, k + 1);
    }

    private static void CheckBackwardInput(Random rng, GemmVariant? v, GemmPath path, int m, int k, int n)
    {
        float[] dy = Random(rng, m * n), w = Random(rng, n * k);
        float[] dx = Output(m * k, float.NaN);
        if (v is null) Gemm.DenseBackwardInput(dy, w, dx.AsSpan(0, m * k), m, k, n);
        else Gemm.DenseBackwardInput(v.Value, path, dy, w, dx, m, k, n);
        var (refV, refA) = GemmReference.BackwardInput(dy, w, m, k, n);
        Compare("BackwardInput", v, path, m, k, n, dx, refV, refA, n + 1);
    }

    private static void CheckBackwardWeights(Random rng, GemmVariant? v, GemmPath path, int m, int k, int n, bool withDb)
    {
        float[] dy = Random(rng, m * n), x = Random(rng, m * k);
        float[] dw0 = Random(rng, n * k), db0 = withDb ? Random(rng, n) : new float[n];
        float[] dw = Output(n * k, 0), db = Output(n, 0);
        dw0.CopyTo(dw, 0);
        db0.CopyTo(db, 0);
        Span<float> dbSpan = withDb ? db.AsSpan() : Span<float>.Empty;
        if (v is null) Gemm.DenseBackwardWeights(dy, x, dw, dbSpan, m, k, n);
        else Gemm.DenseBackwardWeights(v.Value, path, dy, x, dw, dbSpan, m, k, n);
        var (refW, refWA, refB, refBA) = GemmReference.BackwardWeights(dy, x, dw0, db0, m, k, n);
        Compare("BackwardWeights dW", v, path, m, k, n, dw, refW, refWA, m + 1);
        if (withDb) Compare("BackwardWeights db", v, path, m, k, n, db, refB, refBA, m + 1);
        else Assert.Equal(db0.Concat(Enumerable.Repeat(Sentinel, Padding)), db);
    }

    private static void Compare(string op, GemmVariant? v, GemmPath path, int m, int k, int n,
        float[] got, double[] expected, double[] absSum, int terms)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(got[i] - expected[i]);
            double tol = GemmReference.Tolerance(terms, absSum[i]);
            if (!(err <= tol))
                Assert.Fail($"{op} {v?.ToString() ?? "public"} {path} m={m} k={k} n={n}: element {i} = {got[i]:R}, expected {expected[i]:R}, error {err:E3} > tolerance {tol:E3}");
        }
        for (int i = expected.Length; i < got.Length; i++)
            if (got[i] != Sentinel)
                Assert.Fail($"{op} {v?.ToString() ?? "public"} {path} m={m} k={k} n={n}: wrote past the output at {i}");
    }
}
