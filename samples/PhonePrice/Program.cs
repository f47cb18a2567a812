// The course's worked case: classify 2000 phones into 4 price bands from 20 features.
// Load → stratified split → standardise with TRAINING statistics → train with AdamW, a cosine
// schedule and early stopping → test accuracy and confusion matrix → save, reload, predict.
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
using PhonePrice;

const int Epochs = 300, Seed = 1;
CultureInfo invariant = CultureInfo.InvariantCulture;

Dataset data = Dataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", "mobile_price_train.csv"),
    new CsvOptions { LabelColumn = "price_range" });
var split = DatasetSplit.TrainValidationTest(data, validationFraction: 0.1, testFraction: 0.2, seed: 7, stratify: true);
var scaler = new Standardizer();
scaler.Fit(split.Train);                                   // statistics of the training rows only
Dataset train = scaler.Transform(split.Train), validation = scaler.Transform(split.Validation), test = scaler.Transform(split.Test);
Console.WriteLine(string.Create(invariant, $"{data.Count} phones, {data.FeatureCount} features: {train.Count} train / {validation.Count} validation / {test.Count} test"));

var net = new PhonePriceNet();
net.InitializeParameters(Seed);
Console.Write(net.Summary());

var optimizer = new AdamW(net.Parameters, learningRate: 1e-3f, weightDecay: 0.1f);
var clock = Stopwatch.StartNew();
History history = net.Fit(train, new CrossEntropyLoss(), optimizer, epochs: Epochs, batchSize: 64, validation: validation,
    scheduler: new CosineAnnealingLR(optimizer, tMax: Epochs),
    metrics: new[] { Metric.Accuracy },
    callbacks: new Callback[] { new EarlyStopping(monitor: "val_loss", patience: 40, restoreBestWeights: true) },
    seed: Seed, console: Console.Out);
double seconds = clock.Elapsed.TotalSeconds;

EvaluationResult result = net.Evaluate(test, new CrossEntropyLoss(), new[] { Metric.Accuracy });
Console.WriteLine(string.Create(invariant,
    $"trained {history.Epochs.Count} epochs in {seconds:F2} s (best epoch {history.BestEpoch}); test loss {result.Loss:F4}, test accuracy {result.Metrics["accuracy"]:P2}"));
Console.WriteLine(ConfusionMatrix.Compute(net, test).ToString());

// Save, reload into a fresh network, predict a few phones.
string checkpoint = Path.Combine(Path.GetTempPath(), "phone-price.safetensors");
Checkpoint.Save(checkpoint, net);
var reloaded = new PhonePriceNet();
Checkpoint.Load(checkpoint, reloaded);
reloaded.Eval();
int[] predicted = reloaded.PredictClass(test.Features.AsSpan(0, 5 * test.FeatureCount), 5);
for (int i = 0; i < 5; i++)
    Console.WriteLine($"phone {i}: predicted band {predicted[i]}, actual band {(int)test.GetTargets(i)[0]}");
Console.WriteLine($"checkpoint: {checkpoint}");
