namespace NetGen;

/// <summary>What a trainable tensor is for; optimizers and penalties use it to decide what to decay.</summary>
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
}
