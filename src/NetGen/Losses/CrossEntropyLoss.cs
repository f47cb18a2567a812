using System;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen.Losses;

/// <summary>
/// Cross-entropy on raw logits with a fused, numerically stable log-softmax, PyTorch
/// <c>torch.nn.CrossEntropyLoss(weight, ignore_index, label_smoothing)</c>. Predictions are logits [batchSize, classes]
/// (classes ≥ 2); the gradient is softmax − target, so no separate softmax layer is needed.
/// </summary>
/// <remarks>
/// <para><b>Class-index targets</b> (targets.Length == batchSize, or the <c>ReadOnlySpan&lt;int&gt;</c> overloads): with
/// log-softmax z, smoothing ε and class weights w (all 1 when absent), the sample loss is
/// (1 − ε)·w[t]·(−z[t]) + (ε/C)·Σ_c w[c]·(−z[c]); samples with target == <see cref="IgnoreIndex"/> contribute 0.
/// <see cref="Reduction.Mean"/> divides the whole sum by Σ w[t] over the non-ignored samples (their count without
/// weights), which is PyTorch's exact denominator for both the NLL and the smoothing term. If that denominator is 0
/// (every target ignored) the mean is defined as 0 with a zero gradient, where PyTorch returns NaN.</para>
/// <para><b>Probability targets</b> (targets.Length == predictions.Length, e.g. one-hot or soft labels, not validated,
/// like PyTorch): with q = (1 − ε)·y + ε/C the sample loss is Σ_c w[c]·q[c]·(−z[c]); <see cref="IgnoreIndex"/> does not
/// apply and <see cref="Reduction.Mean"/> divides by batchSize (PyTorch semantics). Because targets of length batchSize
/// and batchSize·C cannot be told apart when C = 1, a single class is rejected (it is degenerate anyway: the loss is 0).</para>
/// <para>Logits of any magnitude (e.g. ±100) are handled: the row maximum is subtracted before exponentiation.</para>
/// <para>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</para>
/// </remarks>
public sealed class CrossEntropyLoss : Loss
{
    private readonly float[]? _weight;
    private readonly double _weightSum;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum, or None (per-sample losses).</param>
    /// <param name="weight">Optional weight per class (length = number of classes); copied; finite.</param>
    /// <param name="ignoreIndex">Class-index targets equal to this value are skipped (PyTorch default −100).</param>
    /// <param name="labelSmoothing">ε in [0, 1]: the target mixes (1 − ε) of the label with ε spread uniformly over the classes.</param>
    /// <exception cref="ArgumentException"><paramref name="weight"/> is empty or holds a non-finite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public CrossEntropyLoss(Reduction reduction = Reduction.Mean, float[]? weight = null, int ignoreIndex = -100, double labelSmoothing = 0)
        : base(reduction)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                $"labelSmoothing ({LossChecks.F(labelSmoothing)}) must be in [0, 1].");
        _weight = LossChecks.CopyWeights(weight, nameof(weight));
        if (_weight is not null)
            foreach (float w in _weight) _weightSum += w;
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>The class weights, or empty when none were given.</summary>
    public ReadOnlySpan<float> Weight => _weight;

    /// <summary>Class-index targets equal to this value contribute neither loss nor gradient (PyTorch <c>ignore_index</c>).</summary>
    public int IgnoreIndex { get; }

    /// <summary>The label smoothing ε (PyTorch <c>label_smoothing</c>).</summary>
    public double LabelSmoothing { get; }

    /// <summary>Returns <paramref name="batchSize"/>: one loss per sample.</summary>
    /// <param name="predictionCount">Length of the predictions span.</param>
    /// <param name="batchSize">Number of samples.</param>
    public override int GetElementwiseLossLength(int predictionCount, int batchSize) => batchSize;

    /// <summary>
    /// Computes the reduced loss; <paramref name="targets"/> holds either batchSize class indices stored as floats
    /// (exact integers in [0, C) or <see cref="IgnoreIndex"/>) or batchSize·C class probabilities.
    /// </summary>
    /// <param name="predictions">Logits, [batchSize, classes] row-major, classes ≥ 2.</param>
    /// <param name="targets">Class indices (length batchSize) or probabilities (length of <paramref name="predictions"/>).</param>
    /// <param name="predictionGradient">Empty, or receives dLoss/dLogits.</param>
    /// <param name="batchSize">Number of samples.</param>
    /// <returns>The mean or sum loss.</returns>
    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient, int batchSize)
    {
        ThrowIfReductionNone();
        int classes = ValidateShape(predictions, predictionGradient, batchSize);
        if (IsProbabilityTarget(targets, predictions.Length, batchSize, classes))
            return Reduce(predictions, ReadOnlySpan<float>.Empty, ReadOnlySpan<int>.Empty, targets, predictionGradient, batchSize, classes, batchSize);
        double denominator = ClassTargets.ValidateAndSumWeights(targets, ReadOnlySpan<int>.Empty, batchSize, classes, IgnoreIndex, _weight, nameof(targets));
        return Reduce(predictions, targets, ReadOnlySpan<int>.Empty, ReadOnlySpan<float>.Empty, predictionGradient, batchSize, classes, denominator);
    }

    /// <summary>Computes the reduced loss with integer class indices (batchSize = <paramref name="classIndices"/>.Length).</summary>
    /// <param name="logits">Logits, [batch, classes] row-major, classes ≥ 2.</param>
    /// <param name="classIndices">One class index per sample (or <see cref="IgnoreIndex"/>).</param>
    /// <param name="gradient">Empty, or receives dLoss/dLogits (same length as <paramref name="logits"/>).</param>
    /// <returns>The mean or sum loss.</returns>
    public float Compute(ReadOnlySpan<float> logits, ReadOnlySpan<int> classIndices, Span<float> gradient = default)
    {
        ThrowIfReductionNone();
        int batchSize = classIndices.Length;
        int classes = ValidateShape(logits, gradient, batchSize);
        double denominator = ClassTargets.ValidateAndSumWeights(ReadOnlySpan<float>.Empty, classIndices, batchSize, classes, IgnoreIndex, _weight, nameof(classIndices));
        return Reduce(logits, ReadOnlySpan<float>.Empty, classIndices, ReadOnlySpan<float>.Empty, gradient, batchSize, classes, denominator);
    }

    /// <inheritdoc/>
    public override void ComputeElementwise(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> predictionGradient, int batchSize)
    {
        int classes = ValidateShape(predictions, predictionGradient, batchSize);
        LossChecks.Length(losses.Length, batchSize, nameof(losses), "batchSize");
        if (IsProbabilityTarget(targets, predictions.Length, batchSize, classes))
        {
            Evaluate(predictions, ReadOnlySpan<float>.Empty, ReadOnlySpan<int>.Empty, targets, losses, predictionGradient, 1f, batchSize, classes);
            return;
        }
        ClassTargets.ValidateAndSumWeights(targets, ReadOnlySpan<int>.Empty, batchSize, classes, IgnoreIndex, _weight, nameof(targets));
        Evaluate(predictions, targets, ReadOnlySpan<int>.Empty, ReadOnlySpan<float>.Empty, losses, predictionGradient, 1f, batchSize, classes);
    }

    /// <summary>Per-sample losses with integer class indices (PyTorch <c>reduction='none'</c>).</summary>
    /// <param name="logits">Logits, [batch, classes] row-major, classes ≥ 2.</param>
    /// <param name="classIndices">One class index per sample (or <see cref="IgnoreIndex"/>).</param>
    /// <param name="losses">Receives one loss per sample (0 for ignored samples).</param>
    /// <param name="gradient">Empty, or receives the derivative of each sample's loss.</param>
    public void ComputeElementwise(ReadOnlySpan<float> logits, ReadOnlySpan<int> classIndices, Span<float> losses, Span<float> gradient = default)
    {
        int batchSize = classIndices.Length;
        int classes = ValidateShape(logits, gradient, batchSize);
        LossChecks.Length(losses.Length, batchSize, nameof(losses), "batchSize");
        ClassTargets.ValidateAndSumWeights(ReadOnlySpan<float>.Empty, classIndices, batchSize, classes, IgnoreIndex, _weight, nameof(classIndices));
        Evaluate(logits, ReadOnlySpan<float>.Empty, classIndices, ReadOnlySpan<float>.Empty, losses, gradient, 1f, batchSize, classes);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CrossEntropyLoss(reduction: {Reduction}, weighted: {_weight is not null}, ignoreIndex: {IgnoreIndex}, labelSmoothing: {LabelSmoothing})");

    private int ValidateShape(ReadOnlySpan<float> predictions, Span<float> gradient, int batchSize)
    {
        int classes = LossChecks.Features(predictions.Length, batchSize);
        if (classes < 2)
            throw new ArgumentException(
                $"CrossEntropyLoss needs at least 2 classes, but predictions.Length ({predictions.Length}) / batchSize ({batchSize}) = {classes}: with one class the loss is identically 0 and index and probability targets are indistinguishable; use BCEWithLogitsLoss for a single logit.",
                "predictions");
        LossChecks.GradientLength(gradient.Length, predictions.Length);
        ClassTargets.ClassWeights(_weight, classes);
        return classes;
    }

    private static bool IsProbabilityTarget(ReadOnlySpan<float> targets, int predictionsLength, int batchSize, int classes)
    {
        if (targets.Length == predictionsLength) return true;
        if (targets.Length == batchSize) return false;
        throw new ArgumentException(
            $"targets.Length ({targets.Length}) must be batchSize ({batchSize}) for class indices or predictions.Length ({predictionsLength} = {batchSize} x {classes}) for class probabilities.",
            "targets");
    }

    private float Reduce(ReadOnlySpan<float> logits, ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, ReadOnlySpan<float> probabilities, Span<float> gradient, int batchSize, int classes, double denominator)
    {
        if (Reduction == Reduction.Sum)
            return (float)Evaluate(logits, floatTargets, intTargets, probabilities, Span<float>.Empty, gradient, 1f, batchSize, classes);
        if (denominator == 0)
        {
            gradient.Clear();
            return 0f;
        }
        double total = Evaluate(logits, floatTargets, intTargets, probabilities, Span<float>.Empty, gradient, (float)(1.0 / denominator), batchSize, classes);
        return (float)(total / denominator);
    }

    /// <summary>Rows shorter than this are handled with plain loops and one batched exp.</summary>
    private const int FewClasses = 16;

    /// <summary>Rows whose Σ exp are multiplied before one logarithm (see Evaluate).</summary>
    private const int DeferredLogRows = 64;

    /// <summary>The row's maximum as <see cref="TensorPrimitives.Max(ReadOnlySpan{float})"/> takes it: NaN if any is NaN, +0 above −0.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static float RowMax(ReadOnlySpan<float> row)
    {
        float max = row[0];
        for (int c = 1; c < row.Length; c++) max = MathF.Max(max, row[c]);
        return max;
    }

    /// <summary>The fused log-softmax + loss kernel; returns the sum of the sample losses.</summary>
    private double Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, ReadOnlySpan<float> probabilities, Span<float> losses, Span<float> gradient, float scale, int batchSize, int classes)
    {
        float[]? weight = _weight;
        bool probabilityTargets = !probabilities.IsEmpty;
        bool wantLosses = !losses.IsEmpty, wantGradient = !gradient.IsEmpty;
        double eps = LabelSmoothing;
        double smoothPerClass = eps / classes;
        double weightSum = weight is null ? classes : _weightSum;
        double sum = 0;

        // Few classes (the phone-price case: 4): one exp call for the whole batch and plain loops per row, instead of
        // five vector calls per row that each cost more than the row's arithmetic. Same values: max, x − max and the
        // scaling are exact or element-wise, and exp is element-wise either way.
        bool fewClasses = classes < FewClasses;
        if (fewClasses && wantGradient)
        {
            for (int i = 0; i < batchSize; i++)
            {
                ReadOnlySpan<float> row = logits.Slice(i * classes, classes);
                Span<float> g = gradient.Slice(i * classes, classes);
                float max = RowMax(row);
                for (int c = 0; c < classes; c++) g[c] = row[c] - max;
            }
            Span<float> shifted = gradient.Slice(0, batchSize * classes);
            TensorPrimitives.Exp(shifted, shifted);
        }

        // Few classes, class-index targets, no weights or smoothing, only the total wanted: the rows' log Σ exp are summed
        // as the log of their product, one logarithm per DeferredLogRows rows instead of one per row (a row's Σ exp lies
        // in [1, classes], so 64 of them multiply to at most 16^64 = 2^256; NaN stays NaN). Same total up to the double's
        // last bits.
        bool deferLog = fewClasses && !probabilityTargets && weight is null && eps == 0 && !wantLosses;
        double expProduct = 1;
        int deferred = 0;

        for (int i = 0; i < batchSize; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * classes, classes);
            Span<float> g = wantGradient ? gradient.Slice(i * classes, classes) : Span<float>.Empty;

            int target = 0;
            if (!probabilityTargets)
            {
                target = ClassTargets.Get(floatTargets, intTargets, i);
                if (target == IgnoreIndex)
                {
                    if (wantLosses) losses[i] = 0f;
                    if (wantGradient) g.Clear();
                    continue;
                }
            }

            // Stable log-sum-exp; when the gradient is wanted its row holds exp(x - max) as scratch.
            // With few classes the pre-pass took this maximum already; taking it again costs a few compares, less
            // than keeping a batch of them.
            float max = fewClasses ? RowMax(row) : TensorPrimitives.Max(row);
            double expSum;
            if (wantGradient)
            {
                if (!fewClasses)
                {
                    TensorPrimitives.Subtract(row, max, g);
                    TensorPrimitives.Exp(g, g);
                }
                if (classes < System.Numerics.Vector<float>.Count)
                {
                    // LossKernels.Sum's order for rows shorter than a vector, without the call.
                    expSum = 0;
                    for (int c = 0; c < classes; c++) expSum += g[c];
                }
                else
                {
                    expSum = LossKernels.Sum(g);
                }
            }
            else
            {
                expSum = 0;
                for (int c = 0; c < classes; c++) expSum += MathF.Exp(row[c] - max);
            }
            double logSumExp;
            if (deferLog)
            {
                logSumExp = max; // + log(expSum), added to the sum with the others' below
                expProduct *= expSum;
                if (++deferred == DeferredLogRows)
                {
                    sum += Math.Log(expProduct);
                    expProduct = 1;
                    deferred = 0;
                }
            }
            else
            {
                logSumExp = max + Math.Log(expSum);
            }

            double loss;
            if (probabilityTargets)
            {
                // loss = Σ_c w_c q_c (lse − x_c), q = (1 − ε) y + ε/C; gradient = p · Σ_c w_c q_c − w q.
                ReadOnlySpan<float> y = probabilities.Slice(i * classes, classes);
                double acc = 0, mass = 0;
                for (int c = 0; c < classes; c++)
                {
                    double wq = (weight is null ? 1.0 : weight[c]) * ((1.0 - eps) * y[c] + smoothPerClass);
                    acc += wq * (logSumExp - row[c]);
                    mass += wq;
                }
                loss = acc;
                if (wantGradient)
                {
                    float a = (float)(mass / expSum) * scale;
                    for (int c = 0; c < classes; c++)
                    {
                        float wq = (float)((weight is null ? 1.0 : weight[c]) * ((1.0 - eps) * y[c] + smoothPerClass));
                        g[c] = a * g[c] - wq * scale;
                    }
                }
            }
            else
            {
                // loss = (1 − ε) w_t (lse − x_t) + (ε/C) Σ_c w_c (lse − x_c)
                // gradient = p · ((1 − ε) w_t + (ε/C) Σ_c w_c) − (1 − ε) w_t δ_t − (ε/C) w.
                double wt = weight is null ? 1.0 : weight[target];
                loss = (1.0 - eps) * wt * (logSumExp - row[target]);
                if (eps != 0)
                {
                    double acc = 0;
                    for (int c = 0; c < classes; c++) acc += (weight is null ? 1.0 : weight[c]) * (logSumExp - row[c]);
                    loss += smoothPerClass * acc;
                }
                if (wantGradient)
                {
                    float a = (float)(((1.0 - eps) * wt + smoothPerClass * weightSum) / expSum) * scale;
                    if (fewClasses) for (int c = 0; c < classes; c++) g[c] *= a;
                    else TensorPrimitives.Multiply(g, a, g);
                    if (eps != 0)
                    {
                        float s = (float)smoothPerClass * scale;
                        if (weight is null) TensorPrimitives.Subtract(g, s, g);
                        else for (int c = 0; c < classes; c++) g[c] -= s * weight[c];
                    }
                    g[target] -= (float)((1.0 - eps) * wt) * scale;
                }
            }

            sum += loss;
            if (wantLosses) losses[i] = (float)loss;
        }
        if (deferred > 0) sum += Math.Log(expProduct);
        return sum;
    }
}
