using System;
using System.IO;
using System.Linq;
using NetGen.Data;
using NetGen.IO;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Schedulers;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.TrainingLoop;

/// <summary>Callbacks with scripted monitored values: EarlyStopping, TerminateOnNaN, ModelCheckpoint, ReduceLROnPlateau.</summary>
public class CallbackTests
{
    private static readonly Dataset Train = LoopData.Indexed(12);
    private static readonly Dataset Validation = LoopData.Indexed(4); // one batch of 4 → one loss call per epoch

    private static (History History, SnapshotCallback Snapshots, LinearNet Net) Run(Loss loss, int epochs, params Callback[] callbacks)
    {
        var net = new LinearNet();
        var snapshots = new SnapshotCallback();
        History history = net.Fit(Train, loss, new SGD(net.Parameters, learningRate: 0.002), epochs: epochs, batchSize: 4,
            validation: Validation, callbacks: new Callback[] { snapshots }.Concat(callbacks).ToArray());
        return (history, snapshots, net);
    }

    [Fact]
    public void EarlyStoppingStopsPatienceEpochsAfterTheBestAndRestoresItsWeightsBitExactly()
    {
        // best 0.8 at epoch 2; epoch 3 wait 1, epoch 4 wait 2 = patience → stop after epoch 4.
        var stopper = new EarlyStopping(patience: 2, restoreBestWeights: true);
        var (history, snapshots, net) = Run(new ScriptedValidationLoss(1.0, 0.8, 0.9, 0.85, 0.1, 0.1), 10, stopper);

        Assert.Equal(4, history.Epochs.Count);
        Assert.True(history.StoppedEarly);
        Assert.Equal(4, stopper.StoppedEpoch);
        Assert.Equal(2, stopper.BestEpoch);
        Assert.Equal(0.8f, (float)stopper.Best);
        Assert.Equal(2, history.RestoredEpoch);
        Assert.StartsWith("EarlyStopping: val_loss", history.StopReason);
        Assert.Contains("epoch 2", history.StopReason);
        Assert.Equal(snapshots.EpochParameters[2], net.Parameters.Values.ToArray());
        Assert.NotEqual(snapshots.EpochParameters[4], net.Parameters.Values.ToArray());
    }

    [Fact]
    public void WithoutRestoreTheLastWeightsStay()
    {
        var stopper = new EarlyStopping(patience: 1);
        var (history, snapshots, net) = Run(new ScriptedValidationLoss(1.0, 0.8, 0.9, 0.1), 10, stopper);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Null(history.RestoredEpoch);
        Assert.Equal(snapshots.EpochParameters[3], net.Parameters.Values.ToArray());
    }

    [Fact]
    public void RestoresTheBestWeightsAlsoWhenAllEpochsRan()
    {
        // Keras 3 behaviour (documented choice): restore at the end of training whether or not it stopped early.
        var stopper = new EarlyStopping(patience: 5, restoreBestWeights: true);
        var (history, snapshots, net) = Run(new ScriptedValidationLoss(1.0, 0.5, 0.7, 0.6), 4, stopper);
        Assert.False(history.StoppedEarly);
        Assert.Equal(0, stopper.StoppedEpoch);
        Assert.Equal(snapshots.EpochParameters[2], net.Parameters.Values.ToArray());
    }

    [Fact]
    public void MinDeltaDecidesWhatCountsAsImprovement()
    {
        // Improvements of 0.05 and 0.02 are below minDelta 0.1: wait reaches 2 at epoch 3.
        var strict = new EarlyStopping(patience: 2, minDelta: 0.1);
        var (h1, _, _) = Run(new ScriptedValidationLoss(1.0, 0.95, 0.93, 0.5, 0.4), 5, strict);
        Assert.Equal(3, h1.Epochs.Count);
        Assert.Equal(1, strict.BestEpoch);

        // minDelta's sign is ignored (Keras takes abs), and without it every decrease counts.
        var loose = new EarlyStopping(patience: 2, minDelta: 0);
        var (h2, _, _) = Run(new ScriptedValidationLoss(1.0, 0.95, 0.93, 0.5, 0.4), 5, loose);
        Assert.Equal(5, h2.Epochs.Count);
        Assert.False(h2.StoppedEarly);
        Assert.Equal(0.1, new EarlyStopping(minDelta: -0.1).MinDelta);
    }

    [Fact]
    public void ModeMaxAndAutoForAccuracyLikeNames()
    {
        // Max on val_loss (scripted): best 0.3 at epoch 2, then three epochs without a higher value → stop after epoch 5.
        var max = new EarlyStopping(patience: 3, mode: MonitorMode.Max);
        var (h, _, _) = Run(new ScriptedValidationLoss(0.1, 0.3, 0.2, 0.25, 0.28, 0.9, 0.9), 7, max);
        Assert.Equal(5, h.Epochs.Count);
        Assert.Equal(2, max.BestEpoch);

        // Auto on a name containing "acc" maximises: rising values never stop training.
        var net = new LinearNet();
        var auto = new EarlyStopping(monitor: "acc_score", patience: 1);
        History rising = net.Fit(Train, new MSELoss(), new SGD(net.Parameters, 0.001), epochs: 4, batchSize: 4,
            metrics: new Metric[] { new ScriptedMetric("acc_score", 0.1, 0.2, 0.3, 0.4) }, callbacks: new[] { auto });
        Assert.Equal(4, rising.Epochs.Count);
        Assert.Equal(4, auto.BestEpoch);
    }

    [Fact]
    public void PatienceZeroStopsAtTheFirstEpochWithoutImprovement()
    {
        var stopper = new EarlyStopping(patience: 0);
        var (h, _, _) = Run(new ScriptedValidationLoss(1.0, 0.9, 0.95, 0.1), 4, stopper);
        Assert.Equal(3, h.Epochs.Count);
    }

    [Fact]
    public void MissingMonitorFailsClearly()
    {
        var net = new LinearNet();
        var e = Assert.Throws<InvalidOperationException>(() => net.Fit(Train, new MSELoss(), new SGD(net.Parameters, 0.001), epochs: 2,
            batchSize: 4, callbacks: new[] { new EarlyStopping() }));
        Assert.Contains("val_loss", e.Message);
    }

    [Fact]
    public void TerminateOnNaNStopsBeforeTheBadBatchsUpdateAndSaysWhere()
    {
        // 12 rows / batch 4 = 3 batches per epoch; training call 7 (0-based) is epoch 3, batch 1.
        var net = new NormNet();
        var loss = new RecordingLoss { Override = (7, float.NaN) };
        var snapshots = new SnapshotCallback();
        var nan = new TerminateOnNaN();
        History history = net.Fit(Train, loss, new SGD(net.Parameters, learningRate: 0.01), epochs: 10, batchSize: 4,
            callbacks: new Callback[] { nan, snapshots });

        Assert.True(history.StoppedEarly);
        Assert.Equal(3, nan.Epoch);
        Assert.Equal(1, nan.Batch);
        Assert.Contains("epoch 3, batch 1", history.StopReason);
        Assert.Equal(3, history.Epochs.Count);
        Assert.False(history.Epochs[^1].Completed);
        Assert.True(double.IsNaN(history.Epochs[^1].TrainLoss));
        Assert.Equal(2, snapshots.EpochEnds); // the aborted epoch does not reach OnEpochEnd
        // Weights and batch-norm running statistics are those after batch 0 of epoch 3.
        Assert.Equal(snapshots.LastBatchParameters, net.Parameters.Values.ToArray());
        Assert.Equal(snapshots.LastBatchBuffers, net.Buffers.Values.ToArray());
        Assert.NotEmpty(net.Buffers.Values.ToArray());
    }

    [Fact]
    public void ANaNInTheDataStopsAtItsBatch()
    {
        // Row 5 has a NaN feature; without shuffling it is in batch 1 (rows 4..7) of epoch 1.
        Dataset data = LoopData.Indexed(12).Clone();
        data.Features[2 * 5] = float.NaN;
        var net = new LinearNet();
        var snapshots = new SnapshotCallback();
        var nan = new TerminateOnNaN();
        History history = net.Fit(data, new MSELoss(), new SGD(net.Parameters, 0.001), epochs: 5, batchSize: 4, shuffle: false,
            callbacks: new Callback[] { nan, snapshots });
        Assert.Equal((1, 1), (nan.Epoch, nan.Batch));
        Assert.Contains("epoch 1, batch 1", history.StopReason);
        Assert.Equal(snapshots.LastBatchParameters, net.Parameters.Values.ToArray());
        Assert.All(net.Parameters.Values.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void InfiniteLossIsCaughtToo()
    {
        var net = new LinearNet();
        var nan = new TerminateOnNaN();
        History history = net.Fit(Train, new RecordingLoss { Override = (0, float.PositiveInfinity) }, new SGD(net.Parameters, 0.01),
            epochs: 3, batchSize: 4, callbacks: new[] { nan });
        Assert.Equal((1, 0), (nan.Epoch, nan.Batch));
        Assert.Single(history.Epochs);
    }

    [Fact]
    public void ModelCheckpointWritesOnlyOnImprovement()
    {
        string dir = Path.Combine(Path.GetTempPath(), "netgen-fit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var perEpoch = new ModelCheckpoint(Path.Combine(dir, "e{epoch}.safetensors"));
            var best = new ModelCheckpoint(Path.Combine(dir, "best.safetensors"));
            var (_, snapshots, _) = Run(new ScriptedValidationLoss(1.0, 0.8, 0.9, 0.7, 0.75), 5, perEpoch, best);

            Assert.Equal(new[] { 1, 2, 4 }, perEpoch.SavedEpochs);
            Assert.Equal(new[] { "best.safetensors", "e1.safetensors", "e2.safetensors", "e4.safetensors" },
                Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            var restored = new LinearNet();
            var metadata = Checkpoint.Load(Path.Combine(dir, "best.safetensors"), restored.Parameters);
            Assert.Equal(snapshots.EpochParameters[4], restored.Parameters.Values.ToArray());
            Assert.Equal("4", metadata["epoch"]);

            var all = new ModelCheckpoint(Path.Combine(dir, "all{epoch}.safetensors"), saveBestOnly: false);
            Run(new ScriptedValidationLoss(1.0, 2.0), 2, all);
            Assert.Equal(new[] { 1, 2 }, all.SavedEpochs);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ModelCheckpointStoresBatchNormBuffers()
    {
        string dir = Path.Combine(Path.GetTempPath(), "netgen-fit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var net = new NormNet();
            string path = Path.Combine(dir, "norm.safetensors");
            net.Fit(Train, new MSELoss(), new SGD(net.Parameters, 0.01), epochs: 2, batchSize: 4,
                callbacks: new[] { new ModelCheckpoint(path, monitor: "loss", saveBestOnly: false) });
            var fresh = new NormNet();
            var extras = fresh.Buffers.Layout.Select(info => new NamedTensor(info.Name, info.Shape, new float[info.Length])).ToArray();
            Checkpoint.Load(path, fresh.Parameters, extraTensors: extras);
            Assert.Equal(net.Parameters.Values.ToArray(), fresh.Parameters.Values.ToArray());
            Assert.Equal(net.Buffers.Values.ToArray(), extras.SelectMany(t => t.Data.ToArray()).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ReduceLROnPlateauCallbackFeedsTheValidationLoss()
    {
        var net = new LinearNet();
        var optimizer = new SGD(net.Parameters, learningRate: 0.004);
        var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0, threshold: 0);
        // val: 1.0 (best), 1.1 (bad → halve), 0.9 (best), 0.95 (bad → halve), 0.95 (bad → halve)
        History history = net.Fit(Train, new ScriptedValidationLoss(1.0, 1.1, 0.9, 0.95, 0.95), optimizer, epochs: 5, batchSize: 4,
            validation: Validation, callbacks: new[] { new ReduceLROnPlateauCallback(plateau) });
        Assert.Equal(new[] { 0.004, 0.004, 0.002, 0.002, 0.001 }, history.Values("lr").Select(v => Math.Round(v, 9)));
        Assert.Equal(0.0005, optimizer.LearningRate);
        Assert.Equal(5, plateau.Epoch);
        Assert.Equal(0.9f, (float)plateau.Best);
    }

    [Fact]
    public void ReduceLROnPlateauCallbackFallsBackToTheTrainingLoss()
    {
        var net = new LinearNet();
        var optimizer = new SGD(net.Parameters, learningRate: 0.001);
        var plateau = new ReduceLROnPlateau(optimizer, threshold: 0);
        History history = net.Fit(Train, new MSELoss(), optimizer, epochs: 3, batchSize: 4, callbacks: new[] { new ReduceLROnPlateauCallback(plateau) });
        Assert.Equal(history.Values("loss").Min(), plateau.Best);
    }
}
