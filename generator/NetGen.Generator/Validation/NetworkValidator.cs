using System;
using System.Collections.Generic;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Validation;

/// <summary>
/// The rules a parsed network must follow: sizes and shapes (NG1xxx), hyper-parameters (NG2001)
/// and domain advice (NG2002–NG2005). Works on the model only.
/// </summary>
internal static class NetworkValidator
{
    public static List<DiagnosticInfo> Validate(NetworkModel network)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (network.Inputs <= 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInputs, network.AttributeLocation, network.ClassName, network.Inputs));
        if (network.Layers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, network.ClassNameLocation, network.ClassName));
            return diagnostics;
        }

        if (network.MaxBatchSize <= 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMaxBatchSize, network.AttributeLocation, network.ClassName, network.MaxBatchSize));
        CheckShapes(network, diagnostics);
        CheckTotalSize(network, diagnostics);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            LayerModel layer = network.Layers[i];
            CheckActivation(layer, diagnostics);
            if (layer.Kind == LayerKind.Dense)
            {
                CheckInit(layer, "WeightInit", layer.WeightInit ?? network.DefaultWeightInit, isBias: false, diagnostics);
                if (layer.HasBias)
                    CheckInit(layer, "BiasInit", layer.BiasInit ?? network.DefaultBiasInit, isBias: true, diagnostics);
                CheckInitAdvice(network, i, diagnostics);
            }
            bool isLast = i == network.Layers.Count - 1;
            if (!isLast && layer.Activation.Kind is ActivationKind.Softmax or ActivationKind.LogSoftmax)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnHiddenLayer, layer.AttributeLocation, layer.Name, layer.Activation.Kind));
        }
        CheckSigmoidStacks(network, diagnostics);
        CheckStatefulLayers(network, diagnostics);
        return diagnostics;
    }

    private static void CheckShapes(NetworkModel network, List<DiagnosticInfo> diagnostics)
    {
        int previousSize = network.Inputs;
        string previous = "the network input";
        foreach (LayerModel layer in network.Layers)
        {
            if (layer.Kind == LayerKind.Dense)
            {
                if (layer.Units <= 0)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerSize, layer.AttributeLocation, layer.Name, layer.Units));
                if (layer.DeclaredInputs != 0 && layer.DeclaredInputs != previousSize && previousSize > 0)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputSizeMismatch, layer.AttributeLocation,
                        layer.Name, layer.DeclaredInputs, previous, previousSize));
            }
            previousSize = ShapeInference.OutputSize(layer, previousSize);
            previous = "layer '" + layer.Name + "'";
        }
    }

    /// <summary>Largest element count of a .NET array (Array.MaxLength).</summary>
    private const long MaxArrayLength = 0x7FFFFFC7;

    private static void CheckTotalSize(NetworkModel network, List<DiagnosticInfo> diagnostics)
    {
        if (network.Inputs <= 0) return;
        long width = network.Inputs, parameters = 0, perSample = network.Inputs, widest = network.Inputs;
        foreach (LayerModel layer in network.Layers)
        {
            if (layer.Kind == LayerKind.Dense)
            {
                if (layer.Units <= 0) return;
                parameters += layer.Units * width + (layer.HasBias ? layer.Units : 0);
                perSample += layer.Activation.Kind == ActivationKind.Identity ? layer.Units : 2L * layer.Units;
                width = layer.Units;
            }
            else
            {
                perSample += 2 * width + 2; // output plus a mask, noise or per-row statistics
            }
            widest = System.Math.Max(widest, width);
        }
        perSample += 2 * widest;
        if (parameters > MaxArrayLength)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, network.AttributeLocation, network.ClassName, parameters, "parameters", MaxArrayLength));
        else if (perSample * System.Math.Max(1, network.MaxBatchSize) > MaxArrayLength)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, network.AttributeLocation, network.ClassName,
                perSample * network.MaxBatchSize, "workspace floats for MaxBatchSize = " + network.MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxArrayLength));
    }

    private static void CheckStatefulLayers(NetworkModel network, List<DiagnosticInfo> diagnostics)
    {
        int[] sizes = ShapeInference.Sizes(network);
        int lastDense = -1;
        for (int i = 0; i < network.Layers.Count; i++)
            if (network.Layers[i].Kind == LayerKind.Dense) lastDense = i;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            LayerModel layer = network.Layers[i];
            StatefulOptions? o = layer.Options;
            if (o is null) continue;
            LocationInfo? at = layer.AttributeLocation;
            switch (layer.Kind)
            {
                case LayerKind.Dropout:
                    CheckFloat(layer, "P", o.P, p => p >= 0 && p < 1, "the drop probability must be in [0, 1)", at, diagnostics);
                    break;
                case LayerKind.BatchNorm:
                    CheckFloat(layer, "Epsilon", o.Eps, e => e > 0, "epsilon must be > 0", at, diagnostics);
                    if (!(o.Momentum >= 0 && o.Momentum <= 1)) Invalid(layer, "Momentum", o.Momentum, "momentum must be in [0, 1]", at, diagnostics);
                    if (network.MaxBatchSize == 1)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BatchNormWithBatchOfOne, layer.NameLocation ?? at,
                            layer.Name, network.ClassName, network.MaxBatchSize));
                    break;
                case LayerKind.LayerNorm:
                    CheckFloat(layer, "Epsilon", o.Eps, e => e > 0, "epsilon must be > 0", at, diagnostics);
                    break;
                case LayerKind.RReLU:
                    if (CheckFloat(layer, "Lower", o.Lower, _ => true, "", at, diagnostics)
                        & CheckFloat(layer, "Upper", o.Upper, _ => true, "", at, diagnostics)
                        && !((float)o.Lower <= (float)o.Upper))
                        Invalid(layer, "Lower", o.Lower, $"lower must not exceed upper ({Literal(o.Upper)})", at, diagnostics);
                    break;
                case LayerKind.PReLU:
                    if (o.NumParameters != 1 && o.NumParameters != sizes[i])
                        Invalid(layer, "NumParameters", o.NumParameters, $"it must be 1 or the feature count ({sizes[i]})", at, diagnostics);
                    CheckFloat(layer, "Init", o.Init, _ => true, "", at, diagnostics);
                    break;
            }
            // NG2009 is the specific case of NG2008 (batch norm after the output layer, right before its softmax): one
            // warning, the specific one, not both.
            if (layer.Kind == LayerKind.BatchNorm && i == network.Layers.Count - 2
                && network.Layers[i + 1] is { Kind: LayerKind.Activation } next && next.Activation.Kind is ActivationKind.Softmax or ActivationKind.LogSoftmax)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BatchNormBeforeSoftmax, at, layer.Name, next.Activation.Kind));
            else if (layer.Kind is LayerKind.Dropout or LayerKind.BatchNorm && lastDense >= 0 && i > lastDense)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StatefulAfterOutput, at, layer.Name, layer.Kind, network.Layers[lastDense].Name));
        }
    }

    private static void CheckActivation(LayerModel layer, List<DiagnosticInfo> diagnostics)
    {
        ActivationModel a = layer.Activation;
        switch (a.Kind)
        {
            case ActivationKind.PReLU:
            case ActivationKind.RReLU:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedActivation, layer.AttributeLocation, layer.Name, a.Kind));
                break;
            case ActivationKind.LeakyReLU:
                CheckFloat(layer, "NegativeSlope", a.NegativeSlope, v => v >= 0, "the slope of LeakyReLU must be ≥ 0", layer.AttributeLocation, diagnostics);
                break;
            case ActivationKind.ELU:
                CheckFloat(layer, "Alpha", a.Alpha, v => v > 0, "alpha of ELU must be > 0", layer.AttributeLocation, diagnostics);
                break;
            case ActivationKind.Softplus:
                CheckFloat(layer, "Beta", a.Beta, v => v > 0, "beta of Softplus must be > 0", layer.AttributeLocation, diagnostics);
                CheckFloat(layer, "Threshold", a.Threshold, v => v > 0, "the threshold of Softplus must be > 0", layer.AttributeLocation, diagnostics);
                break;
            default:
                if (!Enum.IsDefined(typeof(ActivationKind), a.Kind))
                    Invalid(layer, "Activation", (int)a.Kind, "it is not a member of NetGen.Activation", layer.AttributeLocation, diagnostics);
                break;
        }
    }

    private static void CheckInit(LayerModel layer, string what, InitModel? init, bool isBias, List<DiagnosticInfo> diagnostics)
    {
        if (init is null) return;
        LocationInfo? location = init.Location ?? layer.AttributeLocation;
        // The scheme's numbers end up in float weights: each must be a finite float.
        bool finite = init.Kind switch
        {
            InitKind.Constant => CheckFloat(layer, what + ".Value", init.Value, _ => true, "", location, diagnostics),
            InitKind.Uniform => CheckFloat(layer, what + ".Low", init.Low, _ => true, "", location, diagnostics)
                & CheckFloat(layer, what + ".High", init.High, _ => true, "", location, diagnostics),
            InitKind.Normal => CheckFloat(layer, what + ".Mean", init.Mean, _ => true, "", location, diagnostics)
                & CheckFloat(layer, what + ".Std", init.Std, _ => true, "", location, diagnostics),
            InitKind.XavierUniform or InitKind.XavierNormal => CheckFloat(layer, what + ".Gain", init.Gain, _ => true, "", location, diagnostics),
            InitKind.KaimingUniform or InitKind.KaimingNormal => CheckFloat(layer, what + ".A", init.A, _ => true, "", location, diagnostics),
            _ => true,
        };
        if (!finite) return;
        if (init.Kind is InitKind.KaimingUniform or InitKind.KaimingNormal)
        {
            if (!Enum.IsDefined(typeof(FanModeKind), init.Mode))
                Invalid(layer, what + ".Mode", (int)init.Mode, "it is not a member of NetGen.FanMode", location, diagnostics);
            if (!Enum.IsDefined(typeof(NonlinearityKind), init.Nonlinearity))
                Invalid(layer, what + ".Nonlinearity", (int)init.Nonlinearity, "it is not a member of NetGen.Nonlinearity", location, diagnostics);
        }
        switch (init.Kind)
        {
            case InitKind.Uniform when !(init.Low < init.High):
                Invalid(layer, what + ".Low", init.Low, $"Uniform needs Low < High, but High = {Literal(init.High)}", location, diagnostics);
                break;
            case InitKind.Normal when !(init.Std > 0):
                Invalid(layer, what + ".Std", init.Std, "Normal needs a standard deviation > 0", location, diagnostics);
                break;
            case InitKind.XavierUniform or InitKind.XavierNormal or InitKind.KaimingUniform or InitKind.KaimingNormal when isBias:
                Invalid(layer, what, init.Kind, "fan-in and fan-out are not defined for a 1-D bias (PyTorch raises an error); use Default, Zeros, Constant, Uniform or Normal", location, diagnostics);
                break;
            case InitKind.XavierUniform or InitKind.XavierNormal when !(init.Gain > 0):
                Invalid(layer, what + ".Gain", init.Gain, "the gain must be > 0", location, diagnostics);
                break;
            case InitKind.KaimingUniform or InitKind.KaimingNormal when !(init.A >= 0):
                Invalid(layer, what + ".A", init.A, "the leaky ReLU slope a must be ≥ 0", location, diagnostics);
                break;
            default:
                if (!Enum.IsDefined(typeof(InitKind), init.Kind))
                    Invalid(layer, what, (int)init.Kind, "it is not a member of NetGen.Init", location, diagnostics);
                break;
        }
    }

    /// <summary>The activation that follows a dense layer: its fused one, else a stand-alone activation layer right after it.</summary>
    public static ActivationKind FollowingActivation(NetworkModel network, int index)
    {
        LayerModel layer = network.Layers[index];
        if (layer.Activation.Kind != ActivationKind.Identity) return layer.Activation.Kind;
        if (index + 1 < network.Layers.Count && network.Layers[index + 1].Kind == LayerKind.Activation)
            return network.Layers[index + 1].Activation.Kind;
        return ActivationKind.Identity;
    }

    private static void CheckInitAdvice(NetworkModel network, int index, List<DiagnosticInfo> diagnostics)
    {
        LayerModel layer = network.Layers[index];
        InitModel? init = layer.WeightInit ?? network.DefaultWeightInit;
        if (init is null) return;
        ActivationKind following = FollowingActivation(network, index);
        bool reluFamily = following is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.ELU or ActivationKind.GELU or ActivationKind.SiLU;
        bool saturating = following is ActivationKind.Sigmoid or ActivationKind.Tanh;
        LocationInfo? location = init.Location ?? layer.AttributeLocation;
        if (reluFamily && init.Kind is InitKind.XavierUniform or InitKind.XavierNormal)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.XavierWithRelu, location, layer.Name, init.Kind, following));
        if (saturating && init.Kind is InitKind.KaimingUniform or InitKind.KaimingNormal)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KaimingWithSaturating, location, layer.Name, init.Kind, following));
    }

    private const int SigmoidStackLimit = 5;

    private static void CheckSigmoidStacks(NetworkModel network, List<DiagnosticInfo> diagnostics)
    {
        int lastDense = -1;
        for (int i = 0; i < network.Layers.Count; i++)
            if (network.Layers[i].Kind == LayerKind.Dense) lastDense = i;

        int runStart = -1, runLength = 0, runEnd = -1;
        for (int i = 0; i <= network.Layers.Count; i++)
        {
            bool sigmoidHidden = i < lastDense && network.Layers[i].Kind == LayerKind.Dense
                && FollowingActivation(network, i) == ActivationKind.Sigmoid;
            bool otherDense = i == network.Layers.Count || (network.Layers[i].Kind == LayerKind.Dense && !sigmoidHidden);
            if (sigmoidHidden)
            {
                if (runLength == 0) runStart = i;
                runLength++;
                runEnd = i;
            }
            else if (otherDense)
            {
                if (runLength >= SigmoidStackLimit)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeepSigmoidStack, network.Layers[runStart].AttributeLocation,
                        network.Layers[runStart].Name, network.Layers[runEnd].Name, runLength));
                runLength = 0;
            }
        }
    }

    /// <summary>
    /// A hyper-parameter the generated code uses as a float: it must be a finite float, and <paramref name="rule"/>
    /// (when not empty) must hold for the float value, since that is what runs (0.99999999999 is 1f, 1e-50 is 0f).
    /// Returns whether it is valid.
    /// </summary>
    private static bool CheckFloat(LayerModel layer, string what, double value, Func<float, bool> holds, string rule, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        float f = (float)value;
        System.Globalization.CultureInfo c = System.Globalization.CultureInfo.InvariantCulture;
        if (float.IsNaN(f) || float.IsInfinity(f))
        {
            string reason = double.IsNaN(value) ? (rule.Length > 0 ? rule : "it must be a finite number")
                : double.IsInfinity(value) ? "it must be finite"
                : $"it is beyond float's range (±{float.MaxValue.ToString("R", c)}), where the generated code uses it";
            Invalid(layer, what, value, reason, location, diagnostics);
            return false;
        }
        if (holds(f)) return true;
        string asFloat = f.ToString("R", c) != value.ToString("R", c) ? $" (the generated code uses it as the float {f.ToString("R", c)})" : "";
        Invalid(layer, what, value, rule + asFloat, location, diagnostics);
        return false;
    }

    private static void Invalid(LayerModel layer, string what, object value, string rule, LocationInfo? location, List<DiagnosticInfo> diagnostics) =>
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidHyperParameter, location, layer.Name, what,
            value is double d ? Literal(d) : value, rule));

    private static string Literal(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
