using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>
/// One-sample inference of a network made only of small dense layers (each without activation or with ReLU, tanh or
/// sigmoid) in one
/// runtime call, <c>global::NetGen.Kernels.DenseChain</c>: the same kernels as the per-layer calls, bit for bit, without
/// their per-call checks, pinning and routing (16 -> 64 -> 64 -> 8: 137 -> 127 ns per sample, `--kernels gemv`).
/// </summary>
internal static class DenseChain
{
    /// <summary>The generated static field holding the chain.</summary>
    public const string Field = "s_oneSampleChain";

    /// <summary>
    /// Weights per layer up to which a layer joins a chain: 64 KB, a layer that one core runs from its L1/L2 in tens of
    /// nanoseconds, where a call's overhead counts; the runtime splits one sample's layers over threads only from 64 K
    /// weights, so a chain runs on one thread exactly as the per-layer calls do.
    /// </summary>
    public const int MaxLayerWeights = 16 * 1024;

    /// <summary>The runtime's widest output between two layers of a chain (DenseChain.MaxWidth).</summary>
    public const int MaxWidth = 1024;

    /// <summary>
    /// Whether the network runs one sample through a chain: at least two layers, every one a dense layer without
    /// activation or with ReLU, tanh or sigmoid, each with at most <see cref="MaxLayerWeights"/> weights.
    /// </summary>
    public static bool Qualifies(NetworkPlan plan)
    {
        if (plan.Layers.Count < 2) return false;
        for (int i = 0; i < plan.Layers.Count; i++)
        {
            LayerPlan layer = plan.Layers[i];
            if (layer.IsNoOp || layer.Spec is not DenseSpec spec || Code(spec.Fused.Kind) < 0) return false;
            int k = layer.Input.Features, n = layer.Output.Features;
            if ((long)k * n > MaxLayerWeights || (i < plan.Layers.Count - 1 && n > MaxWidth) || layer.Tensor("weight") is null) return false;
        }
        return true;
    }

    /// <summary>
    /// The static field holding the chain of a network that <see cref="Qualifies"/>: the inputs, then one line per layer
    /// (outputs, weight offset, bias offset or -1, activation) with the layer's name.
    /// </summary>
    public static void EmitField(SourceWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>One-sample inference through every layer in one call (ForwardNoGrad, inference contexts).</summary>");
        w.Line("private static readonly " + Kernels + "DenseChain " + Field + " = new " + Kernels + "DenseChain(" + Int(plan.Input.Features) + ", // inputs");
        using (w.Indent())
        {
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                LayerPlan layer = plan.Layers[i];
                int activation = Code(((DenseSpec)layer.Spec).Fused.Kind);
                string bias = layer.Tensor("bias") is { } b ? Int(b.Offset) : "-1";
                bool last = i == plan.Layers.Count - 1;
                w.Line(Int(layer.Output.Features) + ", " + Int(layer.Tensor("weight")!.Offset) + ", " + bias + ", " + Int(activation)
                    + (last ? ");" : ",") + " // " + layer.Name + (i == 0 ? "; per layer: outputs, weight offset, bias offset (-1: none), activation (0 none, 1 ReLU, 2 tanh, 3 sigmoid)" : ""));
            }
        }
    }

    /// <summary>The runtime's code of an activation in a chain (0 none, 1 ReLU, 2 tanh, 3 sigmoid), or -1 for one it does not run.</summary>
    private static int Code(ActivationKind kind) => kind switch
    {
        ActivationKind.Identity => 0,
        ActivationKind.ReLU => 1,
        ActivationKind.Tanh => 2,
        ActivationKind.Sigmoid => 3,
        _ => -1,
    };
}
