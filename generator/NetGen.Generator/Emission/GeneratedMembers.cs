using System.Collections.Generic;

namespace NetGen.Generator.Emission;

/// <summary>
/// Every member NetGen declares in the generated half of a network class (besides its two constructors and
/// explicit interface implementations). A user member, a layer, a base-class member or the class itself with
/// one of these names would not compile (CS0102, CS0111, CS0542, or CS0108/CS0114 under warnings-as-errors),
/// so the parser reports NG0006 / NG0005 instead. A test generates a network with every kind of layer and
/// checks that this table and the members the emitter writes are the same set, so it cannot go stale.
/// </summary>
internal static class GeneratedMembers
{
    private const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    private const string Span = "global::System.Span<float>";

    /// <summary>
    /// Name and, for a public method, its overloads as fully qualified parameter types: a user method with the same
    /// name and other parameters is a legal overload. Null: any member with that name clashes.
    /// </summary>
    private static readonly (string Name, string[][]? Overloads)[] Table =
    {
        ("InputSize", null), ("OutputSize", null), ("ParameterCount", null), ("DefaultMaxBatchSize", null), ("DefaultSeed", null),
        ("WorkspacePerSample", null), ("LayerSizes", null),
        ("_parameters", null), ("_buffers", null), ("_workspace", null), ("_stats", null), ("_maxBatchSize", null), ("_layers", null),
        ("_random", null), ("_training", null), ("_forwardTraining", null), ("_batchSize", null), ("_inUse", null), ("s_oneSampleChain", null),
        ("MaxBatchSize", null), ("Parameters", null), ("Buffers", null), ("Layers", null), ("IsTraining", null),
        ("ForwardNoGradCore", null),
        ("Train", new[] { new string[0] }),
        ("Eval", new[] { new string[0] }),
        ("SeedRandom", new[] { new[] { "long" } }),
        ("CreateInferenceContext", new[] { new string[0], new[] { "int" } }),
        ("ZeroGrad", new[] { new string[0] }),
        ("NamedParameters", new[] { new string[0] }),
        ("Forward", new[] { new[] { ReadOnlySpan, Span }, new[] { ReadOnlySpan, Span, "int" } }),
        ("ForwardNoGrad", new[] { new[] { ReadOnlySpan, Span, "int" } }),
        ("Backward", new[] { new[] { ReadOnlySpan }, new[] { ReadOnlySpan, Span } }),
        ("InitializeParameters", new[] { new[] { "int" } }),
    };

    /// <summary>All the names, in declaration order of the table.</summary>
    public static IEnumerable<string> Names
    {
        get { foreach (var entry in Table) yield return entry.Name; }
    }

    public static bool IsGenerated(string name) => Find(name) is not null;

    /// <summary>
    /// The generated member a user member called <paramref name="name"/> would clash with, as shown in NG0006
    /// (<c>Train()</c>, <c>Parameters</c>), or null. <paramref name="parameterTypes"/> is null for a non-method.
    /// </summary>
    public static string? Clash(string name, IReadOnlyList<string>? parameterTypes)
    {
        if (Find(name) is not { } entry) return null;
        if (entry.Overloads is null) return name;
        if (parameterTypes is null) return name + "(" + string.Join(", ", Short(entry.Overloads[0])) + ")";
        foreach (string[] overload in entry.Overloads)
        {
            if (overload.Length != parameterTypes.Count) continue;
            bool same = true;
            for (int i = 0; i < overload.Length && same; i++) same = overload[i] == parameterTypes[i];
            if (same) return name + "(" + string.Join(", ", Short(overload)) + ")";
        }
        return null;
    }

    private static IEnumerable<string> Short(string[] types)
    {
        foreach (string t in types) yield return t.Replace("global::System.", "");
    }

    private static (string Name, string[][]? Overloads)? Find(string name)
    {
        foreach (var entry in Table)
            if (entry.Name == name) return entry;
        return null;
    }
}
