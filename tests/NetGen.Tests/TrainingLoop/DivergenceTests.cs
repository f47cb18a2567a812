using System;
using System.Linq;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.TrainingLoop;

/// <summary>
/// A step that leaves a NaN or ±∞ in the parameters or buffers, even with a finite loss, stops Fit with the network and
/// the optimizer put back to the start of that epoch (the last state known to be finite), and the reason names it.
/// </summary>
public class DivergenceTests
{
    /// <summary>
    /// The reported case: batch norm's running variance overflows while the loss stays finite (batch norm's output is
    /// normalised, so huge pre-activations still give a finite loss). Before, Fit carried on with +∞ in the running
    /// variance and TerminateOnNaN, never seeing a non-finite loss, said nothing.
    /// </summary>
    [Fact]
    public void RunningVarianceOverflowWithFiniteLoss_LeavesTheEpochStartState()
    {
        var net = new NormNet();
        net.Hidden.Weight.Fill(1e30f); // pre-activations near 1e30: their variance, near 1e60, is +∞ in float
        float[] parameters = net.Parameters.Values.ToArray(), buffers = net.Buffers.Values.ToArray();
        History history = net.Fit(LoopData.Indexed(16), new MSELoss(), new SGD(net.Parameters, learningRate: 1e-6), epochs: 3,
            batchSize: 4, shuffle: false, callbacks: new Callback[] { new TerminateOnNaN() });

        Assert.True(history.StoppedEarly);
        Assert.StartsWith("Training diverged in epoch 1, batch 0 (0-based, of 4): after that batch's update Norm.running_var[0] was Infinity", history.StopReason);
        Assert.Matches(@"\(the batch loss was [0-9.]+\)", history.StopReason); // finite
        Assert.Contains("those from the start of training (epoch 1, before its first batch), the last state known to be entirely finite", history.StopReason);
        Assert.Equal(parameters, net.Parameters.Values.ToArray());
        Assert.Equal(buffers, net.Buffers.Values.ToArray());
        Assert.Single(history.Epochs);
        Assert.False(history.Epochs[0].Completed);
    }

    /// <summary>A huge learning rate without TerminateOnNaN: the weights overflow and Fit restores the epoch start by itself.</summary>
    [Fact]
    public void HugeLearningRateWithoutCallbacks_StopsWithFiniteWeights()
    {
        var net = new NormNet();
        float[] parameters = net.Parameters.Values.ToArray(), buffers = net.Buffers.Values.ToArray();
        History history = net.Fit(LoopData.Indexed(16), new MSELoss(), new SGD(net.Parameters, learningRate: 1e30), epochs: 3, batchSize: 4, shuffle: false);
        Assert.True(history.StoppedEarly);
        Assert.StartsWith("Training diverged in epoch 1, batch ", history.StopReason);
        Assert.Equal(parameters, net.Parameters.Values.ToArray());
        Assert.Equal(buffers, net.Buffers.Values.ToArray());
    }

    /// <summary>
    /// A finite loss whose update overflows: lr 1e38 times a gradient of order 10 is +∞ in the weights after the first
    /// step of epoch 2. The state is then exactly that after epoch 1 (compared with a run of one epoch), optimizer
    /// state (momentum buffers, step count) included.
    /// </summary>
    [Fact]
    public void OverflowInEpochTwo_RestoresTheStateAfterEpochOne()
    {
        Dataset data = LoopData.Indexed(12);
        var diverging = new LinearNet();
        var sgd = new SGD(diverging.Parameters, learningRate: 0.001, momentum: 0.9);
        History history = diverging.Fit(data, new MSELoss(), sgd, epochs: 4, batchSize: 4, seed: 5,
            callbacks: new Callback[] { new RaiseLearningRateAfterEpoch(1, 1e38f) });

        var reference = new LinearNet();
        var referenceSGD = new SGD(reference.Parameters, learningRate: 0.001, momentum: 0.9);
        reference.Fit(data, new MSELoss(), referenceSGD, epochs: 1, batchSize: 4, seed: 5);

        Assert.True(history.StoppedEarly);
        Assert.StartsWith("Training diverged in epoch 2, batch 0 (0-based, of 3): after that batch's update Output.", history.StopReason);
        Assert.Contains("Infinity", history.StopReason);
        Assert.Contains("those from the start of epoch 2 (after epoch 1)", history.StopReason);
        Assert.Equal(reference.Parameters.Values.ToArray(), diverging.Parameters.Values.ToArray());
        Assert.Equal(referenceSGD.StepCount, sgd.StepCount);
        Assert.Equal(referenceSGD.State.Select(s => s.Values.ToArray()), sgd.State.Select(s => s.Values.ToArray()));
        Assert.All(diverging.Parameters.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    /// <summary>
    /// An optimizer buffer created during training (SGD's momentum buffer, once a callback sets a momentum) is part of
    /// the state put back: after the overflow in epoch 2 it holds its epoch-start contents, not the step's infinities.
    /// </summary>
    [Fact]
    public void BufferCreatedDuringTraining_IsRestoredToo()
    {
        var net = new LinearNet();
        var sgd = new SGD(net.Parameters, learningRate: 0.001);
        History history = net.Fit(LoopData.Indexed(12), new MSELoss(), sgd, epochs: 4, batchSize: 4, seed: 5,
            callbacks: new Callback[] { new StartMomentumAndOverflowAfterEpoch(1) });
        Assert.StartsWith("Training diverged in epoch 2, batch 0", history.StopReason);
        OptimizerState momentum = Assert.Single(sgd.State);
        Assert.Equal("momentum_buffer", momentum.Name);
        Assert.All(momentum.Values, v => Assert.Equal(0f, v)); // created (zeroed) after epoch 1, restored to that
        Assert.All(net.Parameters.Values.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    private sealed class StartMomentumAndOverflowAfterEpoch : Callback
    {
        private readonly int _epoch;
        public StartMomentumAndOverflowAfterEpoch(int epoch) => _epoch = epoch;
        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            if (context.Epoch != _epoch) return;
            var sgd = (SGD)context.Optimizer;
            sgd.Momentum = 0.9;          // allocates the momentum buffer now, mid-Fit
            sgd.LearningRate = 1e38;
        }
    }

    /// <summary>Finite training is untouched: the same weights as before the check existed would give (a plain run equals itself step for step).</summary>
    [Fact]
    public void FiniteTraining_IsNotStopped()
    {
        var net = new NormNet();
        History history = net.Fit(LoopData.Indexed(16), new MSELoss(), new SGD(net.Parameters, learningRate: 0.001), epochs: 3, batchSize: 4);
        Assert.False(history.StoppedEarly);
        Assert.Equal(3, history.Epochs.Count);
    }

    private sealed class RaiseLearningRateAfterEpoch : Callback
    {
        private readonly int _epoch;
        private readonly float _rate;
        public RaiseLearningRateAfterEpoch(int epoch, float rate) { _epoch = epoch; _rate = rate; }
        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            if (context.Epoch == _epoch) context.Optimizer.LearningRate = _rate;
        }
    }
}
