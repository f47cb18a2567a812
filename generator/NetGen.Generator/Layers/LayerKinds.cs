using System.Collections.Generic;

namespace NetGen.Generator.Layers;

/// <summary>
/// The registry: every layer kind the generator knows, in a fixed order (the order only matters for messages that
/// list kinds). Adding a kind is one line here plus its <c>Layers/*Kind.cs</c> file and its runtime layer class.
/// </summary>
internal static class LayerKinds
{
    public static readonly IReadOnlyList<LayerKind> All = new LayerKind[]
    {
        DenseKind.Instance,
        ActivationLayerKind.Instance,
        DropoutKind.Elements,
        BatchNormKind.OneD,
        LayerNormKind.Instance,
        PReLUKind.Instance,
        RReLUKind.Instance,
        Conv2dKind.Instance,
        PoolKind.Max,
        PoolKind.Average,
        AdaptiveAvgPool2dKind.Instance,
        BatchNormKind.TwoD,
        DropoutKind.Channels,
        FlattenKind.Instance,
    };

    /// <summary>The kind declared by the attribute with this full name, or null.</summary>
    public static LayerKind? ForAttribute(string attributeName)
    {
        foreach (LayerKind kind in All)
            if (kind.AttributeName == attributeName) return kind;
        return null;
    }

    /// <summary>The kind whose runtime class is <c>NetGen.</c><paramref name="runtimeType"/>, or null.</summary>
    public static LayerKind? ForRuntimeType(string runtimeType)
    {
        foreach (LayerKind kind in All)
            if (kind.RuntimeType == runtimeType) return kind;
        return null;
    }
}
