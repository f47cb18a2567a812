// Prints the wall-clock time (Unix milliseconds, UTC) of two events, for startup.sh to subtract the launch time from:
// the end of the first training epoch of the phone-price network, and its first inference after that.
using System;
using System.Globalization;
using NetGen;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

Dataset data = Dataset.LoadCsv(System.IO.Path.Combine(AppContext.BaseDirectory, "mobile_price_train.csv"), new CsvOptions { LabelColumn = "price_range" });
var scaler = new Standardizer();
scaler.Fit(data);
Dataset train = scaler.Transform(data);
var net = new StartupPhoneNet();
net.Fit(train, new CrossEntropyLoss(), new Adam(net.Parameters, 1e-3), epochs: 1, batchSize: 64, seed: 1);
Console.WriteLine("first-epoch\t" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
net.IsTraining = false;
var output = new float[StartupPhoneNet.OutputSize];
net.ForwardNoGrad(train.Features.AsSpan(0, StartupPhoneNet.InputSize), output, 1);
Console.WriteLine("first-inference\t" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
if (float.IsNaN(output[0])) Console.Error.WriteLine("NaN output");

/// <summary>The phone-price network of the benchmarks (20-128-64-4).</summary>
[Network(Inputs = 20, Seed = 1, MaxBatchSize = 64)]
public partial class StartupPhoneNet
{
    [Dense(128, Activation.ReLU)] public readonly DenseLayer Hidden1;
    [Dense(64, Activation.ReLU)] public readonly DenseLayer Hidden2;
    [Dense(4)] public readonly DenseLayer Output;
}
