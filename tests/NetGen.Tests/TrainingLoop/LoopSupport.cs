using System;
using System.Collections.Generic;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Training;

namespace NetGen.Tests.TrainingLoop;

/// <summary>Three-class classifier for the blob data.</summary>
[Network(Inputs = 2, Seed = 1, MaxBatchSize = 64)]
public partial class BlobNet
{
    [Dense(16, Activation.Tanh)] public readonly DenseLayer Hidden;
    [Dense(3)] public readonly DenseLayer Output;
}

/// <summary>A linear regressor: weights change every step, so snapshots of different epochs differ.</summary>
[Network(Inputs = 2, Seed = 2, MaxBatchSize = 16)]
public partial class LinearNet
{
    [Dense(1)] public readonly DenseLayer Output;
}

/// <summary>A network with batch-norm buffers and training-mode behaviour.</summary>
[Network(Inputs = 2, Seed = 3, MaxBatchSize = 8)]
public partial class NormNet
{
    [Dense(4)] public readonly DenseLayer Hidden;
    [BatchNorm] public readonly BatchNormLayer Norm;
    [Dense(1)] public readonly DenseLayer Output;
}

/// <summary>Data and instrumented losses/callbacks shared by the loop tests.</summary>
internal static class LoopData
{
    /// <summary>Three well separated Gaussian blobs in 2-D (centres on a circle of radius 3, σ 0.6), class indices as targets.</summary>
    public static Dataset Blobs(int perClass, int seed)
    {
        var random = new Random(seed);
        int n = 3 * perClass;
        var x = new float[2 * n];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % 3;
            double angle = 2 * Math.PI * c / 3;
            x[2 * i] = (float)(3 * Math.Cos(angle) + 0.6 * Gaussian(random));
            x[2 * i + 1] = (float)(3 * Math.Sin(angle) + 0.6 * Gaussian(random));
            y[i] = c;
        }
        return new Dataset(x, y, 2, 1, classNames: new[] { "a", "b", "c" });
    }

    /// <summary>Regression rows whose target is the row index (so a loss can tell which rows it saw).</summary>
    public static Dataset Indexed(int n)
    {
        var x = new float[2 * n];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = 0.1f * i;
            x[2 * i + 1] = 1 - 0.05f * i;
            y[i] = i;
        }
        return new Dataset(x, y, 2, 1);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>
/// MSE for training batches (gradient requested); for validation (no gradient) returns the scripted value of the
/// current validation call — exact as the validation set is one batch.
/// </summary>
internal sealed class ScriptedValidationLoss : Loss
{
    private readonly MSELoss _mse = new();
    private readonly double[] _script;
    private int _calls;

    public ScriptedValidationLoss(params double[] script) : base(Reduction.Mean) => _script = script;

    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient, int batchSize)
    {
        if (!predictionGradient.IsEmpty) return _mse.Compute(predictions, targets, predictionGradient, batchSize);
        return (float)_script[_calls++];
    }

    public override void ComputeElementwise(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> predictionGradient, int batchSize)
        => throw new NotSupportedException();
}

/// <summary>MSE that records every call: batch size, targets and the network's mode.</summary>
internal sealed class RecordingLoss : Loss
{
    private readonly MSELoss _mse = new();
    private readonly INetwork? _network;

    public RecordingLoss(INetwork? network = null) : base(Reduction.Mean) => _network = network;

    public List<(bool Training, int BatchSize, float[] Targets, bool? Mode)> Calls { get; } = new();

    /// <summary>When set, the training call with this zero-based index returns this value instead of the MSE.</summary>
    public (int Call, float Value)? Override { get; set; }

    private int _trainingCalls;

    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient, int batchSize)
    {
        bool training = !predictionGradient.IsEmpty;
        Calls.Add((training, batchSize, targets.ToArray(), _network?.IsTraining));
        float value = _mse.Compute(predictions, targets, predictionGradient, batchSize);
        if (training && Override is { } o && _trainingCalls++ == o.Call) return o.Value;
        return value;
    }

    public override void ComputeElementwise(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> predictionGradient, int batchSize)
        => throw new NotSupportedException();
}

/// <summary>Copies parameters and buffers at every epoch end and batch end.</summary>
internal sealed class SnapshotCallback : Callback
{
    public Dictionary<int, float[]> EpochParameters { get; } = new();
    public Dictionary<int, float[]> EpochBuffers { get; } = new();
    public float[]? LastBatchParameters { get; private set; }
    public float[]? LastBatchBuffers { get; private set; }
    public int EpochEnds { get; private set; }

    public override void OnTrainBegin(TrainingContext context)
    {
        LastBatchParameters = context.Network.Parameters.Values.ToArray();
        LastBatchBuffers = context.Network.Buffers.Values.ToArray();
    }

    public override void OnBatchEnd(TrainingContext context, int batch, float loss)
    {
        LastBatchParameters = context.Network.Parameters.Values.ToArray();
        LastBatchBuffers = context.Network.Buffers.Values.ToArray();
    }

    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        EpochEnds++;
        EpochParameters[result.Epoch] = context.Network.Parameters.Values.ToArray();
        EpochBuffers[result.Epoch] = context.Network.Buffers.Values.ToArray();
    }
}

/// <summary>A metric whose epoch values are scripted (Finish returns the next value); the name decides Auto mode.</summary>
internal sealed class ScriptedMetric : Metric
{
    private readonly double[] _script;
    private int _calls;

    public ScriptedMetric(string name, params double[] script) : base(name) => _script = script;

    public override void Accumulate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int batchSize, ref double sum, ref long count) => count += batchSize;

    public override double Finish(double sum, long count) => _script[_calls++];
}
