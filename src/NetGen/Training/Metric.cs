using System;
using System.Globalization;

namespace NetGen.Training;

/// <summary>
/// A quantity reported per epoch next to the loss (Keras' <c>metrics=[...]</c>). A metric is stateless: the training
/// loop keeps a running <c>(sum, count)</c> pair per metric, <see cref="Accumulate"/> adds one batch to it and
/// <see cref="Finish"/> turns it into the epoch value, so one instance (such as <see cref="Accuracy"/>) can be shared
/// by any number of loops. Accumulating allocates nothing.
/// </summary>
/// <remarks>Thread safety: metrics are immutable (the running sums live in the caller's variables), so one instance may be shared by threads.</remarks>
public abstract class Metric
{
    /// <summary>Initialises the name.</summary>
    /// <param name="name">The name used in <see cref="EpochResult.Metrics"/> (prefixed <c>val_</c> for validation) and in the progress line.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, starts with <c>val_</c> or is <c>loss</c>/<c>lr</c>.</exception>
    protected Metric(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A metric needs a non-empty name.", nameof(name));
        if (name.StartsWith("val_", StringComparison.Ordinal) || name == "loss" || name == "lr")
            throw new ArgumentException($"The metric name '{name}' is reserved ('loss', 'lr' and the 'val_' prefix are used by the training loop).", nameof(name));
        Name = name;
    }

    /// <summary>The metric's name (<c>accuracy</c>, <c>mae</c>, <c>rmse</c>, …).</summary>
    public string Name { get; }

    /// <summary>
    /// Classification accuracy (higher is better). With several outputs the predicted class is the position of the
    /// largest output (argmax; logits, probabilities and log-probabilities all work). With a single output it is a binary
    /// classifier: class 1 when the output is ≥ 0.5, which suits a sigmoid output — for a logit output (e.g. trained with
    /// <c>BCEWithLogitsLoss</c>) use <see cref="BinaryAccuracy(double)"/> with threshold 0. Targets are class indices
    /// stored as floats (target width 1) or one-hot/probability rows (argmax); a single-output target counts as class 1
    /// when it is ≥ 0.5.
    /// </summary>
    public static Metric Accuracy { get; } = new AccuracyMetric(0.5);

    /// <summary>Accuracy with a custom threshold for single-output (binary) networks; see <see cref="Accuracy"/>.</summary>
    /// <param name="threshold">Outputs at or above it are class 1.</param>
    public static Metric BinaryAccuracy(double threshold) => new AccuracyMetric(threshold);

    /// <summary>Mean absolute error over every output value (<c>mae</c>, lower is better); needs targets as wide as the output.</summary>
    public static Metric MeanAbsoluteError { get; } = new MeanAbsoluteErrorMetric();

    /// <summary>Root of the mean squared error over every output value of the epoch (<c>rmse</c>, lower is better).</summary>
    public static Metric RootMeanSquaredError { get; } = new RootMeanSquaredErrorMetric();

    /// <summary>Whether larger values are better (used by callbacks in <c>Auto</c> mode).</summary>
    public virtual bool HigherIsBetter => false;

    /// <summary>Adds one batch to the running <paramref name="sum"/> and <paramref name="count"/>.</summary>
    /// <param name="predictions">The network output, [batchSize, outputSize] row-major.</param>
    /// <param name="targets">The batch's targets, [batchSize, targetWidth] row-major.</param>
    /// <param name="batchSize">Samples in the batch.</param>
    /// <param name="sum">Running sum, updated.</param>
    /// <param name="count">Running count, updated.</param>
    public abstract void Accumulate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int batchSize, ref double sum, ref long count);

    /// <summary>The metric's value from the running sum and count (by default their ratio; NaN when nothing was counted).</summary>
    public virtual double Finish(double sum, long count) => count == 0 ? double.NaN : sum / count;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Throws when <paramref name="length"/> is not a multiple of <paramref name="batchSize"/>.</summary>
    private protected static int Width(int length, int batchSize, string what)
    {
        if (batchSize < 1 || length % batchSize != 0 || length == 0)
            throw new ArgumentException(
                $"{what} has {length.ToString(CultureInfo.InvariantCulture)} values, which is not a positive multiple of batchSize ({batchSize.ToString(CultureInfo.InvariantCulture)}).", what);
        return length / batchSize;
    }

    /// <summary>The predicted class of one output row: argmax, or 1 when a single output is ≥ <paramref name="threshold"/>.</summary>
    internal static int ClassOf(ReadOnlySpan<float> row, float threshold)
    {
        if (row.Length == 1) return row[0] >= threshold ? 1 : 0;
        int best = 0;
        float max = row[0];
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > max) { max = row[j]; best = j; }
        }
        return best;
    }
}

/// <summary>See <see cref="Metric.Accuracy"/>.</summary>
internal sealed class AccuracyMetric : Metric
{
    private readonly float _threshold;

    // Compared with float32 outputs as a float32, as PyTorch compares a float32 tensor with a Python scalar.
    public AccuracyMetric(double threshold) : base("accuracy") => _threshold = (float)threshold;

    public override bool HigherIsBetter => true;

    public override void Accumulate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int batchSize, ref double sum, ref long count)
    {
        int outputs = Width(predictions.Length, batchSize, nameof(predictions));
        int width = Width(targets.Length, batchSize, nameof(targets));
        long correct = 0;
        for (int i = 0; i < batchSize; i++)
        {
            int predicted = ClassOf(predictions.Slice(i * outputs, outputs), _threshold);
            int actual = width == 1
                ? (outputs == 1 ? (targets[i] >= 0.5f ? 1 : 0) : (int)targets[i])
                : ClassOf(targets.Slice(i * width, width), 0.5f);
            if (predicted == actual) correct++;
        }
        sum += correct;
        count += batchSize;
    }
}

/// <summary>See <see cref="Metric.MeanAbsoluteError"/>.</summary>
internal sealed class MeanAbsoluteErrorMetric : Metric
{
    public MeanAbsoluteErrorMetric() : base("mae") { }

    public override void Accumulate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int batchSize, ref double sum, ref long count)
    {
        Check(predictions, targets);
        double s = 0;
        for (int i = 0; i < predictions.Length; i++) s += Math.Abs((double)predictions[i] - targets[i]);
        sum += s;
        count += predictions.Length;
    }

    internal static void Check(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (predictions.Length != targets.Length)
            throw new ArgumentException(
                $"targets has {targets.Length.ToString(CultureInfo.InvariantCulture)} values but predictions has {predictions.Length.ToString(CultureInfo.InvariantCulture)}: regression metrics need one target per output.", nameof(targets));
    }
}

/// <summary>See <see cref="Metric.RootMeanSquaredError"/>.</summary>
internal sealed class RootMeanSquaredErrorMetric : Metric
{
    public RootMeanSquaredErrorMetric() : base("rmse") { }

    public override void Accumulate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int batchSize, ref double sum, ref long count)
    {
        MeanAbsoluteErrorMetric.Check(predictions, targets);
        double s = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double d = (double)predictions[i] - targets[i];
            s += d * d;
        }
        sum += s;
        count += predictions.Length;
    }

    public override double Finish(double sum, long count) => count == 0 ? double.NaN : Math.Sqrt(sum / count);
}
