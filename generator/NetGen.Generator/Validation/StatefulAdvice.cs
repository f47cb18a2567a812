using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Validation;

/// <summary>Advice shared by the layers that behave differently in training (dropout, batch norm).</summary>
internal static class StatefulAdvice
{
    /// <summary>NG2008: the layer comes after the network's output layer (the last fully connected one).</summary>
    public static void AfterOutputLayer(LayerValidationContext context, string kindName)
    {
        int output = context.LastFullyConnected;
        if (output >= 0 && context.Index > output)
            context.Report(DiagnosticDescriptors.StatefulAfterOutput, "", context.Name, kindName, context.Network.Layers[output].Spec.Name);
    }
}
