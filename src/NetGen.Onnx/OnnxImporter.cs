using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NetGen.Onnx.Proto;

namespace NetGen.Onnx;

/// <summary>
/// Loads the weights of an ONNX model (e.g. exported by <c>torch.onnx.export</c>) into a network declared in C# with the
/// same architecture. The network stays as declared: the model's operator sequence, the attributes that change what an
/// operator computes, and every initializer's shape are compared with what <see cref="OnnxExporter"/> would write for
/// the network, and every mismatch is listed before anything is loaded.
/// </summary>
/// <remarks>
/// Operators the comparison skips on both sides: Identity and Dropout. Initializers are matched by position (the
/// weight input of the n-th Gemm is the n-th dense layer's weight), so their names in the model do not matter. Batch
/// norm's <c>num_batches_tracked</c> is not in ONNX and stays as it was. Thread safety: stateless; do not use the
/// network from other threads while its weights are loaded.
/// </remarks>
public static class OnnxImporter
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "Identity", "Dropout" };

    /// <summary>Loads the weights of the ONNX model at <paramref name="path"/> into <paramref name="network"/>, all or nothing.</summary>
    /// <exception cref="InvalidDataException">The file is not an ONNX model.</exception>
    /// <exception cref="OnnxWeightsMismatchException">The graph or an initializer does not match; lists every mismatch. Nothing is loaded.</exception>
    public static void LoadWeights(string path, INetwork network)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        LoadWeights(File.ReadAllBytes(path), network, path);
    }

    /// <summary>Loads the weights of the ONNX model read from <paramref name="stream"/> (see <see cref="LoadWeights(string, INetwork)"/>).</summary>
    public static void LoadWeights(Stream stream, INetwork network)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        LoadWeights(copy.ToArray(), network, "stream");
    }

    /// <summary>Loads the weights of the ONNX model in <paramref name="model"/> (see <see cref="LoadWeights(string, INetwork)"/>).</summary>
    public static void LoadWeights(ReadOnlySpan<byte> model, INetwork network) => LoadWeights(model.ToArray(), network, "bytes");

    private static void LoadWeights(byte[] bytes, INetwork network, string source)
    {
        if (network is null) throw new ArgumentNullException(nameof(network));
        ModelProto file;
        try
        {
            file = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{source}' is not an ONNX model: {e.Message}", e);
        }
        if (file.Graph is null) throw new InvalidDataException($"'{source}' is not an ONNX model: it has no graph.");

        ModelProto ours = OnnxExporter.Build(network, new OnnxExportOptions());
        var problems = new List<string>();
        var copies = new List<(string Target, float[] Values)>();
        List<NodeProto> want = ours.Graph.Node.Where(n => !Skipped.Contains(n.OpType)).ToList();
        List<NodeProto> have = file.Graph.Node.Where(n => !Skipped.Contains(n.OpType)).ToList();
        if (want.Count != have.Count)
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"the model has {have.Count} operators ({Ops(have)}), the network {want.Count} ({Ops(want)})"));
        var fileInitializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto t in file.Graph.Initializer) fileInitializers[t.Name] = t;
        var ourInitializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto t in ours.Graph.Initializer) ourInitializers[t.Name] = t;

        for (int n = 0; n < Math.Min(want.Count, have.Count); n++)
        {
            NodeProto w = want[n], h = have[n];
            string layer = w.DocString.StartsWith("NetGen layer ", StringComparison.Ordinal) ? w.DocString.Substring("NetGen layer ".Length) : w.Name;
            string where = string.Create(CultureInfo.InvariantCulture, $"operator {n} ({h.OpType} '{h.Name}', layer '{layer}')");
            if (w.OpType != h.OpType)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"operator {n}: the model has {h.OpType} '{h.Name}', the network {w.OpType} (layer '{layer}')"));
                continue;
            }
            CompareAttributes(w, h, where, problems);
            for (int i = 0; i < w.Input.Count; i++)
            {
                if (!ourInitializers.TryGetValue(w.Input[i], out TensorProto? ourTensor)) continue;
                Span<float> target = Target(network, ourTensor.Name);
                if (i >= h.Input.Count || !fileInitializers.TryGetValue(h.Input[i], out TensorProto? theirs))
                {
                    if (!target.IsEmpty) problems.Add($"{where}: input {i} ({ourTensor.Name}) is not an initializer in the model");
                    continue;
                }
                if (!theirs.Dims.SequenceEqual(ourTensor.Dims))
                {
                    problems.Add($"{where}: {theirs.Name} is [{string.Join(", ", theirs.Dims)}], the network's {ourTensor.Name} [{string.Join(", ", ourTensor.Dims)}]");
                    continue;
                }
                float[]? values = Floats(theirs, where, problems);
                if (values is null) continue;
                if (target.IsEmpty)
                {
                    // A constant of the export (ones and zeros of a batch norm without affine, GELU's √2): must be equal.
                    float[] expected = Floats(ourTensor, where, problems)!;
                    if (!values.SequenceEqual(expected)) problems.Add($"{where}: {theirs.Name} differs from the constant the network implies ({ourTensor.Name})");
                    continue;
                }
                copies.Add((ourTensor.Name, values));
            }
        }
        if (problems.Count > 0) throw new OnnxWeightsMismatchException(source, problems);
        foreach ((string target, float[] values) in copies) values.CopyTo(Target(network, target));
    }

    private static string Ops(List<NodeProto> nodes) => string.Join(" ", nodes.Select(n => n.OpType));

    /// <summary>The network's values of parameter or buffer <paramref name="name"/>, or empty for an export constant.</summary>
    private static Span<float> Target(INetwork network, string name)
    {
        if (network.Parameters.Find(name) is { } p) return network.Parameters.ValuesOf(p);
        if (network.Buffers.Find(name) is { } b) return network.Buffers.ValuesOf(b);
        return Span<float>.Empty;
    }

    private static float[]? Floats(TensorProto tensor, string where, List<string> problems)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: {tensor.Name} has data type {tensor.DataType}; only float32 (1) loads"));
            return null;
        }
        long count = 1;
        foreach (long d in tensor.Dims) count *= d;
        if (tensor.RawData.Length > 0)
        {
            if (tensor.RawData.Length != count * sizeof(float))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: {tensor.Name} holds {tensor.RawData.Length} bytes for {count} floats"));
                return null;
            }
            var values = new float[count];
            tensor.RawData.Span.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < values.Length; i++) values[i] = BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(values[i])));
            return values;
        }
        if (tensor.FloatData.Count != count)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: {tensor.Name} has {tensor.FloatData.Count} values for its {count} elements (external data is not read)"));
            return null;
        }
        return tensor.FloatData.ToArray();
    }

    /// <summary>
    /// Attributes that change what an operator computes: each of the network's must be in the model with the same value,
    /// or absent there when the network's value is ONNX's default.
    /// </summary>
    private static void CompareAttributes(NodeProto want, NodeProto have, string where, List<string> problems)
    {
        foreach (AttributeProto a in want.Attribute)
        {
            AttributeProto? b = have.Attribute.FirstOrDefault(x => x.Name == a.Name);
            if (b is null)
            {
                if (!IsDefault(want.OpType, a)) problems.Add($"{where}: the model leaves {a.Name} at its default, the network has {Text(a)}");
                continue;
            }
            if (Text(a) != Text(b)) problems.Add($"{where}: {a.Name} is {Text(b)} in the model, {Text(a)} in the network");
        }
        foreach (AttributeProto b in have.Attribute)
            if (!want.Attribute.Any(x => x.Name == b.Name) && !IsDefault(have.OpType, b))
                problems.Add($"{where}: the model sets {b.Name} = {Text(b)}, which the network does not have");
    }

    private static bool IsDefault(string op, AttributeProto a) => a.Name switch
    {
        "strides" or "dilations" => a.Ints.All(v => v == 1),
        "pads" => a.Ints.All(v => v == 0),
        "group" => a.I == 1,
        "ceil_mode" or "count_include_pad" or "transA" or "transB" when a.I == 0 => true,
        "alpha" or "beta" when op == "Gemm" => a.F == 1f,
        "kernel_shape" => op == "Conv", // inferred from the weight
        "epsilon" => a.F == 1e-5f,
        "axis" => op is "Flatten" or "Softmax" or "LogSoftmax" ? a.I == 1 || (op != "Flatten" && a.I == -1) : op == "LayerNormalization" && a.I == -1,
        "momentum" or "training_mode" => op == "BatchNormalization", // no effect in evaluation
        "auto_pad" => a.S.ToStringUtf8() is "NOTSET" or "",
        "approximate" => a.S.ToStringUtf8() == "none",
        _ => false,
    };

    private static string Text(AttributeProto a) => a.Type switch
    {
        AttributeProto.Types.AttributeType.Int => a.I.ToString(CultureInfo.InvariantCulture),
        AttributeProto.Types.AttributeType.Float => a.F.ToString("R", CultureInfo.InvariantCulture),
        AttributeProto.Types.AttributeType.Ints => "[" + string.Join(", ", a.Ints.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]",
        AttributeProto.Types.AttributeType.String => "\"" + a.S.ToStringUtf8() + "\"",
        _ => a.Type.ToString(),
    };
}
