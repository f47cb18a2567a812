using System;
using System.Linq;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.TrainingLoop;

/// <summary>
/// Batch norm cannot train on a batch of one sample. 17 rows in batches of 8 leave one in the last batch: Fit says so
/// before the first step (naming the layer, the arithmetic and the fix) instead of failing mid-epoch with weights already
/// changed, and dropLast (PyTorch's drop_last) makes it train.
/// </summary>
public class BatchNormBatchTests
{
    [Fact]
    public void LastBatchOfOne_IsReportedBeforeAnyWeightChanges()
    {
        var net = new NormNet();
        float[] parameters = net.Parameters.Values.ToArray(), buffers = net.Buffers.Values.ToArray();
        var e = Assert.Throws<ArgumentException>(() =>
            net.Fit(LoopData.Indexed(17), new MSELoss(), new SGD(net.Parameters, learningRate: 0.01), epochs: 2, batchSize: 8));
        Assert.Equal("batchSize", e.ParamName);
        Assert.StartsWith("BatchNorm1d layer 'Norm' needs more than one sample per batch in training mode", e.Message);
        Assert.Contains("17 training samples in batches of 8 leave a last batch of 1 sample (17 = 2 × 8 + 1)", e.Message);
        Assert.Contains("Pass dropLast: true", e.Message);
        Assert.Contains("(e.g. 7)", e.Message); // 17 = 2 × 7 + 3; 9 would exceed NormNet's MaxBatchSize of 8
        Assert.Equal(parameters, net.Parameters.Values.ToArray());
        Assert.Equal(buffers, net.Buffers.Values.ToArray());
    }

    [Fact]
    public void DropLast_SkipsTheShortBatch()
    {
        var net = new NormNet();
        var counter = new BatchCounter();
        History history = net.Fit(LoopData.Indexed(17), new MSELoss(), new SGD(net.Parameters, learningRate: 0.01), epochs: 2, batchSize: 8,
            dropLast: true, callbacks: new Callback[] { counter });
        Assert.False(history.StoppedEarly);
        Assert.Equal(4, counter.Batches); // 2 epochs × ⌊17 / 8⌋
        Assert.Equal(4, (int)net.Norm.BatchesTracked);
    }

    [Fact]
    public void BatchSizeOne_AndSingleSample_AreReported()
    {
        var net = new NormNet();
        var e = Assert.Throws<ArgumentException>(() =>
            net.Fit(LoopData.Indexed(5), new MSELoss(), new SGD(net.Parameters, learningRate: 0.01), epochs: 1, batchSize: 1));
        Assert.Contains("but batchSize is 1. Use a batchSize of at least 2.", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            net.Fit(LoopData.Indexed(1), new MSELoss(), new SGD(net.Parameters, learningRate: 0.01), epochs: 1, batchSize: 4));
        Assert.Equal("train", e.ParamName);
        Assert.Contains("but the training set has 1 sample", e.Message);
    }

    [Fact]
    public void DropLastLeavingNoBatch_IsReported()
    {
        var net = new LinearNet();
        var e = Assert.Throws<ArgumentException>(() =>
            net.Fit(LoopData.Indexed(5), new MSELoss(), new SGD(net.Parameters, learningRate: 0.01), epochs: 1, batchSize: 8, dropLast: true));
        Assert.Equal("dropLast", e.ParamName);
        Assert.Contains("dropLast with batchSize 8 and 5 training samples leaves no batch", e.Message);
    }

    [Fact]
    public void NetworkWithoutBatchNorm_TrainsOnALastBatchOfOne()
    {
        var net = new LinearNet();
        History history = net.Fit(LoopData.Indexed(17), new MSELoss(), new SGD(net.Parameters, learningRate: 0.001), epochs: 1, batchSize: 8);
        Assert.False(history.StoppedEarly);
    }

    private sealed class BatchCounter : Callback
    {
        public int Batches;
        public override void OnBatchEnd(TrainingContext context, int batch, float loss) => Batches++;
    }
}
