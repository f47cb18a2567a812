namespace NetGen.Losses;

/// <summary>
/// How a loss combines the losses of the individual elements (or samples) of a batch.
/// Same meaning as PyTorch's <c>reduction='mean' | 'sum' | 'none'</c>.
/// </summary>
public enum Reduction
{
    /// <summary>
    /// The average: the sum divided by the number of elements (PyTorch <c>'mean'</c>). For
    /// <see cref="CrossEntropyLoss"/> and <see cref="NLLLoss"/> with class-index targets the divisor is the
    /// sum of the class weights of the non-ignored targets (their count when there are no weights), exactly as PyTorch.
    /// </summary>
    Mean,

    /// <summary>The plain sum of the element losses (PyTorch <c>'sum'</c>).</summary>
    Sum,

    /// <summary>
    /// No reduction (PyTorch <c>'none'</c>): use <see cref="Loss.ComputeElementwise"/>, which returns one loss per
    /// element (per sample for the class losses). <see cref="Loss.Compute"/> throws for this setting.
    /// </summary>
    None,
}
