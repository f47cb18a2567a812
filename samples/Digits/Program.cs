// Optical digits: train on optdigits.tra, test on optdigits.tes (the same 1797 test images as
// scikit-learn's load_digits). Standardise with training statistics, train with Adam.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;
using Digits;

const int Epochs = 60, Seed = 1;
CultureInfo invariant = CultureInfo.InvariantCulture;
string folder = Path.Combine(AppContext.BaseDirectory, "data");
var options = new CsvOptions { HasHeader = false };
Dataset rawTrain = Dataset.LoadCsv(Path.Combine(folder, "optdigits.tra.csv"), options);
Dataset rawTest = Dataset.LoadCsv(Path.Combine(folder, "optdigits.tes.csv"), options);
var scaler = new Standardizer();
scaler.Fit(rawTrain);
Dataset train = scaler.Transform(rawTrain), test = scaler.Transform(rawTest);
Console.WriteLine($"{train.Count} training and {test.Count} test images, {train.FeatureCount} pixels, {rawTrain.ClassCount} classes");

var net = new DigitsNet();
Console.Write(net.Summary());
var optimizer = new Adam(net.Parameters, learningRate: 1e-3f);
var clock = Stopwatch.StartNew();
History history = net.Fit(train, new CrossEntropyLoss(), optimizer, epochs: Epochs, batchSize: 64,
    metrics: new[] { Metric.Accuracy }, seed: Seed, console: Console.Out);
double seconds = clock.Elapsed.TotalSeconds;
EvaluationResult result = net.Evaluate(test, new CrossEntropyLoss(), new[] { Metric.Accuracy });
Console.WriteLine(string.Create(invariant, $"trained {history.Epochs.Count} epochs in {seconds:F2} s; test accuracy {result.Metrics["accuracy"]:P2}"));
Console.WriteLine(ConfusionMatrix.Compute(net, test).ToString());
