namespace NetGen.Optimizers;

/// <summary>
/// An optimizer with a momentum-like coefficient that a scheduler can cycle (PyTorch's
/// <c>OneCycleLR(cycle_momentum=True)</c>): the momentum of <see cref="SGD"/> and <see cref="RMSprop"/>,
/// beta1 of <see cref="Adam"/> and <see cref="AdamW"/>.
/// </summary>
/// <remarks>Thread safety: as the optimizer implementing it (not thread-safe).</remarks>
public interface IMomentumOptimizer
{
    /// <summary>The momentum (or beta1). Setting validates the value like the constructor does.</summary>
    double Momentum { get; set; }
}
