using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Schedulers;
using NetGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.TrainingLoop;

/// <summary>Fit: learning, batching, validation split, history, scheduler, modes, arguments, allocation.</summary>
public class FitTests
{
    private readonly ITestOutputHelper _output;
    public FitTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void LearnsThreeBlobsAboveNinetyPercent()
    {
        Dataset data = LoopData.Blobs(perClass: 60, seed: 5);
        Dataset test = LoopData.Blobs(perClass: 30, seed: 6);
        var net = new BlobNet();
        var loss = new CrossEntropyLoss();
        double before = net.Evaluate(test, loss).Loss;

        History history = net.Fit(data, loss, new Adam(net.Parameters, learningRate: 0.02), epochs: 30, batchSize: 16,
            validationFraction: 0.2, metrics: new[] { Metric.Accuracy }, seed: 1);

        Assert.Equal(30, history.Epochs.Count);
        Assert.False(history.StoppedEarly);
        Assert.Null(history.StopReason);
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss / 3,
            $"train loss {history.Epochs[0].TrainLoss} -> {history.Epochs[^1].TrainLoss}");
        Assert.True(history.Epochs[^1].Metrics["val_accuracy"] > 0.9);
        EvaluationResult result = net.Evaluate(test, loss, new[] { Metric.Accuracy });
        _output.WriteLine($"test loss {before:F4} -> {result.Loss:F4}, accuracy {result.Metrics["accuracy"]:F4}");
        Assert.True(result.Metrics["accuracy"] > 0.9, $"accuracy {result.Metrics["accuracy"]}");
        Assert.True(result.Loss < before / 3);
        Assert.Equal(90, result.Count);
    }

    [Fact]
    public void EverySampleOncePerEpochWithTheLastPartialBatch()
    {
        var net = new LinearNet();
        var loss = new RecordingLoss();
        net.Fit(LoopData.Indexed(10), loss, new SGD(net.Parameters, learningRate: 0.001), epochs: 3, batchSize: 4, seed: 9);

        Assert.Equal(9, loss.Calls.Count);
        var orders = new List<float[]>();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var calls = loss.Calls.Skip(3 * epoch).Take(3).ToList();
            Assert.All(calls, c => Assert.True(c.Training));
            Assert.Equal(new[] { 4, 4, 2 }, calls.Select(c => c.BatchSize));
            float[] seen = calls.SelectMany(c => c.Targets).ToArray();
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), seen.OrderBy(v => v));
            orders.Add(seen);
        }
        Assert.NotEqual(orders[0], orders[1]); // reshuffled each epoch
    }

    [Fact]
    public void WithoutShuffleBatchesFollowTheDatasetOrder()
    {
        var net = new LinearNet();
        var loss = new RecordingLoss();
        net.Fit(LoopData.Indexed(7), loss, new SGD(net.Parameters, learningRate: 0.001), epochs: 2, batchSize: 3, shuffle: false);
        float[] all = loss.Calls.SelectMany(c => c.Targets).ToArray();
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6 }, all);
    }

    [Fact]
    public void ValidationFractionHoldsOutTheLastRowsLikeKeras()
    {
        // Keras: split_at = int(N * (1 - fraction)) = int(10 * 0.75) = 7 → rows 0..6 train, 7..9 validate.
        var net = new LinearNet();
        var loss = new RecordingLoss();
        History history = net.Fit(LoopData.Indexed(10), loss, new SGD(net.Parameters, learningRate: 0.001), epochs: 2, batchSize: 4,
            validationFraction: 0.25, seed: 3);

        var training = loss.Calls.Where(c => c.Training).ToList();
        var validation = loss.Calls.Where(c => !c.Training).ToList();
        Assert.Equal(new[] { 4, 3, 4, 3 }, training.Select(c => c.BatchSize)); // 7 rows: batches of 4 and 3, two epochs
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (float)i), training.Take(2).SelectMany(c => c.Targets).OrderBy(v => v));
        Assert.Equal(2, validation.Count); // one batch of 3 per epoch, in order
        Assert.All(validation, c => Assert.Equal(new float[] { 7, 8, 9 }, c.Targets));
        Assert.All(history.Epochs, e => Assert.NotNull(e.ValidationLoss));
    }

    [Fact]
    public void HistoryRecordsLossesMetricsLearningRateAndTime()
    {
        Dataset data = LoopData.Blobs(perClass: 10, seed: 1);
        Dataset validation = LoopData.Blobs(perClass: 5, seed: 2);
        var net = new BlobNet();
        var loss = new CrossEntropyLoss();
        var optimizer = new SGD(net.Parameters, learningRate: 0.05);
        History history = net.Fit(data, loss, optimizer, epochs: 3, batchSize: 8, validation: validation,
            metrics: new[] { Metric.Accuracy }, shuffle: false);

        Assert.Equal(new[] { 1, 2, 3 }, history.Epochs.Select(e => e.Epoch));
        foreach (EpochResult e in history.Epochs)
        {
            Assert.True(e.Completed);
            Assert.Equal(0.05, e.LearningRate);
            Assert.True(e.Duration > TimeSpan.Zero);
            Assert.Equal(new[] { "accuracy", "val_accuracy" }, e.Metrics.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.True(e.TryGetValue("val_loss", out double v) && v == e.ValidationLoss);
            Assert.True(e.TryGetValue("loss", out double l) && l == e.TrainLoss);
        }
        // The last epoch's validation numbers are those of the final weights in evaluation mode: same code, same chunks.
        EvaluationResult final = net.Evaluate(validation, loss, new[] { Metric.Accuracy }, batchSize: 8);
        Assert.Equal(final.Loss, history.Epochs[^1].ValidationLoss);
        Assert.Equal(final.Metrics["accuracy"], history.Epochs[^1].Metrics["val_accuracy"]);
        Assert.Equal(history.Values("val_loss").Select((v, i) => (v, i)).OrderBy(p => p.v).First().i + 1, history.BestEpoch);
    }

    [Fact]
    public void TrainLossIsTheSampleWeightedMeanOfTheBatchLosses()
    {
        // lr 0: the weights never move, so the epoch's train loss must equal the MSE over all rows computed by hand.
        Dataset data = LoopData.Indexed(10);
        var net = new LinearNet();
        float[] predictions = net.Predict(data);
        double expected = 0;
        for (int i = 0; i < 10; i++) expected += Math.Pow((double)predictions[i] - i, 2);
        expected /= 10;
        History history = net.Fit(data, new MSELoss(), new SGD(net.Parameters, learningRate: 0), epochs: 2, batchSize: 4);
        Assert.All(history.Epochs, e => Assert.Equal(expected, e.TrainLoss, expected * 1e-6));
    }

    [Fact]
    public void SchedulerStepsOncePerEpoch()
    {
        var net = new LinearNet();
        var optimizer = new SGD(net.Parameters, learningRate: 0.08);
        var scheduler = new StepLR(optimizer, stepSize: 1, gamma: 0.5);
        History history = net.Fit(LoopData.Indexed(10), new MSELoss(), optimizer, epochs: 4, batchSize: 3, scheduler: scheduler);
        Assert.Equal(4, scheduler.Epoch);
        Assert.Equal(new[] { 0.08f, 0.04f, 0.02f, 0.01f }, history.Values("lr").Select(v => (float)v));
        Assert.Equal(0.005, optimizer.LearningRate, 7);
    }

    [Fact]
    public void ModesTrainingForBatchesEvaluationForValidationAndCallersModeRestored()
    {
        foreach (bool callerMode in new[] { false, true })
        {
            var net = new NormNet();
            net.IsTraining = callerMode;
            var loss = new RecordingLoss(net);
            // 16 rows, 0.25 → 12 train (batches of 4: batch norm needs 2+ rows in training mode), 4 validate.
            net.Fit(LoopData.Indexed(16), loss, new SGD(net.Parameters, learningRate: 0.001), epochs: 2, batchSize: 4, validationFraction: 0.25);
            Assert.Equal(callerMode, net.IsTraining);
            Assert.All(loss.Calls, c => Assert.Equal(c.Training, c.Mode));
            Assert.Contains(loss.Calls, c => !c.Training);
        }
    }

    [Fact]
    public void ModeRestoredWhenTrainingThrows()
    {
        var net = new NormNet();
        net.IsTraining = false;
        // Targets of width 2 for a 1-output network: Fit's checks refuse that for MSELoss before training, but a custom
        // loss is not checked, so the MSE inside RecordingLoss throws on the first batch, in training mode.
        var data = new Dataset(new float[16], new float[16], 2, 2);
        var loss = new RecordingLoss(net);
        Assert.Throws<ArgumentException>(() => net.Fit(data, loss, new SGD(net.Parameters, 0.1), epochs: 1, batchSize: 4));
        Assert.Equal(true, Assert.Single(loss.Calls).Mode); // the throw came from inside the training loop
        Assert.False(net.IsTraining);
    }

    [Fact]
    public void BadArgumentsAreRejectedAndChangeNothing()
    {
        var net = new LinearNet();
        float[] before = net.Parameters.Values.ToArray();
        Dataset data = LoopData.Indexed(10);
        var sgd = new SGD(net.Parameters, 0.1);
        var loss = new MSELoss();

        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(data, loss, sgd, epochs: 1, batchSize: 17));
        Assert.Contains("17", e1.Message);
        Assert.Contains("16", e1.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(data, loss, sgd, epochs: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(data, loss, sgd, epochs: 1, batchSize: 4, validationFraction: 1));
        var e2 = Assert.Throws<ArgumentException>(() => net.Fit(data, loss, sgd, epochs: 1, batchSize: 4, validation: data, validationFraction: 0.2));
        Assert.Equal("validationFraction", e2.ParamName);
        var other = new LinearNet();
        var e3 = Assert.Throws<ArgumentException>(() => net.Fit(data, loss, new SGD(other.Parameters, 0.1), epochs: 1, batchSize: 4));
        Assert.Equal("optimizer", e3.ParamName);
        var e4 = Assert.Throws<ArgumentException>(() => net.Fit(new Dataset(new float[9], new float[3], 3, 1), loss, sgd, epochs: 1, batchSize: 4));
        Assert.Contains("3 features", e4.Message);
        Assert.Throws<ArgumentException>(() => net.Fit(data, loss, sgd, epochs: 1, batchSize: 4, metrics: new[] { Metric.MeanAbsoluteError, Metric.MeanAbsoluteError }));
        Assert.Throws<ArgumentException>(() => net.Fit(data, loss, sgd, epochs: 1, batchSize: 4, validationFraction: 0.95)); // int(10 × 0.05) = 0 training rows
        Assert.Throws<ArgumentException>(() => net.Fit(data, loss, sgd, epochs: 1, batchSize: 4,
            scheduler: new StepLR(new SGD(net.Parameters, 0.1), 1)));
        Assert.Equal(before, net.Parameters.Values.ToArray());
        Assert.Equal(0, sgd.StepCount);
    }

    [Fact]
    public void EpochsAfterTheFirstAllocateOnlyTheirSmallRecord()
    {
        // Per extra epoch Fit allocates the EpochResult (≈ 80 bytes) and, with metrics, its Dictionary (≈ 250 bytes for
        // two entries); History's list is pre-sized. The batch loop, the BatchIterator, the optimizer and validation allocate nothing.
        Dataset data = LoopData.Indexed(12);
        Dataset validation = LoopData.Indexed(4);
        long Measure(int epochs, bool withMetrics)
        {
            long best = long.MaxValue;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var net = new LinearNet();
                var sgd = new SGD(net.Parameters, 0.001);
                var metrics = withMetrics ? new[] { Metric.MeanAbsoluteError } : null;
                Dataset? val = withMetrics ? validation : null;
                long before = GC.GetAllocatedBytesForCurrentThread();
                net.Fit(data, new MSELoss(), sgd, epochs: epochs, batchSize: 5, validation: val, metrics: metrics);
                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return best;
        }

        foreach (bool withMetrics in new[] { false, true })
        {
            Measure(2, withMetrics); // warm-up (JIT)
            long perEpoch = (Measure(42, withMetrics) - Measure(2, withMetrics)) / 40;
            _output.WriteLine($"metrics+validation {withMetrics}: {perEpoch} bytes per extra epoch");
            Assert.InRange(perEpoch, 0, withMetrics ? 512 : 128);
        }
    }
}
