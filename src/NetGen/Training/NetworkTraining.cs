using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Schedulers;

namespace NetGen.Training;

/// <summary>
/// Keras-style <c>Fit</c> / <c>Evaluate</c> / <c>Predict</c> for any generated network.
/// </summary>
/// <remarks>
/// <para>Modes: Fit runs the training batches in training mode (<see cref="INetwork.IsTraining"/> true: dropout on,
/// batch norm on batch statistics) and validation in evaluation mode; Evaluate and Predict use evaluation mode. Every
/// method puts the caller's mode back when it returns or throws.</para>
/// <para>Allocation: Fit allocates its buffers (batch output, loss gradient, validation output, metric sums, a copy of
/// the network's buffers, and the divergence guard's copies of the parameters, buffers and optimizer state) once; the
/// batch loop allocates nothing. Each epoch allocates only its
/// <see cref="EpochResult"/> (and its metric dictionary when there are metrics), plus the progress line when a console is given.</para>
/// <para>Thread safety: the methods keep no shared state; calls for different networks may run at once, while calls for one network must not overlap (the network itself throws if they do). To predict from many threads use InferenceContext.</para>
/// </remarks>
public static class NetworkTraining
{
    /// <summary>
    /// Trains <paramref name="network"/> for <paramref name="epochs"/> epochs of mini-batches (Keras' <c>model.fit</c>).
    /// </summary>
    /// <param name="network">The network; its <see cref="INetwork.MaxBatchSize"/> must be at least <paramref name="batchSize"/>.</param>
    /// <param name="train">The training samples (features must match <see cref="INetwork.InputSize"/>).</param>
    /// <param name="loss">The loss minimised; targets are passed to it as stored in the dataset.</param>
    /// <param name="optimizer">An optimizer over <c>network.Parameters</c>.</param>
    /// <param name="epochs">Epochs to run (≥ 1); callbacks may stop earlier.</param>
    /// <param name="batchSize">Samples per batch; the last batch of an epoch may be smaller (it is kept unless <paramref name="dropLast"/>).</param>
    /// <param name="validation">Validation samples evaluated after every epoch, or <see langword="null"/>.</param>
    /// <param name="validationFraction">Instead of <paramref name="validation"/>: the fraction in [0, 1) of
    /// <paramref name="train"/> to hold out, taken from the END of the dataset before any shuffling, like Keras'
    /// <c>validation_split</c> (the first ⌊N·(1 − fraction)⌋ rows train, the rest validate). Shuffle the dataset first
    /// if it is ordered.</param>
    /// <param name="scheduler">A learning-rate scheduler stepped once after every completed epoch (PyTorch's
    /// <c>scheduler.step()</c>); for <see cref="ReduceLROnPlateau"/> use <see cref="ReduceLROnPlateauCallback"/>.</param>
    /// <param name="metrics">Metrics reported per epoch for training (computed on the training batches as they run) and validation (prefixed <c>val_</c>).</param>
    /// <param name="callbacks">Callbacks, called in list order.</param>
    /// <param name="progress">Receives each epoch's record after the callbacks and the scheduler ran.</param>
    /// <param name="shuffle">Visit the training samples in a new seeded order every epoch.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="console">Where to write one line per epoch (see <see cref="EpochResult.Format"/>), or <see langword="null"/>
    /// for silence. When it is <see cref="Console.Out"/> and the output is not redirected, a live progress bar is drawn during each epoch.</param>
    /// <param name="dropLast">Skip the last batch of each epoch when it is smaller than <paramref name="batchSize"/> (PyTorch's
    /// <c>DataLoader(drop_last=True)</c>); needed with batch norm when the last batch would hold one sample.</param>
    /// <returns>The per-epoch history and why training stopped.</returns>
    /// <remarks>
    /// <para>Divergence: after every optimizer step Fit checks that the parameters and buffers are finite (one vectorised
    /// pass). When a step left a NaN or ±∞ (a learning rate too large can overflow the weights or batch norm's running
    /// variance while the loss is still finite), Fit puts the network's parameters and buffers and the optimizer's state
    /// back to their copies from the start of that epoch, the last state known to be entirely finite, and stops;
    /// <see cref="History.StopReason"/> names the epoch, the batch and the tensor.</para>
    /// <para>Batch norm in training mode needs at least two samples per batch: a batch of one is reported before the first
    /// step (use <paramref name="dropLast"/> or another batch size).</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Sizes disagree, the optimizer or scheduler belongs to other parameters,
    /// both <paramref name="validation"/> and <paramref name="validationFraction"/> are given, a metric name repeats, the
    /// loss or a metric does not fit the targets or the output (a regression loss or accuracy on the wrong kind of
    /// targets, a target width the loss cannot take), the network ends with Softmax under CrossEntropyLoss (which
    /// expects logits) or NLLLoss, or a batch-norm layer would get a training batch of one sample. All are thrown before
    /// the first step: nothing has changed then.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/>, <paramref name="batchSize"/> or
    /// <paramref name="validationFraction"/> is out of range.</exception>
    public static History Fit(this INetwork network, Dataset train, Loss loss, Optimizer optimizer, int epochs, int batchSize = 32,
        Dataset? validation = null, double validationFraction = 0, LearningRateScheduler? scheduler = null,
        IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Callback>? callbacks = null, IProgress<EpochResult>? progress = null,
        bool shuffle = true, int seed = 0, TextWriter? console = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        CultureInfo c = CultureInfo.InvariantCulture;
        if (epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"epochs ({epochs.ToString(c)}) must be at least 1.");
        if (batchSize < 1 || batchSize > network.MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize,
                $"batchSize ({batchSize.ToString(c)}) must be between 1 and the network's MaxBatchSize ({network.MaxBatchSize.ToString(c)}).");
        CheckData(network, train, nameof(train));
        if (!ReferenceEquals(optimizer.Parameters, network.Parameters))
            throw new ArgumentException("optimizer was created over a different ParameterBuffer than network.Parameters.", nameof(optimizer));
        if (scheduler is not null && !ReferenceEquals(scheduler.Optimizer, optimizer))
            throw new ArgumentException("scheduler drives a different optimizer than the one passed to Fit.", nameof(scheduler));
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                $"validationFraction ({validationFraction.ToString("R", c)}) must be in [0, 1).");
        if (validation is not null && validationFraction > 0)
            throw new ArgumentException(
                $"Pass either validation data or validationFraction ({validationFraction.ToString("R", c)}), not both.", nameof(validationFraction));
        Metric[] metricList = CheckMetrics(metrics);
        Callback[] callbackList = CheckCallbacks(callbacks);
        FitChecks.BeforeFit(network, loss, metricList, train, validation);

        if (validationFraction > 0)
        {
            int splitAt = (int)(train.Count * (1 - validationFraction));
            if (splitAt < 1 || splitAt >= train.Count)
                throw new ArgumentException(
                    $"validationFraction {validationFraction.ToString("R", c)} of {train.Count.ToString(c)} samples leaves {splitAt.ToString(c)} for training and {(train.Count - splitAt).ToString(c)} for validation; both need at least one.",
                    nameof(validationFraction));
            validation = train.Subset(Range(splitAt, train.Count));
            train = train.Subset(Range(0, splitAt));
        }
        else if (validation is not null)
        {
            CheckData(network, validation, nameof(validation));
        }

        if (dropLast && train.Count < batchSize)
            throw new ArgumentException(
                $"dropLast with batchSize {batchSize.ToString(c)} and {train.Count.ToString(c)} training samples leaves no batch to train on.", nameof(dropLast));
        BatchNormBatchCheck.CheckTraining(network, train.Count, batchSize, dropLast, network.MaxBatchSize);
        if (validation is not null) BatchNormBatchCheck.CheckValidation(network, validation.Count, Math.Min(batchSize, validation.Count));

        int outputs = network.OutputSize;
        var iterator = new BatchIterator(train, batchSize, shuffle, seed, dropLast);
        var divergence = new DivergenceGuard(network, optimizer);
        var output = new float[Math.Min(batchSize, train.Count) * outputs];
        var gradient = new float[output.Length];
        // Only a callback can abort a batch after its forward pass; then the running statistics it moved are restored.
        var bufferBackup = callbackList.Length == 0 ? Array.Empty<float>() : new float[network.Buffers.Count];
        var sums = new double[metricList.Length];
        var counts = new long[metricList.Length];
        float[] validationOutput = validation is null ? Array.Empty<float>() : new float[Math.Min(batchSize, validation.Count) * outputs];
        var metricNames = new string[metricList.Length];
        var validationNames = new string[metricList.Length];
        for (int k = 0; k < metricList.Length; k++)
        {
            metricNames[k] = metricList[k].Name;
            validationNames[k] = "val_" + metricList[k].Name;
        }

        var history = new History(epochs);
        var context = new TrainingContext(network, loss, optimizer, epochs, iterator.BatchesPerEpoch, validation is not null, history);
        ConsoleProgressBar? bar = console is not null && ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected
            ? new ConsoleProgressBar(console) : null;
        bool wasTraining = network.IsTraining;
        try
        {
            foreach (Callback callback in callbackList) callback.OnTrainBegin(context);
            for (int epoch = 1; epoch <= epochs && !context.StopTraining; epoch++)
            {
                context.Epoch = epoch;
                long start = Stopwatch.GetTimestamp();
                double learningRate = optimizer.LearningRate;
                Array.Clear(sums);
                Array.Clear(counts);
                double lossSum = 0;
                long seen = 0;
                int batchIndex = 0;
                bool aborted = false;
                network.IsTraining = true;
                divergence.Snapshot(epoch);
                foreach (Batch batch in iterator.Epoch())
                {
                    int n = batch.Size;
                    Span<float> prediction = output.AsSpan(0, n * outputs);
                    Span<float> predictionGradient = gradient.AsSpan(0, n * outputs);
                    if (bufferBackup.Length != 0) network.Buffers.Values.CopyTo(bufferBackup);
                    network.ZeroGrad();
                    network.Forward(batch.Features, prediction, n);
                    float batchLoss = loss.Compute(prediction, batch.Targets, predictionGradient, n);
                    lossSum += (double)batchLoss * n;
                    seen += n;
                    for (int k = 0; k < metricList.Length; k++)
                        metricList[k].Accumulate(prediction, batch.Targets, n, ref sums[k], ref counts[k]);
                    foreach (Callback callback in callbackList) callback.OnBatchLoss(context, batchIndex, batchLoss);
                    if (context.StopTraining)
                    {
                        // The update of this batch is skipped; undo what its forward pass did to the running statistics.
                        if (bufferBackup.Length != 0) bufferBackup.CopyTo(network.Buffers.Values);
                        aborted = true;
                        break;
                    }
                    network.Backward(predictionGradient, Span<float>.Empty);
                    optimizer.Step();
                    if (divergence.Check(batchIndex, iterator.BatchesPerEpoch, batchLoss) is string diverged)
                    {
                        context.Stop(diverged);
                        aborted = true;
                        break;
                    }
                    foreach (Callback callback in callbackList) callback.OnBatchEnd(context, batchIndex, batchLoss);
                    batchIndex++;
                    bar?.Update(batchIndex, iterator.BatchesPerEpoch, lossSum / seen);
                    if (context.StopTraining)
                    {
                        aborted = batchIndex < iterator.BatchesPerEpoch;
                        break;
                    }
                }

                Dictionary<string, double>? values = metricList.Length == 0 ? null
                    : new Dictionary<string, double>(validation is null ? metricList.Length : 2 * metricList.Length, StringComparer.Ordinal);
                for (int k = 0; k < metricList.Length; k++) values![metricNames[k]] = metricList[k].Finish(sums[k], counts[k]);
                double? validationLoss = null;
                if (validation is not null && !aborted)
                {
                    network.IsTraining = false;
                    validationLoss = EvaluateCore(network, validation, loss, metricList, validationOutput, sums, counts);
                    for (int k = 0; k < metricList.Length; k++) values![validationNames[k]] = metricList[k].Finish(sums[k], counts[k]);
                }

                var result = new EpochResult(epoch, seen == 0 ? double.NaN : lossSum / seen, validationLoss, values,
                    learningRate, Stopwatch.GetElapsedTime(start), completed: !aborted);
                history.Add(result);
                if (!aborted)
                {
                    foreach (Callback callback in callbackList) callback.OnEpochEnd(context, result);
                    scheduler?.Step();
                }
                if (console is not null)
                {
                    bar?.Clear();
                    console.WriteLine(result.Format(epochs, metricNames));
                }
                progress?.Report(result);
            }
            foreach (Callback callback in callbackList) callback.OnTrainEnd(context);
        }
        finally
        {
            network.IsTraining = wasTraining;
        }
        history.StoppedEarly = context.StopTraining;
        history.StopReason = context.StopReason;
        if (console is not null && context.StopReason is not null) console.WriteLine(context.StopReason);
        return history;
    }

    /// <summary>
    /// The loss and metrics of <paramref name="network"/> on <paramref name="data"/> in evaluation mode (Keras'
    /// <c>model.evaluate</c>): batch losses weighted by batch size, metrics over every sample.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="metrics">Metrics to compute (reported under their plain names).</param>
    /// <param name="batchSize">Samples per forward pass (capped at <see cref="INetwork.MaxBatchSize"/>; the result does not depend on it
    /// except for float rounding).</param>
    /// <exception cref="ArgumentException">The features do not match the network, a metric name repeats, or the loss or a
    /// metric does not fit the targets or the output (as for Fit; the output activation is not checked here).</exception>
    public static EvaluationResult Evaluate(this INetwork network, Dataset data, Loss loss, IReadOnlyList<Metric>? metrics = null, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        CheckBatchSize(batchSize);
        CheckData(network, data, nameof(data));
        Metric[] metricList = CheckMetrics(metrics);
        FitChecks.BeforeEvaluate(network, loss, metricList, data);
        int rows = Math.Min(Math.Min(batchSize, network.MaxBatchSize), data.Count);
        var output = new float[rows * network.OutputSize];
        var sums = new double[metricList.Length];
        var counts = new long[metricList.Length];
        bool wasTraining = network.IsTraining;
        double value;
        try
        {
            network.IsTraining = false;
            value = EvaluateCore(network, data, loss, metricList, output, sums, counts);
        }
        finally
        {
            network.IsTraining = wasTraining;
        }
        var values = new Dictionary<string, double>(metricList.Length, StringComparer.Ordinal);
        for (int k = 0; k < metricList.Length; k++) values[metricList[k].Name] = metricList[k].Finish(sums[k], counts[k]);
        return new EvaluationResult(value, values, data.Count);
    }

    /// <summary>
    /// Runs <paramref name="count"/> samples through the network in evaluation mode, in chunks of
    /// <see cref="INetwork.MaxBatchSize"/>, writing [count, OutputSize] to <paramref name="output"/>. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The span lengths do not match <paramref name="count"/>.</exception>
    public static void Predict(this INetwork network, ReadOnlySpan<float> features, Span<float> output, int count)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckPredict(network, features.Length, count);
        long expected = (long)count * network.OutputSize;
        if (output.Length != expected)
            throw new ArgumentException(
                $"output has {output.Length.ToString(CultureInfo.InvariantCulture)} values; expected count ({count.ToString(CultureInfo.InvariantCulture)}) × OutputSize ({network.OutputSize.ToString(CultureInfo.InvariantCulture)}) = {expected.ToString(CultureInfo.InvariantCulture)}.",
                nameof(output));
        bool wasTraining = network.IsTraining;
        try
        {
            network.IsTraining = false;
            int inputs = network.InputSize, outputs = network.OutputSize, chunk = network.MaxBatchSize;
            for (int start = 0; start < count; start += chunk)
            {
                int n = Math.Min(chunk, count - start);
                network.ForwardNoGrad(features.Slice(start * inputs, n * inputs), output.Slice(start * outputs, n * outputs), n);
            }
        }
        finally
        {
            network.IsTraining = wasTraining;
        }
    }

    /// <summary>The outputs for <paramref name="count"/> samples of row-major <paramref name="features"/>, [count, OutputSize].</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> does not hold count × InputSize values.</exception>
    public static float[] Predict(this INetwork network, ReadOnlySpan<float> features, int count)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckPredict(network, features.Length, count);
        var output = new float[count * network.OutputSize];
        network.Predict(features, output, count);
        return output;
    }

    /// <summary>The outputs for every sample of <paramref name="data"/>, [data.Count, OutputSize].</summary>
    public static float[] Predict(this INetwork network, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        CheckData(network, data, nameof(data));
        return network.Predict(data.Features, data.Count);
    }

    /// <summary>
    /// The predicted class of each of <paramref name="count"/> samples: the argmax of the outputs, or for a single-output
    /// network 1 when the output is ≥ <paramref name="threshold"/> (0.5 suits a sigmoid output; use 0 for a logit).
    /// The float32 outputs are compared with the threshold rounded to float32, as PyTorch compares a tensor with a scalar.
    /// </summary>
    public static int[] PredictClass(this INetwork network, ReadOnlySpan<float> features, int count, double threshold = 0.5)
    {
        float[] output = network.Predict(features, count);
        int outputs = network.OutputSize;
        var classes = new int[count];
        float bound = (float)threshold;
        for (int i = 0; i < count; i++) classes[i] = Metric.ClassOf(output.AsSpan(i * outputs, outputs), bound);
        return classes;
    }

    /// <summary>The predicted class of every sample of <paramref name="data"/>; see <see cref="PredictClass(INetwork, ReadOnlySpan{float}, int, double)"/>.</summary>
    public static int[] PredictClass(this INetwork network, Dataset data, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        CheckData(network, data, nameof(data));
        return network.PredictClass(data.Features, data.Count, threshold);
    }

    /// <summary>Loss over <paramref name="data"/> in the current mode; metric sums are reset and filled.</summary>
    private static double EvaluateCore(INetwork network, Dataset data, Loss loss, Metric[] metrics, float[] output, double[] sums, long[] counts)
    {
        Array.Clear(sums);
        Array.Clear(counts);
        int inputs = network.InputSize, outputs = network.OutputSize, width = data.TargetWidth;
        int chunk = output.Length / outputs;
        double total = 0;
        for (int start = 0; start < data.Count; start += chunk)
        {
            int n = Math.Min(chunk, data.Count - start);
            Span<float> prediction = output.AsSpan(0, n * outputs);
            ReadOnlySpan<float> targets = data.Targets.AsSpan(start * width, n * width);
            network.ForwardNoGrad(data.Features.AsSpan(start * inputs, n * inputs), prediction, n);
            total += (double)loss.Compute(prediction, targets, Span<float>.Empty, n) * n;
            for (int k = 0; k < metrics.Length; k++) metrics[k].Accumulate(prediction, targets, n, ref sums[k], ref counts[k]);
        }
        return total / data.Count;
    }

    private static void CheckData(INetwork network, Dataset data, string name)
    {
        if (data.FeatureCount != network.InputSize)
            throw new ArgumentException(
                $"{name} has {data.FeatureCount.ToString(CultureInfo.InvariantCulture)} features per sample but the network's InputSize is {network.InputSize.ToString(CultureInfo.InvariantCulture)}.", name);
        if (data.Count < 1)
            throw new ArgumentException($"{name} has no samples.", name);
        // Same size, other layout (channels last, or another C×H×W) would train on scrambled pixels: refuse it. A dataset
        // of plain features (CSV) feeding an image network is the caller's flattened NCHW and is allowed.
        if (data.SampleShape.IsImage && network.Layers.Count > 0 && network.Layers[0].InputShape.Count == 3)
        {
            IReadOnlyList<int> expected = network.Layers[0].InputShape;
            if (data.SampleShape.Channels != expected[0] || data.SampleShape.Height != expected[1] || data.SampleShape.Width != expected[2])
                throw new ArgumentException(
                    $"{name} holds images {data.SampleShape} but the network's input is [{expected[0].ToString(CultureInfo.InvariantCulture)}, "
                    + $"{expected[1].ToString(CultureInfo.InvariantCulture)}, {expected[2].ToString(CultureInfo.InvariantCulture)}] (channels, height, width); "
                    + "the values have the same count but not the same layout.", name);
        }
    }

    private static void CheckPredict(INetwork network, int featureLength, int count)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count ({count.ToString(c)}) must be ≥ 0.");
        long expected = (long)count * network.InputSize;
        if (featureLength != expected)
            throw new ArgumentException(
                $"features has {featureLength.ToString(c)} values; expected count ({count.ToString(c)}) × InputSize ({network.InputSize.ToString(c)}) = {expected.ToString(c)}.",
                "features");
    }

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize ({batchSize.ToString(CultureInfo.InvariantCulture)}) must be at least 1.");
    }

    private static Metric[] CheckMetrics(IReadOnlyList<Metric>? metrics)
    {
        if (metrics is null || metrics.Count == 0) return Array.Empty<Metric>();
        var list = new Metric[metrics.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < list.Length; k++)
        {
            list[k] = metrics[k] ?? throw new ArgumentException($"metrics[{k.ToString(CultureInfo.InvariantCulture)}] is null.", nameof(metrics));
            if (!names.Add(list[k].Name))
                throw new ArgumentException($"metrics contains '{list[k].Name}' more than once.", nameof(metrics));
        }
        return list;
    }

    private static Callback[] CheckCallbacks(IReadOnlyList<Callback>? callbacks)
    {
        if (callbacks is null || callbacks.Count == 0) return Array.Empty<Callback>();
        var list = new Callback[callbacks.Count];
        for (int k = 0; k < list.Length; k++)
            list[k] = callbacks[k] ?? throw new ArgumentException($"callbacks[{k.ToString(CultureInfo.InvariantCulture)}] is null.", nameof(callbacks));
        return list;
    }

    private static int[] Range(int start, int end)
    {
        var indices = new int[end - start];
        for (int i = 0; i < indices.Length; i++) indices[i] = start + i;
        return indices;
    }
}
