using System.Collections.Generic;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// What a layer kind's emit methods use to write one layer's code: the writer, the layer's plan, and the names and
/// slices of its input, output, tensors and workspace regions. Tensor locals are declared on first use with a shape
/// comment (<c>// Hidden.weight [64, 16] @0</c>); a kind fetches every tensor it needs before opening a block.
/// </summary>
internal class LayerCode
{
    public const string Rt = "global::NetGen.";
    public const string Span = "global::System.Span<float>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string Kernels = "global::NetGen.Kernels.";
    public const string Gemm = "global::NetGen.Kernels.Gemm";
    public const string Activations = "global::NetGen.Kernels.ActivationKernels";

    private readonly Dictionary<string, string> _declared = new();

    public LayerCode(SourceWriter writer, NetworkPlan network, LayerPlan layer)
    {
        W = writer;
        Network = network;
        Layer = layer;
    }

    public SourceWriter W { get; }
    public NetworkPlan Network { get; }
    public LayerPlan Layer { get; }

    /// <summary>The local holding the layer's input.</summary>
    public string Input => Identifiers.Escape(Layer.InputLocal);

    /// <summary>The local holding the layer's output.</summary>
    public string Output => Local("");

    /// <summary>A local of this layer: its base name plus <paramref name="suffix"/> (one of NetworkPlanner.LocalSuffixes).</summary>
    public string Local(string suffix) => Identifiers.Escape(Layer.LocalName + suffix);

    /// <summary>The gradient local of <see cref="Local"/>: <c>dHidden1Linear</c>.</summary>
    public string GradientLocal(string suffix) =>
        "d" + char.ToUpperInvariant(Layer.LocalName[0]) + Layer.LocalName.Substring(1) + suffix;

    /// <summary>Values per input sample, per output sample.</summary>
    public int InFeatures => Layer.Input.Features;
    public int OutFeatures => Layer.Output.Features;

    public static string Int(int value) => Literals.Int(value);

    /// <summary>
    /// The per-sample size a runtime layer is constructed with: the feature count for a vector, or the shape
    /// (<c>new[] { 16, 24, 24 }</c>) for a feature map, so that Summary() shows [-1, 16, 24, 24].
    /// </summary>
    public string SizeOrShape => Layer.Output.IsImage ? Layers.Conv2dKind.Shape(Layer.Output) : Int(OutFeatures);

    /// <summary>The region <paramref name="role"/> for the current batch: <c>ws.Slice(mb * offset, batchSize * size)</c>.</summary>
    public string Region(string role)
    {
        WorkspaceSlot slot = Layer.Slot(role)!;
        return "ws.Slice(mb * " + Int(slot.Offset) + ", batchSize * " + Int(slot.PerSample) + ")";
    }

    /// <summary>Row <paramref name="row"/> of a region of per-sample values (one value per sample): <c>ws.Slice(mb * (offset + row), batchSize)</c>.</summary>
    public string RegionRow(string role, int row) => "ws.Slice(mb * " + Int(Layer.Slot(role)!.Offset + row) + ", batchSize)";

    /// <summary>A comment describing a region: <c>Hidden output [64] @32</c>.</summary>
    public string RegionComment(string role, SampleShape shape) =>
        "// " + Layer.Name + " " + role + " " + shape + " @" + Int(Layer.Slot(role)!.Offset);

    /// <summary>Declares the layer's output local over its output region.</summary>
    public void DeclareOutput() =>
        W.Line(Span + " " + Output + " = " + Region(Roles.Output) + "; " + RegionComment(Roles.Output, Layer.Output));

    /// <summary>
    /// A local over tensor <paramref name="suffix"/> in <paramref name="array"/> (<c>parameters</c>, <c>gradients</c>,
    /// <c>buffers</c>, <c>stats</c>, <c>values</c>), declared once per array; <c>Span&lt;float&gt;.Empty</c> when the layer
    /// has no such tensor.
    /// </summary>
    public string Tensor(string array, string suffix, bool writable = false)
    {
        if (Layer.Tensor(suffix) is not { } tensor) return (writable ? Span : ReadOnlySpan) + ".Empty";
        string key = array + "/" + suffix;
        if (_declared.TryGetValue(key, out string? name)) return name;
        name = Local(Pascal(suffix)) + (array == "gradients" ? "Grad" : "");
        if (array == "values") name = Local(Pascal(suffix));
        string shape = "[" + string.Join(", ", Ints(tensor.Shape)) + "]";
        W.Line((writable ? Span : ReadOnlySpan) + " " + name + " = " + array + ".Slice(" + Int(tensor.Offset) + ", " + Int(tensor.Length) + "); // "
            + Layer.StateName + "." + tensor.Suffix + (array == "gradients" ? " gradient " : " ") + shape + " @" + Int(tensor.Offset));
        _declared[key] = name;
        return name;
    }

    /// <summary><c>_parameters.Layout[i]</c> (or <c>_buffers</c>) of tensor <paramref name="suffix"/>, or <c>null</c>.</summary>
    public string Layout(string suffix)
    {
        if (Layer.Tensor(suffix) is not { } tensor) return "null";
        return (tensor.Store == TensorStore.Buffer ? "_buffers" : "_parameters") + ".Layout[" + Int(tensor.LayoutIndex) + "]";
    }

    /// <summary>The offset of tensor <paramref name="suffix"/> in its array.</summary>
    public int Offset(string suffix) => Layer.Tensor(suffix)!.Offset;

    /// <summary><c>running_mean</c> → <c>RunningMean</c>.</summary>
    public static string Pascal(string suffix)
    {
        var text = new System.Text.StringBuilder(suffix.Length);
        bool upper = true;
        foreach (char c in suffix)
        {
            if (c == '_') { upper = true; continue; }
            text.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return text.ToString();
    }

    private static IEnumerable<string> Ints(EquatableArray<int> values)
    {
        foreach (int v in values) yield return Int(v);
    }
}

/// <summary>A layer in a forward pass: Forward (keeps what Backward needs) or the no-grad pass.</summary>
internal sealed class ForwardCode : LayerCode
{
    public ForwardCode(SourceWriter writer, NetworkPlan network, LayerPlan layer, bool noGrad) : base(writer, network, layer) => NoGrad = noGrad;

    /// <summary>The no-grad pass (inference, or evaluation in a context): nothing is kept for backward.</summary>
    public bool NoGrad { get; }
}

/// <summary>
/// A layer in the backward pass. The gradient with respect to the layer's output is in <see cref="Dy"/>; the kind
/// writes the gradient with respect to its input to <see cref="Dx"/>. Two workspace regions (gA, gB) alternate: the
/// caller's outputGradient, then one of them, holds dy; the other receives dx.
/// </summary>
internal sealed class BackwardCode : LayerCode
{
    public BackwardCode(SourceWriter writer, NetworkPlan network, LayerPlan layer, string current) : base(writer, network, layer)
    {
        Current = current;
        ResultBuffer = Other(current);
    }

    /// <summary>The buffer holding dLoss/d(output): <c>outputGradient</c>, <c>gA</c> or <c>gB</c>.</summary>
    public string Current { get; }

    /// <summary>Whether this is the first layer: dLoss/dInput goes to the caller's <c>inputGradient</c>, which may be empty.</summary>
    public bool IsFirst => Layer.Index == 0;

    /// <summary>dLoss/d(output) for the batch.</summary>
    public string Dy => Sized(Current, OutFeatures);

    /// <summary>
    /// Where dLoss/dInput goes. For the first layer: <c>inputGradient</c>, or, for a layer with parameters (which must
    /// run for their gradients even when the caller wants no input gradient), scratch when it is empty.
    /// </summary>
    public string Dx => !IsFirst ? Sized(Other(Current), InFeatures)
        : Layer.ParameterCount > 0 ? "(inputGradient.IsEmpty ? " + Sized(Other(Current), InFeatures) + " : inputGradient)"
        : "inputGradient";

    /// <summary>For a kind that routes its own gradient (<see cref="Layers.LayerKind.RoutesOwnGradient"/>): the buffer that now holds dx.</summary>
    public string ResultBuffer { get; set; }

    /// <summary>The layer just below (index − 1) when its output is this layer's input, else null.</summary>
    public LayerPlan? Below =>
        Layer.Index > 0 && Network.Layers[Layer.Index - 1] is { IsNoOp: false } below && below.OutputLocal == Layer.InputLocal ? below : null;

    /// <summary>
    /// Set by a layer that applied the activation backward of the layer <see cref="Below"/> as it stored dLoss/dInput:
    /// it wrote dLoss/d(that layer's product) instead of dLoss/d(its output).
    /// </summary>
    public bool FusedActivationBelow { get; set; }

    /// <summary>Whether the layer above already applied this layer's activation backward: <see cref="Dy"/> is dLoss/d(product).</summary>
    public bool ActivationBackwardDone { get; init; }

    /// <summary>The gradient buffer that is not <paramref name="buffer"/>.</summary>
    public static string Other(string buffer) => buffer == "gA" ? "gB" : "gA";

    /// <summary><paramref name="buffer"/> cut to the batch at <paramref name="size"/> values per sample.</summary>
    public static string Sized(string buffer, int size) =>
        buffer == "outputGradient" ? buffer : buffer + ".Slice(0, batchSize * " + Int(size) + ")";
}
