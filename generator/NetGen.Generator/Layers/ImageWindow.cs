using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Validation;

namespace NetGen.Generator.Layers;

/// <summary>
/// The sliding window of a convolution or a pool, per axis: kernel, stride, padding, dilation, and whether the output
/// size rounds up (ceil_mode). Read from an attribute with square defaults and per-axis overrides
/// (<c>Stride</c>, <c>StrideHeight</c>, <c>StrideWidth</c>), checked with PyTorch's rules, and turned into the output
/// size with PyTorch's formula.
/// </summary>
internal sealed record ImageWindow(
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PadHeight, int PadWidth,
    int DilationHeight, int DilationWidth, bool CeilMode)
{
    /// <summary>
    /// Reads the window. <paramref name="kernelKey"/> names the square kernel's argument; <paramref name="defaultStride"/>
    /// is 1 for convolutions and 0 ("the kernel size") for pools.
    /// </summary>
    public static ImageWindow Read(AttributeArguments attribute, int kernel, int defaultStride)
    {
        int kh = Override(attribute, "KernelHeight", kernel), kw = Override(attribute, "KernelWidth", kernel);
        // A pool's stride defaults to its kernel (PyTorch's stride=None); a written 0 stays 0 and is reported.
        bool kernelStride = defaultStride == 0 && !attribute.Has("Stride");
        int stride = attribute.Int("Stride", defaultStride);
        int sh = Override(attribute, "StrideHeight", kernelStride ? kh : stride), sw = Override(attribute, "StrideWidth", kernelStride ? kw : stride);
        int padding = attribute.Int("Padding", 0);
        int dilation = attribute.Int("Dilation", 1);
        return new ImageWindow(kh, kw, sh, sw,
            Override(attribute, "PaddingHeight", padding), Override(attribute, "PaddingWidth", padding),
            Override(attribute, "DilationHeight", dilation), Override(attribute, "DilationWidth", dilation),
            attribute.Bool("CeilMode", false));
    }

    private static int Override(AttributeArguments attribute, string key, int fallback) => attribute.Has(key) ? attribute.Int(key, fallback) : fallback;

    /// <summary>The extent the kernel covers along an axis: dilation · (kernel − 1) + 1.</summary>
    public long EffectiveHeight => (long)DilationHeight * (KernelHeight - 1) + 1;
    public long EffectiveWidth => (long)DilationWidth * (KernelWidth - 1) + 1;

    /// <summary>
    /// PyTorch's output size along one axis: ⌊(in + 2p − d(k − 1) − 1) / s⌋ + 1, or with ceil_mode ⌈…⌉ + 1 minus one when
    /// the last window would start in the right padding. ≤ 0 when the window does not fit.
    /// </summary>
    public static long OutputSize(long input, long kernel, long stride, long pad, long dilation, bool ceil)
    {
        long span = input + 2 * pad - dilation * (kernel - 1) - 1;
        if (span < 0 || stride <= 0) return 0;
        long output = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (output - 1) * stride >= input + pad) output--;
        return output;
    }

    public long OutputHeight(long inputHeight) => OutputSize(inputHeight, KernelHeight, StrideHeight, PadHeight, DilationHeight, CeilMode);
    public long OutputWidth(long inputWidth) => OutputSize(inputWidth, KernelWidth, StrideWidth, PadWidth, DilationWidth, CeilMode);

    /// <summary>
    /// NG2001 for a kernel, stride or dilation below 1 or a negative padding, and, for pools
    /// (<paramref name="maxPadding"/>), PyTorch's "pad should be at most half of effective kernel size"; NG1008 when the
    /// padded input is smaller than the kernel. Returns whether the window fits.
    /// </summary>
    public bool Check(LayerValidationContext context, string description, bool pool)
    {
        var reported = new System.Collections.Generic.HashSet<string>();
        bool valid = Positive(context, "KernelHeight", "KernelSize", KernelHeight, reported) & Positive(context, "KernelWidth", "KernelSize", KernelWidth, reported)
            & Positive(context, "StrideHeight", "Stride", StrideHeight, reported) & Positive(context, "StrideWidth", "Stride", StrideWidth, reported)
            & Positive(context, "DilationHeight", "Dilation", DilationHeight, reported) & Positive(context, "DilationWidth", "Dilation", DilationWidth, reported);
        if (PadHeight < 0 || PadWidth < 0)
        {
            context.Invalid(Key(context, "PaddingHeight", "Padding"), System.Math.Min(PadHeight, PadWidth), "padding must be ≥ 0");
            valid = false;
        }
        if (!valid) return false;
        if (pool && (2L * PadHeight > EffectiveHeight || 2L * PadWidth > EffectiveWidth))
        {
            context.Invalid(Key(context, "PaddingHeight", "Padding"), System.Math.Max(PadHeight, PadWidth),
                string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "pad should be at most half of effective kernel size ({0}×{1}), as PyTorch requires", EffectiveHeight, EffectiveWidth));
            return false;
        }
        SampleShape input = context.Input;
        if (!input.IsImage) return false;
        long needHeight = EffectiveHeight - 2L * PadHeight, needWidth = EffectiveWidth - 2L * PadWidth;
        if (OutputHeight(input.Height) <= 0 || OutputWidth(input.Width) <= 0)
        {
            context.Report(DiagnosticDescriptors.WindowTooLarge, Key(context, "KernelHeight", "KernelSize"), context.Name, description,
                System.Math.Max(1, needHeight), System.Math.Max(1, needWidth), context.Previous, input.Height, input.Width);
            return false;
        }
        if (pool && (!EveryWindowTouchesInput(input.Height, KernelHeight, StrideHeight, PadHeight, DilationHeight, OutputHeight(input.Height))
            || !EveryWindowTouchesInput(input.Width, KernelWidth, StrideWidth, PadWidth, DilationWidth, OutputWidth(input.Width))))
        {
            context.Invalid(Key(context, "DilationHeight", "Dilation"), System.Math.Max(DilationHeight, DilationWidth),
                "with this padding and dilation a window holds only padding (PyTorch's max pool would return -inf there); use a smaller dilation or padding");
            return false;
        }
        return true;
    }

    /// <summary>NG2001 unless <paramref name="value"/> ≥ 1, once per argument (a square kernel of 0 is one mistake, not two).</summary>
    /// <summary>Whether every window along an axis has a tap inside the input (not only padding).</summary>
    private static bool EveryWindowTouchesInput(long input, int kernel, int stride, int pad, int dilation, long outputs)
    {
        for (long o = 0; o < outputs; o++)
        {
            bool touches = false;
            for (int i = 0; i < kernel && !touches; i++)
            {
                long position = o * stride - pad + (long)i * dilation;
                touches = position >= 0 && position < input;
            }
            if (!touches) return false;
        }
        return true;
    }

    private static bool Positive(LayerValidationContext context, string axisKey, string squareKey, int value, System.Collections.Generic.HashSet<string> reported)
    {
        if (value >= 1) return true;
        string key = Key(context, axisKey, squareKey);
        if (reported.Add(key)) context.Invalid(key, value, "it must be ≥ 1");
        return false;
    }

    /// <summary>The argument that set a value: the per-axis one when written, else the square one.</summary>
    private static string Key(LayerValidationContext context, string axisKey, string squareKey) =>
        context.Source.Has(axisKey) ? axisKey : squareKey;

    /// <summary>The runtime's <c>new global::NetGen.Window2d(...)</c> for this window.</summary>
    public string New()
    {
        System.Globalization.CultureInfo c = System.Globalization.CultureInfo.InvariantCulture;
        return string.Format(c, "new global::NetGen.Window2d({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, CeilMode: {8})",
            KernelHeight, KernelWidth, StrideHeight, StrideWidth, PadHeight, PadWidth, DilationHeight, DilationWidth, CeilMode ? "true" : "false");
    }

    /// <summary>"kernel 5, stride 1, padding 0, dilation 1" (per axis when they differ), for comments and messages.</summary>
    public string Describe(bool withDilation = true) =>
        "kernel " + Pair(KernelHeight, KernelWidth) + ", stride " + Pair(StrideHeight, StrideWidth) + ", padding " + Pair(PadHeight, PadWidth)
        + (withDilation ? ", dilation " + Pair(DilationHeight, DilationWidth) : "") + (CeilMode ? ", ceil mode" : "");

    private static string Pair(int a, int b) =>
        a == b ? a.ToString(System.Globalization.CultureInfo.InvariantCulture)
               : a.ToString(System.Globalization.CultureInfo.InvariantCulture) + "×" + b.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
