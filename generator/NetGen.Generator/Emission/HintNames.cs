using System.Text;

namespace NetGen.Generator.Emission;

/// <summary>
/// The hint name of a network's generated file. Roslyn compares hint names case-insensitively and accepts only
/// letters, digits and a few punctuation characters, so the readable part (namespace, containing types, class)
/// is sanitised and followed by a hash of the exact metadata name: <c>Net</c> and <c>NET</c>, or <c>a.B</c> and
/// <c>A.B</c>, get different files, and <c>Demo.@int</c> gives a valid one. Deterministic (FNV-1a over UTF-16).
/// </summary>
internal static class HintNames
{
    /// <param name="metadataName">The fully qualified metadata name, e.g. <c>Demo.Outer+Net</c>.</param>
    public static string For(string metadataName)
    {
        var readable = new StringBuilder(metadataName.Length + 16);
        foreach (char c in metadataName)
            readable.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' ? c : '_');
        uint hash = 2166136261;
        foreach (char c in metadataName)
        {
            hash = (hash ^ (c & 0xFFu)) * 16777619;
            hash = (hash ^ (uint)(c >> 8)) * 16777619;
        }
        return readable + "." + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
    }
}
