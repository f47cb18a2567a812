using System;
using System.IO;
using NetGen.IO;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Tests.Training;
using Xunit;

namespace NetGen.Tests.IO;

/// <summary>
/// Saving a network with its optimizer and resuming from the file continues bit-exactly like an
/// uninterrupted run (moments, step count, SGD's momentum buffer).
/// </summary>
public class OptimizerCheckpointTests
{
    [Theory]
    [InlineData("Adam")]
    [InlineData("SGD+momentum")]
    [InlineData("RMSprop")]
    public void ResumingFromACheckpointEqualsAnUninterruptedRun(string name)
    {
        static Optimizer Create(string name, ParameterBuffer p) => name switch
        {
            "Adam" => new Adam(p, learningRate: 0.01),
            "SGD+momentum" => new SGD(p, learningRate: 0.05, momentum: 0.9),
            _ => new RMSprop(p, learningRate: 0.01, momentum: 0.5, centered: true),
        };
        var x = new float[32 * 2];
        var y = new float[32];
        for (int i = 0; i < 32; i++) { x[2 * i] = (i % 7 - 3) / 3f; x[2 * i + 1] = (i % 5 - 2) / 2f; y[i] = MathF.Sin(x[2 * i]) + x[2 * i + 1]; }
        var loss = new MSELoss();
        var prediction = new float[32];
        var gradient = new float[32];
        void Train(RegressionNet net, Optimizer optimizer, int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                net.ZeroGrad();
                net.Forward(x, prediction, 32);
                loss.Compute(prediction, y, gradient, 32);
                net.Backward(gradient);
                optimizer.Step();
            }
        }

        var straight = new RegressionNet();
        Optimizer straightOptimizer = Create(name, straight.Parameters);
        Train(straight, straightOptimizer, 8);

        var first = new RegressionNet();
        Optimizer firstOptimizer = Create(name, first.Parameters);
        Train(first, firstOptimizer, 5);
        string path = Path.Combine(Path.GetTempPath(), "netgen-resume-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            Checkpoint.Save(path, first.Parameters, firstOptimizer);
            var resumed = new RegressionNet();
            resumed.InitializeParameters(12345); // different weights: the file must overwrite them
            Optimizer resumedOptimizer = Create(name, resumed.Parameters);
            Checkpoint.Load(path, resumed.Parameters, resumedOptimizer);
            Assert.Equal(5, resumedOptimizer.StepCount);
            Train(resumed, resumedOptimizer, 3);
            Assert.Equal(straight.Parameters.Values.ToArray(), resumed.Parameters.Values.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>A whole network (parameters and batch-norm buffers) round-trips bit-exactly.</summary>
public class NetworkCheckpointTests
{
    [Fact]
    public void ParametersAndBuffersRoundTrip()
    {
        var net = new NetGen.Tests.Networks.EveryLayerNet();
        var x = new float[4 * 6];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 5 - 2) / 2f;
        net.Forward(x, new float[4 * 3], 4); // moves the running statistics away from their initial values
        string path = Path.Combine(Path.GetTempPath(), "netgen-net-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            Checkpoint.Save(path, net);
            var copy = new NetGen.Tests.Networks.EveryLayerNet();
            copy.InitializeParameters(77);
            Checkpoint.Load(path, copy);
            Assert.Equal(net.Parameters.Values.ToArray(), copy.Parameters.Values.ToArray());
            Assert.Equal(net.Buffers.Values.ToArray(), copy.Buffers.Values.ToArray());
            Assert.Equal(1, copy.Norm1.BatchesTracked);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>
/// An optimizer built over another network of the same shape has state for other weights: Save and Load reject it
/// (as Fit does) and leave the file and the network as they were.
/// </summary>
public class OptimizerOwnerTests
{
    [Fact]
    public void SaveAndLoad_RejectAnOptimizerOfAnotherNetwork()
    {
        var net = new NetGen.Tests.Networks.PhoneShapedNet();
        var other = new NetGen.Tests.Networks.PhoneShapedNet();
        var adam = new Adam(other.Parameters, learningRate: 0.01);
        string path = Path.Combine(Path.GetTempPath(), "netgen-owner-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            var e = Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, net, adam));
            Assert.Equal("optimizerState", e.ParamName);
            Assert.Contains("optimizerState (Adam) was created over a different ParameterBuffer than the one being saved or loaded", e.Message);
            Assert.False(File.Exists(path));

            Checkpoint.Save(path, net, new Adam(net.Parameters, learningRate: 0.01));
            float[] before = net.Parameters.Values.ToArray();
            net.InitializeParameters(5);
            float[] reinitialised = net.Parameters.Values.ToArray();
            e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, net, adam));
            Assert.Equal("optimizerState", e.ParamName);
            Assert.Equal(reinitialised, net.Parameters.Values.ToArray());
            Assert.NotEqual(before, reinitialised);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
