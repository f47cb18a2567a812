using NetGen.Generator.Layers;

namespace NetGen.Generator.Model;

/// <summary>
/// One layer as declared, reduced to plain data: its member name and the hyper-parameters its attribute gave.
/// Each layer kind (Layers/*Kind.cs) defines its own sealed record deriving from this one, so a spec holds only
/// what means something for its kind. No source locations (those are in <see cref="AttributeSource"/>), so moving
/// text around does not change a spec and does not re-emit the network.
/// </summary>
internal abstract record LayerSpec(string Name)
{
    private readonly string? _stateName;

    /// <summary>
    /// The layer's name in the state dict, checkpoints and the runtime (the attribute's <c>Name</c>, else the member's):
    /// the prefix of its tensors' names. <see cref="Name"/> stays the C# member's, for the generated code.
    /// </summary>
    public string StateName
    {
        get => _stateName ?? Name;
        init => _stateName = value;
    }

    /// <summary>The kind that parsed this spec and knows how to check, plan and emit it (not part of equality).</summary>
    public abstract LayerKind Kind { get; }

    /// <summary>The activation the layer applies, for the network-wide advice; null for a layer that applies none.</summary>
    public virtual ActivationModel? Activation => null;
}
