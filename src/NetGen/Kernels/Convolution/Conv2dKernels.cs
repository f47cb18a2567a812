using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Kernels;

/// <summary>
/// 2-D convolution over NCHW tensors with PyTorch's semantics (<c>nn.Conv2d</c>: cross-correlation, zero padding,
/// stride, dilation, groups; weight [out, in / groups, kh, kw]). Stride-1 convolutions (the usual ones) are computed
/// directly, without im2col: each sample is unrolled along the kernel width only (kw shifted copies) and register tiles
/// accumulate the patch; training keeps the copies, from which the weight gradient is a register tile too, and the input
/// gradient is per-sample products Wᵀ · dy folded back in cache (see Conv2dDirect and Conv2dDirectGradients). Strided
/// convolutions are matrix products on the packed GEMM (<see cref="Gemm"/>): the input is unrolled into one row of patch
/// values per output position (im2col, [batch · OutPlane, patch] per group), the product with the weight gives the
/// output transposed ([batch · OutPlane, out channels], bias fused), which is transposed back to NCHW; backward reuses
/// the unrolled patches for the weight gradient, and the input gradient is the product scattered back (col2im).
/// Results are bit-identical for any thread count.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static unsafe class Conv2dKernels
{
    /// <summary>
    /// y = conv(x, weight) + bias. Overwrites <paramref name="y"/>, <paramref name="columns"/> (which keeps what
    /// <see cref="Backward"/> reads: the shifted copies for stride 1, the unrolled patches otherwise) and <paramref name="scratch"/>.
    /// </summary>
    /// <param name="x">Input, [batch, InChannels, InHeight, InWidth].</param>
    /// <param name="weight">Weight, [OutChannels, InChannels / Groups, KernelHeight, KernelWidth].</param>
    /// <param name="bias">Bias, [OutChannels], or empty.</param>
    /// <param name="y">Output, [batch, OutChannels, OutHeight, OutWidth].</param>
    /// <param name="columns">Workspace of <see cref="Conv2dGeometry.ColumnsLength"/> floats.</param>
    /// <param name="scratch">Workspace of <see cref="Conv2dGeometry.ScratchLength"/> floats.</param>
    /// <param name="batch">Samples, ≥ 1.</param>
    /// <param name="geometry">The sizes.</param>
    /// <exception cref="ArgumentException">Inconsistent sizes or a span shorter than they require; nothing is written then.</exception>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry) =>
        ForwardWith(GemmVariants.Best, x, weight, bias, y, columns, scratch, batch, geometry);

    internal static void ForwardWith(GemmVariant variant, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry)
    {
        Check(x.Length, weight.Length, y.Length, columns.Length, scratch.Length, batch, geometry);
        CheckApart(x, weight, bias, y, columns, scratch);
        CheckBias(bias.Length, geometry);
        Conv2dGeometry g = geometry;
        if (Conv2dDirect.Applies(g))
        {
            // Stride 1: the direct convolution, keeping each sample's shifted copies for the weight gradient.
            Conv2dDirect.Forward(variant, x, weight, bias, y, columns, batch, g, relu: false, keep: true);
            return;
        }
        int rows = batch * g.OutPlane, patch = g.PatchLength, groupOut = g.GroupOutChannels;
        Unroll(x, columns, batch, g);
        if (g.Groups == 1 && patch <= ShortPatch)
        {
            // Short patches (few input channels): per sample, y[out, positions] = W[out, patch] · patchesᵀ comes out
            // channels-first (NCHW), saving the transpose, which costs as much as a product this thin; the bias is added
            // per output channel afterwards. Long patches keep one product over the whole batch, which runs faster.
            int plane = g.OutPlane;
            for (int n = 0; n < batch; n++)
            {
                Span<float> sample = y.Slice(n * g.OutChannels * plane, g.OutChannels * plane);
                Gemm.DenseForward(weight, columns.Slice(n * plane * patch, plane * patch), ReadOnlySpan<float>.Empty, sample, g.OutChannels, patch, plane);
                if (!bias.IsEmpty)
                    for (int o = 0; o < g.OutChannels; o++)
                        System.Numerics.Tensors.TensorPrimitives.Add(sample.Slice(o * plane, plane), bias[o], sample.Slice(o * plane, plane));
            }
            return;
        }
        for (int group = 0; group < g.Groups; group++)
        {
            Gemm.DenseForward(
                columns.Slice(group * rows * patch, rows * patch),
                weight.Slice(group * groupOut * patch, groupOut * patch),
                bias.IsEmpty ? ReadOnlySpan<float>.Empty : bias.Slice(group * groupOut, groupOut),
                scratch.Slice(group * rows * groupOut, rows * groupOut),
                rows, patch, groupOut);
        }
        ToChannelsFirst(scratch, y, batch, g);
    }

    /// <summary>
    /// <see cref="Forward"/> that also writes <paramref name="activated"/> = ReLU(y) as <c>ActivationKernels.Relu</c>
    /// computes it: for stride-1 convolutions in the same pass (no second pass over y), otherwise after it.
    /// </summary>
    /// <param name="x">Input, [batch, InChannels, InHeight, InWidth].</param>
    /// <param name="weight">Weight, [OutChannels, InChannels / Groups, KernelHeight, KernelWidth].</param>
    /// <param name="bias">Bias, [OutChannels], or empty.</param>
    /// <param name="y">Output before the activation, [batch, OutChannels, OutHeight, OutWidth] (ReLU's backward reads it).</param>
    /// <param name="activated">ReLU(y), the same shape.</param>
    /// <param name="columns">Workspace of <see cref="Conv2dGeometry.ColumnsLength"/> floats.</param>
    /// <param name="scratch">Workspace of <see cref="Conv2dGeometry.ScratchLength"/> floats.</param>
    /// <param name="batch">Samples, ≥ 1.</param>
    /// <param name="geometry">The sizes.</param>
    /// <exception cref="ArgumentException">Inconsistent sizes or a span shorter than they require; nothing is written then.</exception>
    public static void ForwardRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y, Span<float> activated,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry) =>
        ForwardReluWith(GemmVariants.Best, x, weight, bias, y, activated, columns, scratch, batch, geometry);

    internal static void ForwardReluWith(GemmVariant variant, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> activated, Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry)
    {
        Check(x.Length, weight.Length, y.Length, columns.Length, scratch.Length, batch, geometry);
        CheckApart(x, weight, bias, y, columns, scratch);
        CheckBias(bias.Length, geometry);
        if (activated.Length != y.Length)
            throw new ArgumentException($"activated has {activated.Length} values; expected {y.Length}, as y.", nameof(activated));
        LayerKernelChecks.NoOverlap(y, activated, nameof(y), nameof(activated));
        if (!Conv2dDirect.Applies(geometry))
        {
            ForwardWith(variant, x, weight, bias, y, columns, scratch, batch, geometry);
            ActivationKernels.Relu(y, activated);
            return;
        }
        fixed (float* a = activated)
            Conv2dDirect.Forward(variant, x, weight, bias, y, columns, batch, geometry, relu: false, default, keep: true, a);
    }

    /// <summary>
    /// y = conv(x, weight) + bias without keeping anything for <see cref="Backward"/> (evaluation and inference). Stride-1
    /// convolutions are computed directly from a zero-padded copy of each sample in <paramref name="columns"/>, with no
    /// unrolled patches and no transpose; others as <see cref="Forward"/>. On AVX-512, samples through
    /// a stride-1, dilation-1, ungrouped convolution with a kernel 3–5 rows high, rows of at most 16 padded floats,
    /// OutChannels a multiple of 16 and InChannels · kw ≥ 16 use Winograd's minimal filtering F(4, kh) along the height
    /// instead: α = kh + 3 combinations of input rows per 4 output rows, 2.5× fewer multiply-adds for a 5-row kernel, with
    /// rounding like a direct sum (within 1e-5 of the tensor's scale of a double reference in the tests); the transformed
    /// weights stay cached in <paramref name="columns"/> with a copy of the weights they came from, and are made again
    /// when the weights differ. Overwrites <paramref name="columns"/> and <paramref name="scratch"/>. The sums run in
    /// another order than <see cref="Forward"/>'s, so the two may differ in the last bits; each is the same for any thread
    /// count.
    /// </summary>
    /// <param name="x">Input, [batch, InChannels, InHeight, InWidth].</param>
    /// <param name="weight">Weight, [OutChannels, InChannels / Groups, KernelHeight, KernelWidth].</param>
    /// <param name="bias">Bias, [OutChannels], or empty.</param>
    /// <param name="y">Output, [batch, OutChannels, OutHeight, OutWidth].</param>
    /// <param name="columns">Workspace of <see cref="Conv2dGeometry.ColumnsLength"/> floats.</param>
    /// <param name="scratch">Workspace of <see cref="Conv2dGeometry.ScratchLength"/> floats.</param>
    /// <param name="batch">Samples, ≥ 1.</param>
    /// <param name="geometry">The sizes.</param>
    /// <exception cref="ArgumentException">Inconsistent sizes or a span shorter than they require; nothing is written then.</exception>
    public static void ForwardNoGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry) =>
        ForwardNoGrad(GemmVariants.Best, x, weight, bias, y, columns, scratch, batch, geometry, relu: false);

    /// <summary>
    /// y = ReLU(conv(x, weight) + bias) as <c>ActivationKernels.Relu</c> computes it, in the convolution's last step
    /// (no pass over an intermediate tensor); otherwise as <see cref="ForwardNoGrad(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, in Conv2dGeometry)"/>.
    /// </summary>
    /// <param name="x">Input, [batch, InChannels, InHeight, InWidth].</param>
    /// <param name="weight">Weight, [OutChannels, InChannels / Groups, KernelHeight, KernelWidth].</param>
    /// <param name="bias">Bias, [OutChannels], or empty.</param>
    /// <param name="y">Output, [batch, OutChannels, OutHeight, OutWidth].</param>
    /// <param name="columns">Workspace of <see cref="Conv2dGeometry.ColumnsLength"/> floats.</param>
    /// <param name="scratch">Workspace of <see cref="Conv2dGeometry.ScratchLength"/> floats.</param>
    /// <param name="batch">Samples, ≥ 1.</param>
    /// <param name="geometry">The sizes.</param>
    /// <exception cref="ArgumentException">Inconsistent sizes or a span shorter than they require; nothing is written then.</exception>
    public static void ForwardNoGradRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry) =>
        ForwardNoGrad(GemmVariants.Best, x, weight, bias, y, columns, scratch, batch, geometry, relu: true);

    /// <summary>
    /// <see cref="ForwardNoGrad(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, in Conv2dGeometry)"/>
    /// (or its ReLU form) followed by a max pool whose windows all lie inside the maps (no padding, dilation 1), each
    /// sample pooled right after its convolution while its maps are in cache: <paramref name="pooled"/> and (unless
    /// empty) <paramref name="indices"/> end as the two calls <c>ForwardNoGrad(Relu)</c> and
    /// <see cref="PoolingKernels.MaxPool2dForward"/> would leave them. <paramref name="y"/> is a workspace here: samples
    /// reuse one slice of it per thread, so it does not hold the maps afterwards.
    /// </summary>
    /// <param name="x">Input, [batch, InChannels, InHeight, InWidth].</param>
    /// <param name="weight">Weight, [OutChannels, InChannels / Groups, KernelHeight, KernelWidth].</param>
    /// <param name="bias">Bias, [OutChannels], or empty.</param>
    /// <param name="y">Workspace of batch · OutChannels · OutHeight · OutWidth floats (the convolution's maps pass through it).</param>
    /// <param name="columns">Workspace of <see cref="Conv2dGeometry.ColumnsLength"/> floats.</param>
    /// <param name="scratch">Workspace of <see cref="Conv2dGeometry.ScratchLength"/> floats.</param>
    /// <param name="batch">Samples, ≥ 1.</param>
    /// <param name="geometry">The convolution's sizes.</param>
    /// <param name="relu">Whether y = ReLU(convolution) before pooling.</param>
    /// <param name="pooled">The pool's output, [batch, OutChannels, pooledHeight, pooledWidth].</param>
    /// <param name="indices">The pool's indices, as <see cref="PoolingKernels.MaxPool2dForward"/> writes them, the length of <paramref name="pooled"/>;
    /// or empty (only for a 2×2 stride-2 pool after a stride-1 convolution) when nothing will read them (inference): the maxima alone are computed.</param>
    /// <param name="poolKernelHeight">Pool window rows.</param>
    /// <param name="poolKernelWidth">Pool window columns.</param>
    /// <param name="poolStrideHeight">Step between pool window rows.</param>
    /// <param name="poolStrideWidth">Step between pool window columns.</param>
    /// <param name="pooledHeight">Pooled rows: ⌊(OutHeight − poolKernelHeight) / poolStrideHeight⌋ + 1.</param>
    /// <param name="pooledWidth">Pooled columns: ⌊(OutWidth − poolKernelWidth) / poolStrideWidth⌋ + 1.</param>
    /// <exception cref="ArgumentException">Inconsistent sizes or a span shorter than they require; nothing is written then.</exception>
    public static void ForwardNoGradMaxPool(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry, bool relu, Span<float> pooled, Span<float> indices,
        int poolKernelHeight, int poolKernelWidth, int poolStrideHeight, int poolStrideWidth, int pooledHeight, int pooledWidth) =>
        ForwardNoGradMaxPool(GemmVariants.Best, x, weight, bias, y, columns, scratch, batch, geometry, relu, pooled, indices,
            poolKernelHeight, poolKernelWidth, poolStrideHeight, poolStrideWidth, pooledHeight, pooledWidth);

    internal static void ForwardNoGradMaxPool(GemmVariant variant, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry, bool relu, Span<float> pooled, Span<float> indices,
        int poolKernelHeight, int poolKernelWidth, int poolStrideHeight, int poolStrideWidth, int pooledHeight, int pooledWidth)
    {
        Conv2dGeometry g = geometry;
        Check(x.Length, weight.Length, y.Length, columns.Length, scratch.Length, batch, g);
        CheckApart(x, weight, bias, y, columns, scratch);
        CheckBias(bias.Length, g);
        if (poolKernelHeight < 1 || poolKernelWidth < 1 || poolStrideHeight < 1 || poolStrideWidth < 1
            || poolKernelHeight > g.OutHeight || poolKernelWidth > g.OutWidth
            || pooledHeight != (g.OutHeight - poolKernelHeight) / poolStrideHeight + 1 || pooledWidth != (g.OutWidth - poolKernelWidth) / poolStrideWidth + 1)
            throw new ArgumentException($"A {poolKernelHeight}×{poolKernelWidth} pool with stride {poolStrideHeight}×{poolStrideWidth} over {g.OutHeight}×{g.OutWidth} maps "
                + $"does not give {pooledHeight}×{pooledWidth} with every window inside.", "pooledHeight");
        long pooledLength = (long)batch * g.OutChannels * pooledHeight * pooledWidth;
        if (pooled.Length != pooledLength)
            throw new ArgumentException($"pooled has {pooled.Length} values; expected {pooledLength}.", nameof(pooled));
        bool valuesOnly = indices.IsEmpty;
        if (valuesOnly && !(Conv2dDirect.Applies(g) && poolKernelHeight == 2 && poolKernelWidth == 2 && poolStrideHeight == 2 && poolStrideWidth == 2))
            throw new ArgumentException("indices may be empty only for a 2×2 stride-2 pool after a stride-1 convolution; "
                + $"this is a {poolKernelHeight}×{poolKernelWidth} pool with stride {poolStrideHeight}×{poolStrideWidth} after a stride {g.StrideHeight}×{g.StrideWidth} convolution.", nameof(indices));
        if (!valuesOnly && indices.Length != pooledLength)
            throw new ArgumentException($"indices has {indices.Length} values; expected {pooledLength} (or none: see the remarks).", nameof(indices));
        if (!Conv2dDirect.Applies(g))
        {
            ForwardNoGrad(variant, x, weight, bias, y, columns, scratch, batch, g, relu);
            PoolingKernels.MaxPool2dForward(y, pooled, indices, batch, g.OutChannels, g.OutHeight, g.OutWidth, pooledHeight, pooledWidth,
                poolKernelHeight, poolKernelWidth, poolStrideHeight, poolStrideWidth, 0, 0, 1, 1);
            return;
        }
        LayerKernelChecks.NoOverlap(y, pooled, nameof(y), nameof(pooled));
        if (!valuesOnly)
        {
            LayerKernelChecks.NoOverlap(y, indices, nameof(y), nameof(indices));
            LayerKernelChecks.NoOverlap(pooled, indices, nameof(pooled), nameof(indices));
        }
        fixed (float* p = pooled)
        fixed (float* i = indices)
        {
            var pool = new Conv2dDirect.MaxPoolAfter
            {
                Pooled = p, Indices = valuesOnly ? null : (int*)i, KernelHeight = poolKernelHeight, KernelWidth = poolKernelWidth,
                StrideHeight = poolStrideHeight, StrideWidth = poolStrideWidth, OutHeight = pooledHeight, OutWidth = pooledWidth,
            };
            Conv2dDirect.Forward(variant, x, weight, bias, y, columns, batch, g, relu, pool);
        }
    }

    internal static void ForwardNoGrad(GemmVariant variant, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry, bool relu)
    {
        if (!Conv2dDirect.Applies(geometry))
        {
            Forward(x, weight, bias, y, columns, scratch, batch, geometry);
            if (relu) ActivationKernels.Relu(y, y);
            return;
        }
        Check(x.Length, weight.Length, y.Length, columns.Length, scratch.Length, batch, geometry);
        CheckApart(x, weight, bias, y, columns, scratch);
        CheckBias(bias.Length, geometry);
        Conv2dDirect.Forward(variant, x, weight, bias, y, columns, batch, geometry, relu);
    }

    /// <summary>
    /// Given dLoss/dy for the batch of the last <see cref="Forward"/> (whose copies or unrolled patches are still in
    /// <paramref name="columns"/>): ADDS dLoss/dweight and dLoss/dbias, and when <paramref name="dx"/> is not empty
    /// writes dLoss/dx (which overwrites a strided convolution's patches; without dx, and for stride 1 in any case, the
    /// copies or patches stay for another backward pass). Overwrites <paramref name="scratch"/> and the rest of <paramref name="columns"/>.
    /// </summary>
    /// <param name="dy">Gradient of the output, [batch, OutChannels, OutHeight, OutWidth].</param>
    /// <param name="weight">Weight, as in <see cref="Forward"/>.</param>
    /// <param name="dweight">Weight gradient, added to.</param>
    /// <param name="dbias">Bias gradient, added to; or empty.</param>
    /// <param name="dx">Gradient of the input, [batch, InChannels, InHeight, InWidth], overwritten; or empty.</param>
    /// <param name="columns">The workspace <see cref="Forward"/> filled.</param>
    /// <param name="scratch">Workspace of <see cref="Conv2dGeometry.ScratchLength"/> floats.</param>
    /// <param name="batch">Samples, as in the forward call.</param>
    /// <param name="geometry">The sizes.</param>
    /// <exception cref="ArgumentException">Inconsistent sizes, a span shorter than they require, or dx overlapping dy; nothing is written then.</exception>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dweight, Span<float> dbias, Span<float> dx,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry) =>
        BackwardWith(GemmVariants.Best, dy, weight, dweight, dbias, dx, columns, scratch, batch, geometry);

    internal static void BackwardWith(GemmVariant variant, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dweight, Span<float> dbias, Span<float> dx,
        Span<float> columns, Span<float> scratch, int batch, in Conv2dGeometry geometry)
    {
        Conv2dGeometry g = geometry;
        Check(dx.IsEmpty ? (long)batch * g.InChannels * g.InPlane : dx.Length, weight.Length, dy.Length, columns.Length, scratch.Length, batch, g);
        if (dweight.Length != g.WeightLength)
            throw new ArgumentException($"dweight has {dweight.Length} values; expected {g.WeightLength}.", nameof(dweight));
        if (!dbias.IsEmpty && dbias.Length != g.OutChannels)
            throw new ArgumentException($"dbias has {dbias.Length} values; expected {g.OutChannels} (OutChannels) or none.", nameof(dbias));
        // Threads write the input gradient of some samples while others still read dLoss/dy.
        LayerKernelChecks.NoOverlap(dy, dx, nameof(dy), nameof(dx));
        if (Conv2dDirect.Applies(g))
        {
            // Forward kept the shifted copies (stride 1): direct products, no im2col.
            Conv2dDirectGradients.Backward(variant, dy, weight, dweight, dbias, dx, columns, scratch, batch, g);
            return;
        }
        int rows = batch * g.OutPlane, patch = g.PatchLength, groupOut = g.GroupOutChannels;
        ToPositionsFirst(dy, scratch, batch, g);
        for (int group = 0; group < g.Groups; group++)
        {
            Gemm.DenseBackwardWeights(
                scratch.Slice(group * rows * groupOut, rows * groupOut),
                columns.Slice(group * rows * patch, rows * patch),
                dweight.Slice(group * groupOut * patch, groupOut * patch),
                dbias.IsEmpty ? Span<float>.Empty : dbias.Slice(group * groupOut, groupOut),
                rows, patch, groupOut);
        }
        if (dx.IsEmpty) return;
        for (int group = 0; group < g.Groups; group++)
        {
            Gemm.DenseBackwardInput(
                scratch.Slice(group * rows * groupOut, rows * groupOut),
                weight.Slice(group * groupOut * patch, groupOut * patch),
                columns.Slice(group * rows * patch, rows * patch),
                rows, patch, groupOut);
        }
        Fold(columns, dx, batch, g);
    }

    /// <summary>
    /// The workspaces are written before (and while) the operands are read — the copies of x, the cached transformed
    /// weights of inference: neither may share memory with x, weight, bias, y or the other.
    /// </summary>
    private static void CheckApart(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> y,
        ReadOnlySpan<float> columns, ReadOnlySpan<float> scratch)
    {
        LayerKernelChecks.NoOverlap(x, columns, nameof(x), nameof(columns));
        LayerKernelChecks.NoOverlap(weight, columns, nameof(weight), nameof(columns));
        LayerKernelChecks.NoOverlap(bias, columns, nameof(bias), nameof(columns));
        LayerKernelChecks.NoOverlap(y, columns, nameof(y), nameof(columns));
        LayerKernelChecks.NoOverlap(x, scratch, nameof(x), nameof(scratch));
        LayerKernelChecks.NoOverlap(weight, scratch, nameof(weight), nameof(scratch));
        LayerKernelChecks.NoOverlap(bias, scratch, nameof(bias), nameof(scratch));
        LayerKernelChecks.NoOverlap(y, scratch, nameof(y), nameof(scratch));
        LayerKernelChecks.NoOverlap(columns, scratch, nameof(columns), nameof(scratch));
    }

    private static void CheckBias(int biasLength, in Conv2dGeometry g)
    {
        if (biasLength != 0 && biasLength != g.OutChannels)
            throw new ArgumentException($"bias has {biasLength} values; expected {g.OutChannels} (OutChannels) or none.", "bias");
    }

    private static void Check(long xLength, int weightLength, long yLength, int columnsLength, int scratchLength, int batch, in Conv2dGeometry g)
    {
        g.Validate();
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be ≥ 1.");
        long inLength = (long)batch * g.InChannels * g.InPlane, outLength = (long)batch * g.OutChannels * g.OutPlane;
        if (xLength != inLength)
            throw new ArgumentException($"The input has {xLength} values; expected {inLength} (batch {batch} × {g.InChannels} × {g.InHeight} × {g.InWidth}).", "x");
        if (weightLength != g.WeightLength)
            throw new ArgumentException($"weight has {weightLength} values; expected {g.WeightLength}.", "weight");
        if (yLength != outLength)
            throw new ArgumentException($"The output has {yLength} values; expected {outLength} (batch {batch} × {g.OutChannels} × {g.OutHeight} × {g.OutWidth}).", "y");
        if (columnsLength < g.ColumnsLength(batch))
            throw new ArgumentException($"columns has {columnsLength} values; needs {g.ColumnsLength(batch)}.", "columns");
        if (scratchLength < g.ScratchLength(batch))
            throw new ArgumentException($"scratch has {scratchLength} values; needs {g.ScratchLength(batch)}.", "scratch");
    }

    /// <summary>
    /// im2col: for each group, row (n · OutPlane + position) holds the patch under that output position, channel by
    /// channel, kernel row by kernel row (the weight's order); zero where the patch lies in the padding.
    /// </summary>
    private static void Unroll(ReadOnlySpan<float> x, Span<float> columns, int batch, in Conv2dGeometry g) =>
        OverSamples(x, columns, batch, g, &UnrollRange);

    private static void Unroll(ReadOnlySpan<float> x, Span<float> columns, int batch, in Conv2dGeometry g, int first, int count)
    {
        // Check() validated the lengths: the refs below stay inside x and columns.
        int groupIn = g.GroupInChannels, patch = g.PatchLength, rows = batch * g.OutPlane;
        int inC = g.InChannels, inH = g.InHeight, inW = g.InWidth, inPlane = g.InPlane, outH = g.OutHeight, outW = g.OutWidth;
        int kh = g.KernelHeight, kw = g.KernelWidth, sh = g.StrideHeight, sw = g.StrideWidth, ph = g.PadHeight, pw = g.PadWidth;
        int dh = g.DilationHeight, dw = g.DilationWidth;
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float target = ref MemoryMarshal.GetReference(columns);
        for (int group = 0; group < g.Groups; group++)
        {
            for (int n = first; n < first + count; n++)
            {
                for (int oh = 0; oh < outH; oh++)
                {
                    for (int ow = 0; ow < outW; ow++)
                    {
                        ref float row = ref Unsafe.Add(ref target, (group * rows + (n * outH + oh) * outW + ow) * patch);
                        int k = 0, w0 = ow * sw - pw;
                        bool inside = dw == 1 && w0 >= 0 && w0 + kw <= inW;
                        for (int c = 0; c < groupIn; c++)
                        {
                            ref float plane = ref Unsafe.Add(ref source, (n * inC + group * groupIn + c) * inPlane);
                            for (int i = 0; i < kh; i++, k += kw)
                            {
                                int h = oh * sh - ph + i * dh;
                                ref float to = ref Unsafe.Add(ref row, k);
                                if ((uint)h >= (uint)inH)
                                {
                                    for (int j = 0; j < kw; j++) Unsafe.Add(ref to, j) = 0f;
                                    continue;
                                }
                                ref float from = ref Unsafe.Add(ref plane, h * inW);
                                if (inside)
                                {
                                    // The whole kernel row lies inside the input: a straight copy.
                                    ref float run = ref Unsafe.Add(ref from, w0);
                                    for (int j = 0; j < kw; j++) Unsafe.Add(ref to, j) = Unsafe.Add(ref run, j);
                                    continue;
                                }
                                for (int j = 0; j < kw; j++)
                                {
                                    int w = w0 + j * dw;
                                    Unsafe.Add(ref to, j) = (uint)w < (uint)inW ? Unsafe.Add(ref from, w) : 0f;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>col2im: dx = Σ of every unrolled patch value at the input position it came from (padding dropped).</summary>
    private static void Fold(ReadOnlySpan<float> columns, Span<float> dx, int batch, in Conv2dGeometry g) =>
        OverSamples(columns, dx, batch, g, &FoldRange);

    private static void Fold(ReadOnlySpan<float> columns, Span<float> dx, int batch, in Conv2dGeometry g, int first, int count)
    {
        // Check() validated the lengths: the refs below stay inside columns and dx.
        int groupIn = g.GroupInChannels, patch = g.PatchLength, rows = batch * g.OutPlane;
        int inC = g.InChannels, inH = g.InHeight, inW = g.InWidth, inPlane = g.InPlane, outH = g.OutHeight, outW = g.OutWidth;
        int kh = g.KernelHeight, kw = g.KernelWidth, sh = g.StrideHeight, sw = g.StrideWidth, ph = g.PadHeight, pw = g.PadWidth;
        int dh = g.DilationHeight, dw = g.DilationWidth;
        dx.Slice(first * inC * inPlane, count * inC * inPlane).Clear();
        ref float source = ref MemoryMarshal.GetReference(columns);
        ref float target = ref MemoryMarshal.GetReference(dx);
        for (int group = 0; group < g.Groups; group++)
        {
            for (int n = first; n < first + count; n++)
            {
                for (int oh = 0; oh < outH; oh++)
                {
                    for (int ow = 0; ow < outW; ow++)
                    {
                        ref float row = ref Unsafe.Add(ref source, (group * rows + (n * outH + oh) * outW + ow) * patch);
                        int k = 0, w0 = ow * sw - pw;
                        bool inside = dw == 1 && w0 >= 0 && w0 + kw <= inW;
                        for (int c = 0; c < groupIn; c++)
                        {
                            ref float plane = ref Unsafe.Add(ref target, (n * inC + group * groupIn + c) * inPlane);
                            for (int i = 0; i < kh; i++, k += kw)
                            {
                                int h = oh * sh - ph + i * dh;
                                if ((uint)h >= (uint)inH) continue;
                                ref float from = ref Unsafe.Add(ref row, k);
                                ref float to = ref Unsafe.Add(ref plane, h * inW);
                                if (inside)
                                {
                                    ref float run = ref Unsafe.Add(ref to, w0);
                                    for (int j = 0; j < kw; j++) Unsafe.Add(ref run, j) += Unsafe.Add(ref from, j);
                                    continue;
                                }
                                for (int j = 0; j < kw; j++)
                                {
                                    int w = w0 + j * dw;
                                    if ((uint)w < (uint)inW) Unsafe.Add(ref to, w) += Unsafe.Add(ref from, j);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The products' output, per group [batch · OutPlane, OutChannels / Groups], into NCHW
    /// y[n, group · groupOut + o, position].
    /// </summary>
    private static void ToChannelsFirst(ReadOnlySpan<float> scratch, Span<float> y, int batch, in Conv2dGeometry g) =>
        OverSamples(scratch, y, batch, g, &ToChannelsFirstRange);

    private static void ToChannelsFirst(ReadOnlySpan<float> scratch, Span<float> y, int batch, in Conv2dGeometry g, int first, int count)
    {
        int plane = g.OutPlane, groupOut = g.GroupOutChannels, rows = batch * plane;
        for (int group = 0; group < g.Groups; group++)
        {
            ReadOnlySpan<float> block = scratch.Slice(group * rows * groupOut, rows * groupOut);
            for (int n = first; n < first + count; n++)
                for (int o = 0; o < groupOut; o++)
                {
                    Span<float> target = y.Slice((n * g.OutChannels + group * groupOut + o) * plane, plane);
                    int source = n * plane * groupOut + o;
                    for (int p = 0; p < plane; p++, source += groupOut) target[p] = block[source];
                }
        }
    }

    /// <summary>The inverse of ToChannelsFirst: NCHW dLoss/dy into per-group [batch · OutPlane, OutChannels / Groups].</summary>
    private static void ToPositionsFirst(ReadOnlySpan<float> dy, Span<float> scratch, int batch, in Conv2dGeometry g) =>
        OverSamples(dy, scratch, batch, g, &ToPositionsFirstRange);

    private static void ToPositionsFirst(ReadOnlySpan<float> dy, Span<float> scratch, int batch, in Conv2dGeometry g, int first, int count)
    {
        // Check() validated the lengths: every block below lies inside dy and scratch.
        int plane = g.OutPlane, groupOut = g.GroupOutChannels;
        long rows = (long)batch * plane;
        fixed (float* source = dy)
        fixed (float* target = scratch)
        {
            for (int group = 0; group < g.Groups; group++)
                for (int n = first; n < first + count; n++)
                    Transpose(source + ((long)n * g.OutChannels + group * groupOut) * plane, groupOut, plane,
                        target + group * rows * groupOut + (long)n * plane * groupOut);
        }
    }

    /// <summary>b[c, r] = a[r, c] for a [rows, columns] row-major: 8×8 blocks in registers where AVX is there, the edges one by one.</summary>
    internal static void Transpose(float* a, int rows, int columns, float* b)
    {
        int r = 0;
        if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
            for (; r + 8 <= rows; r += 8)
            {
                int c = 0;
                for (; c + 8 <= columns; c += 8) GemmDriver.Transpose8x8(a + (long)r * columns + c, columns, b + (long)c * rows + r, rows);
                for (; c < columns; c++)
                    for (int k = r; k < r + 8; k++) b[(long)c * rows + k] = a[(long)k * columns + c];
            }
        for (; r < rows; r++)
            for (int c = 0; c < columns; c++) b[(long)c * rows + r] = a[(long)r * columns + c];
    }

    /// <summary>What a worker needs to run one of the per-sample passes on a range of samples.</summary>
    private struct SampleJob
    {
        public float* Source;
        public int SourceLength;
        public float* Target;
        public int TargetLength;
        public int Batch;
        public Conv2dGeometry Geometry;
    }

    /// <summary>
    /// Patches up to this long take the per-sample channels-first product. Measured (1 thread, batch 64, Zen 4): patch 9
    /// 1.97 → 0.92 ms, patch 25 1.53 → 1.22 ms; patch 288 8.6 → 9.4 ms and 400 1.84 → 2.01 ms went the other way.
    /// </summary>
    internal const int ShortPatch = 64;

    /// <summary>Per-sample work below this many floats moved is not worth a second thread.</summary>
    private const int MinFloatsPerThread = 32 * 1024;

    /// <summary>
    /// Runs a per-sample pass over the batch, split by samples over <see cref="WorkerPool"/>'s workers when it moves
    /// enough data. Each sample's values depend on that sample only, so the result is the same for any split.
    /// </summary>
    private static void OverSamples(ReadOnlySpan<float> source, Span<float> target, int batch, in Conv2dGeometry g, delegate*<void*, int, int, void> body)
    {
        fixed (float* s = source)
        fixed (float* t = target)
        {
            var job = new SampleJob { Source = s, SourceLength = source.Length, Target = t, TargetLength = target.Length, Batch = batch, Geometry = g };
            long perSample = Math.Max(1, (long)g.OutPlane * Math.Max(g.PatchLength * g.Groups, g.OutChannels));
            int minSamples = (int)Math.Max(1, Math.Min(batch, MinFloatsPerThread / perSample));
            if (WorkerPool.TryRun(&job, batch, minSamples, 1, body)) return;
            body(&job, 0, batch);
        }
    }

    private static void UnrollRange(void* context, int first, int count)
    {
        var job = (SampleJob*)context;
        Unroll(new ReadOnlySpan<float>(job->Source, job->SourceLength), new Span<float>(job->Target, job->TargetLength), job->Batch, job->Geometry, first, count);
    }

    private static void FoldRange(void* context, int first, int count)
    {
        var job = (SampleJob*)context;
        Fold(new ReadOnlySpan<float>(job->Source, job->SourceLength), new Span<float>(job->Target, job->TargetLength), job->Batch, job->Geometry, first, count);
    }

    private static void ToChannelsFirstRange(void* context, int first, int count)
    {
        var job = (SampleJob*)context;
        ToChannelsFirst(new ReadOnlySpan<float>(job->Source, job->SourceLength), new Span<float>(job->Target, job->TargetLength), job->Batch, job->Geometry, first, count);
    }

    private static void ToPositionsFirstRange(void* context, int first, int count)
    {
        var job = (SampleJob*)context;
        ToPositionsFirst(new ReadOnlySpan<float>(job->Source, job->SourceLength), new Span<float>(job->Target, job->TargetLength), job->Batch, job->Geometry, first, count);
    }
}
