using System;
using System.Collections.Generic;
using NetGen.Generator.Model;
using NetGen.Generator.Validation;

namespace NetGen.Generator.Emission;

/// <summary>
/// Where every tensor of a network lives: offsets in the flat parameter buffer, in the buffer of
/// non-trainable state (batch-norm running statistics), in the small per-feature statistics array,
/// and per-sample offsets in the workspace (activations cached for backward, masks and noise, then
/// two gradient ping-pong buffers). Workspace offsets are multiplied by the maximum batch at run time.
/// </summary>
internal sealed class NetworkPlan
{
    public sealed class LayerPlan
    {
        public LayerModel Layer = null!;
        public int Index;
        public int InputSize;
        public int OutputSize;
        /// <summary>Dense weight, norm gamma, PReLU slope; -1 when absent.</summary>
        public int WeightOffset = -1;
        public int WeightLength;
        /// <summary>Dense bias, norm beta; -1 when absent.</summary>
        public int BiasOffset = -1;
        public int ParameterCount;
        /// <summary>Batch-norm running mean / var / batches tracked in the buffer of state; -1 when absent.</summary>
        public int RunningMeanOffset = -1;
        public int RunningVarOffset = -1;
        public int BatchesTrackedOffset = -1;
        /// <summary>Batch-norm saved mean and inverse std (2 × features) in the statistics array.</summary>
        public int StatsOffset = -1;
        /// <summary>Per-sample workspace offset of the pre-activation output of a dense layer (equal to OutputOffset without activation).</summary>
        public int PreActivationOffset;
        /// <summary>Per-sample workspace offset of the layer's output.</summary>
        public int OutputOffset;
        /// <summary>Per-sample workspace offset of a dropout mask, RReLU noise or layer-norm row statistics (2 per sample); -1 when absent.</summary>
        public int AuxOffset = -1;
        public string PreActivationName = "";
        public string OutputName = "";
        public ActivationModel Activation = null!;
        public bool HasActivation => Activation.Kind != ActivationKind.Identity;
        /// <summary>A layer that compiles to nothing (Dropout with p = 0): its output is its input.</summary>
        public bool IsNoOp;
        public StatefulOptions Options => Layer.Options!;
    }

    public NetworkPlan(NetworkModel network)
    {
        Network = network;
        int[] sizes = ShapeInference.Sizes(network);
        InputSize = sizes[0];
        OutputSize = sizes[sizes.Length - 1];
        int parameterOffset = 0, bufferOffset = 0, statsOffset = 0;
        int workspaceOffset = PadToLine(InputSize); // the cached copy of the input comes first
        int widest = InputSize;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            LayerModel layer = network.Layers[i];
            var plan = new LayerPlan
            {
                Layer = layer, Index = i, InputSize = sizes[i], OutputSize = sizes[i + 1], Activation = layer.Activation,
            };
            int start = parameterOffset;
            string name = "a" + (i + 1);
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    plan.WeightOffset = parameterOffset;
                    plan.WeightLength = plan.OutputSize * plan.InputSize;
                    parameterOffset += plan.WeightLength;
                    if (layer.HasBias) { plan.BiasOffset = parameterOffset; parameterOffset += plan.OutputSize; }
                    plan.PreActivationOffset = workspaceOffset;
                    workspaceOffset = PadToLine(workspaceOffset + plan.OutputSize);
                    if (plan.HasActivation)
                    {
                        plan.OutputOffset = workspaceOffset;
                        workspaceOffset = PadToLine(workspaceOffset + plan.OutputSize);
                        plan.PreActivationName = "z" + (i + 1);
                    }
                    else
                    {
                        plan.OutputOffset = plan.PreActivationOffset;
                        plan.PreActivationName = name;
                    }
                    break;
                case LayerKind.Dropout when layer.Options!.P == 0:
                    plan.IsNoOp = true;
                    break;
                default:
                    if (layer.Kind is LayerKind.BatchNorm or LayerKind.LayerNorm && layer.Options!.Affine)
                    {
                        plan.WeightOffset = parameterOffset;
                        plan.WeightLength = plan.OutputSize;
                        plan.BiasOffset = parameterOffset + plan.OutputSize;
                        parameterOffset += 2 * plan.OutputSize;
                    }
                    if (layer.Kind == LayerKind.PReLU)
                    {
                        plan.WeightOffset = parameterOffset;
                        plan.WeightLength = layer.Options!.NumParameters;
                        parameterOffset += plan.WeightLength;
                    }
                    if (layer.Kind == LayerKind.BatchNorm)
                    {
                        plan.StatsOffset = statsOffset;
                        statsOffset += 2 * plan.OutputSize;
                        if (layer.Options!.TrackRunningStats)
                        {
                            plan.RunningMeanOffset = bufferOffset;
                            plan.RunningVarOffset = bufferOffset + plan.OutputSize;
                            plan.BatchesTrackedOffset = bufferOffset + 2 * plan.OutputSize;
                            bufferOffset += 2 * plan.OutputSize + 1;
                        }
                    }
                    if (layer.Kind is LayerKind.Dropout or LayerKind.RReLU)
                    {
                        plan.AuxOffset = workspaceOffset;
                        workspaceOffset = PadToLine(workspaceOffset + plan.OutputSize);
                    }
                    if (layer.Kind == LayerKind.LayerNorm)
                    {
                        plan.AuxOffset = workspaceOffset;
                        workspaceOffset = PadToLine(workspaceOffset + 2);
                    }
                    plan.OutputOffset = workspaceOffset;
                    workspaceOffset = PadToLine(workspaceOffset + plan.OutputSize);
                    break;
            }
            plan.ParameterCount = parameterOffset - start;
            plan.OutputName = plan.IsNoOp ? InputName(i) : name;
            widest = Math.Max(widest, plan.OutputSize);
            Layers.Add(plan);
        }
        ParameterCount = parameterOffset;
        BufferCount = bufferOffset;
        StatsCount = statsOffset;
        GradientAOffset = workspaceOffset;
        GradientBOffset = workspaceOffset + PadToLine(widest);
        WorkspacePerSample = GradientBOffset + PadToLine(widest);
    }

    /// <summary>
    /// Rounds a per-sample workspace offset up to 16 floats (64 bytes): with the workspace's 64-byte aligned start,
    /// every slice (its offset times the batch size) then starts on a cache line, where vector loads do not straddle two.
    /// </summary>
    private static int PadToLine(int floats) => (floats + 15) & ~15;

    public NetworkModel Network { get; }
    public List<LayerPlan> Layers { get; } = new();
    public int InputSize { get; }
    public int OutputSize { get; }
    public int ParameterCount { get; }
    public int BufferCount { get; }
    public int StatsCount { get; }
    public int GradientAOffset { get; }
    public int GradientBOffset { get; }
    public int WorkspacePerSample { get; }

    /// <summary>The name of the tensor feeding layer <paramref name="index"/> (x0 is the cached input).</summary>
    public string InputName(int index) => index == 0 ? "x0" : Layers[index - 1].OutputName;

    /// <summary>Whether any layer draws random numbers in training (dropout masks, RReLU slopes).</summary>
    public bool HasRandomLayers => Layers.Exists(l => !l.IsNoOp && l.Layer.Kind is LayerKind.Dropout or LayerKind.RReLU);

    /// <summary>Whether any layer behaves differently in training and evaluation.</summary>
    public bool HasModeDependentLayers => Layers.Exists(l => !l.IsNoOp && l.Layer.Kind is LayerKind.Dropout or LayerKind.BatchNorm or LayerKind.RReLU);
}
