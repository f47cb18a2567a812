using System;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Validation;

/// <summary>The rules of an initialisation scheme and the advice about pairing it with an activation.</summary>
internal static class InitRules
{
    /// <param name="what">The argument key: <c>WeightInit</c> or <c>BiasInit</c>.</param>
    public static void Check(InitModel init, string what, bool isBias, LayerValidationContext context)
    {
        // The scheme's numbers end up in float weights: each must be a finite float.
        bool finite = init.Kind switch
        {
            InitKind.Constant => context.CheckFinite(what + ".Value", init.Value),
            InitKind.Uniform => context.CheckFinite(what + ".Low", init.Low) & context.CheckFinite(what + ".High", init.High),
            InitKind.Normal => context.CheckFinite(what + ".Mean", init.Mean) & context.CheckFinite(what + ".Std", init.Std),
            InitKind.XavierUniform or InitKind.XavierNormal => context.CheckFinite(what + ".Gain", init.Gain),
            InitKind.KaimingUniform or InitKind.KaimingNormal => context.CheckFinite(what + ".A", init.A),
            _ => true,
        };
        if (!finite) return;
        if (init.Kind is InitKind.KaimingUniform or InitKind.KaimingNormal)
        {
            if (!Enum.IsDefined(typeof(FanModeKind), init.Mode))
                context.Invalid(what + ".Mode", (int)init.Mode, "it is not a member of NetGen.FanMode");
            if (!Enum.IsDefined(typeof(NonlinearityKind), init.Nonlinearity))
                context.Invalid(what + ".Nonlinearity", (int)init.Nonlinearity, "it is not a member of NetGen.Nonlinearity");
        }
        switch (init.Kind)
        {
            case InitKind.Uniform when !(init.Low < init.High):
                context.Invalid(what + ".Low", init.Low, $"Uniform needs Low < High, but High = {LayerValidationContext.Literal(init.High)}");
                break;
            case InitKind.Normal when !(init.Std > 0):
                context.Invalid(what + ".Std", init.Std, "Normal needs a standard deviation > 0");
                break;
            case InitKind.XavierUniform or InitKind.XavierNormal or InitKind.KaimingUniform or InitKind.KaimingNormal when isBias:
                context.Invalid(what, init.Kind, "fan-in and fan-out are not defined for a 1-D bias (PyTorch raises an error); use Default, Zeros, Constant, Uniform or Normal");
                break;
            case InitKind.XavierUniform or InitKind.XavierNormal when !(init.Gain > 0):
                context.Invalid(what + ".Gain", init.Gain, "the gain must be > 0");
                break;
            case InitKind.KaimingUniform or InitKind.KaimingNormal when !(init.A >= 0):
                context.Invalid(what + ".A", init.A, "the leaky ReLU slope a must be ≥ 0");
                break;
            default:
                if (!Enum.IsDefined(typeof(InitKind), init.Kind))
                    context.Invalid(what, (int)init.Kind, "it is not a member of NetGen.Init");
                break;
        }
    }

    /// <summary>NG2003/NG2004: a weight scheme made for another family of activation than the one that follows.</summary>
    public static void Advise(InitModel weight, LayerValidationContext context)
    {
        ActivationKind following = context.FollowingActivation();
        bool reluFamily = following is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.ELU or ActivationKind.GELU or ActivationKind.SiLU;
        bool saturating = following is ActivationKind.Sigmoid or ActivationKind.Tanh;
        if (reluFamily && weight.Kind is InitKind.XavierUniform or InitKind.XavierNormal)
            context.Report(DiagnosticDescriptors.XavierWithRelu, "WeightInit", context.Name, weight.Kind, following);
        if (saturating && weight.Kind is InitKind.KaimingUniform or InitKind.KaimingNormal)
            context.Report(DiagnosticDescriptors.KaimingWithSaturating, "WeightInit", context.Name, weight.Kind, following);
    }
}
