using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Validation;

/// <summary>
/// What a layer kind's rules see: the network, the layer's position, its input shape and where its arguments are,
/// with helpers that report at the offending argument.
/// </summary>
internal sealed class LayerValidationContext
{
    private readonly List<DiagnosticInfo> _diagnostics;

    public LayerValidationContext(NetworkDeclaration network, int index, SampleShape input, List<DiagnosticInfo> diagnostics)
    {
        Network = network;
        Index = index;
        Input = input;
        _diagnostics = diagnostics;
    }

    public NetworkDeclaration Network { get; }
    public int Index { get; }
    public SampleShape Input { get; }
    public DeclaredLayer Layer => Network.Layers[Index];
    public string Name => Layer.Spec.Name;
    public AttributeSource Source => Layer.Source;
    public bool IsLast => Index == Network.Layers.Count - 1;

    /// <summary>The layer after this one, or null for the last.</summary>
    public LayerSpec? Next => IsLast ? null : Network.Layers[Index + 1].Spec;

    /// <summary>Who feeds this layer, for messages: "the network input" or "layer 'Hidden'".</summary>
    public string Previous => Index == 0 ? "the network input" : "layer '" + Network.Layers[Index - 1].Spec.Name + "'";

    /// <summary>Index of the last fully connected layer (the output layer), or -1.</summary>
    public int LastFullyConnected
    {
        get
        {
            for (int i = Network.Layers.Count - 1; i >= 0; i--)
                if (Network.Layers[i].Spec.Kind.IsFullyConnected) return i;
            return -1;
        }
    }

    /// <summary>The activation that follows this layer: its own, else a stand-alone activation layer right after it.</summary>
    public ActivationKind FollowingActivation()
    {
        ActivationModel? own = Layer.Spec.Activation;
        if (own is not null && !own.IsIdentity) return own.Kind;
        if (Next is { Kind: Layers.ActivationLayerKind, Activation: { } next }) return next.Kind;
        return ActivationKind.Identity;
    }

    /// <summary>NG1006 when the input is an image: <paramref name="what"/> ("Dense") needs a vector. Returns whether the input is a vector.</summary>
    public bool RequireVector(string what)
    {
        if (!Input.IsImage) return true;
        Report(DiagnosticDescriptors.NeedsFlatInput, "", Name, what, Previous, Input.ToString());
        return false;
    }

    /// <summary>NG1007 when the input is a vector: <paramref name="what"/> ("Conv2d") needs an image. Returns whether it is one.</summary>
    public bool RequireImage(string what)
    {
        if (Input.IsImage) return true;
        Report(DiagnosticDescriptors.NeedsImageInput, "", Name, what, Previous, Input.ToString());
        return false;
    }

    /// <summary>The kind of the previous layer (null for the first).</summary>
    public LayerSpec? PreviousSpec => Index == 0 ? null : Network.Layers[Index - 1].Spec;

    /// <summary>Reports <paramref name="descriptor"/> at argument <paramref name="key"/> (the attribute when not written; null: the member name).</summary>
    public void Report(DiagnosticDescriptor descriptor, string? key, params object[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, key is null ? Source.NameLocation ?? Source.AttributeLocation : Source.At(key), arguments));

    /// <summary>NG2001 for argument <paramref name="key"/>: its value and the rule it breaks.</summary>
    public void Invalid(string key, object value, string rule) =>
        Report(DiagnosticDescriptors.InvalidHyperParameter, key, Name, key, value is double d ? Literal(d) : value, rule);

    /// <summary>
    /// A hyper-parameter the generated code uses as a float: it must be a finite float, and <paramref name="holds"/>
    /// (when <paramref name="rule"/> is not empty) must hold for the float value, since that is what runs
    /// (0.99999999999 is 1f, 1e-50 is 0f). Returns whether it is valid.
    /// </summary>
    public bool CheckFloat(string key, double value, Func<float, bool> holds, string rule)
    {
        float f = (float)value;
        CultureInfo c = CultureInfo.InvariantCulture;
        if (float.IsNaN(f) || float.IsInfinity(f))
        {
            string reason = double.IsNaN(value) ? (rule.Length > 0 ? rule : "it must be a finite number")
                : double.IsInfinity(value) ? "it must be finite"
                : $"it is beyond float's range (±{float.MaxValue.ToString("R", c)}), where the generated code uses it";
            Invalid(key, value, reason);
            return false;
        }
        if (rule.Length == 0 || holds(f)) return true;
        string asFloat = f.ToString("R", c) != value.ToString("R", c) ? $" (the generated code uses it as the float {f.ToString("R", c)})" : "";
        Invalid(key, value, rule + asFloat);
        return false;
    }

    /// <summary>A finite float with no further rule.</summary>
    public bool CheckFinite(string key, double value) => CheckFloat(key, value, _ => true, "");

    public static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
