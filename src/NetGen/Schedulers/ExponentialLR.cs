using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>Multiplies the learning rate by γ every epoch (PyTorch's <c>ExponentialLR</c>): lr = base·γ^epoch.</summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public sealed class ExponentialLR : LearningRateScheduler
{
    /// <summary>Creates the scheduler; this is epoch 0.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="gamma">Multiplicative factor γ &gt; 0.</param>
    public ExponentialLR(Optimizer optimizer, double gamma)
        : base(optimizer)
    {
        Positive(gamma, nameof(gamma));
        Gamma = gamma;
        Initialize();
    }

    /// <summary>Multiplicative factor γ.</summary>
    public double Gamma { get; }

    private protected override double ComputeLearningRate(int epoch, double current) => epoch == 0 ? current : current * Gamma;
}
