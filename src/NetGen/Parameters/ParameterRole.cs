namespace NetGen;

/// <summary>What a tensor is for; optimizers and penalties use it to decide what to decay. The last three are non-trainable buffers.</summary>
public enum ParameterRole
{
    /// <summary>A weight matrix (decayed and penalised by default).</summary>
    Weight = 0,
    /// <summary>A bias vector.</summary>
    Bias,
    /// <summary>The scale (gamma) of a normalisation layer.</summary>
    NormScale,
    /// <summary>The shift (beta) of a normalisation layer.</summary>
    NormShift,
    /// <summary>A learnable activation slope (PReLU).</summary>
    Slope,
    /// <summary>Buffer: running mean of a batch-normalisation layer.</summary>
    RunningMean,
    /// <summary>Buffer: running variance of a batch-normalisation layer.</summary>
    RunningVariance,
    /// <summary>Buffer: number of training batches a batch-normalisation layer has seen.</summary>
    BatchesTracked,
}
