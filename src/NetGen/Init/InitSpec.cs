namespace NetGen;

/// <summary>
/// An initialisation scheme with its arguments (the runtime form of <see cref="InitAttribute"/>).
/// Generated code builds these from the attributes; only the fields the scheme uses are read.
/// </summary>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public readonly record struct InitSpec(
    Init Scheme,
    double Value = 0.0,
    double Low = 0.0,
    double High = 1.0,
    double Mean = 0.0,
    double Std = 1.0,
    double Gain = 1.0,
    double A = 0.0,
    FanMode Mode = FanMode.FanIn,
    Nonlinearity Nonlinearity = Nonlinearity.LeakyReLU);
