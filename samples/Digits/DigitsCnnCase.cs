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

/// <summary>The digits as 1×8×8 images through <see cref="DigitsCnnNet"/>; returns the test accuracy.</summary>
public static class DigitsCnnCase
{
    public static double Run(TextWriter console, int epochs = 20)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string folder = Path.Combine(AppContext.BaseDirectory, "data");
        var options = new CsvOptions { HasHeader = false };
        Dataset rawTrain = Dataset.LoadCsv(Path.Combine(folder, "optdigits.tra.csv"), options);
        Dataset rawTest = Dataset.LoadCsv(Path.Combine(folder, "optdigits.tes.csv"), options);
        // Pixel counts 0-16 scaled to [0, 1] for every pixel alike: standardising each pixel on its own would blow up
        // the border pixels that are almost always 0, and a convolution shares its weights across positions.
        Dataset train = Scaled(rawTrain), test = Scaled(rawTest);

        var net = new DigitsCnnNet();
        console.Write(net.Summary());
        var optimizer = new Adam(net.Parameters, learningRate: 1e-3);
        var clock = Stopwatch.StartNew();
        History history = net.Fit(train, new CrossEntropyLoss(), optimizer, epochs: epochs, batchSize: 64,
            metrics: new[] { Metric.Accuracy }, seed: 1, console: console);
        double seconds = clock.Elapsed.TotalSeconds;
        EvaluationResult result = net.Evaluate(test, new CrossEntropyLoss(), new[] { Metric.Accuracy });
        console.WriteLine(string.Create(invariant, $"CNN: trained {history.Epochs.Count} epochs in {seconds:F2} s; test accuracy {result.Metrics["accuracy"]:P2}"));
        return result.Metrics["accuracy"];
    }

    private static Dataset Scaled(Dataset raw)
    {
        Dataset copy = raw.Clone();
        for (int i = 0; i < copy.Features.Length; i++) copy.Features[i] /= 16f;
        return copy;
    }
}
