using System;
using System.Collections.Generic;
using NetGen.Generator.Model;
using NetGen.Generator.Validation;

namespace NetGen.Generator.Emission;

/// <summary>
/// Where every tensor of a network lives: parameter offsets in the flat buffer and per-sample
/// offsets in the workspace (activations cached for backward, then two gradient ping-pong buffers).
/// All workspace offsets are multiplied by the maximum batch size at run time.
/// </summary>
internal sealed class NetworkPlan
{
    public sealed class LayerPlan
    {
        public LayerModel Layer = null!;
        public int Index;
        public int InputSize;
        public int OutputSize;
        public int WeightOffset;
        public int BiasOffset;
        public int ParameterCount;
        /// <summary>Workspace offset (per sample) of the pre-activation output (dense) — equal to OutputOffset when there is no activation.</summary>
        public int PreActivationOffset;
        /// <summary>Workspace offset (per sample) of the layer's output.</summary>
        public int OutputOffset;
        public string PreActivationName = "";
        public string OutputName = "";
        public ActivationModel Activation = null!;
        public bool HasActivation => Activation.Kind != ActivationKind.Identity;
    }

    public NetworkPlan(NetworkModel network)
    {
        Network = network;
        int[] sizes = ShapeInference.Sizes(network);
        InputSize = sizes[0];
        OutputSize = sizes[sizes.Length - 1];
        int parameterOffset = 0;
        int workspaceOffset = InputSize; // the cached copy of the input comes first
        int widest = InputSize;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            LayerModel layer = network.Layers[i];
            var plan = new LayerPlan
            {
                Layer = layer, Index = i, InputSize = sizes[i], OutputSize = sizes[i + 1], Activation = layer.Activation,
            };
            string baseName = char.ToLowerInvariant(layer.Name[0]) + layer.Name.Substring(1);
            if (layer.Kind == LayerKind.Dense)
            {
                plan.WeightOffset = parameterOffset;
                parameterOffset += plan.OutputSize * plan.InputSize;
                plan.BiasOffset = parameterOffset;
                if (layer.HasBias) parameterOffset += plan.OutputSize;
                plan.ParameterCount = parameterOffset - plan.WeightOffset;
                plan.PreActivationOffset = workspaceOffset;
                workspaceOffset += plan.OutputSize;
                if (plan.HasActivation)
                {
                    plan.OutputOffset = workspaceOffset;
                    workspaceOffset += plan.OutputSize;
                    plan.PreActivationName = "z" + (i + 1);
                    plan.OutputName = "a" + (i + 1);
                }
                else
                {
                    plan.OutputOffset = plan.PreActivationOffset;
                    plan.PreActivationName = plan.OutputName = "a" + (i + 1);
                }
            }
            else
            {
                plan.OutputOffset = workspaceOffset;
                workspaceOffset += plan.OutputSize;
                plan.OutputName = "a" + (i + 1);
            }
            widest = Math.Max(widest, plan.OutputSize);
            Layers.Add(plan);
        }
        ParameterCount = parameterOffset;
        GradientAOffset = workspaceOffset;
        GradientBOffset = workspaceOffset + widest;
        WorkspacePerSample = workspaceOffset + 2 * widest;
    }

    public NetworkModel Network { get; }
    public List<LayerPlan> Layers { get; } = new();
    public int InputSize { get; }
    public int OutputSize { get; }
    public int ParameterCount { get; }
    public int GradientAOffset { get; }
    public int GradientBOffset { get; }
    public int WorkspacePerSample { get; }

    /// <summary>The name of the tensor feeding layer <paramref name="index"/> (x0 is the cached input).</summary>
    public string InputName(int index) => index == 0 ? "x0" : Layers[index - 1].OutputName;
}
