using NetGen.Generator.Model;

namespace NetGen.Generator.Emission;

/// <summary>The runtime kernel names and extra arguments of each activation.</summary>
internal static class ActivationCalls
{
    public static string KernelName(ActivationKind kind) => kind switch
    {
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.ReLU => "Relu",
        ActivationKind.LeakyReLU => "LeakyRelu",
        ActivationKind.ELU => "Elu",
        ActivationKind.SELU => "Selu",
        ActivationKind.GELU => "Gelu",
        ActivationKind.SiLU => "Silu",
        ActivationKind.Softplus => "Softplus",
        ActivationKind.Softmax => "Softmax",
        ActivationKind.LogSoftmax => "LogSoftmax",
        _ => "Identity",
    };

    /// <summary>Arguments after the spans, starting with ", " (or empty).</summary>
    public static string ExtraArguments(ActivationModel activation, int features) => activation.Kind switch
    {
        ActivationKind.LeakyReLU => ", " + Literals.Float(activation.NegativeSlope),
        ActivationKind.ELU => ", " + Literals.Float(activation.Alpha),
        ActivationKind.Softplus => ", " + Literals.Float(activation.Beta) + ", " + Literals.Float(activation.Threshold),
        ActivationKind.Softmax or ActivationKind.LogSoftmax => ", " + Literals.Int(features),
        _ => "",
    };

    /// <summary>
    /// The runtime value describing the activation for a layer's constructor: <c>global::NetGen.Activation.ReLU</c> with the
    /// defaults (it converts to an ActivationFunction), else <c>new global::NetGen.ActivationFunction(..., NegativeSlope: 0.2)</c>
    /// naming the hyper-parameters that differ from PyTorch's defaults.
    /// </summary>
    public static string RuntimeValue(ActivationModel activation)
    {
        string kind = "global::NetGen.Activation." + activation.Kind;
        string extra = activation.Kind switch
        {
            ActivationKind.LeakyReLU when activation.NegativeSlope != 0.01 => ", NegativeSlope: " + Literals.Double(activation.NegativeSlope),
            ActivationKind.ELU when activation.Alpha != 1.0 => ", Alpha: " + Literals.Double(activation.Alpha),
            ActivationKind.Softplus when activation.Beta != 1.0 || activation.Threshold != 20.0 =>
                ", Beta: " + Literals.Double(activation.Beta) + ", Threshold: " + Literals.Double(activation.Threshold),
            _ => "",
        };
        return extra.Length == 0 ? kind : "new global::NetGen.ActivationFunction(" + kind + extra + ")";
    }

    /// <summary>Human-readable description for comments, e.g. "LeakyReLU(0.2)".</summary>
    public static string Describe(ActivationModel activation) => activation.Kind switch
    {
        ActivationKind.LeakyReLU => "LeakyReLU(" + Literals.Double(activation.NegativeSlope) + ")",
        ActivationKind.ELU => "ELU(" + Literals.Double(activation.Alpha) + ")",
        ActivationKind.Softplus => "Softplus(beta " + Literals.Double(activation.Beta) + ", threshold " + Literals.Double(activation.Threshold) + ")",
        _ => activation.Kind.ToString(),
    };
}
