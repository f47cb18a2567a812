using System;
using System.Collections.Generic;

namespace NetGen.IO;

/// <summary>What <see cref="SafeTensors.Read"/> found in a safetensors file: its tensors and its <c>__metadata__</c>.</summary>
/// <remarks>Thread safety: safe for concurrent reads; the tensors' data arrays are the caller's to guard if they write them.</remarks>
public sealed class SafeTensorsContent
{
    private readonly NamedTensor[] _tensors;
    private readonly Dictionary<string, NamedTensor> _byName;
    private readonly Dictionary<string, string> _metadata;

    internal SafeTensorsContent(NamedTensor[] tensors, Dictionary<string, string> metadata)
    {
        _tensors = tensors;
        _metadata = metadata;
        _byName = new Dictionary<string, NamedTensor>(tensors.Length, StringComparer.Ordinal);
        foreach (NamedTensor t in tensors) _byName.Add(t.Name, t);
    }

    /// <summary>The tensors in file order (increasing data offset).</summary>
    public IReadOnlyList<NamedTensor> Tensors => _tensors;

    /// <summary>The string pairs of the header's <c>__metadata__</c> object (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Finds a tensor by name (ordinal), or returns null.</summary>
    public NamedTensor? Find(string name) => _byName.TryGetValue(name, out NamedTensor? t) ? t : null;
}
