using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>What a layer kind's parser gets: the member's name, its layer attribute, its other attributes, and a place to report.</summary>
internal sealed class LayerParseContext
{
    private const string WeightInitAttributeName = "NetGen.WeightInitAttribute";
    private const string BiasInitAttributeName = "NetGen.BiasInitAttribute";

    private readonly ImmutableArray<AttributeData> _memberAttributes;
    private readonly NetworkDefaults _defaults;
    private readonly List<ArgumentLocation> _locations = new();
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;

    public LayerParseContext(string name, AttributeArguments attribute, ImmutableArray<AttributeData> memberAttributes,
        NetworkDefaults defaults, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        Name = name;
        Attribute = attribute;
        _memberAttributes = memberAttributes;
        _defaults = defaults;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        _locations.AddRange(attribute.Locations);
    }

    /// <summary>The member's name, which is the layer's name.</summary>
    public string Name { get; }

    /// <summary>The layer attribute's arguments.</summary>
    public AttributeArguments Attribute { get; }

    /// <summary>Set when an attribute could not be read (being typed): nothing is generated, the compiler reports it.</summary>
    public bool Broken { get; private set; }

    /// <summary>Where every argument read so far was written.</summary>
    public IReadOnlyList<ArgumentLocation> Locations => _locations;

    /// <summary>Reports a declaration problem at the layer attribute's argument <paramref name="key"/> (the attribute when not written).</summary>
    public void Report(DiagnosticDescriptor descriptor, string key, params object[] arguments)
    {
        LocationInfo? location = Attribute.Location;
        foreach (ArgumentLocation argument in Attribute.Locations)
            if (argument.Key == key) location = argument.Location;
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }

    /// <summary>
    /// The attribute's <c>Name</c> (the layer's state-dict name) when written and valid; NG2001 at it when it is empty or
    /// has characters other than letters, digits, '_' and '.' between names (<c>fc0</c>, <c>features.0</c>).
    /// </summary>
    public string? ReadStateName()
    {
        if (!Attribute.Has("Name")) return null;
        string? name = Attribute.Get("Name") as string;
        if (name is null || !IsStateName(name))
        {
            Report(DiagnosticDescriptors.InvalidHyperParameter, "Name", Name, "Name", name is null ? "null" : "\"" + name + "\"",
                "a state-dict name is letters, digits and '_', in parts joined by '.' (\"fc0\", \"features.0\")");
            return null;
        }
        return name;
    }

    private static bool IsStateName(string name)
    {
        if (name.Length == 0 || name[0] == '.' || name[name.Length - 1] == '.') return false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '.' ? name[i - 1] == '.' : !(c == '_' || (c < 128 && char.IsLetterOrDigit(c)))) return false;
        }
        return true;
    }

    /// <summary>NG2011 at argument <paramref name="key"/> of the layer attribute when it is written: it changes nothing.</summary>
    public void NoEffect(string key, string reason)
    {
        if (Attribute.Has(key)) Report(DiagnosticDescriptors.OptionWithoutEffect, key, "Layer '" + Name + "'", key, reason);
    }

    /// <summary>NG2011 at the member's [WeightInit] or [BiasInit] (<paramref name="key"/>) when it has one.</summary>
    public void ReportMemberInit(string key, string reason)
    {
        string attributeName = key == "WeightInit" ? WeightInitAttributeName : BiasInitAttributeName;
        foreach (AttributeData data in _memberAttributes)
            if (data.AttributeClass?.ToDisplayString() == attributeName)
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionWithoutEffect,
                    LocationInfo.From(data.ApplicationSyntaxReference?.GetSyntax(_cancellationToken)), "Layer '" + Name + "'", "[" + key + "]", reason));
    }

    /// <summary>
    /// The activation arguments shared by [Dense] and [ActivationLayer], around the given kind; NG2011 for an argument
    /// the activation does not use (<c>NegativeSlope</c> on ReLU).
    /// </summary>
    public ActivationModel ReadActivation(ActivationKind kind)
    {
        if (kind != ActivationKind.LeakyReLU) NoEffect("NegativeSlope", "it is the slope of LeakyReLU, and the activation is " + kind);
        if (kind != ActivationKind.ELU) NoEffect("Alpha", "it is the alpha of ELU, and the activation is " + kind);
        if (kind != ActivationKind.Softplus)
        {
            NoEffect("Beta", "it is the beta of Softplus, and the activation is " + kind);
            NoEffect("Threshold", "it is the threshold of Softplus, and the activation is " + kind);
        }
        return new(kind,
            Attribute.Double("NegativeSlope", 0.01), Attribute.Double("Alpha", 1.0),
            Attribute.Double("Beta", 1.0), Attribute.Double("Threshold", 20.0));
    }

    /// <summary>Whether the kind read [WeightInit] / [BiasInit] (a member with one the kind ignored gets NG2011).</summary>
    public bool ReadInits { get; private set; }

    /// <summary>
    /// The weight init scheme: [WeightInit] on the member, else the layer attribute's <c>WeightInit =</c>, else the
    /// network's [WeightInit], else PyTorch's default. NG2007 when the member has both forms. Its arguments' locations
    /// are recorded under <c>WeightInit.*</c>.
    /// </summary>
    public InitModel ReadWeightInit() => ReadInit("WeightInit", WeightInitAttributeName, _defaults.Weight, _defaults.WeightLocations);

    /// <summary>
    /// <c>Bias</c> (default true) and the bias init scheme; with <c>Bias = false</c> a bias scheme, given either way, is
    /// NG2011.
    /// </summary>
    public InitModel ReadBias(out bool hasBias)
    {
        hasBias = Attribute.Bool("Bias", true);
        InitModel bias = ReadBiasInit();
        if (!hasBias)
        {
            NoEffect("BiasInit", "the layer has no bias (Bias = false)");
            ReportMemberInit("BiasInit", "the layer has no bias (Bias = false)");
        }
        return bias;
    }

    /// <summary>The bias init scheme, as <see cref="ReadWeightInit"/> with [BiasInit] and <c>BiasInit =</c>.</summary>
    private InitModel ReadBiasInit() => ReadInit("BiasInit", BiasInitAttributeName, _defaults.Bias, _defaults.BiasLocations);

    private InitModel ReadInit(string key, string attributeName, InitModel? networkDefault, IReadOnlyList<ArgumentLocation> defaultLocations)
    {
        ReadInits = true;
        InitModel? init = ReadInitAttribute(_memberAttributes, attributeName, key, _locations, _diagnostics, "Layer '" + Name + "'", _cancellationToken, out bool broken);
        if (broken) Broken = true;
        if (Attribute.Has(key))
        {
            if (init is not null)
            {
                Report(DiagnosticDescriptors.DuplicateInit, key, Name, key, key);
            }
            else
            {
                init = new InitModel((InitKind)Attribute.Int(key, 0));
            }
        }
        if (init is null && networkDefault is not null)
        {
            _locations.AddRange(defaultLocations);
            init = networkDefault;
        }
        return init ?? InitModel.Default;
    }

    /// <summary>
    /// Reads a [WeightInit]/[BiasInit] attribute from <paramref name="attributes"/>, recording its argument locations
    /// under <paramref name="key"/>; null when absent. <paramref name="broken"/> when it cannot be bound. An argument
    /// the scheme does not use (<c>Low</c> on Normal) is NG2011 for <paramref name="owner"/> ("Layer 'Hidden'").
    /// </summary>
    public static InitModel? ReadInitAttribute(IEnumerable<AttributeData> attributes, string attributeName, string key,
        List<ArgumentLocation> locations, List<DiagnosticInfo> diagnostics, string owner, CancellationToken cancellationToken, out bool broken)
    {
        broken = false;
        foreach (AttributeData data in attributes)
        {
            if (data.AttributeClass?.ToDisplayString() != attributeName) continue;
            if (data.AttributeConstructor is null || data.ConstructorArguments.Length < 1 || data.ConstructorArguments[0].Value is not int scheme)
            {
                broken = true;
                return null;
            }
            var arguments = new AttributeArguments(data, key + ".", cancellationToken);
            locations.AddRange(arguments.Locations);
            string[] used = UsedArguments((InitKind)scheme);
            foreach (string name in arguments.Named)
            {
                if (System.Array.IndexOf(used, name) >= 0) continue;
                LocationInfo? at = arguments.Location;
                foreach (ArgumentLocation argument in arguments.Locations)
                    if (argument.Key == key + "." + name) at = argument.Location;
                string reason = used.Length == 0 ? ((InitKind)scheme) + " takes no arguments"
                    : ((InitKind)scheme) + " uses " + string.Join(", ", used);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionWithoutEffect, at, owner, key + "." + name, reason));
            }
            return new InitModel((InitKind)scheme,
                Value: arguments.Double("Value", 0.0), Low: arguments.Double("Low", 0.0), High: arguments.Double("High", 1.0),
                Mean: arguments.Double("Mean", 0.0), Std: arguments.Double("Std", 1.0), Gain: arguments.Double("Gain", 1.0),
                A: arguments.Double("A", 0.0), Mode: (FanModeKind)arguments.Int("Mode", 0),
                Nonlinearity: (NonlinearityKind)arguments.Int("Nonlinearity", 0));
        }
        return null;
    }

    /// <summary>The arguments of [WeightInit]/[BiasInit] that <paramref name="scheme"/> reads.</summary>
    private static string[] UsedArguments(InitKind scheme) => scheme switch
    {
        InitKind.Constant => new[] { "Value" },
        InitKind.Uniform => new[] { "Low", "High" },
        InitKind.Normal => new[] { "Mean", "Std" },
        InitKind.XavierUniform or InitKind.XavierNormal => new[] { "Gain" },
        InitKind.KaimingUniform or InitKind.KaimingNormal => new[] { "A", "Mode", "Nonlinearity" },
        _ => System.Array.Empty<string>(),
    };
}

/// <summary>The network-wide [WeightInit]/[BiasInit] of a class, with their argument locations.</summary>
internal sealed class NetworkDefaults
{
    public InitModel? Weight;
    public InitModel? Bias;
    public List<ArgumentLocation> WeightLocations = new();
    public List<ArgumentLocation> BiasLocations = new();
}
