using System;
using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The training gradients of a stride-1 convolution (<see cref="Conv2dDirect.Applies"/>) without im2col, from the kw
/// shifted copies <c>S_j</c> that <see cref="Conv2dDirect.Forward"/> kept per sample (see there for their layout).
/// <para>The batch is cut into <see cref="Parts"/> fixed parts (the cut does not depend on the thread count); one thread
/// does all of a part's work, so what it writes it reads back from its own caches (on this kind of VM a cache line
/// written by one core and read by the other costs as much as a trip to memory): it transposes its samples' dLoss/dy
/// to positions-first ([OutPlane][OutChannels / Groups] per sample and group), sums the bias and weight gradients of
/// its samples, and computes their input gradients. The parts' sums are added in order at the end, so the result is the
/// same bits for any thread count.</para>
/// <para>Weight gradient: <c>dW[o, c, i, j] = Σ_n Σ_q dY[n, o, q] · S_j[n, c, i·dh·OutWidth + q]</c>, where q runs over
/// the output positions; for a fixed tap the S values of consecutive q are consecutive floats. A register tile of 2
/// vectors of output channels × 12 taps (or 1 vector × 24) accumulates one broadcast S value per tap and position into
/// every channel: no horizontal sum, a part's samples summed in registers.</para>
/// <para>Input gradient, per sample: Z = Wᵀ · dy (tap-major, [patch][OutPlane] per group: the GEMM with the transposed
/// weight), then each tap's rows added to dx where they came from while Z is in cache. That is exactly the convolution's
/// multiply-adds; the transposed convolution as a convolution of padded dy with the flipped weight (measured: 1.8 vs
/// 1.1 ms for the cnn network's conv2 at batch 64) also multiplies dy's padding, and im2col-shaped products for the
/// whole batch (1.5 ms) go through memory.</para>
/// </summary>
/// <remarks>Thread safety: stateless.</remarks>
internal static unsafe class Conv2dDirectGradients
{
    /// <summary>Taps per tile of 2 channel vectors (24 accumulators); a tile of 1 vector takes twice as many.</summary>
    private const int Taps = 12;

    /// <summary>Floats of one tile's accumulators: up to 24 vectors of 16.</summary>
    private const int TileFloats = 2 * Taps * 16;

    /// <summary>Tiles whose accumulators a part keeps on its stack at a time (more tiles take more passes over the part).</summary>
    private const int TilesPerPass = 48;

    /// <summary>Most parts the batch is cut into (fewer for smaller batches: one sample at least per part).</summary>
    public const int MaxParts = 8;

    /// <summary>The parts of a batch.</summary>
    public static int Parts(int batch) => Math.Min(batch, MaxParts);

    /// <summary>
    /// Floats of one part's products in the input gradient: one sample's Groups · PatchLength · OutPlane, then the rows of
    /// one channel and kernel column summed over the kernel rows, (OutHeight + DilationHeight · (KernelHeight − 1)) · OutWidth.
    /// </summary>
    private static long ProductsPerPart(in Conv2dGeometry g) =>
        (long)g.Groups * g.PatchLength * g.OutPlane + (g.OutHeight + (long)g.DilationHeight * (g.KernelHeight - 1)) * g.OutWidth;

    /// <summary>
    /// Floats of the columns workspace <see cref="Backward"/> needs: the shifted copies, then per part its weight and bias
    /// sums and one sample's products, then the transposed weight.
    /// </summary>
    public static long ColumnsLength(in Conv2dGeometry g, int batch) =>
        batch * Conv2dDirect.SampleLength(g) + Parts(batch) * (g.WeightLength + g.OutChannels + ProductsPerPart(g)) + g.WeightLength;

    private struct Job
    {
        public float* Dy, Dx, Scratch, Padded, Partials, Products, Transposed;
        public Conv2dGeometry Geometry;
        public GemmVariant Variant;
        public int Batch, Parts, Tiles, ChannelTiles, TapTiles, TapsPerTile, Lanes, Vectors, BlockSamples;
        public bool Bias, InputGradient;
    }

    /// <summary>
    /// ADDS dLoss/dweight and (unless empty) dLoss/dbias, and writes dLoss/dx unless it is empty, for the batch whose
    /// shifted copies <paramref name="columns"/> holds (<see cref="ColumnsLength"/> floats); overwrites
    /// <paramref name="scratch"/> (batch · (OutChannels · OutPlane + 32) floats). The caller validated every length.
    /// </summary>
    public static void Backward(GemmVariant variant, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dweight, Span<float> dbias,
        Span<float> dx, Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry g)
    {
        int lanes = variant switch { GemmVariant.Vector512 => 16, GemmVariant.Vector256 => 8, GemmVariant.Vector128 => 4, _ => 1 };
        int groupOut = g.GroupOutChannels, patch = g.PatchLength, parts = Parts(batch);
        // Tiles of 2 channel vectors × 12 taps, or of 1 vector × 24 taps (two passes of 12) when the channels fit one
        // vector, or two vectors but the taps fewer than a 12-tap tile.
        int vectors = groupOut > 2 * lanes || (groupOut > lanes && patch > Taps) ? 2 : 1;
        int channelTiles = (groupOut + vectors * lanes - 1) / (vectors * lanes);
        int tapsPerTile = vectors == 2 ? Taps : 2 * Taps;
        int tapTiles = (patch + tapsPerTile - 1) / tapsPerTile;
        long sampleBytes = 4L * (g.OutPlane * (long)g.OutChannels + Conv2dDirect.SampleLength(g));
        long copies = batch * Conv2dDirect.SampleLength(g), partials = (long)parts * (g.WeightLength + g.OutChannels);
        if (!dx.IsEmpty)
        {
            // Wᵀ per group: [patch][groupOut], shared read-only by the parts.
            Span<float> transposed = columns.Slice((int)(copies + partials + parts * ProductsPerPart(g)), g.WeightLength);
            for (int group = 0; group < g.Groups; group++)
                for (int o = 0; o < groupOut; o++)
                    for (int k = 0; k < patch; k++)
                        transposed[(group * patch + k) * groupOut + o] = weight[(group * groupOut + o) * patch + k];
        }
        fixed (float* pdy = dy)
        fixed (float* pdx = dx)
        fixed (float* ps = scratch)
        fixed (float* pc = columns)
        {
            var job = new Job
            {
                Dy = pdy, Dx = pdx, Scratch = ps, Padded = pc, Partials = pc + copies, Products = pc + copies + partials,
                Transposed = pc + copies + partials + parts * ProductsPerPart(g), Geometry = g, Variant = variant, Batch = batch, Parts = parts,
                Tiles = g.Groups * channelTiles * tapTiles, ChannelTiles = channelTiles, TapTiles = tapTiles, TapsPerTile = tapsPerTile, Lanes = lanes,
                Vectors = vectors, BlockSamples = (int)Math.Clamp(128 * 1024 / sampleBytes, 1, batch), Bias = !dbias.IsEmpty, InputGradient = !dx.IsEmpty,
            };
            long work = (long)batch * g.OutPlane * g.OutChannels * patch;
            if (work < WorkerPool.MinParallelWork / 4 || !WorkerPool.TryRun(&job, parts, 1, 1, &PartRange, chunksPerThread: 4))
                PartRange(&job, 0, parts);
        }
        // The parts' sums, in order (into the first part's, then added to the gradients).
        int stride = g.WeightLength + g.OutChannels;
        Span<float> sums = columns.Slice((int)copies, stride);
        for (int part = 1; part < parts; part++)
            System.Numerics.Tensors.TensorPrimitives.Add(sums, columns.Slice((int)(copies + (long)part * stride), stride), sums);
        System.Numerics.Tensors.TensorPrimitives.Add(dweight, sums.Slice(0, g.WeightLength), dweight);
        if (!dbias.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(dbias, sums.Slice(g.WeightLength), dbias);
    }

    private static void PartRange(void* context, int first, int count)
    {
        var job = (Job*)context;
        for (int part = first; part < first + count; part++)
        {
            int from = (int)((long)job->Batch * part / job->Parts), to = (int)((long)job->Batch * (part + 1) / job->Parts);
            Transpose(job, from, to);
            if (job->Bias) BiasSums(job, part, from, to);
            switch (job->Variant)
            {
                case GemmVariant.Vector512: WeightSums<GemmLane512>(job, part, from, to); break;
                case GemmVariant.Vector256: WeightSums<GemmLane256>(job, part, from, to); break;
                case GemmVariant.Vector128: WeightSums<GemmLane128>(job, part, from, to); break;
                default: WeightSums<GemmLaneScalar>(job, part, from, to); break;
            }
            if (job->InputGradient) InputGradient(job, part, from, to);
        }
    }

    /// <summary>Samples [from, to) of dLoss/dy to positions-first, sample n at scratch + n · OutChannels · OutPlane, group by group.</summary>
    private static void Transpose(Job* job, int from, int to)
    {
        Conv2dGeometry g = job->Geometry;
        int plane = g.OutPlane, groupOut = g.GroupOutChannels;
        for (int n = from; n < to; n++)
            for (int group = 0; group < g.Groups; group++)
            {
                long offset = ((long)n * g.OutChannels + group * groupOut) * plane;
                Conv2dKernels.Transpose(job->Dy + offset, groupOut, plane, job->Scratch + offset);
            }
    }

    private static void BiasSums(Job* job, int part, int from, int to)
    {
        Conv2dGeometry g = job->Geometry;
        int plane = g.OutPlane;
        float* sums = job->Partials + (long)part * (g.WeightLength + g.OutChannels) + g.WeightLength;
        for (int o = 0; o < g.OutChannels; o++)
        {
            float sum = 0f;
            for (int n = from; n < to; n++)
                sum += System.Numerics.Tensors.TensorPrimitives.Sum(new ReadOnlySpan<float>(job->Dy + ((long)n * g.OutChannels + o) * plane, plane));
            sums[o] = sum;
        }
    }

    /// <summary>
    /// The part's weight sums: up to <see cref="TilesPerPass"/> tiles at a time, its samples block by block so that a
    /// block's dLoss/dy and copies are read from cache by every tile; each tile's accumulators go to memory between
    /// blocks (which does not change the order of any sum).
    /// </summary>
    [SkipLocalsInit]
    private static void WeightSums<TV>(Job* job, int part, int from, int to) where TV : struct, IGemmLane<TV>
    {
        Conv2dGeometry g = job->Geometry;
        int groupIn = g.GroupInChannels, groupOut = g.GroupOutChannels, patch = g.PatchLength;
        int kh = g.KernelHeight, kw = g.KernelWidth, plane = g.OutPlane;
        long planeLength = (long)(g.InHeight + 2 * g.PadHeight) * g.OutWidth, shift = g.InChannels * planeLength;
        long sample = Conv2dDirect.SampleLength(g), dySample = (long)g.OutChannels * plane;
        long* offsets = stackalloc long[TilesPerPass * 2 * Taps];
        float* accumulators = stackalloc float[TilesPerPass * TileFloats];
        for (int pass = 0; pass < job->Tiles; pass += TilesPerPass)
        {
            int units = Math.Min(TilesPerPass, job->Tiles - pass);
            new Span<float>(accumulators, units * TileFloats).Clear();
            for (int u = 0; u < units; u++)
            {
                (int group, _, int firstTap, int taps) = Describe(job, pass + u);
                // Tap (c, i, j) in the weight's order, stepped without divisions (batch 1 does this per tile and sample).
                int c = firstTap / (kh * kw), i = firstTap / kw % kh, j = firstTap % kw;
                long* slot = offsets + u * 2 * Taps;
                for (int t = 0; t < taps; t++)
                {
                    slot[t] = j * shift + (group * groupIn + c) * planeLength + (long)i * g.DilationHeight * g.OutWidth;
                    if (++j == kw) { j = 0; if (++i == kh) { i = 0; c++; } }
                }
                // Slots past the last tap repeat it; their sums are not stored.
                for (int t = taps; t < 2 * Taps; t++) slot[t] = slot[taps - 1];
            }
            for (int n0 = from; n0 < to; n0 += job->BlockSamples)
            {
                int n1 = Math.Min(to, n0 + job->BlockSamples);
                for (int u = 0; u < units; u++)
                {
                    (int group, int o, _, int taps) = Describe(job, pass + u);
                    float* dy = job->Scratch + (long)group * plane * groupOut + o;
                    float* acc = accumulators + u * TileFloats;
                    if (job->Vectors == 2) Tile2<TV>(dy, groupOut, dySample, job->Padded, offsets + u * 2 * Taps, sample, n0, n1, plane, acc);
                    else Tile1<TV>(dy, groupOut, dySample, job->Padded, offsets + u * 2 * Taps, sample, n0, n1, plane, acc, both: taps > Taps);
                }
            }
            float* sums = job->Partials + (long)part * (g.WeightLength + g.OutChannels);
            for (int u = 0; u < units; u++)
            {
                (int group, int o, int firstTap, int taps) = Describe(job, pass + u);
                float* acc = accumulators + u * TileFloats;
                int channels = Math.Min(job->Vectors * job->Lanes, groupOut - o), stride = job->Vectors * job->Lanes;
                float* dw = sums + (long)(group * groupOut + o) * patch + firstTap;
                for (int t = 0; t < taps; t++)
                    for (int r = 0; r < channels; r++)
                        dw[(long)r * patch + t] = acc[t * stride + r];
            }
        }
    }

    /// <summary>Tile number → its group, first output channel (within the group), first tap and number of taps.</summary>
    private static (int Group, int Channel, int FirstTap, int Taps) Describe(Job* job, int tile)
    {
        int tapTile = tile % job->TapTiles, rest = tile / job->TapTiles;
        int channelTile = rest % job->ChannelTiles, group = rest / job->ChannelTiles;
        int firstTap = tapTile * job->TapsPerTile;
        return (group, channelTile * job->Vectors * job->Lanes, firstTap, Math.Min(job->TapsPerTile, job->Geometry.PatchLength - firstTap));
    }

    /// <summary>dx for samples [from, to): Z = Wᵀ · dy per group into the part's products buffer, then Z's rows added where they came from.</summary>
    private static void InputGradient(Job* job, int part, int from, int to)
    {
        Conv2dGeometry g = job->Geometry;
        int groupIn = g.GroupInChannels, groupOut = g.GroupOutChannels, patch = g.PatchLength, plane = g.OutPlane;
        int kh = g.KernelHeight, kw = g.KernelWidth, outH = g.OutHeight, outW = g.OutWidth, inH = g.InHeight, inW = g.InWidth;
        float* z = job->Products + part * ProductsPerPart(g);
        for (int n = from; n < to; n++)
        {
            for (int group = 0; group < g.Groups; group++)
            {
                var dy = new ReadOnlySpan<float>(job->Scratch + ((long)n * g.OutChannels + group * groupOut) * plane, plane * groupOut);
                var w = new ReadOnlySpan<float>(job->Transposed + (long)group * patch * groupOut, patch * groupOut);
                Gemm.DenseForward(job->Variant, GemmPath.Auto, w, dy, ReadOnlySpan<float>.Empty, new Span<float>(z + (long)group * patch * plane, patch * plane), patch, groupOut, plane);
            }
            float* dx = job->Dx + (long)n * g.InChannels * g.InPlane;
            new Span<float>(dx, g.InChannels * g.InPlane).Clear();
            // Z[(c, i, j)][oh·OutWidth + ow] belongs at dx[c, oh − ph + i·dh, ow − pw + j·dw]. For one (c, j), the kernel
            // rows i only move it down by i·dh rows of OutWidth, so their sum is contiguous adds into `rows`; each of its
            // rows then goes to dx once, shifted by j·dw − pw columns.
            int reach = outH + g.DilationHeight * (kh - 1);
            float* rows = z + (long)g.Groups * patch * plane;
            for (int c = 0; c < g.InChannels; c++)
            {
                float* target = dx + (long)c * g.InPlane;
                float* taps = z + (long)(c / groupIn) * patch * plane + (long)(c % groupIn) * kh * kw * plane;
                for (int j = 0; j < kw; j++)
                {
                    // Output column ow lands in input column ow + shift: inside for ow in [start, end).
                    int shift = j * g.DilationWidth - g.PadWidth;
                    int start = Math.Max(0, -shift), end = Math.Min(outW, inW - shift);
                    if (start >= end) continue;
                    new Span<float>(rows, reach * outW).Clear();
                    for (int i = 0; i < kh; i++) AddRow(rows + (long)i * g.DilationHeight * outW, taps + (long)(i * kw + j) * plane, plane);
                    for (int r = 0; r < reach; r++)
                    {
                        int h = r - g.PadHeight;
                        if ((uint)h >= (uint)inH) continue;
                        AddRow(target + (long)h * inW + start + shift, rows + (long)r * outW + start, end - start);
                    }
                }
            }
        }
    }

    /// <summary>to[k] += from[k] for k in [0, count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(float* to, float* from, int count)
    {
        int k = 0;
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            for (; k + 16 <= count; k += 16)
                System.Runtime.Intrinsics.Vector512.Store(System.Runtime.Intrinsics.Vector512.Load(to + k) + System.Runtime.Intrinsics.Vector512.Load(from + k), to + k);
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            for (; k + 8 <= count; k += 8)
                System.Runtime.Intrinsics.Vector256.Store(System.Runtime.Intrinsics.Vector256.Load(to + k) + System.Runtime.Intrinsics.Vector256.Load(from + k), to + k);
        for (; k < count; k++) to[k] += from[k];
    }

    /// <summary>2 vectors of channels × 12 taps over samples [n0, n1) and every position, added to tile[12][2·lanes].</summary>
    [SkipLocalsInit]
    private static void Tile2<TV>(float* dy, int rowStride, long dySample, float* padded, long* offsets, long sample, int n0, int n1, int plane, float* tile)
        where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, w = 2 * lanes;
        TV a00 = TV.Load(tile), a01 = TV.Load(tile + lanes), a10 = TV.Load(tile + w), a11 = TV.Load(tile + w + lanes);
        TV a20 = TV.Load(tile + 2 * w), a21 = TV.Load(tile + 2 * w + lanes), a30 = TV.Load(tile + 3 * w), a31 = TV.Load(tile + 3 * w + lanes);
        TV a40 = TV.Load(tile + 4 * w), a41 = TV.Load(tile + 4 * w + lanes), a50 = TV.Load(tile + 5 * w), a51 = TV.Load(tile + 5 * w + lanes);
        TV a60 = TV.Load(tile + 6 * w), a61 = TV.Load(tile + 6 * w + lanes), a70 = TV.Load(tile + 7 * w), a71 = TV.Load(tile + 7 * w + lanes);
        TV a80 = TV.Load(tile + 8 * w), a81 = TV.Load(tile + 8 * w + lanes), a90 = TV.Load(tile + 9 * w), a91 = TV.Load(tile + 9 * w + lanes);
        TV aa0 = TV.Load(tile + 10 * w), aa1 = TV.Load(tile + 10 * w + lanes), ab0 = TV.Load(tile + 11 * w), ab1 = TV.Load(tile + 11 * w + lanes);
        for (int n = n0; n < n1; n++)
        {
            float* s = padded + n * sample;
            float* p0 = s + offsets[0], p1 = s + offsets[1], p2 = s + offsets[2], p3 = s + offsets[3], p4 = s + offsets[4], p5 = s + offsets[5];
            float* p6 = s + offsets[6], p7 = s + offsets[7], p8 = s + offsets[8], p9 = s + offsets[9], pa = s + offsets[10], pb = s + offsets[11];
            float* d = dy + n * dySample;
            for (int q = 0; q < plane; q++, d += rowStride)
            {
                TV d0 = TV.Load(d), d1 = TV.Load(d + lanes);
                TV b = TV.Splat(p0[q]); a00 = TV.MulAdd(d0, b, a00); a01 = TV.MulAdd(d1, b, a01);
                b = TV.Splat(p1[q]); a10 = TV.MulAdd(d0, b, a10); a11 = TV.MulAdd(d1, b, a11);
                b = TV.Splat(p2[q]); a20 = TV.MulAdd(d0, b, a20); a21 = TV.MulAdd(d1, b, a21);
                b = TV.Splat(p3[q]); a30 = TV.MulAdd(d0, b, a30); a31 = TV.MulAdd(d1, b, a31);
                b = TV.Splat(p4[q]); a40 = TV.MulAdd(d0, b, a40); a41 = TV.MulAdd(d1, b, a41);
                b = TV.Splat(p5[q]); a50 = TV.MulAdd(d0, b, a50); a51 = TV.MulAdd(d1, b, a51);
                b = TV.Splat(p6[q]); a60 = TV.MulAdd(d0, b, a60); a61 = TV.MulAdd(d1, b, a61);
                b = TV.Splat(p7[q]); a70 = TV.MulAdd(d0, b, a70); a71 = TV.MulAdd(d1, b, a71);
                b = TV.Splat(p8[q]); a80 = TV.MulAdd(d0, b, a80); a81 = TV.MulAdd(d1, b, a81);
                b = TV.Splat(p9[q]); a90 = TV.MulAdd(d0, b, a90); a91 = TV.MulAdd(d1, b, a91);
                b = TV.Splat(pa[q]); aa0 = TV.MulAdd(d0, b, aa0); aa1 = TV.MulAdd(d1, b, aa1);
                b = TV.Splat(pb[q]); ab0 = TV.MulAdd(d0, b, ab0); ab1 = TV.MulAdd(d1, b, ab1);
            }
        }
        TV.Store(a00, tile); TV.Store(a01, tile + lanes); TV.Store(a10, tile + w); TV.Store(a11, tile + w + lanes);
        TV.Store(a20, tile + 2 * w); TV.Store(a21, tile + 2 * w + lanes); TV.Store(a30, tile + 3 * w); TV.Store(a31, tile + 3 * w + lanes);
        TV.Store(a40, tile + 4 * w); TV.Store(a41, tile + 4 * w + lanes); TV.Store(a50, tile + 5 * w); TV.Store(a51, tile + 5 * w + lanes);
        TV.Store(a60, tile + 6 * w); TV.Store(a61, tile + 6 * w + lanes); TV.Store(a70, tile + 7 * w); TV.Store(a71, tile + 7 * w + lanes);
        TV.Store(a80, tile + 8 * w); TV.Store(a81, tile + 8 * w + lanes); TV.Store(a90, tile + 9 * w); TV.Store(a91, tile + 9 * w + lanes);
        TV.Store(aa0, tile + 10 * w); TV.Store(aa1, tile + 10 * w + lanes); TV.Store(ab0, tile + 11 * w); TV.Store(ab1, tile + 11 * w + lanes);
    }

    /// <summary>1 vector of channels × 24 taps (12 unless <paramref name="both"/>) over samples [n0, n1) and every position, added to tile[24][lanes].</summary>
    [SkipLocalsInit]
    private static void Tile1<TV>(float* dy, int rowStride, long dySample, float* padded, long* offsets, long sample, int n0, int n1, int plane, float* tile, bool both)
        where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count;
        TV a0 = TV.Load(tile), a1 = TV.Load(tile + lanes), a2 = TV.Load(tile + 2 * lanes), a3 = TV.Load(tile + 3 * lanes);
        TV a4 = TV.Load(tile + 4 * lanes), a5 = TV.Load(tile + 5 * lanes), a6 = TV.Load(tile + 6 * lanes), a7 = TV.Load(tile + 7 * lanes);
        TV a8 = TV.Load(tile + 8 * lanes), a9 = TV.Load(tile + 9 * lanes), a10 = TV.Load(tile + 10 * lanes), a11 = TV.Load(tile + 11 * lanes);
        TV a12 = TV.Load(tile + 12 * lanes), a13 = TV.Load(tile + 13 * lanes), a14 = TV.Load(tile + 14 * lanes), a15 = TV.Load(tile + 15 * lanes);
        TV a16 = TV.Load(tile + 16 * lanes), a17 = TV.Load(tile + 17 * lanes), a18 = TV.Load(tile + 18 * lanes), a19 = TV.Load(tile + 19 * lanes);
        TV a20 = TV.Load(tile + 20 * lanes), a21 = TV.Load(tile + 21 * lanes), a22 = TV.Load(tile + 22 * lanes), a23 = TV.Load(tile + 23 * lanes);
        for (int n = n0; n < n1; n++)
        {
            // Twelve taps at a time keeps the pointers in registers; the accumulators of both halves stay live.
            float* s = padded + n * sample;
            float* d = dy + n * dySample;
            {
                float* p0 = s + offsets[0], p1 = s + offsets[1], p2 = s + offsets[2], p3 = s + offsets[3], p4 = s + offsets[4], p5 = s + offsets[5];
                float* p6 = s + offsets[6], p7 = s + offsets[7], p8 = s + offsets[8], p9 = s + offsets[9], pa = s + offsets[10], pb = s + offsets[11];
                float* dq = d;
                for (int q = 0; q < plane; q++, dq += rowStride)
                {
                    TV d0 = TV.Load(dq);
                    a0 = TV.MulAdd(d0, TV.Splat(p0[q]), a0); a1 = TV.MulAdd(d0, TV.Splat(p1[q]), a1);
                    a2 = TV.MulAdd(d0, TV.Splat(p2[q]), a2); a3 = TV.MulAdd(d0, TV.Splat(p3[q]), a3);
                    a4 = TV.MulAdd(d0, TV.Splat(p4[q]), a4); a5 = TV.MulAdd(d0, TV.Splat(p5[q]), a5);
                    a6 = TV.MulAdd(d0, TV.Splat(p6[q]), a6); a7 = TV.MulAdd(d0, TV.Splat(p7[q]), a7);
                    a8 = TV.MulAdd(d0, TV.Splat(p8[q]), a8); a9 = TV.MulAdd(d0, TV.Splat(p9[q]), a9);
                    a10 = TV.MulAdd(d0, TV.Splat(pa[q]), a10); a11 = TV.MulAdd(d0, TV.Splat(pb[q]), a11);
                }
            }
            if (both)
            {
                float* p0 = s + offsets[12], p1 = s + offsets[13], p2 = s + offsets[14], p3 = s + offsets[15], p4 = s + offsets[16], p5 = s + offsets[17];
                float* p6 = s + offsets[18], p7 = s + offsets[19], p8 = s + offsets[20], p9 = s + offsets[21], pa = s + offsets[22], pb = s + offsets[23];
                float* dq = d;
                for (int q = 0; q < plane; q++, dq += rowStride)
                {
                    TV d0 = TV.Load(dq);
                    a12 = TV.MulAdd(d0, TV.Splat(p0[q]), a12); a13 = TV.MulAdd(d0, TV.Splat(p1[q]), a13);
                    a14 = TV.MulAdd(d0, TV.Splat(p2[q]), a14); a15 = TV.MulAdd(d0, TV.Splat(p3[q]), a15);
                    a16 = TV.MulAdd(d0, TV.Splat(p4[q]), a16); a17 = TV.MulAdd(d0, TV.Splat(p5[q]), a17);
                    a18 = TV.MulAdd(d0, TV.Splat(p6[q]), a18); a19 = TV.MulAdd(d0, TV.Splat(p7[q]), a19);
                    a20 = TV.MulAdd(d0, TV.Splat(p8[q]), a20); a21 = TV.MulAdd(d0, TV.Splat(p9[q]), a21);
                    a22 = TV.MulAdd(d0, TV.Splat(pa[q]), a22); a23 = TV.MulAdd(d0, TV.Splat(pb[q]), a23);
                }
            }
        }
        TV.Store(a0, tile); TV.Store(a1, tile + lanes); TV.Store(a2, tile + 2 * lanes); TV.Store(a3, tile + 3 * lanes);
        TV.Store(a4, tile + 4 * lanes); TV.Store(a5, tile + 5 * lanes); TV.Store(a6, tile + 6 * lanes); TV.Store(a7, tile + 7 * lanes);
        TV.Store(a8, tile + 8 * lanes); TV.Store(a9, tile + 9 * lanes); TV.Store(a10, tile + 10 * lanes); TV.Store(a11, tile + 11 * lanes);
        TV.Store(a12, tile + 12 * lanes); TV.Store(a13, tile + 13 * lanes); TV.Store(a14, tile + 14 * lanes); TV.Store(a15, tile + 15 * lanes);
        TV.Store(a16, tile + 16 * lanes); TV.Store(a17, tile + 17 * lanes); TV.Store(a18, tile + 18 * lanes); TV.Store(a19, tile + 19 * lanes);
        TV.Store(a20, tile + 20 * lanes); TV.Store(a21, tile + 21 * lanes); TV.Store(a22, tile + 22 * lanes); TV.Store(a23, tile + 23 * lanes);
    }
}
