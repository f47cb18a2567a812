using System;
using NetGen;
using NetGen.Optimizers;
using NetGen.Schedulers;
using NetGen.Tests.Optimizers;
using Xunit;

namespace NetGen.Tests.Schedulers;

/// <summary>Argument checks (the exception names the argument and value) and PyTorch's epoch/base-rate conventions.</summary>
public sealed class SchedulerArgumentTests
{
    private static SGD NewSGD(double lr = 0.1, double momentum = 0.9) => new(TestSupport.Weights(1f), lr, momentum: momentum);

    private static void Throws(Action create, string argument, string value)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(create);
        Assert.Equal(argument, e.ParamName);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Throws(() => new StepLR(NewSGD(), stepSize: 0), "stepSize", "0");
        Throws(() => new StepLR(NewSGD(), stepSize: -3), "stepSize", "-3");
        Throws(() => new StepLR(NewSGD(), 10, gamma: 0), "gamma", "0");
        Throws(() => new StepLR(NewSGD(), 10, gamma: -0.5), "gamma", "-0.5");
        Throws(() => new MultiStepLR(NewSGD(), new[] { 30, 10 }), "milestones", "30 > milestones[1] = 10");
        Throws(() => new MultiStepLR(NewSGD(), new[] { -5, 10 }), "milestones", "-5");
        Throws(() => new MultiStepLR(NewSGD(), new[] { 5 }, gamma: 0), "gamma", "0");
        Assert.Throws<ArgumentNullException>(() => new MultiStepLR(NewSGD(), null!));
        Throws(() => new ExponentialLR(NewSGD(), gamma: 0), "gamma", "0");
        Throws(() => new ExponentialLR(NewSGD(), gamma: double.NaN), "gamma", "NaN");
        Throws(() => new CosineAnnealingLR(NewSGD(), tMax: 0), "tMax", "0");
        Throws(() => new CosineAnnealingLR(NewSGD(), 10, etaMin: -1e-3), "etaMin", "-0.001");
        Throws(() => new LinearLR(NewSGD(), startFactor: 0), "startFactor", "0");
        Throws(() => new LinearLR(NewSGD(), startFactor: 1.5), "startFactor", "1.5");
        Throws(() => new LinearLR(NewSGD(), endFactor: -0.1), "endFactor", "-0.1");
        Throws(() => new LinearLR(NewSGD(), totalIters: 0), "totalIters", "0");
        Throws(() => new OneCycleLR(NewSGD(), maxLearningRate: 0.1, totalSteps: 0), "totalSteps", "0");
        Throws(() => new OneCycleLR(NewSGD(), maxLearningRate: -0.1, totalSteps: 10), "maxLearningRate", "-0.1");
        Throws(() => new OneCycleLR(NewSGD(), 0.1, 10, pctStart: 1.2), "pctStart", "1.2");
        Throws(() => new OneCycleLR(NewSGD(), 0.1, 10, divFactor: 0), "divFactor", "0");
        Throws(() => new OneCycleLR(NewSGD(), 0.1, 10, finalDivFactor: -1), "finalDivFactor", "-1");
        Throws(() => new OneCycleLR(NewSGD(), 0.1, 10, maxMomentum: 1.0), "maxMomentum", "1");
        Throws(() => new OneCycleLR(new Adagrad(TestSupport.Weights(1f)), 0.1, 10), "cycleMomentum", "Adagrad");
        Throws(() => new ReduceLROnPlateau(NewSGD(), factor: 1.0), "factor", "1");
        Throws(() => new ReduceLROnPlateau(NewSGD(), patience: -1), "patience", "-1");
        Throws(() => new ReduceLROnPlateau(NewSGD(), cooldown: -2), "cooldown", "-2");
        Throws(() => new ReduceLROnPlateau(NewSGD(), minLearningRate: -1), "minLearningRate", "-1");
        Throws(() => new ReduceLROnPlateau(NewSGD(), threshold: -1e-4), "threshold", "-0.0001");
        Throws(() => new ReduceLROnPlateau(NewSGD(), mode: (PlateauMode)3), "mode", "3");
        Assert.Throws<ArgumentNullException>(() => new StepLR(null!, 3));
    }

    [Fact]
    public void Construction_is_epoch_zero_and_fixes_the_base_rate()
    {
        SGD sgd = NewSGD(0.1);
        var step = new StepLR(sgd, stepSize: 2, gamma: 0.5);
        Assert.Equal(0, step.Epoch);
        Assert.Equal(0.1, step.LastLearningRate);
        step.Step();
        Assert.Equal(0.1, sgd.LearningRate);
        step.Step();
        Assert.Equal(0.05, sgd.LearningRate);
        Assert.Equal(2, step.Epoch);
        // A second scheduler keeps the first one's base rate (PyTorch's setdefault('initial_lr')).
        var cosine = new CosineAnnealingLR(sgd, tMax: 10);
        Assert.Equal(0.1, cosine.BaseLearningRate);
        Assert.Equal(0.1, sgd.InitialLearningRate);
    }

    [Fact]
    public void Recursive_forms_take_up_an_externally_changed_rate()
    {
        // ExponentialLR multiplies whatever the rate is now, as PyTorch's chainable form does.
        SGD sgd = NewSGD(0.1);
        var exp = new ExponentialLR(sgd, gamma: 0.5);
        exp.Step();
        Assert.Equal(0.05, sgd.LearningRate);
        sgd.LearningRate = 1;
        exp.Step();
        Assert.Equal(0.5, sgd.LearningRate);
    }

    [Fact]
    public void OneCycle_sets_initial_rate_and_cycles_sgd_momentum_and_adam_beta1()
    {
        SGD sgd = NewSGD(0.5, momentum: 0);
        var oc = new OneCycleLR(sgd, maxLearningRate: 1.0, totalSteps: 10);
        Assert.Equal(0.04, sgd.LearningRate, 6);
        Assert.Equal(0.04, sgd.InitialLearningRate, 6);
        Assert.Equal(0.95, sgd.Momentum, 6);
        for (int i = 0; i < 2; i++) oc.Step(); // peak at step pct·total − 1 = 2
        Assert.Equal(1, sgd.LearningRate, 6);
        Assert.Equal(0.85, sgd.Momentum, 6);

        var adam = new Adam(TestSupport.Weights(1f));
        _ = new OneCycleLR(adam, maxLearningRate: 0.01, totalSteps: 10, baseMomentum: 0.8, maxMomentum: 0.9);
        Assert.Equal(0.9, adam.Beta1, 6);
        var adagrad = new Adagrad(TestSupport.Weights(1f));
        var noMomentum = new OneCycleLR(adagrad, maxLearningRate: 0.01, totalSteps: 10, cycleMomentum: false);
        Assert.True(double.IsNaN(noMomentum.LastMomentum));
    }

    [Fact]
    public void Plateau_reduces_after_patience_and_respects_min_lr()
    {
        // patience 2: the 3rd bad epoch in a row reduces; minLearningRate caps the reduction.
        SGD sgd = NewSGD(1);
        var plateau = new ReduceLROnPlateau(sgd, patience: 2, factor: 0.5, minLearningRate: 0.3);
        Assert.Equal(1, plateau.LastLearningRate);
        plateau.Step(1.0);   // best = 1
        plateau.Step(1.0);   // bad 1
        plateau.Step(1.0);   // bad 2
        Assert.Equal(1, sgd.LearningRate);
        plateau.Step(1.0);   // bad 3 > patience → 0.5
        Assert.Equal(0.5, sgd.LearningRate);
        for (int i = 0; i < 3; i++) plateau.Step(1.0);
        Assert.Equal(0.3, sgd.LearningRate); // max(0.25, 0.3)
        for (int i = 0; i < 3; i++) plateau.Step(1.0);
        Assert.Equal(0.3, sgd.LearningRate); // 0.3 − 0.3 ≤ eps: unchanged
        Assert.Equal(10, plateau.Epoch);
    }
}
