using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.IO;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Schedulers;
using NetGen.Training;


namespace PhonePrice;

/// <summary>The whole worked case as one call, so tests can check the accuracy target.</summary>
public static class PhonePriceCase
{
    /// <summary>Runs the case; writes progress and results to <paramref name="console"/>; returns the test accuracy.</summary>
    public static double Run(TextWriter console)
    {
        const int Epochs = 300, Seed = 1;
        CultureInfo invariant = CultureInfo.InvariantCulture;

        Dataset data = Dataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", "mobile_price_train.csv"),
            new CsvOptions { LabelColumn = "price_range" });
        var split = DatasetSplit.TrainValidationTest(data, validationFraction: 0.1, testFraction: 0.2, seed: 7, stratify: true);
        var scaler = new Standardizer();
        scaler.Fit(split.Train);                                   // statistics of the training rows only
        Dataset train = scaler.Transform(split.Train), validation = scaler.Transform(split.Validation), test = scaler.Transform(split.Test);
        console.WriteLine(string.Create(invariant, $"{data.Count} phones, {data.FeatureCount} features: {train.Count} train / {validation.Count} validation / {test.Count} test"));

        var net = new PhonePriceNet();
        net.InitializeParameters(Seed);
        console.Write(net.Summary());

        var optimizer = new AdamW(net.Parameters, learningRate: 1e-3, weightDecay: 0.1);
        var clock = Stopwatch.StartNew();
        History history = net.Fit(train, new CrossEntropyLoss(), optimizer, epochs: Epochs, batchSize: 64, validation: validation,
            scheduler: new CosineAnnealingLR(optimizer, tMax: Epochs),
            metrics: new[] { Metric.Accuracy },
            callbacks: new Callback[] { new EarlyStopping(monitor: "val_loss", patience: 40, restoreBestWeights: true) },
            seed: Seed, console: console);
        double seconds = clock.Elapsed.TotalSeconds;

        string chart = Path.Combine(AppContext.BaseDirectory, "phone-price");
        chart = NetGen.Samples.TrainingCharts.Save(history, "Phone price", chart);
        console.WriteLine($"training curves: {chart}");

        EvaluationResult result = net.Evaluate(test, new CrossEntropyLoss(), new[] { Metric.Accuracy });
        console.WriteLine(string.Create(invariant,
            $"trained {history.Epochs.Count} epochs in {seconds:F2} s (best epoch {history.BestEpoch}); test loss {result.Loss:F4}, test accuracy {result.Metrics["accuracy"]:P2}"));
        console.WriteLine(ConfusionMatrix.Compute(net, test).ToString());

        // Save, reload into a fresh network, predict a few phones.
        string checkpoint = Path.Combine(Path.GetTempPath(), "phone-price.safetensors");
        Checkpoint.Save(checkpoint, net);
        var reloaded = new PhonePriceNet();
        Checkpoint.Load(checkpoint, reloaded);
        reloaded.Eval();
        int[] predicted = reloaded.PredictClass(test.Features.AsSpan(0, 5 * test.FeatureCount), 5);
        for (int i = 0; i < 5; i++)
            console.WriteLine($"phone {i}: predicted band {predicted[i]}, actual band {(int)test.GetTargets(i)[0]}");
        console.WriteLine($"checkpoint: {checkpoint}");
        return result.Metrics["accuracy"];
    }
}
