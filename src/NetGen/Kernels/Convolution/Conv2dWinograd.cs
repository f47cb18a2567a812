using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// Inference convolutions with Winograd's minimal filtering F(4, kh) along the height axis (Lavin and Gray, "Fast
/// Algorithms for Convolutional Neural Networks", 2016, in one dimension): four output rows from α = kh + 3 combinations
/// of input rows instead of 4·kh, so the multiply-adds fall to α / (4·kh) of the direct ones (8/20 for a 5-row kernel,
/// 6/12 for 3 rows). Per sample: every combination β of every tile's input rows (Bᵀ, exact small constants) is one
/// 512-bit row; for each β a register tile of 8 positions × 32 output channels (channels along the vector: no shifted
/// copies, the kw taps are broadcasts at consecutive addresses of the combined row) multiplies them by the transformed
/// weight G·w; the α partial products are combined into four output rows (Aᵀ), bias and ReLU applied, and transposed
/// to NCHW. Points 0, ±1, ±2, ±½ and ∞ keep the rounding at a few units in the last place (measured: ≤ 9e-7 of
/// Σ|w|·max|x| per one-dimensional tile in single precision, like a direct sum of the same terms). Only inference uses
/// it, on AVX-512; training keeps the direct convolution its gradients are the transposes of.
/// </summary>
/// <remarks>Thread safety: stateless; the transform tables are immutable.</remarks>
internal static unsafe class Conv2dWinograd
{
    /// <summary>Output rows per tile (m).</summary>
    private const int Rows = 4;

    /// <summary>Below this InChannels · kw the row transforms outweigh the multiply-adds saved (a 1-channel first layer).</summary>
    private const int MinDepth = 16;

    /// <summary>Interpolation points; the last of α points is ∞.</summary>
    private static readonly double[] s_points = { 0, 1, -1, 2, -2, 0.5, -0.5 };

    /// <summary>
    /// Per kernel height 3–5: Bᵀ [α][8] and Aᵀ [Rows][8] (exact small dyadic rationals; rows padded with zero
    /// coefficients to 8, so the row sums are branch-free eight-term sums) and G [α][kh] (rounded once from double).
    /// </summary>
    private static readonly float[][] s_inputRows = new float[6][], s_outputRows = new float[6][], s_kernelRows = new float[6][];

    static Conv2dWinograd()
    {
        for (int kh = 3; kh <= 5; kh++)
        {
            int alpha = kh + Rows - 1, finite = alpha - 1;
            var bt = new float[alpha * 8];
            var at = new float[Rows * 8];
            var gt = new float[alpha * kh];
            for (int k = 0; k < finite; k++)
            {
                double p = s_points[k], n = 1;
                for (int l = 0; l < finite; l++)
                    if (l != k) n *= p - s_points[l];
                for (int s = 0; s < Rows; s++) at[s * 8 + k] = (float)Math.Pow(p, s);
                for (int j = 0; j < kh; j++) gt[k * kh + j] = (float)(Math.Pow(p, j) / n);
                double[] c = Product(finite, k);
                for (int i = 0; i < alpha; i++) bt[k * 8 + i] = (float)c[i];
            }
            at[(Rows - 1) * 8 + finite] = 1;
            gt[finite * kh + kh - 1] = 1;
            double[] all = Product(finite, -1);
            for (int i = 0; i < alpha; i++) bt[finite * 8 + i] = (float)all[i];
            s_inputRows[kh] = bt;
            s_outputRows[kh] = at;
            s_kernelRows[kh] = gt;
        }
    }

    /// <summary>Coefficients (x⁰ first, α of them) of Π (x − p_l) over the first <paramref name="finite"/> points but <paramref name="skip"/>: small dyadic rationals, exact.</summary>
    private static double[] Product(int finite, int skip)
    {
        var c = new double[finite + 2];
        c[0] = 1;
        int degree = 0;
        for (int l = 0; l < finite; l++)
        {
            if (l == skip) continue;
            degree++;
            for (int i = degree; i >= 1; i--) c[i] = c[i - 1] - s_points[l] * c[i];
            c[0] = -s_points[l] * c[0];
        }
        return c;
    }

    private static int Alpha(in Conv2dGeometry g) => g.KernelHeight + Rows - 1;

    private static int Tiles(in Conv2dGeometry g) => (g.OutHeight + Rows - 1) / Rows;

    /// <summary>Output positions per register tile (one row of a tile, 8 columns).</summary>
    private const int Positions = 8;

    /// <summary>Floats per vector.</summary>
    private const int Lanes = 16;

    private static int PaddedWidth(in Conv2dGeometry g) => g.InWidth + 2 * g.PadWidth;

    private static int Blocks(in Conv2dGeometry g) => (g.OutWidth + Positions - 1) / Positions;

    /// <summary>Floats of the transformed weights, [β][InChannels][kw][OutChannels].</summary>
    private static long WeightsLength(in Conv2dGeometry g) => (long)Alpha(g) * g.OutChannels * g.InChannels * g.KernelWidth;

    /// <summary>
    /// The weight cache in the columns workspace, after the samples' regions (where only training's backward pass writes):
    /// a header (a tag; kh, kw, InChannels, OutChannels; then 16 lanes of a hash of the transformed weights), a copy of
    /// the weights, and the weights transformed from exactly those. Anything else that writes there (a training pass, a
    /// call with another batch size, whose regions and cache lie elsewhere) changes the tag, the copy or the hash.
    /// </summary>
    private const int HeaderLength = 8 + Lanes, Tag = 0x57494E47; // "WING"

    /// <summary>Floats of the cache: header, weights, transformed weights.</summary>
    public static long CacheLength(in Conv2dGeometry g) => HeaderLength + g.WeightLength + WeightsLength(g);

    /// <summary>
    /// The transformed weights for <paramref name="weight"/>, from the cache at <paramref name="cache"/> when it holds them
    /// for these weights (bitwise), this kernel shape and an unchanged hash, else transformed now and cached: an inference
    /// loop transforms once, and any change to the weights (training, loading) is seen on the next call.
    /// </summary>
    public static float* Prepare(float* weight, float* cache, in Conv2dGeometry g)
    {
        int* header = (int*)cache;
        float* copy = cache + HeaderLength, transformed = copy + g.WeightLength;
        long length = WeightsLength(g);
        if (header[0] == Tag && header[1] == g.KernelHeight && header[2] == g.KernelWidth && header[3] == g.InChannels && header[4] == g.OutChannels
            && SameBits(weight, copy, g.WeightLength) && Hash(transformed, length) == Vector512.Load(header + 8))
            return transformed;
        header[0] = 0; // not valid while it is rewritten
        TransformWeights(weight, transformed, g);
        new ReadOnlySpan<float>(weight, g.WeightLength).CopyTo(new Span<float>(copy, g.WeightLength));
        Hash(transformed, length).Store(header + 8);
        header[1] = g.KernelHeight;
        header[2] = g.KernelWidth;
        header[3] = g.InChannels;
        header[4] = g.OutChannels;
        header[0] = Tag;
        return transformed;
    }

    /// <summary>
    /// A hash of n floats (n a multiple of 16: OutChannels is) in 16 lanes: four interleaved chains (vectors i mod 4)
    /// of h = (h ⊕ bits) · 0x9E3779B1 per lane, a bijection of the running value for each word, so changing any one
    /// word changes its chain; the chains (seeded apart, and with the length) are then folded the same way.
    /// </summary>
    private static Vector512<int> Hash(float* values, long n)
    {
        Vector512<int> factor = Vector512.Create(unchecked((int)0x9E3779B1));
        Vector512<int> seed = Vector512.Create(unchecked((int)0x811C9DC5)) ^ Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            ^ Vector512.Create((int)n);
        Vector512<int> h0 = seed, h1 = seed * factor, h2 = h1 * factor, h3 = h2 * factor;
        int* v = (int*)values;
        long i = 0;
        for (; i + 4 * Lanes <= n; i += 4 * Lanes)
        {
            h0 = (h0 ^ Vector512.Load(v + i)) * factor;
            h1 = (h1 ^ Vector512.Load(v + i + Lanes)) * factor;
            h2 = (h2 ^ Vector512.Load(v + i + 2 * Lanes)) * factor;
            h3 = (h3 ^ Vector512.Load(v + i + 3 * Lanes)) * factor;
        }
        for (; i < n; i += Lanes) h0 = (h0 ^ Vector512.Load(v + i)) * factor;
        return (((((h0 ^ h1) * factor) ^ h2) * factor) ^ h3) * factor;
    }

    /// <summary>
    /// Floats one sample needs in its region of the columns workspace: the combined rows [β][c][t][padded width] (the
    /// tiles' last broadcasts read up to 8 + kw floats past a row start, the last vector store 16) and one block's
    /// products [β][8][OutChannels].
    /// </summary>
    private static long SampleLength(in Conv2dGeometry g) =>
        Alpha(g) * PlaneLength(g) + Positions + g.KernelWidth + (long)Alpha(g) * Positions * g.OutChannels;

    /// <summary>Floats from one combination's rows to the next: the rows, then room for the last row's whole-vector store.</summary>
    private static long PlaneLength(in Conv2dGeometry g) => (long)g.InChannels * Tiles(g) * PaddedWidth(g) + Lanes;

    /// <summary>Whether a[0..n) and b[0..n) hold the same bits (AVX-512 is known to be there: see <see cref="Applies"/>).</summary>
    private static bool SameBits(float* a, float* b, int n)
    {
        int i = 0;
        Vector512<int> differ = Vector512<int>.Zero;
        for (; i + Lanes <= n; i += Lanes) differ |= Vector512.Load((int*)a + i) ^ Vector512.Load((int*)b + i);
        for (; i < n; i++)
            if (((int*)a)[i] != ((int*)b)[i]) return false;
        return differ == Vector512<int>.Zero;
    }

    /// <summary>
    /// Whether an inference call computes this convolution here: the 512-bit variant, stride and dilation 1, one group, a
    /// kernel 3–5 rows high, a padded row within one vector, OutChannels a multiple of 16, InChannels · kw ≥ 16, and room
    /// for a sample's work in its region and for the weight cache in the <paramref name="cacheLength"/> floats of columns
    /// after the samples' regions (both hold for Conv2dGeometry.ColumnsLength).
    /// </summary>
    public static bool Applies(GemmVariant variant, in Conv2dGeometry g, long cacheLength) =>
        variant == GemmVariant.Vector512 && Avx512F.IsSupported
        && g.StrideHeight == 1 && g.StrideWidth == 1 && g.DilationHeight == 1 && g.DilationWidth == 1 && g.Groups == 1
        && g.KernelHeight >= 3 && g.KernelHeight <= 5 && PaddedWidth(g) <= Lanes && g.OutChannels % Lanes == 0
        && g.InChannels * g.KernelWidth >= MinDepth
        && CacheLength(g) <= cacheLength && SampleLength(g) <= Conv2dDirect.SampleLength(g);

    /// <summary>
    /// Transformed weights [β][c][j][o] = Σ_i G[β, i] · w[o, c, i, j] (the sum in float with fused multiply-adds), 16 output channels per vector: each input channel's kh × kw taps of every output channel are first
    /// gathered into [i][j][o] on the stack, so the sums read and write contiguous vectors.
    /// </summary>
    [SkipLocalsInit]
    private static void TransformWeights(float* weight, float* transformed, in Conv2dGeometry g)
    {
        int kh = g.KernelHeight, kw = g.KernelWidth, alpha = Alpha(g), channels = g.InChannels, outChannels = g.OutChannels, taps = kh * kw;
        float* block = stackalloc float[taps * outChannels];
        fixed (float* gt = s_kernelRows[kh])
        for (int c = 0; c < channels; c++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                float* w = weight + ((long)o * channels + c) * taps;
                for (int tap = 0; tap < taps; tap++) block[tap * outChannels + o] = w[tap];
            }
            for (int b = 0; b < alpha; b++)
                for (int j = 0; j < kw; j++)
                {
                    float* to = transformed + (((long)b * channels + c) * kw + j) * outChannels;
                    for (int o = 0; o < outChannels; o += Lanes)
                    {
                        Vector512<float> sum = Vector512<float>.Zero;
                        for (int i = 0; i < kh; i++)
                            sum = GemmFma.Fma512(Vector512.Load(block + (i * kw + j) * outChannels + o), Vector512.Create(gt[b * kh + i]), sum);
                        sum.Store(to + o);
                    }
                }
        }
    }

    /// <summary>
    /// One sample: y[OutChannels, OutHeight, OutWidth] from x[InChannels, InHeight, InWidth], with <paramref name="region"/>
    /// (<see cref="SampleLength"/> floats) as workspace and <paramref name="transformed"/> from <see cref="TransformWeights"/>;
    /// vectors may read x up to <paramref name="end"/> (the end of the batch's input) but not past it.
    /// </summary>
    public static void Sample(float* x, float* end, float* region, float* transformed, float* bias, float* y, in Conv2dGeometry g, bool relu)
    {
        int alpha = Alpha(g), tiles = Tiles(g), blocks = Blocks(g), kw = g.KernelWidth, channels = g.InChannels, outChannels = g.OutChannels;
        long planeLength = PlaneLength(g), combinedLength = alpha * planeLength, productsPlane = (long)Positions * outChannels;
        float* combined = region, products = region + combinedLength + Positions + kw;
        fixed (float* bt8 = s_inputRows[g.KernelHeight])
        fixed (float* at8 = s_outputRows[g.KernelHeight])
        {
            Combine(x, end, combined, bt8, g);
            for (int t = 0; t < tiles; t++)
                for (int block = 0; block < blocks; block++)
                {
                    // products[β, p, o] = Σ_c Σ_j combined[β, c, t, 8·block + p + j] · transformed[β, c, j, o].
                    for (int b = 0; b < alpha; b++)
                    {
                        float* from = combined + b * planeLength + (long)t * PaddedWidth(g) + block * Positions;
                        float* to = products + b * productsPlane;
                        float* weights = transformed + (long)b * channels * kw * outChannels;
                        int o = 0;
                        for (; o + 2 * Lanes <= outChannels; o += 2 * Lanes)
                            Tile8x2(from, tiles * PaddedWidth(g), weights + o, channels, kw, outChannels, to + o);
                        if (o < outChannels) Tile8x1(from, tiles * PaddedWidth(g), weights + o, channels, kw, outChannels, to + o);
                    }
                    Output(products, at8, bias, y, t, block, g, relu);
                }
        }
    }

    /// <summary>
    /// Every combination β of every tile's rows, combined[β, c, t, ·] = Σ_k Bᵀ[β, k] · x_padded[c, 4t + k, ·] (rows of the
    /// padding read as zeros), each tile's α rows loaded once; whole-vector stores in increasing order within a
    /// combination, so what one writes past its row the next one overwrites (the last one, the plane's slack).
    /// </summary>
    [SkipLocalsInit]
    private static void Combine(float* x, float* end, float* combined, float* bt8, in Conv2dGeometry g)
    {
        int alpha = Alpha(g), tiles = Tiles(g), paddedWidth = PaddedWidth(g), kw = g.KernelWidth;
        int h = g.InHeight, w = g.InWidth, ph = g.PadHeight, pw = g.PadWidth;
        long planeLength = PlaneLength(g);
        float* zeros = stackalloc float[Lanes];
        float* copies = stackalloc float[8 * Lanes];
        float** rows = stackalloc float*[8];
        for (int l = 0; l < Lanes; l++) zeros[l] = 0f;
        for (int k = alpha; k < 8; k++) rows[k] = zeros;
        // Lane l of a combined row is lane l − pw of the unpadded one, or zero (the padding columns and lanes past the row).
        int* place = stackalloc int[Lanes];
        for (int l = 0; l < Lanes; l++) place[l] = l - pw >= 0 && l - pw < w ? l - pw : Lanes;
        Vector512<int> placement = Vector512.Load(place);
        // What the last tiles' broadcasts read past the rows: zeros, not stale floats.
        new Span<float>(combined + alpha * planeLength, Positions + kw).Clear();
        for (int b = 0; b < alpha; b++) new Span<float>(combined + b * planeLength + planeLength - Lanes, Lanes).Clear();
        for (int c = 0; c < g.InChannels; c++)
            for (int t = 0; t < tiles; t++)
            {
                // The tile's α rows (rows of the padding: zeros; past α: zeros with zero coefficients), read as whole
                // vectors, or copied first near the end of the input (a scalar loop: no call in this method, so the
                // eight rows stay in registers).
                float* top = x + ((long)c * h + Rows * t - ph) * w;
                for (int k = 0; k < alpha; k++)
                {
                    int r = Rows * t + k - ph;
                    float* row = (uint)r < (uint)h ? top + (long)k * w : zeros;
                    if (row != zeros && row + Lanes > end)
                    {
                        float* copy = copies + k * Lanes;
                        for (int l = 0; l < Lanes; l++) copy[l] = l < w ? row[l] : 0f;
                        row = copy;
                    }
                    rows[k] = row;
                }
                Vector512<float> r0 = Vector512.Load(rows[0]), r1 = Vector512.Load(rows[1]), r2 = Vector512.Load(rows[2]), r3 = Vector512.Load(rows[3]);
                Vector512<float> r4 = Vector512.Load(rows[4]), r5 = Vector512.Load(rows[5]), r6 = Vector512.Load(rows[6]), r7 = Vector512.Load(rows[7]);
                float* to = combined + ((long)c * tiles + t) * paddedWidth;
                for (int b = 0; b < alpha; b++, to += planeLength)
                {
                    Vector512<float> sum = Sum8(r0, r1, r2, r3, r4, r5, r6, r7, bt8 + b * 8, Vector512<float>.Zero);
                    Avx512F.PermuteVar16x32x2(sum, placement, Vector512<float>.Zero).Store(to);
                }
            }
    }

    /// <summary>
    /// sum + Σ_k k[k] · r_k in order of k, every term included: a zero coefficient adds ±0 for finite values (no branch
    /// per term: the zero patterns repeat with a period the branch predictor missed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sum8(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3,
        Vector512<float> r4, Vector512<float> r5, Vector512<float> r6, Vector512<float> r7, float* k, Vector512<float> sum)
    {
        sum = GemmFma.Fma512(r0, Vector512.Create(k[0]), sum);
        sum = GemmFma.Fma512(r1, Vector512.Create(k[1]), sum);
        sum = GemmFma.Fma512(r2, Vector512.Create(k[2]), sum);
        sum = GemmFma.Fma512(r3, Vector512.Create(k[3]), sum);
        sum = GemmFma.Fma512(r4, Vector512.Create(k[4]), sum);
        sum = GemmFma.Fma512(r5, Vector512.Create(k[5]), sum);
        sum = GemmFma.Fma512(r6, Vector512.Create(k[6]), sum);
        return GemmFma.Fma512(r7, Vector512.Create(k[7]), sum);
    }

    /// <summary>
    /// Output rows 4t + s (those inside the maps) of one block of 8 columns: bias + Σ_β Aᵀ[s, β] · products[β, p, ·], ReLU
    /// when asked, transposed from [column][channel] to y's [channel][row][column].
    /// </summary>
    [SkipLocalsInit]
    private static void Output(float* products, float* at8, float* bias, float* y, int t, int block, in Conv2dGeometry g, bool relu)
    {
        int alpha = Alpha(g), outChannels = g.OutChannels, outWidth = g.OutWidth, outHeight = g.OutHeight;
        long productsPlane = (long)Positions * outChannels, plane = (long)outHeight * outWidth;
        float* tile = stackalloc float[Rows * Positions * Lanes];
        float* square = stackalloc float[Lanes * Positions];
        int columns = Math.Min(Positions, outWidth - block * Positions), rowsLeft = Math.Min(Rows, outHeight - Rows * t);
        for (int o = 0; o < outChannels; o += Lanes)
        {
            Vector512<float> start = bias == null ? Vector512<float>.Zero : Vector512.Load(bias + o);
            for (int p = 0; p < Positions; p++)
            {
                // The α products of this column once, the four output rows from them.
                float* from = products + p * outChannels + o;
                Vector512<float> p0 = Product(from, 0, alpha, productsPlane), p1 = Product(from, 1, alpha, productsPlane);
                Vector512<float> p2 = Product(from, 2, alpha, productsPlane), p3 = Product(from, 3, alpha, productsPlane);
                Vector512<float> p4 = Product(from, 4, alpha, productsPlane), p5 = Product(from, 5, alpha, productsPlane);
                Vector512<float> p6 = Product(from, 6, alpha, productsPlane), p7 = Product(from, 7, alpha, productsPlane);
                for (int s = 0; s < rowsLeft; s++)
                {
                    Vector512<float> sum = Sum8(p0, p1, p2, p3, p4, p5, p6, p7, at8 + s * 8, start);
                    if (relu) sum = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(sum, Vector512<float>.Zero), Vector512<float>.Zero, sum);
                    sum.Store(tile + (s * Positions + p) * Lanes);
                }
            }
            for (int s = 0; s < rowsLeft; s++)
            {
                // [8 columns][16 channels] to 16 rows of 8 columns, as two 8 × 8 transposes.
                float* target = y + ((long)o * outHeight + Rows * t + s) * outWidth + block * Positions, rowTile = tile + s * Positions * Lanes;
                if (columns == Positions)
                {
                    Transpose(rowTile, target, plane);
                    Transpose(rowTile + 8, target + 8 * plane, plane);
                }
                else
                {
                    Transpose(rowTile, square, Positions);
                    Transpose(rowTile + 8, square + 8 * Positions, Positions);
                    for (int l = 0; l < Lanes; l++)
                        for (int p = 0; p < columns; p++) target[l * plane + p] = square[l * Positions + p];
                }
            }
        }
    }

    /// <summary>Products of combination β at <paramref name="from"/>, or zeros past α.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Product(float* from, int b, int alpha, long plane) => b < alpha ? Vector512.Load(from + b * plane) : Vector512<float>.Zero;

    /// <summary>
    /// to[l · stride + p] = from[p · 16 + l] for p, l &lt; 8: eight rows of eight floats (16 apart) transposed with
    /// unpacks and shuffles (AVX), one 256-bit store per output row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(float* from, float* to, long stride)
    {
        Vector256<float> a0 = Vector256.Load(from), a1 = Vector256.Load(from + Lanes), a2 = Vector256.Load(from + 2 * Lanes), a3 = Vector256.Load(from + 3 * Lanes);
        Vector256<float> a4 = Vector256.Load(from + 4 * Lanes), a5 = Vector256.Load(from + 5 * Lanes), a6 = Vector256.Load(from + 6 * Lanes), a7 = Vector256.Load(from + 7 * Lanes);
        Vector256<float> t0 = Avx.UnpackLow(a0, a1), t1 = Avx.UnpackHigh(a0, a1), t2 = Avx.UnpackLow(a2, a3), t3 = Avx.UnpackHigh(a2, a3);
        Vector256<float> t4 = Avx.UnpackLow(a4, a5), t5 = Avx.UnpackHigh(a4, a5), t6 = Avx.UnpackLow(a6, a7), t7 = Avx.UnpackHigh(a6, a7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).Store(to);
        Avx.Permute2x128(u1, u5, 0x20).Store(to + stride);
        Avx.Permute2x128(u2, u6, 0x20).Store(to + 2 * stride);
        Avx.Permute2x128(u3, u7, 0x20).Store(to + 3 * stride);
        Avx.Permute2x128(u0, u4, 0x31).Store(to + 4 * stride);
        Avx.Permute2x128(u1, u5, 0x31).Store(to + 5 * stride);
        Avx.Permute2x128(u2, u6, 0x31).Store(to + 6 * stride);
        Avx.Permute2x128(u3, u7, 0x31).Store(to + 7 * stride);
    }

    /// <summary>
    /// 8 positions × 32 channels: to[p, o..o+32) = Σ_c Σ_j from[c · rowStep + p + j] · weights[(c · kw + j) · outChannels + o..].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x2(float* from, long rowStep, float* weights, int channels, int kw, int outChannels, float* to)
    {
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        Vector512<float> a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, a70 = default, a71 = default;
        for (int c = 0; c < channels; c++, from += rowStep)
        {
            float* r = from;
            for (int j = 0; j < kw; j++, r++, weights += outChannels)
            {
                Vector512<float> w0 = Vector512.Load(weights), w1 = Vector512.Load(weights + Lanes);
                Vector512<float> v = Vector512.Create(r[0]); a00 = GemmFma.Fma512(v, w0, a00); a01 = GemmFma.Fma512(v, w1, a01);
                v = Vector512.Create(r[1]); a10 = GemmFma.Fma512(v, w0, a10); a11 = GemmFma.Fma512(v, w1, a11);
                v = Vector512.Create(r[2]); a20 = GemmFma.Fma512(v, w0, a20); a21 = GemmFma.Fma512(v, w1, a21);
                v = Vector512.Create(r[3]); a30 = GemmFma.Fma512(v, w0, a30); a31 = GemmFma.Fma512(v, w1, a31);
                v = Vector512.Create(r[4]); a40 = GemmFma.Fma512(v, w0, a40); a41 = GemmFma.Fma512(v, w1, a41);
                v = Vector512.Create(r[5]); a50 = GemmFma.Fma512(v, w0, a50); a51 = GemmFma.Fma512(v, w1, a51);
                v = Vector512.Create(r[6]); a60 = GemmFma.Fma512(v, w0, a60); a61 = GemmFma.Fma512(v, w1, a61);
                v = Vector512.Create(r[7]); a70 = GemmFma.Fma512(v, w0, a70); a71 = GemmFma.Fma512(v, w1, a71);
            }
        }
        long n = outChannels;
        a00.Store(to); a01.Store(to + Lanes); a10.Store(to + n); a11.Store(to + n + Lanes);
        a20.Store(to + 2 * n); a21.Store(to + 2 * n + Lanes); a30.Store(to + 3 * n); a31.Store(to + 3 * n + Lanes);
        a40.Store(to + 4 * n); a41.Store(to + 4 * n + Lanes); a50.Store(to + 5 * n); a51.Store(to + 5 * n + Lanes);
        a60.Store(to + 6 * n); a61.Store(to + 6 * n + Lanes); a70.Store(to + 7 * n); a71.Store(to + 7 * n + Lanes);
    }

    /// <summary>8 positions × 16 channels, as <see cref="Tile8x2"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x1(float* from, long rowStep, float* weights, int channels, int kw, int outChannels, float* to)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int c = 0; c < channels; c++, from += rowStep)
        {
            float* r = from;
            for (int j = 0; j < kw; j++, r++, weights += outChannels)
            {
                Vector512<float> w0 = Vector512.Load(weights);
                a0 = GemmFma.Fma512(Vector512.Create(r[0]), w0, a0);
                a1 = GemmFma.Fma512(Vector512.Create(r[1]), w0, a1);
                a2 = GemmFma.Fma512(Vector512.Create(r[2]), w0, a2);
                a3 = GemmFma.Fma512(Vector512.Create(r[3]), w0, a3);
                a4 = GemmFma.Fma512(Vector512.Create(r[4]), w0, a4);
                a5 = GemmFma.Fma512(Vector512.Create(r[5]), w0, a5);
                a6 = GemmFma.Fma512(Vector512.Create(r[6]), w0, a6);
                a7 = GemmFma.Fma512(Vector512.Create(r[7]), w0, a7);
            }
        }
        long n = outChannels;
        a0.Store(to); a1.Store(to + n); a2.Store(to + 2 * n); a3.Store(to + 3 * n);
        a4.Store(to + 4 * n); a5.Store(to + 5 * n); a6.Store(to + 6 * n); a7.Store(to + 7 * n);
    }
}
