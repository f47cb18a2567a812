namespace NetGen;

/// <summary>
/// An activation with its hyper-parameters, as a layer of a generated network applies it (PyTorch's names and
/// defaults). Only the values of its <see cref="Kind"/> matter: <see cref="NegativeSlope"/> for
/// <see cref="Activation.LeakyReLU"/>, <see cref="Alpha"/> for <see cref="Activation.ELU"/>, <see cref="Beta"/> and
/// <see cref="Threshold"/> for <see cref="Activation.Softplus"/>. An <see cref="Activation"/> converts to one with the defaults.
/// </summary>
/// <param name="Kind">The function.</param>
/// <param name="NegativeSlope">LeakyReLU's slope for x &lt; 0 (default 0.01).</param>
/// <param name="Alpha">ELU's alpha (default 1).</param>
/// <param name="Beta">Softplus's beta (default 1).</param>
/// <param name="Threshold">Softplus's threshold: linear where beta·x is above it (default 20).</param>
/// <remarks>Thread safety: an immutable value.</remarks>
public readonly record struct ActivationFunction(Activation Kind, double NegativeSlope = 0.01, double Alpha = 1.0, double Beta = 1.0, double Threshold = 20.0)
{
    /// <summary>The activation with its default hyper-parameters.</summary>
    public static implicit operator ActivationFunction(Activation kind) => new(kind);
}
