using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using Google.Protobuf;
using NetGen.Onnx.Proto;

namespace NetGen.Onnx;

/// <summary>
/// Writes a NetGen network as an ONNX model: the network in evaluation semantics (what <c>ForwardNoGrad</c> computes
/// with <c>IsTraining = false</c>), a dynamic batch dimension, the parameters as initializers under their own names
/// (<c>Hidden.weight</c>), one node per operator named after its layer. See the README's "ONNX export" section for what
/// each layer becomes.
/// </summary>
/// <remarks>Thread safety: stateless; exporting one network from several threads at once is safe while nothing trains it.</remarks>
public static class OnnxExporter
{
    /// <summary>The model's bytes.</summary>
    /// <exception cref="NotSupportedException">A layer has no ONNX form (the message names it); nothing is produced.</exception>
    public static byte[] ToBytes(INetwork network, OnnxExportOptions? options = null) => Build(network, options ?? new OnnxExportOptions()).ToByteArray();

    /// <summary>Writes the model to <paramref name="stream"/>.</summary>
    /// <exception cref="NotSupportedException">A layer has no ONNX form (the message names it); nothing is written.</exception>
    public static void Save(INetwork network, Stream stream, OnnxExportOptions? options = null)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        byte[] bytes = ToBytes(network, options);
        stream.Write(bytes, 0, bytes.Length);
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/>, atomically: into a temporary file in the same folder, renamed over
    /// the target once complete, so a failure leaves any previous file as it was.
    /// </summary>
    /// <exception cref="NotSupportedException">A layer has no ONNX form (the message names it); no file is written.</exception>
    public static void Save(INetwork network, string path, OnnxExportOptions? options = null)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        byte[] bytes = ToBytes(network, options);
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    internal static ModelProto Build(INetwork network, OnnxExportOptions options)
    {
        if (network is null) throw new ArgumentNullException(nameof(network));
        options.Validate();
        IReadOnlyList<Layer> layers = network.Layers;
        if (layers.Count == 0) throw new ArgumentException("The network has no layers.", nameof(network));

        var graph = new GraphBuilder(options.Opset);
        graph.Graph.Name = options.GraphName ?? network.GetType().Name;
        graph.Graph.DocString = "Exported by NetGen from " + network.GetType().FullName + " in evaluation mode.";
        string x = graph.Name(options.InputName);
        graph.Name(options.OutputName); // reserved: no layer's tensor takes it
        graph.Graph.Input.Add(GraphBuilder.Value(x, options.BatchDimensionName, layers[0].InputShape));
        var export = new LayerExport(graph, network);
        foreach (Layer layer in layers) x = export.Layer(layer, x);

        // The last tensor takes the output's name; a network that computes nothing gets an Identity node.
        if (x == options.InputName || !Rename(graph.Graph, x, options.OutputName))
        {
            var identity = new NodeProto { OpType = "Identity", Name = graph.Name(layers[^1].Name + "/Identity"), DocString = "NetGen layer " + layers[^1].Name };
            identity.Input.Add(x);
            identity.Output.Add(options.OutputName);
            graph.Graph.Node.Add(identity);
        }
        graph.Graph.Output.Add(GraphBuilder.Value(options.OutputName, options.BatchDimensionName, layers[^1].OutputShape));

        var model = new ModelProto
        {
            IrVersion = options.Opset >= 21 ? 10 : options.Opset >= 19 ? 9 : 8,
            ProducerName = "NetGen",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            DocString = graph.Graph.DocString,
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        return model;
    }

    /// <summary>Renames the output of the node that produces <paramref name="from"/>; false when a node also reads it (then an Identity is added instead).</summary>
    private static bool Rename(GraphProto graph, string from, string to)
    {
        foreach (NodeProto node in graph.Node)
            foreach (string input in node.Input)
                if (input == from) return false;
        for (int n = graph.Node.Count - 1; n >= 0; n--)
        {
            NodeProto node = graph.Node[n];
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == from)
                {
                    node.Output[i] = to;
                    return true;
                }
        }
        return false;
    }
}
