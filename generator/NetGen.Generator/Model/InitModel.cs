namespace NetGen.Generator.Model;

/// <summary>An initialisation scheme with its arguments (those the scheme does not use keep their defaults).</summary>
internal sealed record InitModel(
    InitKind Kind,
    double Value = 0.0,
    double Low = 0.0,
    double High = 1.0,
    double Mean = 0.0,
    double Std = 1.0,
    double Gain = 1.0,
    double A = 0.0,
    FanModeKind Mode = FanModeKind.FanIn,
    NonlinearityKind Nonlinearity = NonlinearityKind.LeakyReLU)
{
    public static readonly InitModel Default = new(InitKind.Default);
}
