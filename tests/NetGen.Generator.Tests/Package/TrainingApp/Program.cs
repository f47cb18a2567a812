// The console program that PackageTests builds from the packed NetGen package, under the JIT and with NativeAOT, to
// compare what each build computes. It trains a small classifier on synthetic data (fixed seeds, no file input) and
// prints, one item per line:
//   simd <Vector128 accel.> <Vector256 accel.> <Vector512 accel.> <Fma.IsSupported> <Vector<float>.Count>
//   loss <step> <training loss of that step's batch, round-trip format>
//   accuracy <fraction of the training set classified right, ForwardNoGrad in batches>
//   one-sample <FNV-1a hash of the bits of 16 one-sample ForwardNoGrad outputs>
//   parameters <FNV-1a hash of the bits of every trained parameter>
// With "--time S" it instead times S seconds of training steps and S seconds of one-sample inference and prints
//   train-steps/s <value>   and   infer-samples/s <value>
// The layers cover the kernels whose results depend on the instruction set: dense products (packed and unpacked,
// forward and backward, one sample and batches), ReLU, tanh (a polynomial with fused multiply-adds), sigmoid and the
// cross-entropy's exp and sums (TensorPrimitives), and AdamW.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NetGen;
using NetGen.Losses;
using NetGen.Optimizers;

const int Features = Classifier.InputSize, Classes = Classifier.OutputSize;
const int Batch = 128, Samples = 16 * Batch, Steps = 240, Report = 40;

// Inputs uniform in [-1, 1) from a 32-bit LCG; each label is the argmax of a fixed random "teacher" matrix times the
// input, so the task is learnable. Plain float arithmetic in a fixed order: the same bits under any compiler.
uint state = 12345;
float Next()
{
    state = state * 1664525u + 1013904223u;
    return (state >> 8) * (2f / (1 << 24)) - 1f;
}
var x = new float[Samples * Features];
var teacher = new float[Classes * Features];
for (int i = 0; i < x.Length; i++) x[i] = Next();
for (int i = 0; i < teacher.Length; i++) teacher[i] = Next();
var labels = new int[Samples];
for (int s = 0; s < Samples; s++)
{
    float best = float.NegativeInfinity;
    for (int c = 0; c < Classes; c++)
    {
        float z = 0;
        for (int f = 0; f < Features; f++) z += teacher[c * Features + f] * x[s * Features + f];
        if (z > best) { best = z; labels[s] = c; }
    }
}

var net = new Classifier(Batch);
var optimizer = new AdamW(net.Parameters, learningRate: 2e-3f, weightDecay: 0.01f);
var loss = new CrossEntropyLoss();
var logits = new float[Batch * Classes];
var gradient = new float[Batch * Classes];
int step = 0;

float TrainStep()
{
    int start = step++ % (Samples / Batch) * Batch;
    net.ZeroGrad();
    net.Forward(x.AsSpan(start * Features, Batch * Features), logits, Batch);
    float value = loss.Compute(logits, labels.AsSpan(start, Batch), gradient);
    net.Backward(gradient);
    optimizer.Step();
    return value;
}

if (args.Length == 2 && args[0] == "--time")
{
    double seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
    for (int i = 0; i < 50; i++) TrainStep();
    var clock = Stopwatch.StartNew();
    int steps = 0;
    do { for (int i = 0; i < 10; i++) TrainStep(); steps += 10; } while (clock.Elapsed.TotalSeconds < seconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train-steps/s {steps / clock.Elapsed.TotalSeconds:F1}"));
    var y = new float[Classes];
    for (int i = 0; i < 1000; i++) net.ForwardNoGrad(x.AsSpan(i % Samples * Features, Features), y, 1);
    clock.Restart();
    int samples = 0;
    do { for (int i = 0; i < 1000; i++) net.ForwardNoGrad(x.AsSpan((samples + i) % Samples * Features, Features), y, 1); samples += 1000; }
    while (clock.Elapsed.TotalSeconds < seconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"infer-samples/s {samples / clock.Elapsed.TotalSeconds:F1}"));
    return 0;
}

Console.WriteLine($"simd {Vector128.IsHardwareAccelerated} {Vector256.IsHardwareAccelerated} {Vector512.IsHardwareAccelerated} {Fma.IsSupported} {Vector<float>.Count}");
for (int i = 0; i < Steps; i++)
{
    float value = TrainStep();
    if (i % Report == 0 || i == Steps - 1)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loss {i} {value:R}"));
}

int right = 0;
for (int start = 0; start < Samples; start += Batch)
{
    net.ForwardNoGrad(x.AsSpan(start * Features, Batch * Features), logits, Batch);
    for (int s = 0; s < Batch; s++)
    {
        int arg = 0;
        for (int c = 1; c < Classes; c++) if (logits[s * Classes + c] > logits[s * Classes + arg]) arg = c;
        if (arg == labels[start + s]) right++;
    }
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {(double)right / Samples:F4}"));

ulong oneSample = Fnv.Offset;
var output = new float[Classes];
for (int s = 0; s < 16; s++)
{
    net.ForwardNoGrad(x.AsSpan(s * Features, Features), output, 1);
    oneSample = Fnv.Add(oneSample, output);
}
Console.WriteLine($"one-sample {oneSample:x16}");
Console.WriteLine($"parameters {Fnv.Add(Fnv.Offset, net.Parameters.Values):x16}");
return 0;

/// <summary>FNV-1a over the bits of floats: equal hashes mean (all but certainly) bit-identical values.</summary>
static class Fnv
{
    public const ulong Offset = 14695981039346656037UL;

    public static ulong Add(ulong hash, ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            uint bits = BitConverter.SingleToUInt32Bits(v);
            for (int b = 0; b < 4; b++) hash = (hash ^ ((bits >> (8 * b)) & 0xFF)) * 1099511628211UL;
        }
        return hash;
    }
}

[Network(Inputs = 200, Seed = 7)]
partial class Classifier
{
    [Dense(256, Activation.ReLU)] public readonly DenseLayer Hidden1;
    [Dense(128, Activation.Tanh)] public readonly DenseLayer Hidden2;
    [Dense(64, Activation.Sigmoid)] public readonly DenseLayer Hidden3;
    [Dense(10)] public readonly DenseLayer Output;
}
