using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetGen;
using NetGen.Data;
using NetGen.IO;
using NetGen.Losses;
using NetGen.Onnx;
using NetGen.Optimizers;
using NetGen.Training;

namespace Interop;

/// <summary>What the sample measured: ONNX Runtime against NetGen, and NetGen with PyTorch's weights against PyTorch.</summary>
/// <param name="TestPhones">Phones in the test split.</param>
/// <param name="OnnxSameClass">Test phones whose band ONNX Runtime predicts as NetGen does.</param>
/// <param name="OnnxMaxDifference">Largest |logit difference| between ONNX Runtime and NetGen.</param>
/// <param name="LogitScale">Largest |logit| (the scale of the difference).</param>
/// <param name="TorchPhones">Phones predicted with PyTorch's weights.</param>
/// <param name="TorchSameClass">Phones whose band NetGen, with PyTorch's weights, predicts as PyTorch did.</param>
public sealed record InteropResult(int TestPhones, int OnnxSameClass, double OnnxMaxDifference, double LogitScale, int TorchPhones, int TorchSameClass);

/// <summary>The sample as one call, so a test can check it.</summary>
public static class InteropCase
{
    /// <summary>Runs the sample, writing what it finds to <paramref name="console"/>.</summary>
    public static InteropResult Run(TextWriter console)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string data = Path.Combine(AppContext.BaseDirectory, "data");
        Dataset phones = Dataset.LoadCsv(Path.Combine(data, "mobile_price_train.csv"), new CsvOptions { LabelColumn = "price_range" });

        // 1. Train in NetGen (standardised with training statistics), export to ONNX, run it with ONNX Runtime.
        var split = DatasetSplit.TrainTest(phones, testFraction: 0.2, seed: 7, stratify: true);
        var scaler = new Standardizer();
        scaler.Fit(split.Train);
        Dataset train = scaler.Transform(split.Train), test = scaler.Transform(split.Test);
        var net = new PhoneNet();
        net.Fit(train, new CrossEntropyLoss(), new Adam(net.Parameters, 1e-3), epochs: 60, batchSize: 64, seed: 1);
        net.Eval();
        var logits = new float[test.Count * PhoneNet.OutputSize];
        net.ForwardNoGrad(test.Features.AsSpan(0, test.Count * PhoneNet.InputSize), logits, test.Count);

        string onnxPath = Path.Combine(Path.GetTempPath(), "phone-price.onnx");
        OnnxExporter.Save(net, onnxPath);
        float[] onnxLogits;
        using (var session = new InferenceSession(onnxPath))
        {
            var input = new DenseTensor<float>(test.Features.AsMemory(0, test.Count * PhoneNet.InputSize), new[] { test.Count, PhoneNet.InputSize });
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
            onnxLogits = results.Single().AsTensor<float>().ToArray();
        }
        int same = 0;
        double maxDifference = 0;
        for (int i = 0; i < test.Count; i++)
        {
            same += ArgMax(logits, i) == ArgMax(onnxLogits, i) ? 1 : 0;
            for (int k = 0; k < PhoneNet.OutputSize; k++)
                maxDifference = Math.Max(maxDifference, Math.Abs(logits[i * 4 + k] - onnxLogits[i * 4 + k]));
        }
        EvaluationResult accuracy = net.Evaluate(test, new CrossEntropyLoss(), new[] { Metric.Accuracy });
        console.WriteLine(string.Create(invariant, $"NetGen: test accuracy {accuracy.Metrics["accuracy"]:P2}; exported {onnxPath}"));
        console.WriteLine(string.Create(invariant,
            $"ONNX Runtime predicts the same band for {same} of {test.Count} test phones; largest logit difference {maxDifference:E2}"));

        // 2. A state dict PyTorch trained (nn.Sequential: keys 0.* and 2.*), loaded by position, standardised as PyTorch did.
        using JsonDocument torch = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "torch_phone.json")));
        float[] mean = Floats(torch.RootElement.GetProperty("mean")), std = Floats(torch.RootElement.GetProperty("std"));
        int[] torchBands = torch.RootElement.GetProperty("predicted").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var fromTorch = new PhoneNet();
        Checkpoint.Load(Path.Combine(data, "torch_phone.safetensors"), fromTorch, TensorNameMap.SequentialByPosition);
        fromTorch.Eval();
        float[] x = phones.Features.ToArray();
        for (int i = 0; i < x.Length; i++) x[i] = (x[i] - mean[i % 20]) / std[i % 20];
        int[] bands = fromTorch.PredictClass(x, phones.Count);
        int agree = bands.Zip(torchBands).Count(p => p.First == p.Second);
        console.WriteLine(string.Create(invariant,
            $"PyTorch's weights in NetGen: the same band as PyTorch for {agree} of {phones.Count} phones (PyTorch's accuracy {torch.RootElement.GetProperty("accuracy").GetDouble():P2})"));
        return new InteropResult(test.Count, same, maxDifference, logits.Max(Math.Abs), phones.Count, agree);
    }

    private static int ArgMax(float[] logits, int row)
    {
        int best = 0;
        for (int k = 1; k < 4; k++) if (logits[row * 4 + k] > logits[row * 4 + best]) best = k;
        return best;
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();
}
