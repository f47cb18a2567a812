using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.IO;
using NetGen.Data;
using NetGen.Optimizers;

namespace NetGen.Training;

/// <summary>
/// Fit's protection against divergence: at the start of every epoch it copies the network's parameters and buffers and
/// the optimizer's state (once per epoch), and after every optimizer step it checks that the parameters and buffers are
/// all finite (one vectorised read pass, TensorPrimitives.IsFiniteAll). When a step leaves a NaN or ±∞ anywhere (a huge
/// learning rate can overflow the weights, or batch norm's running variance, while the loss is still finite), it puts the
/// epoch-start copy back: the last state known to be entirely finite, since every step before it was checked.
/// </summary>
internal sealed class DivergenceGuard
{
    private readonly INetwork _network;
    private readonly Optimizer _optimizer;
    private readonly float[] _parameters;
    private readonly float[] _buffers;
    private IReadOnlyList<(string Name, float[] Values)> _optimizerBuffers = Array.Empty<(string, float[])>();
    private float[][] _optimizerCopies = Array.Empty<float[]>();
    private long _optimizerSteps;
    private int _epoch;

    public DivergenceGuard(INetwork network, Optimizer optimizer)
    {
        _network = network;
        _optimizer = optimizer;
        _parameters = new float[network.Parameters.Count];
        _buffers = new float[network.Buffers.Count];
    }

    /// <summary>Copies the state at the start of <paramref name="epoch"/> (from 1).</summary>
    public void Snapshot(int epoch)
    {
        _epoch = epoch;
        _network.Parameters.Values.CopyTo(_parameters);
        _network.Buffers.Values.CopyTo(_buffers);
        // Read every epoch: an optimizer may create a buffer during training (SGD's momentum buffer once a callback
        // or scheduler sets a momentum), and a list read once would then miss it.
        _optimizerBuffers = ((ICheckpointState)_optimizer).CheckpointBuffers;
        if (_optimizerCopies.Length != _optimizerBuffers.Count) Array.Resize(ref _optimizerCopies, _optimizerBuffers.Count);
        for (int i = 0; i < _optimizerCopies.Length; i++)
        {
            float[] values = _optimizerBuffers[i].Values;
            if (_optimizerCopies[i]?.Length != values.Length) _optimizerCopies[i] = new float[values.Length];
            values.CopyTo(_optimizerCopies[i], 0);
        }
        _optimizerSteps = ((ICheckpointState)_optimizer).StepCount;
    }

    /// <summary>
    /// After the optimizer step of <paramref name="batch"/>: null when every parameter and buffer is finite; otherwise
    /// restores the epoch-start state and returns the sentence that says what happened.
    /// </summary>
    public string? Check(int batch, int batchesPerEpoch, float batchLoss)
    {
        (string Name, int Index, float Value)? bad = Find(_network.Parameters) ?? Find(_network.Buffers);
        if (bad is null) return null;
        Restore();
        CultureInfo c = CultureInfo.InvariantCulture;
        (string name, int index, float value) = bad.Value;
        string from = _epoch == 1 ? "the start of training (epoch 1, before its first batch)" : $"the start of epoch {_epoch.ToString(c)} (after epoch {(_epoch - 1).ToString(c)})";
        return $"Training diverged in epoch {_epoch.ToString(c)}, batch {batch.ToString(c)} (0-based, of {batchesPerEpoch.ToString(c)}): "
            + $"after that batch's update {name}[{index.ToString(c)}] was {value.ToString("R", c)} (the batch loss was {batchLoss.ToString("R", c)}). "
            + $"The network's parameters and buffers and the optimizer's state are those from {from}, the last state known to be entirely finite. "
            + "Lower the learning rate, clip the gradients (GradientClipping) or check the data.";
    }

    private void Restore()
    {
        _parameters.CopyTo(_network.Parameters.Values);
        _buffers.CopyTo(_network.Buffers.Values);
        for (int i = 0; i < _optimizerCopies.Length; i++) _optimizerCopies[i].CopyTo(_optimizerBuffers[i].Values, 0);
        ((ICheckpointState)_optimizer).StepCount = _optimizerSteps;
        _network.ZeroGrad();
    }

    private static (string Name, int Index, float Value)? Find(ParameterBuffer buffer)
    {
        int at = FiniteValues.IndexOfNonFinite(buffer.Values);
        if (at < 0) return null;
        foreach (ParameterInfo info in buffer.Layout)
            if (at >= info.Offset && at < info.Offset + info.Length) return (info.Name, at - info.Offset, buffer.Values[at]);
        return ("(unnamed)", at, buffer.Values[at]);
    }
}
