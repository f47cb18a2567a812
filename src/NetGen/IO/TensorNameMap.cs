using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetGen.IO;

/// <summary>
/// Renames a checkpoint's tensors to the network's names while <see cref="Checkpoint"/> loads it (and back when it
/// saves), for state dicts whose modules are named otherwise than the network's layers: PyTorch's <c>fc0.weight</c>
/// for a layer <c>Hidden</c>, or an <c>nn.Sequential</c>'s <c>0.weight</c>, <c>2.weight</c> by position. Names the map
/// does not cover are kept; the load stays all or nothing and lists every mismatch under the file's names.
/// </summary>
/// <remarks>Thread safety: immutable once created; safe to share.</remarks>
public sealed class TensorNameMap
{
    private readonly (string File, string Network)[] _prefixes;
    private readonly Func<string, string>? _toNetwork;
    private readonly Func<string, string>? _toFile;
    private readonly bool _sequential;

    private TensorNameMap((string, string)[] prefixes, Func<string, string>? toNetwork, Func<string, string>? toFile, bool sequential)
    {
        _prefixes = prefixes;
        _toNetwork = toNetwork;
        _toFile = toFile;
        _sequential = sequential;
    }

    /// <summary>
    /// Module renames: each pair maps a module (a name prefix) in the file to a layer of the network, so
    /// <c>("fc0", "Hidden")</c> reads <c>fc0.weight</c> into <c>Hidden.weight</c> (and <c>features.0</c> covers
    /// <c>features.0.weight</c>). Saving writes the file's names.
    /// </summary>
    /// <exception cref="ArgumentException">An empty name, or one name in two pairs on the same side.</exception>
    public static TensorNameMap Modules(params (string File, string Network)[] pairs)
    {
        if (pairs is null) throw new ArgumentNullException(nameof(pairs));
        for (int i = 0; i < pairs.Length; i++)
        {
            if (string.IsNullOrEmpty(pairs[i].File) || string.IsNullOrEmpty(pairs[i].Network))
                throw new ArgumentException($"pairs[{i}] has an empty name.", nameof(pairs));
            for (int j = 0; j < i; j++)
                if (pairs[j].File == pairs[i].File || pairs[j].Network == pairs[i].Network)
                    throw new ArgumentException($"pairs[{j}] ({pairs[j].File} -> {pairs[j].Network}) and pairs[{i}] ({pairs[i].File} -> {pairs[i].Network}) share a name.", nameof(pairs));
        }
        return new TensorNameMap(((string, string)[])pairs.Clone(), null, null, false);
    }

    /// <summary>
    /// Any renaming: <paramref name="toNetwork"/> gives the network's name of each tensor name in the file, and
    /// <paramref name="toFile"/>, when saving, the file's name of each of the network's (null: saving with this map throws).
    /// </summary>
    public static TensorNameMap Functions(Func<string, string> toNetwork, Func<string, string>? toFile = null) =>
        new(Array.Empty<(string, string)>(), toNetwork ?? throw new ArgumentNullException(nameof(toNetwork)), toFile, false);

    /// <summary>
    /// An <c>nn.Sequential</c>'s state dict: the file's modules named by position (the distinct numeric first parts, as
    /// <c>0</c>, <c>2</c>, <c>4</c>, in numeric order; activations have none) are the network's layers that have tensors,
    /// in order. Only for loading: to save under PyTorch's positions, use <see cref="Modules"/> with them.
    /// </summary>
    public static TensorNameMap SequentialByPosition { get; } = new(Array.Empty<(string, string)>(), null, null, true);

    /// <summary>The network's name for each of <paramref name="fileNames"/> (a problem per name that cannot be mapped).</summary>
    internal string[] ToNetwork(IReadOnlyList<string> fileNames, INetwork? network, List<string> problems)
    {
        var result = new string[fileNames.Count];
        if (_sequential)
        {
            if (network is null) throw new ArgumentException("SequentialByPosition needs the network: load with Load(…, INetwork network, …).");
            string[] layers = LayersWithTensors(network);
            var positions = new SortedSet<long>();
            foreach (string name in fileNames)
                if (Position(name) is long p) positions.Add(p);
            if (positions.Count != layers.Length)
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the file has {positions.Count} numbered modules ({string.Join(", ", positions)}) but the network has {layers.Length} layers with tensors ({string.Join(", ", layers)})"));
            var byPosition = new Dictionary<long, string>();
            int k = 0;
            foreach (long p in positions) { if (k < layers.Length) byPosition[p] = layers[k]; k++; }
            for (int i = 0; i < fileNames.Count; i++)
            {
                string name = fileNames[i];
                result[i] = Position(name) is long p && byPosition.TryGetValue(p, out string? layer)
                    ? layer + name.Substring(name.IndexOf('.'))
                    : name;
            }
            return result;
        }
        for (int i = 0; i < fileNames.Count; i++)
            result[i] = _toNetwork is not null ? _toNetwork(fileNames[i]) ?? fileNames[i] : Rename(fileNames[i], toNetwork: true);
        return result;
    }

    /// <summary>The file's name of the network's tensor <paramref name="networkName"/>, for saving.</summary>
    internal string ToFile(string networkName)
    {
        if (_sequential)
            throw new ArgumentException("SequentialByPosition only loads: PyTorch's positions skip the layers without tensors, which the network cannot know; "
                + "save with TensorNameMap.Modules((\"0\", \"Hidden\"), (\"2\", \"Output\"), …).", "names");
        if (_toNetwork is not null)
            return _toFile is not null ? _toFile(networkName) ?? networkName
                : throw new ArgumentException("This map was made by TensorNameMap.Functions without toFile, so it cannot name tensors for saving.", "names");
        return Rename(networkName, toNetwork: false);
    }

    private string Rename(string name, bool toNetwork)
    {
        foreach ((string file, string network) in _prefixes)
        {
            string from = toNetwork ? file : network, to = toNetwork ? network : file;
            if (name.Length > from.Length && name[from.Length] == '.' && name.StartsWith(from, StringComparison.Ordinal))
                return to + name.Substring(from.Length);
        }
        return name;
    }

    /// <summary>The numeric first part of <c>3.weight</c>, or null.</summary>
    private static long? Position(string name)
    {
        int dot = name.IndexOf('.');
        if (dot <= 0) return null;
        for (int i = 0; i < dot; i++)
            if (name[i] < '0' || name[i] > '9') return null;
        return long.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out long p) ? p : null;
    }

    private static string[] LayersWithTensors(INetwork network)
    {
        var prefixes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParameterInfo info in network.Parameters.Layout.Concat(network.Buffers.Layout).OrderBy(Order(network)))
        {
            int dot = info.Name.LastIndexOf('.');
            string prefix = dot > 0 ? info.Name.Substring(0, dot) : info.Name;
            if (seen.Add(prefix)) prefixes.Add(prefix);
        }
        return prefixes.ToArray();
    }

    /// <summary>Orders tensors by their layer's position in the network (parameters and buffers are separate arrays).</summary>
    private static Func<ParameterInfo, int> Order(INetwork network)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < network.Layers.Count; i++) index[network.Layers[i].Name] = i;
        return info =>
        {
            int dot = info.Name.LastIndexOf('.');
            return dot > 0 && index.TryGetValue(info.Name.Substring(0, dot), out int i) ? i : int.MaxValue;
        };
    }
}
