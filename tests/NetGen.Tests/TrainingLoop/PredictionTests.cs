using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.TrainingLoop;

/// <summary>Predict, PredictClass, Evaluate, metrics, confusion matrix and the progress line.</summary>
public class PredictionTests
{
    [Fact]
    public void PredictChunksByMaxBatchSizeAndMatchesForwardInEvaluationMode()
    {
        var net = new NormNet(); // MaxBatchSize 8
        net.Fit(LoopData.Indexed(12), new MSELoss(), new SGD(net.Parameters, 0.01), epochs: 2, batchSize: 4); // non-trivial running stats
        Dataset data = LoopData.Indexed(20);
        net.IsTraining = true;
        float[] predicted = net.Predict(data);
        Assert.True(net.IsTraining);

        // Bit-exact against Forward on the same chunks (8, 8, 4) in evaluation mode.
        net.IsTraining = false;
        var chunk = new float[8];
        for (int start = 0; start < 20; start += 8)
        {
            int n = Math.Min(8, 20 - start);
            net.Forward(data.Features.AsSpan(2 * start, 2 * n), chunk.AsSpan(0, n), n);
            Assert.Equal(chunk.Take(n), predicted.Skip(start).Take(n));
        }
        // And equal to float rounding to one sample at a time (a different GEMM path sums in another order).
        var one = new float[1];
        for (int i = 0; i < 20; i++)
        {
            net.Forward(data.Features.AsSpan(2 * i, 2), one, 1);
            Assert.Equal(one[0], predicted[i], Math.Abs(one[0]) * 1e-5f);
        }
        Assert.Equal(predicted, net.Predict(data.Features, 20));
    }

    [Fact]
    public void PredictIntoASpanAllocatesNothing()
    {
        var net = new BlobNet();
        Dataset data = LoopData.Blobs(perClass: 30, seed: 1); // 90 rows > MaxBatchSize 64: two chunks
        var output = new float[90 * 3];
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => net.Predict(data.Features, output, 90), times: 20));
    }

    [Fact]
    public void PredictRejectsWrongLengths()
    {
        var net = new LinearNet();
        var e = Assert.Throws<ArgumentException>(() => net.Predict(new float[5], 3));
        Assert.Contains("5", e.Message);
        Assert.Contains("6", e.Message);
        Assert.Throws<ArgumentException>(() => net.Predict(new float[6], new float[2], 3));
    }

    [Fact]
    public void PredictClassIsArgmaxOrThresholdForOneOutput()
    {
        var net = new BlobNet();
        Dataset data = LoopData.Blobs(perClass: 4, seed: 3);
        float[] outputs = net.Predict(data);
        int[] classes = net.PredictClass(data);
        for (int i = 0; i < data.Count; i++)
        {
            float[] row = outputs.Skip(3 * i).Take(3).ToArray();
            Assert.Equal(Array.IndexOf(row, row.Max()), classes[i]);
        }

        var linear = new LinearNet();
        Dataset indexed = LoopData.Indexed(10);
        float[] single = linear.Predict(indexed);
        Assert.Equal(single.Select(v => v >= 0.5f ? 1 : 0), linear.PredictClass(indexed));
        Assert.Equal(single.Select(v => v >= 0f ? 1 : 0), linear.PredictClass(indexed, threshold: 0));
    }

    [Fact]
    public void MetricsOnAHandExample()
    {
        // Rows: argmax 1, 0, 2, 2; targets 1, 1, 2, 0 → accuracy 2/4.
        float[] p = { 0.1f, 0.9f, 0f, 0.8f, 0.2f, 0f, 0f, 0.1f, 0.3f, 0.2f, 0.1f, 0.7f };
        Assert.Equal(0.5, Finish(Metric.Accuracy, p, new float[] { 1, 1, 2, 0 }, 4));
        // One-hot targets give the same answer.
        float[] oneHot = { 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0 };
        Assert.Equal(0.5, Finish(Metric.Accuracy, p, oneHot, 4));
        // Binary: outputs 0.2, 0.7, 0.5 vs targets 0, 0, 1 → correct, wrong, correct (0.5 is class 1).
        Assert.Equal(2.0 / 3, Finish(Metric.Accuracy, new[] { 0.2f, 0.7f, 0.5f }, new float[] { 0, 0, 1 }, 3), 12);
        Assert.Equal(1.0 / 3, Finish(Metric.BinaryAccuracy(0), new[] { -0.2f, 0.7f, -0.5f }, new float[] { 0, 0, 1 }, 3), 12);
        // Errors 1, -2, 0.5, 0: MAE 3.5/4, RMSE sqrt(5.25/4).
        float[] pr = { 2f, 0f, 1.5f, 4f }, t = { 1f, 2f, 1f, 4f };
        Assert.Equal(0.875, Finish(Metric.MeanAbsoluteError, pr, t, 4), 12);
        Assert.Equal(Math.Sqrt(5.25 / 4), Finish(Metric.RootMeanSquaredError, pr, t, 4), 12);
        // Accumulating two batches is the same as one: RMSE over the epoch, not a mean of batch RMSEs.
        double sum = 0; long count = 0;
        Metric.RootMeanSquaredError.Accumulate(pr.AsSpan(0, 1), t.AsSpan(0, 1), 1, ref sum, ref count);
        Metric.RootMeanSquaredError.Accumulate(pr.AsSpan(1), t.AsSpan(1), 3, ref sum, ref count);
        Assert.Equal(Math.Sqrt(5.25 / 4), Metric.RootMeanSquaredError.Finish(sum, count), 12);
        Assert.Throws<ArgumentException>(() => Finish(Metric.MeanAbsoluteError, pr, new float[3], 1));
    }

    private static double Finish(Metric metric, float[] predictions, float[] targets, int batch)
    {
        double sum = 0;
        long count = 0;
        metric.Accumulate(predictions, targets, batch, ref sum, ref count);
        return metric.Finish(sum, count);
    }

    [Fact]
    public void EvaluateMatchesAHandComputationInEvaluationMode()
    {
        var net = new NormNet();
        net.Fit(LoopData.Indexed(12), new MSELoss(), new SGD(net.Parameters, 0.01), epochs: 2, batchSize: 4);
        Dataset data = LoopData.Indexed(11);
        float[] p = net.Predict(data);
        double mse = 0, mae = 0;
        for (int i = 0; i < 11; i++)
        {
            mse += Math.Pow((double)p[i] - i, 2);
            mae += Math.Abs((double)p[i] - i);
        }
        net.IsTraining = true;
        // batchSize 8 = Predict's chunks (8, 3), so the predictions are bit-identical and only the reductions differ.
        EvaluationResult r = net.Evaluate(data, new MSELoss(), new[] { Metric.MeanAbsoluteError, Metric.RootMeanSquaredError }, batchSize: 8);
        Assert.True(net.IsTraining);
        Assert.Equal(11, r.Count);
        Assert.Equal(mse / 11, r.Loss, mse / 11 * 1e-6);
        Assert.Equal(mae / 11, r.Metrics["mae"], 1e-9);
        Assert.Equal(Math.Sqrt(mse / 11), r.Metrics["rmse"], 1e-9);
    }

    [Fact]
    public void ConfusionMatrixOnAHandExample()
    {
        int[] actual = { 0, 0, 1, 1, 1, 2, 2, 2, 2, 0 };
        int[] predicted = { 0, 1, 1, 1, 2, 2, 2, 0, 2, 0 };
        var m = ConfusionMatrix.FromLabels(actual, predicted, 3, new[] { "cat", "dog", "hamster" });
        Assert.Equal(new int[,] { { 2, 1, 0 }, { 0, 2, 1 }, { 1, 0, 3 } }, m.Counts);
        Assert.Equal(10, m.Total);
        Assert.Equal(0.7, m.Accuracy, 12);
        Assert.Equal(
            "actual \\ predicted  cat  dog  hamster\n" +
            "cat                   2    1        0\n" +
            "dog                   0    2        1\n" +
            "hamster               1    0        3\n", m.ToString());
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromLabels(actual, predicted, 2));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromLabels(actual, predicted.AsSpan(1), 3));
    }

    [Fact]
    public void ConfusionMatrixOfANetworkAgreesWithPredictClass()
    {
        var net = new BlobNet();
        Dataset data = LoopData.Blobs(perClass: 10, seed: 4);
        var m = ConfusionMatrix.Compute(net, data);
        int[] classes = net.PredictClass(data);
        for (int a = 0; a < 3; a++)
            for (int p = 0; p < 3; p++)
                Assert.Equal(Enumerable.Range(0, data.Count).Count(i => data.GetClass(i) == a && classes[i] == p), m[a, p]);
        Assert.Equal(new[] { "a", "b", "c" }, m.ClassNames);
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute(net, LoopData.Indexed(4).WithFeatures(2)));
    }

    [Fact]
    public void ProgressLineFormat()
    {
        var metrics = new Dictionary<string, double> { ["accuracy"] = 0.88123, ["val_accuracy"] = 0.87 };
        var r = new EpochResult(3, 0.41234, 0.441, metrics, 0.001, TimeSpan.FromMilliseconds(120));
        Assert.Equal("epoch 3/50  loss 0.4123  accuracy 0.8812  val_loss 0.4410  val_accuracy 0.8700  lr 0.001  0.12 s",
            r.Format(50, new[] { "accuracy" }));
        Assert.Equal("epoch 3/50  loss 0.4123  accuracy 0.8812  val_loss 0.4410  val_accuracy 0.8700  lr 0.001  0.12 s", r.Format(50));
    }

    [Fact]
    public void ProgressIsCultureInvariantUnderACommaDecimalCulture()
    {
        using var comma = CultureScope.DecimalComma();
        Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture)); // the culture really uses a comma
        var net = new BlobNet();
        var console = new StringWriter();
        var reported = new List<EpochResult>();
        net.Fit(LoopData.Blobs(10, 1), new CrossEntropyLoss(), new SGD(net.Parameters, 0.05), epochs: 2, batchSize: 8,
            validation: LoopData.Blobs(4, 2), metrics: new[] { Metric.Accuracy }, progress: new ListProgress(reported), console: console);
        string[] lines = console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var pattern = new Regex(@"^epoch [12]/2  loss \d+\.\d{4}  accuracy \d\.\d{4}  val_loss \d+\.\d{4}  val_accuracy \d\.\d{4}  lr 0\.05  \d+\.\d{2} s$");
        Assert.All(lines, line => Assert.Matches(pattern, line));
        Assert.Equal(2, reported.Count);
        Assert.Equal(new[] { 1, 2 }, reported.Select(e => e.Epoch));
    }

    [Fact]
    public void SilentWithoutAConsole()
    {
        var net = new LinearNet();
        TextWriter saved = Console.Out;
        var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            net.Fit(LoopData.Indexed(8), new MSELoss(), new SGD(net.Parameters, 0.001), epochs: 2, batchSize: 4);
        }
        finally
        {
            Console.SetOut(saved);
        }
        Assert.Equal("", capture.ToString());
    }

    /// <summary>A synchronous IProgress (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class ListProgress : IProgress<EpochResult>
    {
        private readonly List<EpochResult> _list;
        public ListProgress(List<EpochResult> list) => _list = list;
        public void Report(EpochResult value) => _list.Add(value);
    }
}

internal static class DatasetTestExtensions
{
    /// <summary>The same rows (regression, so no class names).</summary>
    public static Dataset WithFeatures(this Dataset data, int featureCount) => new(data.Features, data.Targets, featureCount, data.TargetWidth);
}
