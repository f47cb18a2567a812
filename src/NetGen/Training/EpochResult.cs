using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Training;

/// <summary>What one epoch of <see cref="NetworkTraining.Fit"/> produced (one entry of <see cref="History"/>).</summary>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed class EpochResult
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>(0, StringComparer.Ordinal);

    /// <summary>Creates a record.</summary>
    /// <param name="epoch">The epoch number, from 1.</param>
    /// <param name="trainLoss">Mean training loss over the epoch's samples.</param>
    /// <param name="validationLoss">Mean validation loss, or <see langword="null"/> without validation data.</param>
    /// <param name="metrics">Metric values: training ones under their name, validation ones prefixed <c>val_</c>.</param>
    /// <param name="learningRate">The learning rate the epoch's steps used.</param>
    /// <param name="duration">Wall-clock time of the epoch (training and validation).</param>
    /// <param name="completed">False when training stopped in the middle of this epoch.</param>
    public EpochResult(int epoch, double trainLoss, double? validationLoss, IReadOnlyDictionary<string, double>? metrics,
        double learningRate, TimeSpan duration, bool completed = true)
    {
        Epoch = epoch;
        TrainLoss = trainLoss;
        ValidationLoss = validationLoss;
        Metrics = metrics ?? NoMetrics;
        LearningRate = learningRate;
        Duration = duration;
        Completed = completed;
    }

    /// <summary>The epoch number, from 1.</summary>
    public int Epoch { get; }

    /// <summary>
    /// The training loss of the epoch: the batch losses weighted by batch size, i.e. the mean per-sample loss for a
    /// <c>Reduction.Mean</c> loss (Keras' <c>loss</c>). Measured during training, so the weights change within the epoch.
    /// </summary>
    public double TrainLoss { get; }

    /// <summary>The validation loss (evaluation mode, end of epoch), or <see langword="null"/> without validation data.</summary>
    public double? ValidationLoss { get; }

    /// <summary>
    /// Metric values: training metrics under the metric's name (<c>accuracy</c>), validation metrics prefixed with
    /// <c>val_</c> (<c>val_accuracy</c>), as in Keras' logs.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The learning rate used by this epoch's optimizer steps (before the scheduler's end-of-epoch step).</summary>
    public double LearningRate { get; }

    /// <summary>Wall-clock time of the epoch, validation included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>False when training was stopped within this epoch (for example by <see cref="TerminateOnNaN"/>);
    /// <see cref="TrainLoss"/> and the training metrics then cover only the batches that ran, and there is no validation.</summary>
    public bool Completed { get; }

    /// <summary>
    /// Looks a value up by its Keras log name: <c>loss</c>, <c>val_loss</c>, <c>lr</c> or a metric name
    /// (<c>accuracy</c>, <c>val_accuracy</c>, …).
    /// </summary>
    /// <returns>False when this epoch has no such value (e.g. <c>val_loss</c> without validation data).</returns>
    public bool TryGetValue(string name, out double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case "loss":
                value = TrainLoss;
                return true;
            case "val_loss":
                value = ValidationLoss.GetValueOrDefault();
                return ValidationLoss.HasValue;
            case "lr":
            case "learning_rate":
                value = LearningRate;
                return true;
            default:
                return Metrics.TryGetValue(name, out value);
        }
    }

    /// <summary>
    /// The progress line, culture-invariant:
    /// <c>epoch 3/50  loss 0.4123  accuracy 0.8812  val_loss 0.4410  val_accuracy 0.8700  lr 0.001  0.12 s</c>.
    /// Losses and metrics have four decimals, the learning rate up to six significant digits, the time two decimals.
    /// </summary>
    /// <param name="totalEpochs">The number of epochs requested (the denominator).</param>
    /// <param name="metricNames">The training metric names in display order; <see langword="null"/> for ordinal order.</param>
    public string Format(int totalEpochs, IReadOnlyList<string>? metricNames = null)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var s = new StringBuilder(96);
        s.Append("epoch ").Append(Epoch.ToString(c)).Append('/').Append(totalEpochs.ToString(c));
        s.Append("  loss ").Append(TrainLoss.ToString("F4", c));
        IReadOnlyList<string> names = metricNames ?? TrainingMetricNames();
        foreach (string name in names)
        {
            if (Metrics.TryGetValue(name, out double v)) s.Append("  ").Append(name).Append(' ').Append(v.ToString("F4", c));
        }
        if (ValidationLoss is double val)
        {
            s.Append("  val_loss ").Append(val.ToString("F4", c));
            foreach (string name in names)
            {
                if (Metrics.TryGetValue("val_" + name, out double v)) s.Append("  val_").Append(name).Append(' ').Append(v.ToString("F4", c));
            }
        }
        s.Append("  lr ").Append(LearningRate.ToString("G6", c));
        s.Append("  ").Append(Duration.TotalSeconds.ToString("F2", c)).Append(" s");
        if (!Completed) s.Append("  (stopped within the epoch)");
        return s.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Format(Epoch);

    private List<string> TrainingMetricNames()
    {
        var names = new List<string>();
        foreach (string key in Metrics.Keys)
        {
            if (!key.StartsWith("val_", StringComparison.Ordinal)) names.Add(key);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}

/// <summary>The outcome of <see cref="NetworkTraining.Evaluate"/>.</summary>
/// <param name="Loss">The loss over the dataset (batch losses weighted by batch size).</param>
/// <param name="Metrics">Each metric's value under its name (no prefix).</param>
/// <param name="Count">The number of samples evaluated.</param>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed record EvaluationResult(double Loss, IReadOnlyDictionary<string, double> Metrics, int Count);
