using System;
using NetGen;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>PyTorch's argument checks: the exception names the argument and shows the offending value.</summary>
public sealed class OptimizerArgumentTests
{
    private static readonly ParameterBuffer P = TestSupport.Weights(1f, 2f);

    private static void Throws(Action create, string argument, string value)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(create);
        Assert.Equal(argument, e.ParamName);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SGD_rejects_bad_arguments()
    {
        Throws(() => new SGD(P, learningRate: -0.1), "learningRate", "-0.1");
        Throws(() => new SGD(P, learningRate: double.NaN), "learningRate", "NaN");
        Throws(() => new SGD(P, 0.1, momentum: -0.5), "momentum", "-0.5");
        Throws(() => new SGD(P, 0.1, weightDecay: -1), "weightDecay", "-1");
        Throws(() => new SGD(P, 0.1, nesterov: true), "nesterov", "momentum = 0");
        Throws(() => new SGD(P, 0.1, momentum: 0.9, dampening: 0.1, nesterov: true), "nesterov", "dampening = 0.1");
        Throws(() => new SGD(P, 0.1, weightDecayScope: (WeightDecayScope)7), "weightDecayScope", "7");
        Assert.Throws<ArgumentNullException>(() => new SGD(null!, 0.1));
    }

    [Fact]
    public void Adagrad_rejects_bad_arguments()
    {
        Throws(() => new Adagrad(P, learningRate: -1), "learningRate", "-1");
        Throws(() => new Adagrad(P, learningRateDecay: -0.2), "learningRateDecay", "-0.2");
        Throws(() => new Adagrad(P, weightDecay: -0.3), "weightDecay", "-0.3");
        Throws(() => new Adagrad(P, initialAccumulatorValue: -0.4), "initialAccumulatorValue", "-0.4");
        Throws(() => new Adagrad(P, epsilon: -1e-3), "epsilon", "-0.001");
    }

    [Fact]
    public void RMSprop_rejects_bad_arguments()
    {
        Throws(() => new RMSprop(P, learningRate: -1), "learningRate", "-1");
        Throws(() => new RMSprop(P, alpha: -0.9), "alpha", "-0.9");
        Throws(() => new RMSprop(P, epsilon: -1), "epsilon", "-1");
        Throws(() => new RMSprop(P, momentum: -0.1), "momentum", "-0.1");
        Throws(() => new RMSprop(P, weightDecay: -2), "weightDecay", "-2");
    }

    [Fact]
    public void Adam_and_AdamW_reject_bad_arguments()
    {
        foreach (Func<double, double, double, double, double, Optimizer> make in new Func<double, double, double, double, double, Optimizer>[]
        {
            (lr, b1, b2, eps, wd) => new Adam(P, lr, b1, b2, eps, wd),
            (lr, b1, b2, eps, wd) => new AdamW(P, lr, b1, b2, eps, wd),
        })
        {
            Throws(() => make(-1e-3, 0.9, 0.999, 1e-8, 0), "learningRate", "-0.001");
            Throws(() => make(1e-3, 1, 0.999, 1e-8, 0), "beta1", "1");
            Throws(() => make(1e-3, -0.1, 0.999, 1e-8, 0), "beta1", "-0.1");
            Throws(() => make(1e-3, 0.9, 1.5, 1e-8, 0), "beta2", "1.5");
            Throws(() => make(1e-3, 0.9, 0.999, -1e-8, 0), "epsilon", "-1E-08");
            Throws(() => make(1e-3, 0.9, 0.999, 1e-8, -0.01), "weightDecay", "-0.01");
        }
    }

    [Fact]
    public void Setters_validate_and_leave_state_unchanged()
    {
        var sgd = new SGD(P, 0.1, momentum: 0.9, nesterov: true);
        Assert.ThrowsAny<ArgumentException>(() => sgd.LearningRate = -1);
        Assert.Equal(0.1, sgd.LearningRate);
        Assert.ThrowsAny<ArgumentException>(() => sgd.Momentum = 0);
        Assert.Equal(0.9, sgd.Momentum);
        Assert.ThrowsAny<ArgumentException>(() => sgd.StepCount = -1);
        var adam = new Adam(P);
        Assert.ThrowsAny<ArgumentException>(() => adam.Beta1 = 1);
        Assert.Equal(0.9, adam.Beta1);
        Assert.ThrowsAny<ArgumentException>(() => adam.InitialLearningRate = double.PositiveInfinity);
    }
}
