using System;
using System.Collections.Generic;
using Xunit;

namespace NetGen.Tests.Networks;

/// <summary>Train/eval modes, buffers and error behaviour of the stateful layers inside a generated network.</summary>
public class StatefulLayerTests
{
    private static float[] Input(int batch)
    {
        var x = new float[batch * EveryLayerNet.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = (i * 37 % 11 - 5) / 3f;
        return x;
    }

    [Fact]
    public void NetworksStartInTrainingModeAsPyTorch()
    {
        var net = new EveryLayerNet();
        Assert.True(net.IsTraining);
        net.Eval();
        Assert.False(net.IsTraining);
        net.IsTraining = true;
        Assert.True(net.IsTraining);
    }

    [Fact]
    public void ParametersAndBuffersHavePyTorchNames()
    {
        var net = new EveryLayerNet();
        var names = new List<string>();
        foreach (NamedParameter p in net.NamedParameters()) names.Add(p.Name + " " + p.Info.ShapeText);
        Assert.Equal(new[]
        {
            "D1.weight [8, 6]", "D1.bias [8]", "Norm1.weight [8]", "Norm1.bias [8]", "D2.weight [7, 8]", "D2.bias [7]",
            "Norm2.weight [7]", "Norm2.bias [7]", "Act2.weight [7]", "D3.weight [5, 7]", "D3.bias [5]", "Act3.weight [1]",
            "Out.weight [3, 5]", "Out.bias [3]",
        }, names);
        var buffers = new List<string>();
        foreach (ParameterInfo b in net.Buffers.Layout) buffers.Add(b.Name + " " + b.ShapeText);
        Assert.Equal(new[]
        {
            "Norm1.running_mean [8]", "Norm1.running_var [8]", "Norm1.num_batches_tracked [1]",
            "Norm3.running_mean [5]", "Norm3.running_var [5]", "Norm3.num_batches_tracked [1]",
        }, buffers);
        Assert.Equal(EveryLayerNet.ParameterCount, net.Parameters.Count);
        Assert.All(net.Norm1.Weight.ToArray(), w => Assert.Equal(1f, w));
        Assert.All(net.Act2.Weight.ToArray(), w => Assert.Equal(0.25f, w));
        Assert.All(net.Norm1.RunningVar.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void TrainingUpdatesRunningStatisticsAndEvaluationDoesNot()
    {
        var net = new EveryLayerNet();
        var y = new float[4 * 3];
        net.Forward(Input(4), y, 4);
        net.Forward(Input(4), y, 4);
        Assert.Equal(2, net.Norm1.BatchesTracked);
        Assert.NotEqual(0f, net.Norm1.RunningMean[0]);
        float[] mean = net.Norm1.RunningMean.ToArray();
        net.Eval();
        net.Forward(Input(4), y, 4);
        Assert.Equal(2, net.Norm1.BatchesTracked);
        Assert.Equal(mean, net.Norm1.RunningMean.ToArray());
    }

    [Fact]
    public void BatchNormTrainingWithOneSampleFailsAndChangesNoState()
    {
        var net = new EveryLayerNet();
        float[] parameters = net.Parameters.Values.ToArray();
        float[] buffers = net.Buffers.Values.ToArray();
        var ex = Assert.ThrowsAny<ArgumentException>(() => net.Forward(Input(1), new float[3], 1));
        Assert.Contains("Expected more than 1 value per channel when training, got input size [1, 8]", ex.Message);
        Assert.Equal(parameters, net.Parameters.Values.ToArray());
        Assert.Equal(buffers, net.Buffers.Values.ToArray());
        net.Eval();
        net.Forward(Input(1), new float[3], 1); // evaluation uses the running statistics: batch 1 is fine
    }

    [Fact]
    public void SameSeedSameMasks()
    {
        var a = new EveryLayerNet();
        var b = new EveryLayerNet();
        var ya = new float[4 * 3];
        var yb = new float[4 * 3];
        a.SeedRandom(3); b.SeedRandom(3);
        a.Forward(Input(4), ya, 4);
        b.Forward(Input(4), yb, 4);
        Assert.Equal(ya, yb);
    }

    [Fact]
    public void EveryLayerAllocatesNothingPerStepInBothModes()
    {
        var net = new EveryLayerNet();
        float[] x = Input(16);
        var y = new float[16 * 3];
        var dy = new float[16 * 3];
        var dx = new float[16 * 6];
        for (int i = 0; i < dy.Length; i++) dy[i] = (i % 5 - 2) / 4f;
        void Step()
        {
            net.ZeroGrad();
            net.Forward(x, y, 16);
            net.Backward(dy, dx);
        }
        Assert.Equal(0, AllocationMeter.BytesPerLoop(Step, times: 20));
        net.Eval();
        Assert.Equal(0, AllocationMeter.BytesPerLoop(Step, times: 20));
    }
}
