namespace NetGen.Generator.Model;

// The generator cannot reference the runtime assembly, so it mirrors the runtime's public enums here. The numeric
// values must match the runtime's (a test compares them, Model/EnumMirrorTests).

/// <summary>Mirror of NetGen.Activation.</summary>
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
