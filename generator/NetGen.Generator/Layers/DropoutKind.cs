using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;
using static NetGen.Generator.Emission.LayerCode;

namespace NetGen.Generator.Layers;

/// <summary>A dropout layer as declared: <c>[Dropout(p)]</c>.</summary>
internal sealed record DropoutSpec(string Name, double P) : LayerSpec(Name)
{
    public override LayerKind Kind => DropoutKind.Instance;
}

/// <summary>
/// <c>[Dropout]</c>: in training, zeroes each value with probability p and scales the rest by 1/(1-p) (PyTorch's
/// inverted dropout), keeping the scaled mask for backward; in evaluation, the identity. p = 0 compiles to nothing.
/// </summary>
internal sealed class DropoutKind : LayerKind<DropoutSpec>
{
    public static readonly DropoutKind Instance = new();

    public override string AttributeName => "NetGen.DropoutAttribute";
    public override string RuntimeType => "DropoutLayer";

    public override LayerSpec? Parse(LayerParseContext context) =>
        new DropoutSpec(context.Name, context.Attribute.Constructor(0) is double p ? p : 0.5);

    protected override void Validate(DropoutSpec spec, LayerValidationContext context)
    {
        context.CheckFloat("P", spec.P, p => p >= 0 && p < 1, "the drop probability must be in [0, 1)");
        StatefulAdvice.AfterOutputLayer(context, "Dropout");
    }

    protected override void Plan(DropoutSpec spec, LayerAllocator allocator)
    {
        if (spec.P == 0)
        {
            allocator.NoOp();
            return;
        }
        allocator.Workspace("mask", allocator.Output.Size);
        allocator.OutputRegion();
    }

    protected override bool UsesRandom(DropoutSpec spec) => true;
    protected override bool IsModeDependent(DropoutSpec spec) => true;

    protected override string Describe(DropoutSpec spec, LayerPlan layer) =>
        "Dropout(p " + Literals.Double(spec.P) + ") " + layer.Output + (layer.IsNoOp ? ": p = 0, nothing to do" : "");

    protected override string Construct(DropoutSpec spec, LayerCode code) =>
        "DropoutLayer(" + Literals.String(spec.Name) + ", " + Int(code.OutFeatures) + ", " + Literals.Double(spec.P) + ")";

    protected override void EmitForward(DropoutSpec spec, ForwardCode code)
    {
        code.DeclareOutput();
        using (code.W.Block("if (training)"))
            code.W.Line(Kernels + "DropoutKernels.Forward(" + code.Input + ", " + code.Output + ", mask: " + code.Region("mask") + ", p: "
                + Literals.Float(spec.P) + ", _random);");
        using (code.W.Block("else"))
            code.W.Line(code.Input + ".CopyTo(" + code.Output + ");");
    }

    protected override void EmitBackward(DropoutSpec spec, BackwardCode code)
    {
        using (code.W.Block("if (training)"))
            code.W.Line(Kernels + "DropoutKernels.Backward(mask: " + code.Region("mask") + ", " + code.Dy + ", " + code.Dx + ");");
        using (code.W.Block("else"))
            code.W.Line(code.Dy + ".CopyTo(" + code.Dx + ");");
    }
}
