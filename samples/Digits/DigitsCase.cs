using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;


namespace Digits;

/// <summary>The whole sample as one call, so tests can check the accuracy target.</summary>
public static class DigitsCase
{
    /// <summary>Runs the sample; writes progress and results to <paramref name="console"/>; returns the test accuracy.</summary>
    public static double Run(TextWriter console)
    {
        const int Epochs = 60, Seed = 1;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string folder = Path.Combine(AppContext.BaseDirectory, "data");
        var options = new CsvOptions { HasHeader = false };
        Dataset rawTrain = Dataset.LoadCsv(Path.Combine(folder, "optdigits.tra.csv"), options);
        Dataset rawTest = Dataset.LoadCsv(Path.Combine(folder, "optdigits.tes.csv"), options);
        var scaler = new Standardizer();
        scaler.Fit(rawTrain);
        Dataset train = scaler.Transform(rawTrain), test = scaler.Transform(rawTest);
        console.WriteLine($"{train.Count} training and {test.Count} test images, {train.FeatureCount} pixels, {rawTrain.ClassCount} classes");

        var net = new DigitsNet();
        console.Write(net.Summary());
        var optimizer = new Adam(net.Parameters, learningRate: 1e-3);
        var clock = Stopwatch.StartNew();
        History history = net.Fit(train, new CrossEntropyLoss(), optimizer, epochs: Epochs, batchSize: 64,
            metrics: new[] { Metric.Accuracy }, seed: Seed, console: console);
        double seconds = clock.Elapsed.TotalSeconds;
        string chart = Path.Combine(AppContext.BaseDirectory, "digits");
        chart = NetGen.Samples.TrainingCharts.Save(history, "Digits", chart);
        console.WriteLine($"training curves: {chart}");

        EvaluationResult result = net.Evaluate(test, new CrossEntropyLoss(), new[] { Metric.Accuracy });
        console.WriteLine(string.Create(invariant, $"trained {history.Epochs.Count} epochs in {seconds:F2} s; test accuracy {result.Metrics["accuracy"]:P2}"));
        console.WriteLine(ConfusionMatrix.Compute(net, test).ToString());
        return result.Metrics["accuracy"];
    }
}
