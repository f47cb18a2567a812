using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Schedulers;
using NetGen.Training;

namespace FashionMnist;

/// <summary>The whole sample as one call, so a test can check the accuracy target.</summary>
public static class FashionCase
{
    private static readonly string[] Classes =
        { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    /// <summary>Trains on the 60,000 training images, evaluates on the 10,000 test images; returns the test accuracy.</summary>
    public static double Run(TextWriter console, int epochs = 8)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string folder = Path.Combine(AppContext.BaseDirectory, "data");
        var options = new IdxOptions { ClassNames = Classes };
        var clock = Stopwatch.StartNew();
        Dataset rawTrain = Dataset.LoadIdx(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"), options);
        Dataset rawTest = Dataset.LoadIdx(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), options);
        // Pixels in [0, 1], then standardised with the training set's mean and standard deviation (one channel).
        var scaler = new ChannelStandardizer();
        scaler.Fit(rawTrain);
        Dataset train = scaler.Transform(rawTrain), test = scaler.Transform(rawTest);
        console.WriteLine(string.Create(invariant,
            $"{train.Count} training and {test.Count} test images {train.SampleShape}, loaded in {clock.Elapsed.TotalSeconds:F1} s; mean {scaler.Mean[0]:F4}, std {scaler.Scale[0]:F4}"));

        var net = new FashionNet();
        console.Write(net.Summary());
        var optimizer = new Adam(net.Parameters, learningRate: 2e-3);
        var scheduler = new CosineAnnealingLR(optimizer, tMax: epochs);
        clock.Restart();
        History history = net.Fit(train, new CrossEntropyLoss(), optimizer, epochs: epochs, batchSize: 64, scheduler: scheduler,
            metrics: new[] { Metric.Accuracy }, seed: 1, console: console);
        double seconds = clock.Elapsed.TotalSeconds;
        string chart = NetGen.Samples.TrainingCharts.Save(history, "Fashion-MNIST", Path.Combine(AppContext.BaseDirectory, "fashion"));
        console.WriteLine($"training curves: {chart}");

        EvaluationResult result = net.Evaluate(test, new CrossEntropyLoss(), new[] { Metric.Accuracy });
        double accuracy = result.Metrics["accuracy"];
        console.WriteLine(string.Create(invariant,
            $"{net.CountParameters().Trainable:N0} parameters; trained {history.Epochs.Count} epochs in {seconds:F1} s ({seconds / history.Epochs.Count:F1} s per epoch); test accuracy {accuracy:P2}"));
        console.WriteLine(ConfusionMatrix.Compute(net, test).ToString());
        return accuracy;
    }
}
