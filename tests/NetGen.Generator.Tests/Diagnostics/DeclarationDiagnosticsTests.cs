using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>NG0xxx: problems with how a network class or its layer members are declared. All are errors.</summary>
public class DeclarationDiagnosticsTests
{
    [Fact]
    public void NG0001_network_class_must_be_partial()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public class [|Net|]
            {
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG0001", "Network class 'Net' must be declared 'partial' so that NetGen can generate its forward and backward passes"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG0002_network_without_layers()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class [|Net|]
            {
                public readonly DenseLayer NotALayer = null!;
            }
            """,
            Expected.Error("NG0002", "Network 'Net' declares no layers; annotate fields or properties with [Dense] or [ActivationLayer]"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("[|Network|]", 0)]
    [InlineData("[|Network(Seed = 3)|]", 0)]
    [InlineData("Network([|Inputs = 0|])", 0)]
    [InlineData("Network([|Inputs = -3|])", -3)]
    public void NG0003_network_input_size_missing_or_not_positive(string attribute, int inputs)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [{{attribute}}]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG0003", $"Network 'Net' has Inputs = {inputs}; set [Network(Inputs = n)] with n > 0"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG0004_layers_spread_over_several_partial_declarations()
    {
        GeneratorHarness.Result result = Verify(new[]
        {
            """
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                // A comment long enough that Hidden starts after Output of the other file, whose
                // declaration comes second: the order of the files decides, not text offsets.
                [Dense(8)] public readonly DenseLayer Hidden;
            }
            """,
            """
            using NetGen;
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer [|Output|];
            }
            """,
        },
            Expected.Error("NG0004", "Layer 'Output' of network 'Net' is in a different partial declaration than layer 'Hidden'; declare all layers in one declaration so their order is unambiguous", file: 1));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG0004_is_not_reported_when_the_other_declaration_has_no_layers()
    {
        GeneratorHarness.Result result = Verify(new[]
        {
            """
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            """
            public partial class Net
            {
                public string Describe() => "two layers";
            }
            """,
        });
        AssertGeneratedAndCompiles(result);
    }

    [Theory]
    [InlineData("public partial class [|Net|]<T>", "", "generic network classes are not supported")]
    [InlineData("public static partial class [|Net|]", "static ", "a network class cannot be static")]
    [InlineData("public abstract partial class [|Net|]", "", "a network class cannot be abstract")]
    [InlineData("file partial class [|Net|]", "", "a network class cannot be file-local")]
    [InlineData("public partial class [|Net|](string name)", "", "a network class cannot have a primary constructor; declare a constructor that calls ': this(maxBatchSize)' instead")]
    public void NG0005_unsupported_network_class(string declaration, string memberModifier, string reason)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            {{declaration}}
            {
                [Dense(2)] public {{memberModifier}}readonly DenseLayer Output = null!;
            }
            """,
            Expected.Error("NG0005", $"Network 'Net' cannot be generated: {reason}"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("public class Outer", "its containing type 'Outer' is not partial")]
    [InlineData("public partial class Outer<T>", "its containing type 'Outer' is generic")]
    public void NG0005_unsupported_containing_type(string outer, string reason)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            {{outer}}
            {
                [Network(Inputs = 4)]
                public partial class [|Net|]
                {
                    [Dense(2)] public readonly DenseLayer Output;
                }
            }
            """,
            Expected.Error("NG0005", $"Network 'Net' cannot be generated: {reason}"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("Forward", "Forward(ReadOnlySpan<float>, Span<float>)")]
    [InlineData("Backward", "Backward(ReadOnlySpan<float>)")]
    [InlineData("Parameters", "Parameters")]
    [InlineData("Layers", "Layers")]
    [InlineData("InputSize", "InputSize")]
    [InlineData("LayerSizes", "LayerSizes")]
    [InlineData("ZeroGrad", "ZeroGrad()")]
    [InlineData("_workspace", "_workspace")]
    [InlineData("WorkspacePerSample", "WorkspacePerSample")]
    public void NG0006_layer_name_clashes_with_a_generated_member(string name, string generated)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer [|{{name}}|];
            }
            """,
            Expected.Error("NG0006", $"'{name}' has the same name as '{generated}', which NetGen generates for network 'Net'; rename '{name}'"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("Dense(2)", "ActivationLayer", "NetGen.ActivationLayer", "Dense", "DenseLayer")]
    [InlineData("Dense(2)", "Layer", "NetGen.Layer", "Dense", "DenseLayer")]
    [InlineData("Dense(2)", "object", "object", "Dense", "DenseLayer")]
    [InlineData("ActivationLayer(Activation.ReLU)", "DenseLayer", "NetGen.DenseLayer", "ActivationLayer", "ActivationLayer")]
    public void NG0007_layer_member_has_the_wrong_type(string attribute, string type, string shownType, string shortAttribute, string expectedType)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8)] public readonly DenseLayer Hidden;
                [{{attribute}}] public readonly {{type}} [|Output|];
            }
            """,
            Expected.Error("NG0007", $"Layer 'Output' is declared as '{shownType}' but a [{shortAttribute}] layer must be of type '{expectedType}'"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("public [|Net|](string name) { }")]
    [InlineData("public [|Net|](string name) : base() { }")]
    public void NG0008_user_constructor_must_chain_to_a_generated_one(string constructor)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer Output;
                {{constructor}}
            }
            """,
            Expected.Error("NG0008", "Constructor of network 'Net' must call ': this(maxBatchSize)' (or ': this()') so the layers and buffers are created"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("public [|Net|]() : this(32) { }", "Net()")]
    [InlineData("public [|Net|](int batch) : this() { }", "Net(int)")]
    public void NG0005_user_constructor_with_the_signature_of_a_generated_one(string constructor, string signature)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer Output;
                {{constructor}}
            }
            """,
            Expected.Error("NG0005", $"Network 'Net' cannot be generated: its constructor {signature} has the signature of a generated constructor; give it other parameters and call ': this(maxBatchSize)'"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("public static DenseLayer [|Output|] = null!;")]
    [InlineData("public static DenseLayer [|Output|] { get; } = null!;")]
    [InlineData("public DenseLayer [|Output|] => null!;")]
    [InlineData("public DenseLayer [|Output|] { get { return null!; } }")]
    [InlineData("public DenseLayer [|Output|] { get => null!; }")]
    [InlineData("public DenseLayer [|Output|] { set { } }")]
    public void NG0009_layer_member_cannot_be_assigned_by_the_constructor(string member)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] {{member}}
            }
            """,
            Expected.Error("NG0009", "Layer 'Output' must be an instance field, or an instance property with only a getter, so the generated constructor can assign it"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("public required DenseLayer [|Output|] { get; init; }")]
    [InlineData("public required DenseLayer [|Output|];")]
    public void NG0013_layer_member_is_required(string member)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] {{member}}
            }
            """,
            Expected.Error("NG0013", "Layer 'Output' is declared 'required', but the generated constructor assigns it; 'required' would force every caller of new Net() to set it, remove the modifier"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG0012_layer_member_without_a_layer_attribute()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8)] public readonly DenseLayer Hidden;
                public readonly BatchNormLayer? [|Norm|];
                public DenseLayer Alias => Hidden;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Warning("NG0012", "Member 'Norm' has the layer type 'BatchNormLayer' but no layer attribute, so it is not part of network 'Net' and stays null; add [BatchNorm] or change its type"));
        AssertGeneratedAndCompiles(result);
    }

    /// <summary>A class with layer members but no [Network]: nothing is generated, and each layer member is reported.</summary>
    [Fact]
    public void NG0014_layer_attribute_outside_a_network()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            public partial class Net
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer [|Hidden|];
                [BatchNorm] public BatchNormLayer? [|Norm|] { get; }
                [Dense(2)] public readonly DenseLayer [|Output|], [|Spare|];
            }
            """,
            Expected.Warning("NG0014", "Member 'Hidden' has [Dense], but 'Net' has no [Network] attribute, so no network is generated and the member stays null; add [Network(Inputs = n)] to 'Net'", span: 0),
            Expected.Warning("NG0014", "Member 'Norm' has [BatchNorm], but 'Net' has no [Network] attribute, so no network is generated and the member stays null; add [Network(Inputs = n)] to 'Net'", span: 1),
            Expected.Warning("NG0014", "Member 'Output' has [Dense], but 'Net' has no [Network] attribute, so no network is generated and the member stays null; add [Network(Inputs = n)] to 'Net'", span: 2),
            Expected.Warning("NG0014", "Member 'Spare' has [Dense], but 'Net' has no [Network] attribute, so no network is generated and the member stays null; add [Network(Inputs = n)] to 'Net'", span: 3));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG0014_not_reported_inside_a_network()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer Output;
            }
            """);
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void NG0015_two_layers_with_one_state_dict_name()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8, Name = "fc0")] public readonly DenseLayer Hidden;
                [Dense(2, [|Name = "fc0"|])] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG0015", "Layers 'Hidden' and 'Output' are both named 'fc0' in the state dict, so their tensors would share names; give one of them another Name"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG0015_a_name_equal_to_another_layer_member()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8)] public readonly DenseLayer Output;
                [Dense(2, [|Name = "Output"|])] public readonly DenseLayer Logits;
            }
            """,
            Expected.Error("NG0015", "Layers 'Output' and 'Logits' are both named 'Output' in the state dict, so their tensors would share names; give one of them another Name"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fc 0")]
    [InlineData("features..0")]
    [InlineData(".fc")]
    [InlineData("fc/0")]
    public void NG2001_a_state_dict_name_that_is_not_one(string name)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2, [|Name = "{{name}}"|])] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG2001", "Layer 'Output': Name = \"" + name + "\" is invalid; a state-dict name is letters, digits and '_', in parts joined by '.' (\"fc0\", \"features.0\")"));
        AssertNothingGenerated(result);
    }
}
