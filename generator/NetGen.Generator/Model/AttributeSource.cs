namespace NetGen.Generator.Model;

/// <summary>Where a layer's argument was written: its key (<c>units</c>, <c>Momentum</c>, <c>WeightInit.Std</c>) and location.</summary>
internal sealed record ArgumentLocation(string Key, LocationInfo? Location);

/// <summary>
/// Where a declaration was written: its member or class name, its attribute and each argument of that attribute (and, for a layer, of its
/// [WeightInit]/[BiasInit] attributes), so that a diagnostic can point at the offending argument. Used by the
/// validator only; never reaches emission.
/// </summary>
internal sealed record AttributeSource(LocationInfo? NameLocation, LocationInfo? AttributeLocation, EquatableArray<ArgumentLocation> Arguments)
{
    /// <summary>
    /// The location of argument <paramref name="key"/>; for <c>WeightInit.Std</c> not written explicitly, the
    /// [WeightInit] attribute; else the layer's attribute.
    /// </summary>
    public LocationInfo? At(string key)
    {
        for (string? k = key; k is not null; k = Parent(k))
            foreach (ArgumentLocation argument in Arguments)
                if (argument.Key == k) return argument.Location ?? AttributeLocation;
        return AttributeLocation;
    }

    /// <summary>Whether argument <paramref name="key"/> was written.</summary>
    public bool Has(string key)
    {
        foreach (ArgumentLocation argument in Arguments)
            if (argument.Key == key) return true;
        return false;
    }

    private static string? Parent(string key)
    {
        int dot = key.LastIndexOf('.');
        return dot < 0 ? null : key.Substring(0, dot);
    }
}
