using System;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Validation;

/// <summary>The hyper-parameter rules of an activation, shared by [Dense] and [ActivationLayer].</summary>
internal static class ActivationRules
{
    public static void Check(ActivationModel a, LayerValidationContext context)
    {
        switch (a.Kind)
        {
            case ActivationKind.PReLU:
            case ActivationKind.RReLU:
                context.Report(DiagnosticDescriptors.ReservedActivation, "Activation", context.Name, a.Kind);
                break;
            case ActivationKind.LeakyReLU:
                context.CheckFloat("NegativeSlope", a.NegativeSlope, v => v >= 0, "the slope of LeakyReLU must be ≥ 0");
                break;
            case ActivationKind.ELU:
                context.CheckFloat("Alpha", a.Alpha, v => v > 0, "alpha of ELU must be > 0");
                break;
            case ActivationKind.Softplus:
                context.CheckFloat("Beta", a.Beta, v => v > 0, "beta of Softplus must be > 0");
                context.CheckFloat("Threshold", a.Threshold, v => v > 0, "the threshold of Softplus must be > 0");
                break;
            default:
                if (!Enum.IsDefined(typeof(ActivationKind), a.Kind))
                    context.Invalid("Activation", (int)a.Kind, "it is not a member of NetGen.Activation");
                break;
        }
        if (!context.IsLast && a.Kind is ActivationKind.Softmax or ActivationKind.LogSoftmax)
            context.Report(DiagnosticDescriptors.SoftmaxOnHiddenLayer, "Activation", context.Name, a.Kind);
    }
}
