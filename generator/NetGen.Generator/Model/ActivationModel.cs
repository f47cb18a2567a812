namespace NetGen.Generator.Model;

/// <summary>An activation with its hyper-parameters (those its kind does not use keep their defaults).</summary>
internal sealed record ActivationModel(ActivationKind Kind, double NegativeSlope, double Alpha, double Beta, double Threshold)
{
    public static ActivationModel Of(ActivationKind kind) => new(kind, 0.01, 1.0, 1.0, 20.0);

    public bool IsIdentity => Kind == ActivationKind.Identity;
}
