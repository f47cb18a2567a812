using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>
/// Multiplies the learning rate by γ every <see cref="StepSize"/> epochs (PyTorch's <c>StepLR</c>):
/// lr = base·γ^⌊epoch / step_size⌋ when nothing else changes it.
/// </summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public sealed class StepLR : LearningRateScheduler
{
    /// <summary>Creates the scheduler; this is epoch 0.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="stepSize">Period of the decay in epochs, &gt; 0.</param>
    /// <param name="gamma">Multiplicative factor γ &gt; 0.</param>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        Positive(stepSize, nameof(stepSize));
        Positive(gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
        Initialize();
    }

    /// <summary>Period of the decay in epochs.</summary>
    public int StepSize { get; }

    /// <summary>Multiplicative factor γ.</summary>
    public double Gamma { get; }

    private protected override double ComputeLearningRate(int epoch, double current) =>
        epoch == 0 || epoch % StepSize != 0 ? current : current * Gamma;
}
