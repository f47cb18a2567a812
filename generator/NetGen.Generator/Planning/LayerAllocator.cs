using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// What a layer kind's <c>Plan</c> claims: tensors in the parameter, buffer and statistics arrays, and per-sample
/// workspace regions, in the order it calls. Sizes are longs: the planner checks the totals against the largest
/// .NET array before anything becomes an int.
/// </summary>
internal sealed class LayerAllocator
{
    internal readonly List<(string Suffix, TensorStore Store, long Length, long[] Shape, string Role)> Tensors = new();
    internal readonly List<(string Role, long PerSample)> Regions = new();

    public LayerAllocator(SampleShape input, SampleShape output)
    {
        Input = input;
        Output = output;
    }

    public SampleShape Input { get; }
    public SampleShape Output { get; }

    /// <summary>Whether the layer compiles to nothing (a dropout with p = 0): its output is its input.</summary>
    public bool IsNoOp { get; private set; }

    /// <summary>A trainable tensor named <c>Layer.suffix</c>, listed in <c>Parameters</c> with the runtime's ParameterRole <paramref name="role"/>.</summary>
    public void Parameter(string suffix, string role, params long[] shape) => Tensors.Add((suffix, TensorStore.Parameter, Product(shape), shape, role));

    /// <summary>A non-trainable tensor saved with the model (running statistics), listed in <c>Buffers</c>.</summary>
    public void Buffer(string suffix, string role, params long[] shape) => Tensors.Add((suffix, TensorStore.Buffer, Product(shape), shape, role));

    /// <summary>Values a training forward pass keeps for backward, one per feature (not per sample), never saved.</summary>
    public void Statistics(string suffix, long length) => Tensors.Add((suffix, TensorStore.Statistics, length, new[] { length }, ""));

    /// <summary>A workspace region of <paramref name="perSample"/> floats per sample (a mask, noise, per-row statistics).</summary>
    public void Workspace(string role, long perSample) => Regions.Add((role, perSample));

    /// <summary>The region of the layer's output: the size of <see cref="Output"/> per sample.</summary>
    public void OutputRegion() => Workspace(Roles.Output, Output.Size);

    /// <summary>Declares that the layer does nothing; it claims no region.</summary>
    public void NoOp() => IsNoOp = true;

    private static long Product(long[] shape)
    {
        long product = 1;
        foreach (long d in shape) product *= d;
        return product;
    }
}

/// <summary>The workspace region roles the emitter knows by name.</summary>
internal static class Roles
{
    /// <summary>The layer's output, held in the local named after the layer.</summary>
    public const string Output = "output";

    /// <summary>A dense layer's affine result before its activation, held in the local <c>{layer}Linear</c>.</summary>
    public const string Linear = "linear";
}
