namespace NetGen.Generator.Model;

/// <summary>Kinds of layer the generator knows.</summary>
internal enum LayerKind
{
    Dense,
    Activation,
    Dropout,
    BatchNorm,
    LayerNorm,
    PReLU,
    RReLU,
}

/// <summary>Hyper-parameters of the stateful layers (only those of the layer's kind are meaningful).</summary>
internal sealed record StatefulOptions(
    double P = 0.5,
    double Eps = 1e-5,
    double Momentum = 0.1,
    bool CumulativeAverage = false,
    bool Affine = true,
    bool TrackRunningStats = true,
    int NumParameters = 1,
    double Init = 0.25,
    double Lower = 1.0 / 8,
    double Upper = 1.0 / 3);

/// <summary>
/// Mirror of NetGen.Activation (the generator cannot reference the runtime assembly); the numeric
/// values must match the runtime enum, which a test checks.
/// </summary>
internal enum ActivationKind
{
    Identity = 0, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Softplus, Softmax, LogSoftmax, PReLU, RReLU,
}

/// <summary>Mirror of NetGen.Init.</summary>
internal enum InitKind
{
    Default = 0, Zeros, Ones, Constant, Uniform, Normal, XavierUniform, XavierNormal, KaimingUniform, KaimingNormal,
}

/// <summary>Mirror of NetGen.FanMode.</summary>
internal enum FanModeKind { FanIn = 0, FanOut }

/// <summary>Mirror of NetGen.Nonlinearity.</summary>
internal enum NonlinearityKind { LeakyReLU = 0, ReLU, Linear, Sigmoid, Tanh, SELU }

/// <summary>An activation with its hyper-parameters.</summary>
internal sealed record ActivationModel(ActivationKind Kind, double NegativeSlope, double Alpha, double Beta, double Threshold)
{
    public static ActivationModel Of(ActivationKind kind) => new(kind, 0.01, 1.0, 1.0, 20.0);
}

/// <summary>An initialisation scheme with its arguments, and where it was declared.</summary>
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
    NonlinearityKind Nonlinearity = NonlinearityKind.LeakyReLU,
    LocationInfo? Location = null);

/// <summary>One layer as declared: a field or property with a layer attribute.</summary>
internal sealed record LayerModel(
    string Name,
    LayerKind Kind,
    int Units,
    int DeclaredInputs,
    bool HasBias,
    ActivationModel Activation,
    InitModel? WeightInit,
    InitModel? BiasInit,
    LocationInfo? AttributeLocation,
    LocationInfo? NameLocation,
    StatefulOptions? Options = null);

/// <summary>A containing type of a nested network class.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>Everything the emitter needs about one [Network] class.</summary>
internal sealed record NetworkModel(
    string? Namespace,
    string ClassName,
    string HintName,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    int Inputs,
    int Seed,
    int MaxBatchSize,
    InitModel? DefaultWeightInit,
    InitModel? DefaultBiasInit,
    EquatableArray<LayerModel> Layers,
    LocationInfo? AttributeLocation,
    LocationInfo? ClassNameLocation);

/// <summary>The result of parsing one class: a model (null when nothing can be emitted) and diagnostics.</summary>
internal sealed record NetworkParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
