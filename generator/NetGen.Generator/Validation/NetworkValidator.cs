using System.Collections.Generic;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Validation;

/// <summary>
/// The rules of a parsed network: its input and options, then each layer's own rules (its kind's
/// <c>Validate</c>, given the shape flowing into it), the advice that spans layers, and finally the sizes of the
/// resolved plan. Returns the plan when nothing is an error.
/// </summary>
internal static class NetworkValidator
{
    public static NetworkPlan? Validate(NetworkDeclaration network, List<DiagnosticInfo> diagnostics)
    {
        int before = diagnostics.Count;
        SampleShape input = network.Input;
        if (input.IsImage)
        {
            System.IFormatProvider c = System.Globalization.CultureInfo.InvariantCulture;
            string? reason = network.Source.Has("Inputs")
                ? "declare either Inputs (a vector of features) or InputChannels, InputHeight and InputWidth (an image), not both"
                : input.Channels <= 0 || input.Height <= 0 || input.Width <= 0
                ? string.Format(c, "an image input needs InputChannels, InputHeight and InputWidth, each > 0, but they are {0}, {1} and {2}",
                    input.Channels, input.Height, input.Width)
                : null;
            if (reason is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidImageInput, network.Source.At("InputChannels"), network.ClassName, reason));
                return null; // the layers' shape rules would only repeat it
            }
        }
        else if (input.Size <= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInputs, network.Source.At("Inputs"), network.ClassName, input.Size));
        }
        if (network.Layers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, network.ClassNameLocation, network.ClassName));
            return null;
        }
        if (network.MaxBatchSize <= 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMaxBatchSize, network.Source.At("MaxBatchSize"), network.ClassName, network.MaxBatchSize));

        SampleShape shape = input;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            LayerSpec spec = network.Layers[i].Spec;
            spec.Kind.Validate(spec, new LayerValidationContext(network, i, shape, diagnostics));
            shape = spec.Kind.OutputShape(spec, shape);
        }
        CheckSigmoidStacks(network, diagnostics);

        for (int i = before; i < diagnostics.Count; i++)
            if (DiagnosticDescriptors.Find(diagnostics[i].DescriptorId)?.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
                return null;
        NetworkPlan? plan = NetworkPlanner.Plan(network, out NetworkPlanner.Overflow? overflow);
        if (overflow is not null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, network.Source.AttributeLocation, network.ClassName,
                overflow.Count, overflow.What, NetworkPlanner.MaxArrayLength));
        return plan;
    }

    private const int SigmoidStackLimit = 5;

    /// <summary>NG2005: five or more hidden fully connected layers in a row followed by a sigmoid.</summary>
    private static void CheckSigmoidStacks(NetworkDeclaration network, List<DiagnosticInfo> diagnostics)
    {
        int count = network.Layers.Count;
        int lastFullyConnected = -1;
        for (int i = 0; i < count; i++)
            if (network.Layers[i].Spec.Kind.IsFullyConnected) lastFullyConnected = i;

        int runStart = -1, runLength = 0, runEnd = -1;
        for (int i = 0; i <= count; i++)
        {
            bool fullyConnected = i < count && network.Layers[i].Spec.Kind.IsFullyConnected;
            bool sigmoidHidden = fullyConnected && i < lastFullyConnected
                && new LayerValidationContext(network, i, default, diagnostics).FollowingActivation() == ActivationKind.Sigmoid;
            if (sigmoidHidden)
            {
                if (runLength == 0) runStart = i;
                runLength++;
                runEnd = i;
            }
            else if (i == count || fullyConnected)
            {
                if (runLength >= SigmoidStackLimit)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeepSigmoidStack, network.Layers[runStart].Source.AttributeLocation,
                        network.Layers[runStart].Spec.Name, network.Layers[runEnd].Spec.Name, runLength));
                runLength = 0;
            }
        }
    }
}
