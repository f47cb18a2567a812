using NetGen.Generator.Layers;

namespace NetGen.Generator.Model;

/// <summary>Which flat array a tensor lives in.</summary>
internal enum TensorStore
{
    /// <summary>The trainable parameters (<c>_parameters</c>), listed in <c>Parameters.Layout</c>.</summary>
    Parameter,
    /// <summary>Non-trainable state saved with the model (<c>_buffers</c>): batch-norm running statistics.</summary>
    Buffer,
    /// <summary>Per-feature statistics a training forward pass saves for backward (<c>_stats</c>), never saved.</summary>
    Statistics,
}

/// <summary>
/// One tensor of a layer: <c>Hidden.weight</c> is suffix "weight" in the parameters at <see cref="Offset"/>, shape
/// [64, 16], listed at <see cref="LayoutIndex"/> of its store's layout (-1 for statistics).
/// </summary>
internal sealed record TensorSlot(string Suffix, TensorStore Store, int Offset, int Length, EquatableArray<int> Shape, string Role, int LayoutIndex);

/// <summary>A per-sample region of the workspace (its offset and size are multiplied by the batch at run time).</summary>
internal sealed record WorkspaceSlot(string Role, int Offset, int PerSample);

/// <summary>
/// A layer with everything settled: its shapes, where its tensors and workspace regions are, and the names of the
/// locals that hold its input and output in the generated passes.
/// </summary>
internal sealed record LayerPlan(
    LayerSpec Spec,
    int Index,
    SampleShape Input,
    SampleShape Output,
    EquatableArray<TensorSlot> Tensors,
    EquatableArray<WorkspaceSlot> Workspace,
    string LocalName,
    string InputLocal,
    bool IsNoOp)
{
    public LayerKind Kind => Spec.Kind;

    public string Name => Spec.Name;

    /// <summary>The layer's name in the state dict: the prefix of its tensors' names (see <see cref="LayerSpec.StateName"/>).</summary>
    public string StateName => Spec.StateName;

    /// <summary>The local holding the layer's output: its input's when the layer compiles to nothing.</summary>
    public string OutputLocal => IsNoOp ? InputLocal : LocalName;

    public int ParameterCount
    {
        get
        {
            int count = 0;
            foreach (TensorSlot tensor in Tensors)
                if (tensor.Store == TensorStore.Parameter) count += tensor.Length;
            return count;
        }
    }

    /// <summary>The tensor with <paramref name="suffix"/>, or null when the layer has none (a norm without affine).</summary>
    public TensorSlot? Tensor(string suffix)
    {
        foreach (TensorSlot tensor in Tensors)
            if (tensor.Suffix == suffix) return tensor;
        return null;
    }

    /// <summary>The workspace region with <paramref name="role"/>, or null.</summary>
    public WorkspaceSlot? Slot(string role)
    {
        foreach (WorkspaceSlot slot in Workspace)
            if (slot.Role == role) return slot;
        return null;
    }
}

/// <summary>
/// Everything the emitter needs about one network, computed once by the planner from the declaration: no source
/// locations and no Roslyn objects, so it compares by value and an edit that only moves text re-emits nothing.
/// </summary>
internal sealed record NetworkPlan(
    string? Namespace,
    string ClassName,
    string HintName,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    SampleShape Input,
    SampleShape Output,
    int Seed,
    int MaxBatchSize,
    EquatableArray<LayerPlan> Layers,
    int ParameterCount,
    int BufferCount,
    int StatisticsCount,
    int GradientAOffset,
    int GradientBOffset,
    int WorkspacePerSample)
{
    /// <summary>Whether any layer draws random numbers in training (dropout masks, RReLU slopes).</summary>
    public bool HasRandomLayers => Any(l => l.Kind.UsesRandom(l.Spec));

    /// <summary>Whether any layer behaves differently in training and evaluation.</summary>
    public bool HasModeDependentLayers => Any(l => l.Kind.IsModeDependent(l.Spec));

    private bool Any(System.Func<LayerPlan, bool> predicate)
    {
        foreach (LayerPlan layer in Layers)
            if (!layer.IsNoOp && predicate(layer)) return true;
        return false;
    }
}
