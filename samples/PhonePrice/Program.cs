// The phone-price case: load the table, split it, standardise with training statistics,
// train a generated network with mini-batches, report test accuracy.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Losses;
using NetGen.Optimizers;
using PhonePrice;

const int Features = PhonePriceNet.InputSize, Classes = PhonePriceNet.OutputSize, BatchSize = 64, Epochs = 60;
const float LearningRate = 0.05f, Momentum = 0.9f;

// 1. Load (invariant culture: "2.2" is two point two on every machine).
string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "mobile_price_train.csv"));
int rows = lines.Length - 1;
var x = new float[rows * Features];
var y = new int[rows];
for (int r = 0; r < rows; r++)
{
    string[] cells = lines[r + 1].Split(',');
    for (int c = 0; c < Features; c++) x[r * Features + c] = float.Parse(cells[c], CultureInfo.InvariantCulture);
    y[r] = int.Parse(cells[Features], CultureInfo.InvariantCulture);
}

// 2. Shuffle once (seeded) and split 80/20.
var rng = new Random(7);
int[] order = Enumerable.Range(0, rows).OrderBy(_ => rng.Next()).ToArray();
int trainCount = rows * 8 / 10, testCount = rows - trainCount;
float[] Gather(int[] idx, int from, int count) { var dst = new float[count * Features]; for (int i = 0; i < count; i++) x.AsSpan(idx[from + i] * Features, Features).CopyTo(dst.AsSpan(i * Features)); return dst; }
float[] trainX = Gather(order, 0, trainCount), testX = Gather(order, trainCount, testCount);
float[] trainY = order.Take(trainCount).Select(i => (float)y[i]).ToArray();
float[] testY = order.Skip(trainCount).Select(i => (float)y[i]).ToArray();

// 3. Standardise with the TRAINING statistics only.
var mean = new double[Features]; var std = new double[Features];
for (int i = 0; i < trainCount; i++) for (int c = 0; c < Features; c++) mean[c] += trainX[i * Features + c] / trainCount;
for (int i = 0; i < trainCount; i++) for (int c = 0; c < Features; c++) std[c] += Math.Pow(trainX[i * Features + c] - mean[c], 2) / trainCount;
for (int c = 0; c < Features; c++) std[c] = std[c] > 0 ? Math.Sqrt(std[c]) : 1;
foreach (float[] split in new[] { trainX, testX })
    for (int i = 0; i < split.Length; i++) split[i] = (float)((split[i] - mean[i % Features]) / std[i % Features]);

// 4. Train: forward, cross-entropy on logits, backward, SGD with momentum.
var net = new PhonePriceNet();
var loss = new CrossEntropyLoss();
var logits = new float[BatchSize * Classes];
var gradient = new float[BatchSize * Classes];
var optimizer = new Sgd(net.Parameters, learningRate: LearningRate, momentum: Momentum);
Console.WriteLine($"PhonePriceNet: {PhonePriceNet.InputSize} -> 128 -> 64 -> {PhonePriceNet.OutputSize}, {PhonePriceNet.ParameterCount:N0} parameters");
var clock = Stopwatch.StartNew();
for (int epoch = 1; epoch <= Epochs; epoch++)
{
    double epochLoss = 0;
    for (int start = 0; start < trainCount; start += BatchSize)
    {
        int n = Math.Min(BatchSize, trainCount - start);
        net.ZeroGrad();
        net.Forward(trainX.AsSpan(start * Features, n * Features), logits.AsSpan(0, n * Classes), n);
        epochLoss += n * loss.Compute(logits.AsSpan(0, n * Classes), trainY.AsSpan(start, n), gradient.AsSpan(0, n * Classes), n);
        net.Backward(gradient.AsSpan(0, n * Classes));
        optimizer.Step();
    }
    if (epoch % 10 == 0 || epoch == 1)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch,3}  train loss {epochLoss / trainCount:F4}  test accuracy {Accuracy(testX, testY):P1}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {clock.Elapsed.TotalSeconds:F2} s; test accuracy {Accuracy(testX, testY):P2}"));

double Accuracy(float[] features, float[] labels)
{
    var output = new float[Classes];
    int correct = 0;
    for (int i = 0; i < labels.Length; i++)
    {
        net.Forward(features.AsSpan(i * Features, Features), output);
        int best = 0;
        for (int k = 1; k < Classes; k++) if (output[k] > output[best]) best = k;
        if (best == (int)labels[i]) correct++;
    }
    return (double)correct / labels.Length;
}
