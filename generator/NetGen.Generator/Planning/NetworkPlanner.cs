using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Emission;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// Settles, once, where every tensor of a network lives: offsets in the flat parameter buffer, in the buffer of
/// non-trainable state, in the statistics array, and per-sample offsets in the workspace (the cached input, then each
/// layer's regions in order, then two gradient ping-pong regions as wide as the widest tensor). Workspace offsets are
/// multiplied by the maximum batch at run time. Also names each layer's locals in the generated passes.
/// Arithmetic is in longs: <see cref="Plan"/> returns the first total that does not fit a .NET array instead of
/// wrapping around.
/// </summary>
internal static class NetworkPlanner
{
    /// <summary>Largest element count of a .NET array (Array.MaxLength).</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    /// <summary>A total too large for one array: its value and what it counts.</summary>
    public sealed record Overflow(long Count, string What);

    /// <summary>The plan of a validated declaration, or the total that does not fit in an array.</summary>
    public static NetworkPlan? Plan(NetworkDeclaration network, out Overflow? overflow)
    {
        overflow = null;
        int count = network.Layers.Count;
        var shapes = new SampleShape[count + 1];
        shapes[0] = network.Input;
        for (int i = 0; i < count; i++)
            shapes[i + 1] = network.Layers[i].Spec.Kind.OutputShape(network.Layers[i].Spec, shapes[i]);

        long parameters = 0, buffers = 0, statistics = 0, parameterIndex = 0, bufferIndex = 0;
        long workspace = PadToLine(network.Input.Size); // the cached copy of the input comes first
        long widest = network.Input.Size;
        var layouts = new (List<(string, TensorStore, long Offset, long Length, long[] Shape, string Role, long Index)> Tensors,
            List<(string, long Offset, long PerSample)> Regions, bool NoOp)[count];
        for (int i = 0; i < count; i++)
        {
            LayerSpec spec = network.Layers[i].Spec;
            var allocator = new LayerAllocator(shapes[i], shapes[i + 1]);
            spec.Kind.Plan(spec, allocator);
            var tensors = new List<(string, TensorStore, long, long, long[], string, long)>();
            foreach (var (suffix, store, length, shape, role) in allocator.Tensors)
            {
                switch (store)
                {
                    case TensorStore.Parameter:
                        tensors.Add((suffix, store, parameters, length, shape, role, parameterIndex++));
                        parameters += length;
                        break;
                    case TensorStore.Buffer:
                        tensors.Add((suffix, store, buffers, length, shape, role, bufferIndex++));
                        buffers += length;
                        break;
                    default:
                        tensors.Add((suffix, store, statistics, length, shape, role, -1));
                        statistics += length;
                        break;
                }
            }
            var regions = new List<(string, long, long)>();
            foreach (var (role, perSample) in allocator.Regions)
            {
                regions.Add((role, workspace, perSample));
                workspace = PadToLine(workspace + perSample);
            }
            widest = Math.Max(widest, shapes[i + 1].Size);
            layouts[i] = (tensors, regions, allocator.IsNoOp);
        }
        long gradientA = workspace;
        long gradientB = gradientA + PadToLine(widest);
        long perSampleTotal = gradientB + PadToLine(widest);

        if (parameters > MaxArrayLength) overflow = new Overflow(parameters, "parameters");
        else if (buffers > MaxArrayLength) overflow = new Overflow(buffers, "buffer values");
        else if (perSampleTotal * Math.Max(1, network.MaxBatchSize) > MaxArrayLength)
            overflow = new Overflow(perSampleTotal * network.MaxBatchSize,
                "workspace floats for MaxBatchSize = " + network.MaxBatchSize.ToString(CultureInfo.InvariantCulture));
        if (overflow is not null) return null;

        string[] locals = LocalNames(network);
        var layers = new LayerPlan[count];
        for (int i = 0; i < count; i++)
        {
            var tensors = new List<TensorSlot>();
            foreach (var (suffix, store, offset, length, shape, role, index) in layouts[i].Tensors)
                tensors.Add(new TensorSlot(suffix, store, (int)offset, (int)length, Ints(shape), role, (int)index));
            var regions = new List<WorkspaceSlot>();
            foreach (var (role, offset, perSample) in layouts[i].Regions)
                regions.Add(new WorkspaceSlot(role, (int)offset, (int)perSample));
            string inputLocal = i == 0 ? "x0" : layers[i - 1].OutputLocal;
            layers[i] = new LayerPlan(network.Layers[i].Spec, i, shapes[i], shapes[i + 1],
                new EquatableArray<TensorSlot>(tensors.ToArray()), new EquatableArray<WorkspaceSlot>(regions.ToArray()),
                locals[i], inputLocal, layouts[i].NoOp);
        }
        return new NetworkPlan(network.Namespace, network.ClassName, network.HintName, network.ContainingTypes,
            network.Input, shapes[count], network.Seed, network.MaxBatchSize, new EquatableArray<LayerPlan>(layers),
            (int)parameters, (int)buffers, (int)statistics, (int)gradientA, (int)gradientB, (int)perSampleTotal);
    }

    /// <summary>
    /// Rounds a per-sample workspace offset up to 16 floats (64 bytes): with the workspace's 64-byte aligned start,
    /// every slice (its offset times the batch size) then starts on a cache line, where vector loads do not straddle two.
    /// </summary>
    private static long PadToLine(long floats) => (floats + 15) & ~15L;

    private static EquatableArray<int> Ints(long[] values)
    {
        var ints = new int[values.Length];
        for (int i = 0; i < values.Length; i++) ints[i] = (int)values[i];
        return new EquatableArray<int>(ints);
    }

    /// <summary>
    /// The base name of each layer's locals: the layer's name in camel case (<c>Hidden1</c> → <c>hidden1</c>, then
    /// <c>hidden1Linear</c>, <c>hidden1Weight</c>, ...). A base whose names could meet the fixed locals of the passes
    /// or another layer's names gets a suffix with the layer's position, until none do.
    /// </summary>
    private static string[] LocalNames(NetworkDeclaration network)
    {
        var used = new HashSet<string>(FixedLocals, StringComparer.Ordinal);
        foreach (string member in GeneratedMembers.Names) used.Add(member);
        var names = new string[network.Layers.Count];
        for (int i = 0; i < names.Length; i++)
        {
            string name = network.Layers[i].Spec.Name;
            string candidate = char.IsUpper(name[0]) ? char.ToLowerInvariant(name[0]) + name.Substring(1) : name;
            string baseName = candidate;
            for (int attempt = 1; Claimed(baseName).Exists(used.Contains); attempt++)
                baseName = candidate + "_" + (i + 1).ToString(CultureInfo.InvariantCulture) + (attempt > 1 ? "_" + attempt.ToString(CultureInfo.InvariantCulture) : "");
            foreach (string claimed in Claimed(baseName)) used.Add(claimed);
            names[i] = baseName;
        }
        return names;
    }

    /// <summary>Every local a layer with base name <paramref name="baseName"/> may declare (see <see cref="LocalSuffixes"/>).</summary>
    private static List<string> Claimed(string baseName)
    {
        var all = new List<string>();
        foreach (string suffix in LocalSuffixes)
        {
            all.Add(baseName + suffix);
            all.Add("d" + char.ToUpperInvariant(baseName[0]) + baseName.Substring(1) + suffix);
        }
        return all;
    }

    /// <summary>Suffixes the emitter appends to a layer's base name (and to its gradient's <c>d</c>-name).</summary>
    public static readonly string[] LocalSuffixes =
    {
        "", "Linear", "Weight", "Bias", "WeightGrad", "BiasGrad", "RunningMean", "RunningVar", "SavedMean", "SavedInvStd",
        "Mask", "Noise", "RowMean", "RowInvStd",
    };

    /// <summary>The locals the generated passes declare besides the layers' own.</summary>
    private static readonly string[] FixedLocals =
    {
        "input", "output", "batchSize", "training", "ws", "mb", "parameters", "buffers", "stats", "gradients", "x0", "gA", "gB",
        "inputGradient", "outputGradient", "random", "values", "seed", "maxBatchSize", "workspace", "statistics",
    };
}
