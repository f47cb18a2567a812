using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Emission;

/// <summary>
/// The code of an activation fused into a layer with weights (Dense, Conv2d): the product goes to the layer's
/// <c>{layer}Linear</c> region, the activation writes the output; backward turns dLoss/dOutput into dLoss/d(Linear) in the
/// gradient region that does not hold dy.
/// </summary>
internal static class FusedActivationCode
{
    /// <summary>Declares where the product goes: the output itself without an activation, else the Linear region.</summary>
    public static string DeclareProductTarget(LayerCode code, ActivationModel activation)
    {
        if (activation.IsIdentity)
        {
            code.DeclareOutput();
            return code.Output;
        }
        string linear = code.Local("Linear");
        code.W.Line(Span + " " + linear + " = " + code.Region(Roles.Linear) + "; " + code.RegionComment(Roles.Linear, code.Layer.Output));
        return linear;
    }

    /// <summary>After the product: the activation from the Linear region into the output (nothing without one).</summary>
    public static void EmitActivation(LayerCode code, ActivationModel activation)
    {
        if (activation.IsIdentity) return;
        code.DeclareOutput();
        code.W.Line(Activations + "." + ActivationCalls.KernelName(activation.Kind) + "(" + code.Local("Linear") + ", " + code.Output
            + ActivationCalls.ExtraArguments(activation, code.OutFeatures) + ");");
    }

    /// <summary>
    /// dLoss/d(product): dy itself without an activation; else the activation's backward into the gradient region that
    /// does not hold dy, which <paramref name="current"/> then names (dLoss/dInput goes to the other one, where dy was).
    /// </summary>
    public static string EmitBackward(BackwardCode code, ActivationModel activation, out string current)
    {
        current = code.Current;
        if (activation.IsIdentity || code.ActivationBackwardDone) return code.Dy;
        string scratch = BackwardCode.Other(current);
        string dz = code.GradientLocal("Linear");
        code.W.Line(Span + " " + dz + " = " + scratch + ".Slice(0, batchSize * " + Int(code.OutFeatures) + ");");
        // A layer without a Linear region (Dense with ReLU) passes its output as ReLU's input: y > 0 exactly where x > 0.
        string x = code.Layer.Workspace.Any(slot => slot.Role == Roles.Linear) ? code.Local("Linear") : code.Output;
        code.W.Line(Activations + "." + ActivationCalls.KernelName(activation.Kind) + "Backward(" + x + ", " + code.Output
            + ", " + code.Dy + ", " + dz + ActivationCalls.ExtraArguments(activation, code.OutFeatures) + ");");
        current = scratch;
        return dz;
    }
}
