using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Emission;

/// <summary>User names written into generated code as identifiers: keywords and contextual keywords get '@'.</summary>
internal static class Identifiers
{
    /// <summary><c>class</c> becomes <c>@class</c>, <c>var</c> becomes <c>@var</c>; other names are unchanged.</summary>
    public static string Escape(string name)
    {
        if (name.StartsWith("@", System.StringComparison.Ordinal)) return name;
        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;
    }

    /// <summary>A dotted namespace with each part escaped (<c>Demo.int</c> becomes <c>Demo.@int</c>).</summary>
    public static string EscapeNamespace(string ns)
    {
        string[] parts = ns.Split('.');
        for (int i = 0; i < parts.Length; i++) parts[i] = Escape(parts[i]);
        return string.Join(".", parts);
    }
}
