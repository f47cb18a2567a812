using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NetGen.Onnx.Proto;

namespace NetGen.Onnx;

/// <summary>Collects a graph's nodes and initializers, naming intermediate tensors after the layers that make them.</summary>
internal sealed class GraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public GraphBuilder(int opset) => Opset = opset;

    public int Opset { get; }

    public GraphProto Graph { get; } = new();

    /// <summary>Reserves <paramref name="name"/> for a tensor, or a variant of it (<c>name_2</c>) when taken.</summary>
    public string Name(string name)
    {
        string candidate = name;
        for (int i = 2; !_names.Add(candidate); i++) candidate = name + "_" + i;
        return candidate;
    }

    /// <summary>Adds a node of <paramref name="op"/> with one output named <paramref name="output"/> (reserved here) and returns that name.</summary>
    public string Node(string op, string layer, string output, params string[] inputs) => Node(op, layer, output, inputs, Array.Empty<AttributeProto>());

    public string Node(string op, string layer, string output, string[] inputs, params AttributeProto[] attributes)
    {
        string name = Name(output);
        var node = new NodeProto { OpType = op, Name = Name(layer + "/" + op), DocString = "NetGen layer " + layer };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return name;
    }

    /// <summary>A float initializer named exactly <paramref name="name"/> (a parameter's name), little-endian raw data.</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"The tensor name '{name}' is used twice.");
        return AddInitializer(name, values, dims);
    }

    private string AddInitializer(string name, ReadOnlySpan<float> values, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        byte[] bytes = new byte[values.Length * sizeof(float)];
        MemoryMarshal.AsBytes(values).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian) ReverseEachFloat(bytes);
        tensor.RawData = ByteString.CopyFrom(bytes);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A constant scalar (or filled vector) initializer, named after its layer.</summary>
    public string Constant(string layer, string what, float value, params long[] dims)
    {
        long count = 1;
        foreach (long d in dims) count *= d;
        var values = new float[count];
        Array.Fill(values, value);
        return AddInitializer(Name(layer + "/" + what), values, dims);
    }

    public static AttributeProto Attribute(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float tensor value info with a symbolic first (batch) dimension.</summary>
    public static ValueInfoProto Value(string name, string batch, IReadOnlyList<int> sample)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        foreach (int d in sample) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static void ReverseEachFloat(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
    }
}
