using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;

namespace NetGen.Generator.Layers;

/// <summary>
/// Everything the generator knows about one kind of layer, in one place: how its attribute is read into its spec,
/// the rules and advice it checks, its output shape and the tensors and workspace it needs, and the code it emits
/// for construction, initialisation, forward and backward. One subclass per kind (<c>Layers/*Kind.cs</c>), listed
/// in order in <see cref="LayerKinds"/>; the parser, validator, planner and emitter only go through this contract.
/// </summary>
internal abstract class LayerKind
{
    private const string Namespace = "NetGen.";
    private const string Suffix = "Attribute";

    /// <summary>Full metadata name of the attribute that declares the layer, e.g. <c>NetGen.DenseAttribute</c>.</summary>
    public abstract string AttributeName { get; }

    /// <summary>The attribute as written in source, e.g. <c>Dense</c>.</summary>
    public string ShortName => AttributeName.Substring(Namespace.Length, AttributeName.Length - Namespace.Length - Suffix.Length);

    /// <summary>The runtime class the member must have, without namespace, e.g. <c>DenseLayer</c>.</summary>
    public abstract string RuntimeType { get; }

    /// <summary>
    /// Reads the attribute (and, for kinds that have weights, [WeightInit]/[BiasInit]) into the kind's spec; null
    /// when the attribute could not be bound (the compiler reports that error, nothing is generated).
    /// </summary>
    public abstract LayerSpec? Parse(LayerParseContext context);

    /// <summary>The kind's own rules and advice, given its input shape (NG1xxx, NG2xxx).</summary>
    public abstract void Validate(LayerSpec spec, LayerValidationContext context);

    /// <summary>The shape of one output sample for one input sample of shape <paramref name="input"/>.</summary>
    public abstract SampleShape OutputShape(LayerSpec spec, SampleShape input);

    /// <summary>Claims the layer's tensors and workspace regions (its output region included) from the planner.</summary>
    public abstract void Plan(LayerSpec spec, LayerAllocator allocator);

    /// <summary>One line saying what the layer does, for the comment above its code: <c>Dense 20 -> 128, ReLU</c>.</summary>
    public abstract string Describe(LayerPlan layer);

    /// <summary>The constructor call of the runtime layer object (after <c>new global::NetGen.</c>).</summary>
    public abstract string Construct(LayerCode code);

    /// <summary>Statements of <c>InitializeParameters</c> for the layer's tensors; nothing for a kind without any.</summary>
    public virtual void EmitInitialize(LayerCode code) { }

    /// <summary>The forward statements: read <see cref="LayerCode.Input"/>, write the layer's output local.</summary>
    public abstract void EmitForward(ForwardCode code);

    /// <summary>
    /// In the no-grad (inference) pass only: emits this layer and <paramref name="next"/> as one fused step and returns
    /// true, or returns false to be emitted alone.
    /// </summary>
    public virtual bool TryEmitFusedInference(ForwardCode code, LayerPlan next) => false;

    /// <summary>The backward statements: from <see cref="BackwardCode.Dy"/> accumulate parameter gradients and write <see cref="BackwardCode.Dx"/>.</summary>
    public abstract void EmitBackward(BackwardCode code);

    /// <summary>
    /// True for a kind that places dLoss/dInput itself (it needs a scratch region first, as a dense layer with an
    /// activation does) and reports where through <see cref="BackwardCode.ResultBuffer"/>.
    /// </summary>
    public virtual bool RoutesOwnGradient => false;

    /// <summary>Whether the layer draws random numbers in training.</summary>
    public virtual bool UsesRandom(LayerSpec spec) => false;

    /// <summary>Whether the layer behaves differently in training and evaluation.</summary>
    public virtual bool IsModeDependent(LayerSpec spec) => false;

    /// <summary>A fully connected layer: the network's output layer is the last one (used by the design advice).</summary>
    public virtual bool IsFullyConnected => false;
}

/// <summary>A <see cref="LayerKind"/> working on its own spec type; the casts are done once here.</summary>
internal abstract class LayerKind<TSpec> : LayerKind where TSpec : LayerSpec
{
    public sealed override void Validate(LayerSpec spec, LayerValidationContext context) => Validate((TSpec)spec, context);
    public sealed override SampleShape OutputShape(LayerSpec spec, SampleShape input) => OutputShape((TSpec)spec, input);
    public sealed override void Plan(LayerSpec spec, LayerAllocator allocator) => Plan((TSpec)spec, allocator);
    public sealed override string Describe(LayerPlan layer) => Describe((TSpec)layer.Spec, layer);
    public sealed override string Construct(LayerCode code) => Construct((TSpec)code.Layer.Spec, code);
    public sealed override void EmitInitialize(LayerCode code) => EmitInitialize((TSpec)code.Layer.Spec, code);
    public sealed override void EmitForward(ForwardCode code) => EmitForward((TSpec)code.Layer.Spec, code);
    public sealed override void EmitBackward(BackwardCode code) => EmitBackward((TSpec)code.Layer.Spec, code);
    public sealed override bool UsesRandom(LayerSpec spec) => UsesRandom((TSpec)spec);
    public sealed override bool IsModeDependent(LayerSpec spec) => IsModeDependent((TSpec)spec);

    protected virtual void Validate(TSpec spec, LayerValidationContext context) { }
    protected virtual SampleShape OutputShape(TSpec spec, SampleShape input) => input;
    protected abstract void Plan(TSpec spec, LayerAllocator allocator);
    protected abstract string Describe(TSpec spec, LayerPlan layer);
    protected abstract string Construct(TSpec spec, LayerCode code);
    protected virtual void EmitInitialize(TSpec spec, LayerCode code) { }
    protected abstract void EmitForward(TSpec spec, ForwardCode code);
    protected abstract void EmitBackward(TSpec spec, BackwardCode code);
    protected virtual bool UsesRandom(TSpec spec) => false;
    protected virtual bool IsModeDependent(TSpec spec) => false;
}
