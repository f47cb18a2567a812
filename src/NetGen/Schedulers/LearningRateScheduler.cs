using System;
using System.Globalization;
using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>
/// Base of the epoch-based learning-rate schedulers, with PyTorch's epoch counting (<c>torch.optim.lr_scheduler</c>,
/// 1.13): constructing a scheduler is epoch 0 and already sets the optimizer's learning rate for it; call
/// <see cref="Step"/> once per epoch (or iteration) <em>after</em> <see cref="Optimizer.Step"/>. The base learning
/// rate is the optimizer's <see cref="Optimizer.InitialLearningRate"/> (fixed by the first scheduler attached, like
/// PyTorch's <c>initial_lr</c>). Learning rates are computed in double precision, as PyTorch does, from the
/// optimizer's current rate, so a rate changed from outside is taken up by the recursive forms.
/// </summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public abstract class LearningRateScheduler
{
    private protected LearningRateScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Epoch = -1;
    }

    /// <summary>The optimizer whose learning rate is scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The current epoch (PyTorch's <c>last_epoch</c>): 0 after construction, +1 per <see cref="Step"/>.</summary>
    public int Epoch { get; private set; }

    /// <summary>The learning rate set by the last <see cref="Step"/> (or by construction), PyTorch's <c>get_last_lr()</c>.</summary>
    public double LastLearningRate { get; private set; }

    /// <summary>The base learning rate (PyTorch's <c>base_lrs[0]</c>).</summary>
    public double BaseLearningRate { get; private set; }

    /// <summary>Advances one epoch and sets the optimizer's learning rate for it.</summary>
    public void Step()
    {
        int next = Epoch + 1;
        double lr = ComputeLearningRate(next, Optimizer.LearningRate);
        Optimizer.LearningRate = lr;
        Epoch = next;
        LastLearningRate = lr;
    }

    /// <summary>Fixes the base rate and performs PyTorch's initial step (epoch 0); derived constructors call it last.</summary>
    private protected void Initialize()
    {
        BaseLearningRate = Optimizer.EnsureInitialLearningRate();
        Step();
    }

    /// <summary>PyTorch's <c>get_lr()</c> at <paramref name="epoch"/>, where <paramref name="current"/> is <c>group['lr']</c>.</summary>
    private protected abstract double ComputeLearningRate(int epoch, double current);

    private protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private protected static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0, got {Format(value)}.");
    }

    private protected static void Positive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
    }
}
