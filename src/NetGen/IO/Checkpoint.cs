using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;

namespace NetGen.IO;

/// <summary>
/// Saves and loads a network's parameters (and optionally optimizer state and extra tensors) as a
/// safetensors file that PyTorch's <c>safetensors.torch.load_file</c> reads as a state dict.
/// </summary>
/// <remarks>
/// <para>Naming: each parameter is stored under its <see cref="ParameterInfo.Name"/> with its
/// <see cref="ParameterInfo.Shape"/> (e.g. <c>Hidden1.weight</c> [out, in], <c>Hidden1.bias</c> [out]),
/// as float32. Optimizer buffers are split per parameter into <c>optimizer.&lt;buffer&gt;.&lt;parameter&gt;</c>
/// (e.g. <c>optimizer.exp_avg.Hidden1.weight</c>) with the parameter's shape, and the step count is the
/// metadata entry <c>optimizer.step</c> (invariant-culture integer). Extra tensors keep their own names.
/// The metadata entry <c>format</c> is <c>pt</c>, as PyTorch tooling expects.</para>
/// <para>Save is atomic: the file is written to <c>path.tmp-&lt;random&gt;</c> in the same directory, flushed
/// to disk, then renamed over the target path; on failure the temporary file is deleted and any
/// previous checkpoint is untouched.</para>
/// <para>Load is all-or-nothing: the whole file is read and validated into temporary arrays and compared
/// with the network first; only when every name and shape matches are values copied.</para>
/// <para>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>Prefix of the optimizer state tensors and metadata.</summary>
    public const string OptimizerPrefix = "optimizer.";

    /// <summary>Metadata key holding the optimizer step count.</summary>
    public const string StepKey = "optimizer.step";

    /// <summary>Metadata key holding the framework tag (<c>pt</c>).</summary>
    public const string FormatKey = "format";

    /// <summary>Test hook: wraps the temporary file's stream (to inject failures mid-save).</summary>
    internal static readonly AsyncLocal<Func<Stream, Stream>?> StreamWrapperForTests = new();

    /// <summary>
    /// Atomically saves a whole network: its parameters and its buffers (batch-norm running statistics,
    /// under their PyTorch names such as <c>Norm.running_mean</c>), optionally with optimizer state.
    /// </summary>
    public static void Save(string path, INetwork network, ICheckpointState? optimizerState = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (network is null) throw new ArgumentNullException(nameof(network));
        Save(path, network.Parameters, optimizerState, BufferTensors(network, copyValues: true), metadata);
    }

    /// <summary>
    /// Loads a whole network saved by <see cref="Save(string, INetwork, ICheckpointState?, IReadOnlyDictionary{string, string}?)"/>:
    /// parameters, buffers and optionally optimizer state, all or nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(string path, INetwork network, ICheckpointState? optimizerState = null)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        if (network is null) throw new ArgumentNullException(nameof(network));
        CheckOptimizerOwner(network.Parameters, optimizerState);
        Plan(network.Parameters, optimizerState, null, new float[network.Parameters.Count]); // argument errors before the file is read
        return LoadNetwork(SafeTensors.ReadFile(path), path, network, null, optimizerState);
    }

    /// <summary>
    /// An optimizer's state belongs to the parameters it was created over: saving (or loading) it next to another
    /// network's parameters, even one of the same shape, would pair one network's weights with another's moments.
    /// </summary>
    private static void CheckOptimizerOwner(ParameterBuffer parameters, ICheckpointState? optimizerState)
    {
        if (optimizerState is Optimizers.Optimizer optimizer && !ReferenceEquals(optimizer.Parameters, parameters))
            throw new ArgumentException(
                $"optimizerState ({optimizer.GetType().Name}) was created over a different ParameterBuffer than the one being saved or loaded; "
                + "pass the optimizer that trains this network (its state would be paired with the wrong weights).", nameof(optimizerState));
    }

    private static IReadOnlyList<NamedTensor> BufferTensors(INetwork network, bool copyValues)
    {
        var tensors = new List<NamedTensor>();
        foreach (ParameterInfo info in network.Buffers.Layout)
        {
            float[] data = copyValues ? network.Buffers.ValuesOf(info).ToArray() : new float[info.Length];
            tensors.Add(new NamedTensor(info.Name, info.Shape, data));
        }
        return tensors;
    }

    /// <summary>
    /// Atomically writes the parameters of <paramref name="parameters"/>, the buffers and step of
    /// <paramref name="optimizerState"/>, <paramref name="extraTensors"/> and <paramref name="metadata"/> to
    /// <paramref name="path"/>. A failure at any point leaves a previous file at <paramref name="path"/> intact.
    /// </summary>
    /// <exception cref="ArgumentException">A name collides, an optimizer buffer has the wrong length, an optimizer was
    /// created over other parameters, or <paramref name="metadata"/> uses a reserved key (<c>format</c>, <c>optimizer.step</c>).</exception>
    public static void Save(
        string path,
        ParameterBuffer parameters,
        ICheckpointState? optimizerState = null,
        IReadOnlyList<NamedTensor>? extraTensors = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        CheckOptimizerOwner(parameters, optimizerState);

        Dictionary<string, string> meta = Metadata(metadata);

        float[] values = parameters.Values.ToArray();
        List<(NamedTensor Tensor, int Slot)> plan = Plan(parameters, optimizerState, extraTensors, values);
        var tensors = new NamedTensor[plan.Count];
        for (int i = 0; i < tensors.Length; i++) tensors[i] = plan[i].Tensor;
        if (optimizerState is not null)
            meta[StepKey] = optimizerState.StepCount.ToString(CultureInfo.InvariantCulture);

        WriteAtomically(path, target => SafeTensors.Write(target, tensors, meta));
    }

    /// <summary>Writes to a temporary file next to <paramref name="path"/>, flushes it to disk and renames it over the target; deletes it on failure.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string full = System.IO.Path.GetFullPath(path);
        string temp = full + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Func<Stream, Stream>? wrap = StreamWrapperForTests.Value;
                Stream target = wrap is null ? file : wrap(file);
                write(target);
                target.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/> and, if every tensor matches, copies the values into
    /// <paramref name="parameters"/>, the buffers and step of <paramref name="optimizerState"/>, and the
    /// <see cref="NamedTensor.Data"/> of each of <paramref name="extraTensors"/>. When
    /// <paramref name="optimizerState"/> is null, optimizer tensors in the file are ignored (weights-only load).
    /// </summary>
    /// <returns>The file's metadata (including <c>format</c> and, when present, <c>optimizer.step</c>).</returns>
    /// <exception cref="InvalidDataException">The file is truncated or corrupt (message names the file and the problem).</exception>
    /// <exception cref="CheckpointMismatchException">Names or shapes differ; lists every mismatch. Nothing is modified.</exception>
    public static IReadOnlyDictionary<string, string> Load(
        string path,
        ParameterBuffer parameters,
        ICheckpointState? optimizerState = null,
        IReadOnlyList<NamedTensor>? extraTensors = null)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        CheckOptimizerOwner(parameters, optimizerState);
        Plan(parameters, optimizerState, extraTensors, new float[parameters.Count]); // argument errors before the file is read
        return Load(SafeTensors.ReadFile(path), path, parameters, optimizerState, extraTensors, null, null);
    }

    /// <summary>
    /// Loads a whole network from <paramref name="path"/> with its tensors renamed by <paramref name="names"/> (a PyTorch
    /// state dict whose modules are named otherwise: <c>fc0.weight</c>, or <c>nn.Sequential</c>'s <c>0.weight</c>), all or
    /// nothing: every mismatch is listed under the file's names and the network is left as it was.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is truncated or corrupt.</exception>
    /// <exception cref="CheckpointMismatchException">Names or shapes differ after renaming; lists every mismatch. Nothing is modified.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path, INetwork network, TensorNameMap names)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        if (names is null) throw new ArgumentNullException(nameof(names));
        return LoadNetwork(SafeTensors.ReadFile(path), path, network, names, null);
    }

    /// <summary>
    /// Loads a whole network (parameters and buffers) from safetensors content in <paramref name="stream"/>, read from its
    /// current position, optionally renaming the tensors by <paramref name="names"/>; all or nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">The content is truncated or corrupt.</exception>
    /// <exception cref="CheckpointMismatchException">Names or shapes differ; lists every mismatch. Nothing is modified.</exception>
    public static IReadOnlyDictionary<string, string> Load(Stream stream, INetwork network, TensorNameMap? names = null)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        return LoadNetwork(SafeTensors.Read(stream, "stream"), "stream", network, names, null);
    }

    /// <summary>Loads a whole network from safetensors bytes in memory (see <see cref="Load(Stream, INetwork, TensorNameMap?)"/>).</summary>
    /// <exception cref="InvalidDataException">The content is truncated or corrupt.</exception>
    /// <exception cref="CheckpointMismatchException">Names or shapes differ; lists every mismatch. Nothing is modified.</exception>
    public static IReadOnlyDictionary<string, string> Load(ReadOnlySpan<byte> content, INetwork network, TensorNameMap? names = null)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return LoadNetwork(SafeTensors.Read(stream, "bytes"), "bytes", network, names, null);
    }

    /// <summary>
    /// Writes a whole network (parameters and buffers) as safetensors to <paramref name="stream"/>, optionally under the
    /// file names <paramref name="names"/> gives (e.g. PyTorch's module names). Not atomic: the stream is the caller's.
    /// </summary>
    /// <exception cref="ArgumentException">Two tensors get one name, or <paramref name="names"/> cannot name tensors for saving.</exception>
    public static void Save(Stream stream, INetwork network, TensorNameMap? names = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        if (network is null) throw new ArgumentNullException(nameof(network));
        SafeTensors.Write(stream, RenamedTensors(network, names), Metadata(metadata));
    }

    /// <summary>
    /// Atomically saves a whole network (parameters and buffers) to <paramref name="path"/> under the file names
    /// <paramref name="names"/> gives, e.g. <c>TensorNameMap.Modules(("fc0", "Hidden"))</c> to write <c>fc0.weight</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Two tensors get one name, or <paramref name="names"/> cannot name tensors for saving.</exception>
    public static void Save(string path, INetwork network, TensorNameMap names, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        if (network is null) throw new ArgumentNullException(nameof(network));
        if (names is null) throw new ArgumentNullException(nameof(names));
        IReadOnlyList<NamedTensor> tensors = RenamedTensors(network, names);
        Dictionary<string, string> meta = Metadata(metadata);
        WriteAtomically(path, target => SafeTensors.Write(target, tensors, meta));
    }

    private static IReadOnlyList<NamedTensor> RenamedTensors(INetwork network, TensorNameMap? names)
    {
        var tensors = new List<NamedTensor>();
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ParameterBuffer buffer in new[] { network.Parameters, network.Buffers })
            foreach (ParameterInfo info in buffer.Layout)
            {
                string name = names is null ? info.Name : names.ToFile(info.Name);
                if (used.TryGetValue(name, out string? other))
                    throw new ArgumentException($"{other} and {info.Name} would both be saved as '{name}'.", nameof(names));
                used[name] = info.Name;
                tensors.Add(new NamedTensor(name, info.Shape, buffer.ValuesOf(info).ToArray()));
            }
        return tensors;
    }

    private static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string>? metadata)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { [FormatKey] = "pt" };
        if (metadata is null) return meta;
        foreach (KeyValuePair<string, string> kv in metadata)
        {
            if (kv.Key == FormatKey || kv.Key == StepKey)
                throw new ArgumentException($"metadata uses the reserved key '{kv.Key}'; Checkpoint writes it itself.", nameof(metadata));
            meta[kv.Key] = kv.Value ?? throw new ArgumentException($"metadata entry '{kv.Key}' is null.", nameof(metadata));
        }
        return meta;
    }

    /// <summary>Parameters, buffers and optionally optimizer state of a whole network from validated content, all or nothing.</summary>
    private static IReadOnlyDictionary<string, string> LoadNetwork(SafeTensorsContent content, string source, INetwork network, TensorNameMap? names,
        ICheckpointState? optimizerState)
    {
        if (network is null) throw new ArgumentNullException(nameof(network));
        IReadOnlyList<NamedTensor> buffers = BufferTensors(network, copyValues: false);
        IReadOnlyDictionary<string, string> metadata = Load(content, source, network.Parameters, optimizerState, buffers, names, network);
        foreach (NamedTensor tensor in buffers)
            tensor.Data.Span.CopyTo(network.Buffers.ValuesOf(network.Buffers.Find(tensor.Name)!));
        return metadata;
    }

    /// <summary>The all-or-nothing load of validated content: the file's tensors, renamed by <paramref name="names"/>, against the plan.</summary>
    private static IReadOnlyDictionary<string, string> Load(SafeTensorsContent content, string source, ParameterBuffer parameters,
        ICheckpointState? optimizerState, IReadOnlyList<NamedTensor>? extraTensors, TensorNameMap? names, INetwork? network)
    {
        // Expected tensors; Slot < 0 marks a parameter (target: the network), otherwise the tensor's own Data.
        List<(NamedTensor Tensor, int Slot)> plan = Plan(parameters, optimizerState, extraTensors, new float[parameters.Count]);

        var mismatches = new List<string>();
        var fileNames = new List<string>(content.Tensors.Count);
        foreach (NamedTensor t in content.Tensors) fileNames.Add(t.Name);
        string[] mapped = names is null ? fileNames.ToArray() : names.ToNetwork(fileNames, network, mismatches);
        var byNetworkName = new Dictionary<string, (NamedTensor Tensor, string FileName)>(StringComparer.Ordinal);
        for (int i = 0; i < mapped.Length; i++)
        {
            if (byNetworkName.TryGetValue(mapped[i], out var first))
                mismatches.Add($"{first.FileName} and {fileNames[i]} both map to {mapped[i]}");
            else
                byNetworkName[mapped[i]] = (content.Tensors[i], fileNames[i]);
        }
        string Named(string fileName, string networkName) => fileName == networkName ? fileName : fileName + " (as " + networkName + ")";

        var expectedNames = new HashSet<string>(StringComparer.Ordinal);
        var sources = new NamedTensor?[plan.Count];
        for (int i = 0; i < plan.Count; i++)
        {
            NamedTensor want = plan[i].Tensor;
            expectedNames.Add(want.Name);
            if (!byNetworkName.TryGetValue(want.Name, out var have))
                mismatches.Add($"missing {want.Name} {want.ShapeText}");
            else if (!NamedTensor.SameShape(have.Tensor.Shape, want.Shape))
                mismatches.Add($"{Named(have.FileName, want.Name)}: file {have.Tensor.ShapeText}, network {want.ShapeText}");
            else
                sources[i] = have.Tensor;
        }
        for (int i = 0; i < mapped.Length; i++)
        {
            if (expectedNames.Contains(mapped[i])) continue;
            if (optimizerState is null && mapped[i].StartsWith(OptimizerPrefix, StringComparison.Ordinal)) continue;
            mismatches.Add($"unexpected {Named(fileNames[i], mapped[i])} {content.Tensors[i].ShapeText}");
        }
        long step = 0;
        if (optimizerState is not null)
        {
            if (!content.Metadata.TryGetValue(StepKey, out string? stepText))
                mismatches.Add($"missing metadata {StepKey}");
            else if (!long.TryParse(stepText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out step))
                mismatches.Add($"metadata {StepKey} = '{stepText}' is not an integer");
        }
        if (mismatches.Count > 0) throw new CheckpointMismatchException(source, mismatches);

        // Everything matches: copy. Nothing below can fail.
        for (int i = 0; i < plan.Count; i++)
        {
            ReadOnlySpan<float> from = sources[i]!.Data.Span;
            (NamedTensor want, int slot) = plan[i];
            if (slot < 0) from.CopyTo(parameters.ValuesOf(parameters.Layout[~slot]));
            else from.CopyTo(want.Data.Span);
        }
        if (optimizerState is not null) optimizerState.StepCount = step;
        return content.Metadata;
    }

    /// <summary>
    /// Lists every tensor of a checkpoint in file order: parameters (viewing <paramref name="parameterValues"/>,
    /// Slot = ~layout index), optimizer buffers split per parameter, then extras. Checks names and lengths.
    /// </summary>
    private static List<(NamedTensor Tensor, int Slot)> Plan(
        ParameterBuffer parameters, ICheckpointState? state, IReadOnlyList<NamedTensor>? extras, float[] parameterValues)
    {
        var plan = new List<(NamedTensor, int)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<ParameterInfo> layout = parameters.Layout;
        for (int p = 0; p < layout.Count; p++)
        {
            ParameterInfo info = layout[p];
            if (!names.Add(info.Name))
                throw new ArgumentException($"The network has two parameters named '{info.Name}'.", nameof(parameters));
            plan.Add((new NamedTensor(info.Name, info.Shape, parameterValues.AsMemory(info.Offset, info.Length)), ~p));
        }
        if (state is not null)
        {
            IReadOnlyList<(string Name, float[] Values)> buffers = state.CheckpointBuffers
                ?? throw new ArgumentException("optimizerState.CheckpointBuffers is null.", "optimizerState");
            var bufferNames = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string name, float[] values) in buffers)
            {
                if (string.IsNullOrEmpty(name) || !bufferNames.Add(name))
                    throw new ArgumentException($"optimizerState has an empty or repeated buffer name '{name}'.", "optimizerState");
                if (values is null || values.Length != parameters.Count)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"optimizerState buffer '{name}' has {values?.Length ?? 0} values; it must have one per parameter ({parameters.Count})."), "optimizerState");
                for (int p = 0; p < layout.Count; p++)
                {
                    ParameterInfo info = layout[p];
                    string tensorName = OptimizerPrefix + name + "." + info.Name;
                    if (!names.Add(tensorName))
                        throw new ArgumentException($"Tensor name '{tensorName}' is used twice.", "optimizerState");
                    plan.Add((new NamedTensor(tensorName, info.Shape, values.AsMemory(info.Offset, info.Length)), plan.Count));
                }
            }
        }
        if (extras is not null)
        {
            for (int i = 0; i < extras.Count; i++)
            {
                NamedTensor t = extras[i] ?? throw new ArgumentException($"extraTensors[{i}] is null.", "extraTensors");
                if (!names.Add(t.Name))
                    throw new ArgumentException($"extraTensors[{i}] is named '{t.Name}', a name already used by a parameter, optimizer buffer or another extra tensor.", "extraTensors");
                plan.Add((t, plan.Count));
            }
        }
        return plan;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
