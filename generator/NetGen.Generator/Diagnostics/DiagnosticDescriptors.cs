using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs come in bands: NG0xxx declaration problems,
/// NG1xxx shapes, NG2xxx activation / initialisation hyper-parameters and advice.
/// Each is documented in the README section whose anchor is its ID (lower case).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Declaration = "NetGen.Declaration";
    private const string Shape = "NetGen.Shape";
    private const string Design = "NetGen.Design";
    private const string HelpBase = "https://github.com/netgen-dotnet/netgen/blob/main/README.md#";

    private static DiagnosticDescriptor Make(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());

    public static readonly DiagnosticDescriptor NotPartial = Make("NG0001",
        "Network class must be partial",
        "Network class '{0}' must be declared 'partial' so that NetGen can generate its forward and backward passes",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoLayers = Make("NG0002",
        "Network has no layers",
        "Network '{0}' declares no layers; annotate fields or properties with [Dense] or [ActivationLayer]",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingInputs = Make("NG0003",
        "Network input size missing or not positive",
        "Network '{0}' has Inputs = {1}; set [Network(Inputs = n)] with n > 0",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LayersInSeveralDeclarations = Make("NG0004",
        "Layers are spread over several partial declarations",
        "Layer '{0}' of network '{1}' is in a different partial declaration than layer '{2}'; declare all layers in one declaration so their order is unambiguous",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedContainingType = Make("NG0005",
        "Unsupported network type",
        "Network '{0}' cannot be generated: {1}",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameClash = Make("NG0006",
        "Member name clashes with a generated member",
        "'{0}' has the same name as '{1}', which NetGen generates for network '{2}'; rename '{0}'",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WrongMemberType = Make("NG0007",
        "Layer member has the wrong type",
        "Layer '{0}' is declared as '{1}' but a [{2}] layer must be of type '{3}'",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConstructorWithoutChaining = Make("NG0008",
        "Constructor must chain to a generated constructor",
        "Constructor of network '{0}' must call ': this(maxBatchSize)' (or ': this()') so the layers and buffers are created",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidLayerMember = Make("NG0009",
        "Layer member cannot be assigned",
        "Layer '{0}' must be an instance field, or an instance property with only a getter, so the generated constructor can assign it",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SeveralLayerAttributes = Make("NG0010",
        "Member has more than one layer attribute",
        "Member '{0}' carries both [{1}] and [{2}]; a member is one layer, declare the second as a member of its own",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateLayerName = Make("NG0011",
        "Two members have a layer's name",
        "Layer '{0}' of network '{1}' shares its name with {2} members in all; each layer needs a name of its own",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateStateName = Make("NG0015",
        "Two layers have one name in the state dict",
        "Layers '{0}' and '{1}' are both named '{2}' in the state dict, so their tensors would share names; give one of them another Name",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RequiredLayerMember = Make("NG0013",
        "Layer member is required",
        "Layer '{0}' is declared 'required', but the generated constructor assigns it; 'required' would force every caller of new {1}() to set it, remove the modifier",
        Declaration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LayerMemberWithoutAttribute = Make("NG0012",
        "Layer member without a layer attribute",
        "Member '{0}' has the layer type '{1}' but no layer attribute, so it is not part of network '{2}' and stays null; add [{3}] or change its type",
        Declaration, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LayerOutsideNetwork = Make("NG0014",
        "Layer attribute outside a network",
        "Member '{0}' has [{1}], but '{2}' has no [Network] attribute, so no network is generated and the member stays null; add [Network(Inputs = n)] to '{2}'",
        Declaration, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidLayerSize = Make("NG1001",
        "Layer size must be positive",
        "Layer '{0}' has {1} units; a layer needs at least one",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InputSizeMismatch = Make("NG1002",
        "Layer input size does not match the previous layer",
        "Layer '{0}' declares Inputs = {1}, but {2} produces {3} features",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NetworkTooLarge = Make("NG1003",
        "Network too large",
        "Network '{0}' needs {1} {2}, more than the {3} a single .NET array can hold; use smaller layers or a smaller MaxBatchSize",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidMaxBatchSize = Make("NG1004",
        "MaxBatchSize must be positive",
        "Network '{0}' has MaxBatchSize = {1}; the default workspace needs room for at least one sample",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidImageInput = Make("NG1005",
        "Invalid image input",
        "Network '{0}': {1}",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NeedsFlatInput = Make("NG1006",
        "Layer needs a vector of features",
        "Layer '{0}' ({1}) needs a vector of features, but {2} gives the image {3}; add a [Flatten] layer before it (PyTorch needs nn.Flatten there too)",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NeedsImageInput = Make("NG1007",
        "Layer needs an image",
        "Layer '{0}' ({1}) needs an image [channels, height, width], but {2} gives {3}",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WindowTooLarge = Make("NG1008",
        "Window larger than its input",
        "Layer '{0}' ({1}) needs at least {2}×{3} but {4} gives {5}×{6}",
        Shape, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidHyperParameter = Make("NG2001",
        "Invalid hyper-parameter",
        "Layer '{0}': {1} = {2} is invalid; {3}",
        Design, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SoftmaxOnHiddenLayer = Make("NG2002",
        "Softmax on a hidden layer",
        "Layer '{0}' applies {1} but is not the output layer; {1} is meant for the output (use it there, or a ReLU-family activation here)",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor XavierWithRelu = Make("NG2003",
        "Xavier initialisation before a ReLU-family activation",
        "Layer '{0}' uses {1} before {2}; Kaiming (He) initialisation keeps the variance of ReLU-family activations stable (e.g. Init.KaimingNormal)",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor KaimingWithSaturating = Make("NG2004",
        "Kaiming initialisation before Sigmoid/Tanh",
        "Layer '{0}' uses {1} before {2}; Xavier (Glorot) initialisation suits saturating activations (e.g. Init.XavierUniform)",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DeepSigmoidStack = Make("NG2005",
        "Many sigmoid layers in a row",
        "Layers '{0}' to '{1}' are {2} sigmoid hidden layers in a row; gradients vanish through stacked sigmoids (σ' ≤ 0.25), consider ReLU or Tanh",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReservedActivation = Make("NG2006",
        "Activation needs a layer of its own",
        "Layer '{0}' uses {1}, which has learnable or random state; declare it as a layer of its own with [{1}]",
        Design, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateInit = Make("NG2007",
        "Initialisation declared twice",
        "Layer '{0}' sets {1} both in [Dense] and with [{2}]; keep one",
        Design, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor StatefulAfterOutput = Make("NG2008",
        "Dropout or BatchNorm after the output layer",
        "Layer '{0}' ({1}) comes after the output layer '{2}'; it would perturb or rescale the network's predictions, move it before '{2}'",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BatchNormBeforeSoftmax = Make("NG2009",
        "BatchNorm directly before the Softmax output",
        "Layer '{0}' normalises the logits right before the {1} output, which limits how confident the predictions can become; put BatchNorm before the last dense layer instead",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BatchNormWithBatchOfOne = Make("NG2010",
        "BatchNorm in a network whose MaxBatchSize is 1",
        "Layer '{0}' (BatchNorm) normalises with the statistics of the batch in training mode, which needs more than one sample, but network '{1}' has MaxBatchSize = {2}; every training step would throw (raise MaxBatchSize, or use LayerNorm)",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor OptionWithoutEffect = Make("NG2011",
        "Option has no effect",
        "{0}: {1} has no effect; {2}",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DropoutAfterConvolution = Make("NG2012",
        "Dropout right after a convolution",
        "Layer '{0}' ({1}) comes right after the convolution '{2}'; element-wise dropout on feature maps mostly removes pixels that neighbours repeat, so it regularises little: prefer BatchNorm2d, Dropout2d, or dropout before the dense layers",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BatchNormAfterActivation = Make("NG2013",
        "BatchNorm2d after the activation",
        "Layer '{0}' normalises the output of {1} after its {2}; the usual order is Conv2d -> BatchNorm2d -> activation (move the activation after '{0}')",
        Design, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor[] All =
    {
        NotPartial, NoLayers, MissingInputs, LayersInSeveralDeclarations, UnsupportedContainingType, NameClash,
        WrongMemberType, ConstructorWithoutChaining, InvalidLayerMember, SeveralLayerAttributes, DuplicateLayerName, RequiredLayerMember, LayerMemberWithoutAttribute, LayerOutsideNetwork, DuplicateStateName, InvalidLayerSize, InputSizeMismatch,
        NetworkTooLarge, InvalidMaxBatchSize, InvalidImageInput, NeedsFlatInput, NeedsImageInput, WindowTooLarge,
        InvalidHyperParameter, SoftmaxOnHiddenLayer, XavierWithRelu, KaimingWithSaturating, DeepSigmoidStack,
        ReservedActivation, DuplicateInit, StatefulAfterOutput, BatchNormBeforeSoftmax, BatchNormWithBatchOfOne, OptionWithoutEffect, DropoutAfterConvolution, BatchNormAfterActivation,
    };

    public static DiagnosticDescriptor? Find(string id)
    {
        foreach (DiagnosticDescriptor d in All)
            if (d.Id == id) return d;
        return null;
    }
}
