using NetGen.Generator.Model;

namespace NetGen.Generator.Validation;

/// <summary>Computes each layer's input and output size from the network's inputs.</summary>
internal static class ShapeInference
{
    /// <summary>Input size of each layer, followed by the network's output size (length = layers + 1).</summary>
    public static int[] Sizes(NetworkModel network)
    {
        var sizes = new int[network.Layers.Count + 1];
        sizes[0] = network.Inputs;
        for (int i = 0; i < network.Layers.Count; i++)
            sizes[i + 1] = OutputSize(network.Layers[i], sizes[i]);
        return sizes;
    }

    public static int OutputSize(LayerModel layer, int inputSize) =>
        layer.Kind == LayerKind.Dense ? layer.Units : inputSize;

    public static int ParameterCount(LayerModel layer, int inputSize) => layer.Kind switch
    {
        LayerKind.Dense => layer.Units * inputSize + (layer.HasBias ? layer.Units : 0),
        LayerKind.BatchNorm or LayerKind.LayerNorm => layer.Options!.Affine ? 2 * inputSize : 0,
        LayerKind.PReLU => layer.Options!.NumParameters,
        _ => 0,
    };
}
