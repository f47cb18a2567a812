using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The values of one attribute application, by key (the property's name, <c>Units</c> or <c>Momentum</c>, also for
/// an argument given to the constructor), with where each argument was written.
/// </summary>
internal sealed class AttributeArguments
{
    private readonly AttributeData _data;

    public AttributeArguments(AttributeData data, string keyPrefix, CancellationToken cancellationToken)
    {
        _data = data;
        SyntaxNode? syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        Location = LocationInfo.From(syntax);
        var locations = new List<ArgumentLocation>();
        if (syntax is AttributeSyntax { ArgumentList: { } list })
        {
            IMethodSymbol? constructor = data.AttributeConstructor;
            int position = 0;
            foreach (AttributeArgumentSyntax argument in list.Arguments)
            {
                string? key = argument.NameEquals?.Name.Identifier.ValueText ?? argument.NameColon?.Name.Identifier.ValueText;
                if (key is null && constructor is not null && position < constructor.Parameters.Length)
                    key = constructor.Parameters[position].Name;
                // A constructor argument is keyed by the property that exposes it (units → Units), as messages name it.
                if (key is not null && argument.NameEquals is null && key.Length > 0) key = char.ToUpperInvariant(key[0]) + key.Substring(1);
                if (argument.NameEquals is null) position++;
                if (key is not null) locations.Add(new ArgumentLocation(keyPrefix + key, LocationInfo.From(argument)));
            }
        }
        if (keyPrefix.Length > 0) locations.Add(new ArgumentLocation(keyPrefix.TrimEnd('.'), Location));
        Locations = locations;
    }

    /// <summary>The whole attribute.</summary>
    public LocationInfo? Location { get; }

    /// <summary>Where each written argument is.</summary>
    public IReadOnlyList<ArgumentLocation> Locations { get; }

    /// <summary>Whether the attribute's constructor was bound (not while it is being typed or misspelt).</summary>
    public bool IsBound => _data.AttributeConstructor is not null;

    /// <summary>Constructor argument <paramref name="index"/> (default values included), or null when absent.</summary>
    public object? Constructor(int index) =>
        index < _data.ConstructorArguments.Length ? _data.ConstructorArguments[index].Value : null;

    /// <summary>Whether the property <paramref name="name"/> is set in the attribute.</summary>
    public bool Has(string name)
    {
        foreach (var pair in _data.NamedArguments)
            if (pair.Key == name) return true;
        return false;
    }

    /// <summary>The names of the properties set, in source order.</summary>
    public IEnumerable<string> Named
    {
        get { foreach (var pair in _data.NamedArguments) yield return pair.Key; }
    }

    public object? Get(string name)
    {
        foreach (var pair in _data.NamedArguments)
            if (pair.Key == name) return pair.Value.Value;
        return null;
    }

    public int Int(string name, int fallback) => Get(name) is int value ? value : fallback;

    public double Double(string name, double fallback) => Get(name) switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => fallback,
    };

    public bool Bool(string name, bool fallback) => Get(name) is bool value ? value : fallback;
}
