using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Issue 15, the generator never crashes nor emits code that does not compile: regressions found by the
/// fuzz run (GeneratorFuzzTests), each a valid declaration that used to crash the generator (CS8785, every
/// network of the project dropped) or to generate code with compile errors.
/// </summary>
public class GeneratedCodeValidityTests
{
    [Fact]
    public void Class_names_differing_only_in_case_get_distinct_hint_names()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            namespace Demo
            {
                [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; }
                [Network(Inputs = 4)] public partial class NET { [Dense(2)] public readonly DenseLayer Output; }
            }
            namespace a { public partial class B { [Network(Inputs = 4)] public partial class N { [Dense(2)] public readonly DenseLayer Output; } } }
            namespace A { public partial class B { [Network(Inputs = 4)] public partial class N { [Dense(2)] public readonly DenseLayer Output; } } }
            """);
        Assert.Equal(4, result.Sources.Count);
        Assert.Equal(4, result.Sources.Select(s => s.HintName.ToUpperInvariant()).Distinct().Count());
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Keyword_namespace_gives_a_valid_hint_name()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            namespace Demo.@int;
            [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; }
            """);
        Assert.Matches(@"^Demo\._int\.Net\.[0-9a-f]{8}\.g\.cs$", Assert.Single(result.Sources).HintName);
        AssertGeneratedAndCompiles(result);
    }

    public static TheoryData<string, string> KeywordAndSpecialNames => new()
    {
        { "keyword class name", "using NetGen; [Network(Inputs = 4)] public partial class @class { [Dense(2)] public readonly DenseLayer Output; }" },
        { "keyword containing types", "using NetGen; public partial class @struct { public partial class @event { [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; } } }" },
        { "keyword namespace parts", "using NetGen; namespace @int.@class { [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; } }" },
        { "keyword layer and class", "using NetGen; namespace @event; [Network(Inputs = 4)] public partial class @object { [Dense(2)] public readonly DenseLayer @class; }" },
        { "class named var", "using NetGen; [Network(Inputs = 4)] public partial class var { [Dense(2)] public readonly DenseLayer Output; }" },
        { "class named System in a namespace", "using NetGen; namespace Demo { [Network(Inputs = 4)] public partial class System { [Dropout(0.5)] public readonly DropoutLayer Drop; [Dense(2)] public readonly DenseLayer Output; } }" },
        { "class named NetGen", "using NetGen; namespace Demo { [Network(Inputs = 4)] public partial class NetGen { [Dense(2)] public readonly DenseLayer Output; } }" },
        { "contextual keyword names", "using NetGen; namespace async { [Network(Inputs = 4)] public partial class await { [Dense(2)] public readonly DenseLayer value; [Dense(2)] public readonly DenseLayer nameof; } }" },
    };

    [Theory]
    [MemberData(nameof(KeywordAndSpecialNames))]
    public void Keyword_and_special_names_generate_code_that_compiles(string name, string source)
    {
        Assert.False(string.IsNullOrEmpty(name));
        GeneratorHarness.Result result = Verify(source);
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void A_type_named_System_in_the_global_namespace_is_reported()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)] public partial class [|System|] { [Dense(2)] public readonly DenseLayer Output; }
            """,
            Expected.Error("NG0005", "Network 'System' cannot be generated: the type 'System' declared in the global namespace hides the namespace 'System' that generated code refers to as 'global::System'; move the type into a namespace"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("public void [|Train|]() { }", "Train", "Train()")]
    [InlineData("public int [|Parameters|] => 0;", "Parameters", "Parameters")]
    [InlineData("private int [|_batchSize|];", "_batchSize", "_batchSize")]
    [InlineData("private int [|_inUse|];", "_inUse", "_inUse")]
    [InlineData("public void [|ForwardNoGrad|](System.ReadOnlySpan<float> x, System.Span<float> y, int n) { }", "ForwardNoGrad", "ForwardNoGrad(ReadOnlySpan<float>, Span<float>, int)")]
    [InlineData("public object [|CreateInferenceContext|](int n) => null!;", "CreateInferenceContext", "CreateInferenceContext(int)")]
    [InlineData("public class [|LayerSizes|] { }", "LayerSizes", "LayerSizes")]
    [InlineData("private const int [|WorkspacePerSample|] = 1;", "WorkspacePerSample", "WorkspacePerSample")]
    [InlineData("private void [|ForwardNoGradCore|]() { }", "ForwardNoGradCore", "ForwardNoGradCore")]
    [InlineData("public int [|Eval|];", "Eval", "Eval()")]
    public void NG0006_any_member_named_like_a_generated_one(string member, string name, string generated)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer Output;
                {{member}}
            }
            """,
            Expected.Error("NG0006", $"'{name}' has the same name as '{generated}', which NetGen generates for network 'Net'; rename '{name}'"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void Overloads_of_generated_methods_are_fine()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer Output;
                public float[] Forward(float[] input) { var output = new float[OutputSize]; Forward(input, output); return output; }
                public void Train(int epochs) { }
            }
            """);
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
    }

    [Fact]
    public void NG0006_base_class_member_hidden_by_a_generated_one()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            public class Trainable { public virtual void Train() { } protected int _batchSize; private int _inUse; }
            [Network(Inputs = 4)]
            public partial class [|Net|] : Trainable
            {
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG0006", "'Trainable.Train' has the same name as 'Train()', which NetGen generates for network 'Net'; rename 'Trainable.Train'"),
            Expected.Error("NG0006", "'Trainable._batchSize' has the same name as '_batchSize', which NetGen generates for network 'Net'; rename 'Trainable._batchSize'"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("LayerSizes")]
    [InlineData("Forward")]
    public void NG0005_network_class_named_like_a_generated_member(string name)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            namespace Demo;
            [Network(Inputs = 4)]
            public partial class [|{{name}}|]
            {
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG0005", $"Network '{name}' cannot be generated: its name '{name}' is the name of a member NetGen generates inside it; rename the class"));
        AssertNothingGenerated(result);
    }

    /// <summary>
    /// The reserved-name table (Emission.GeneratedMembers) and what the emitter writes are the same set of names:
    /// a network with every kind of layer and one of small dense layers only (whose one-sample chain is a member the
    /// other has not) are generated, and every member their generated halves declare must be in the table, and every
    /// name of the table must be declared by one of them.
    /// </summary>
    [Fact]
    public void Reserved_names_are_exactly_the_generated_members()
    {
        var declared = new System.Collections.Generic.SortedSet<string>(System.StringComparer.Ordinal);
        AddGeneratedMembers(declared, "Everything", """
            using NetGen;
            namespace Demo;
            [Network(Inputs = 6)]
            public partial class Everything
            {
                [Dense(8)] public readonly DenseLayer Hidden;
                [BatchNorm] public readonly BatchNormLayer Norm;
                [LayerNorm] public readonly LayerNormLayer Ln;
                [PReLU] public readonly PReLULayer Act;
                [Dropout(0.25)] public readonly DropoutLayer Drop;
                [RReLU] public readonly RReLULayer Noise;
                [ActivationLayer(Activation.Tanh)] public readonly ActivationLayer Squash;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """);
        AddGeneratedMembers(declared, "DenseOnly", """
            using NetGen;
            namespace Demo;
            [Network(Inputs = 6)]
            public partial class DenseOnly
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """);
        var reserved = new System.Collections.Generic.SortedSet<string>(
            (System.Collections.Generic.IEnumerable<string>)typeof(NetGen.Generator.NetworkGenerator).Assembly
                .GetType("NetGen.Generator.Emission.GeneratedMembers", throwOnError: true)!
                .GetProperty("Names")!.GetValue(null)!,
            System.StringComparer.Ordinal);
        Assert.Equal(reserved, declared);
    }

    private static void AddGeneratedMembers(System.Collections.Generic.ISet<string> declared, string className, string source)
    {
        GeneratorHarness.Result result = Verify(source);
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Assert.Single(result.Sources).Source);
        var network = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
            .Single(c => c.Identifier.Text == className);
        foreach (var member in network.Members)
        {
            switch (member)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax f:
                    foreach (var v in f.Declaration.Variables) declared.Add(v.Identifier.Text);
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax p when p.ExplicitInterfaceSpecifier is null:
                    declared.Add(p.Identifier.Text);
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax m when m.ExplicitInterfaceSpecifier is null:
                    declared.Add(m.Identifier.Text);
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax t:
                    declared.Add(t.Identifier.Text);
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax:
                case Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax:
                case Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax:
                    break;
                default:
                    Assert.Fail("Unexpected generated member kind: " + member.Kind());
                    break;
            }
        }
    }

    [Fact]
    public void NG0005_file_local_containing_type()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            file partial class Outer
            {
                [Network(Inputs = 4)]
                public partial class [|Net|] { [Dense(2)] public readonly DenseLayer Output; }
            }
            """,
            Expected.Error("NG0005", "Network 'Net' cannot be generated: its containing type 'Outer' is file-local, and the generated declaration is in another file"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("public Base(int size) { }")]
    [InlineData("private Base() { }")]
    public void NG0005_base_class_without_an_accessible_parameterless_constructor(string constructor)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            public class Base { {{constructor}} }
            [Network(Inputs = 4)]
            public partial class [|Net|] : Base { [Dense(2)] public readonly DenseLayer Output; }
            """,
            Expected.Error("NG0005", "Network 'Net' cannot be generated: its base class 'Base' has no accessible parameterless constructor, which the generated constructors call; add one (it can be protected)"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("protected Base() { }")]
    [InlineData("public Base(int size = 3) { }")]
    [InlineData("public Base(params int[] sizes) { }")]
    public void Base_class_with_a_usable_parameterless_constructor_compiles(string constructor)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            public class Base { {{constructor}} }
            [Network(Inputs = 4)]
            public partial class Net : Base { [Dense(2)] public readonly DenseLayer Output; }
            """);
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
    }

    [Fact]
    public void NG0011_two_layers_with_one_name()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8)] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer [|Hidden|];
            }
            """,
            Expected.Error("NG0011", "Layer 'Hidden' of network 'Net' shares its name with 2 members in all; each layer needs a name of its own"));
        AssertNothingGenerated(result);
        Assert.Contains(result.CompilationDiagnostics, d => d.Id == "CS0102"); // the compiler's own error, and no cascade
        Assert.DoesNotContain(result.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
    }

    [Fact]
    public void NG0011_a_layer_and_another_member_with_its_name()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                public int Hidden => 8;
                [Dense(2)] public readonly DenseLayer [|Hidden|];
            }
            """,
            Expected.Error("NG0011", "Layer 'Hidden' of network 'Net' shares its name with 2 members in all; each layer needs a name of its own"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("[Dense(2)] public readonly DenseLayer ;")]
    [InlineData("[Dense(2)] public readonly DenseLayer A, ;")]
    [InlineData("[Dense(2)] public DenseLayer { get; }")]
    public void Nameless_layer_generates_nothing_and_leaves_the_compiler_error(string member)
    {
        // Depending on how the parser recovers, the member is a nameless layer (nothing generated, no NG diagnostic)
        // or no layer at all (NG0002); never generated code.
        GeneratorHarness.Result result = GeneratorHarness.Run($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                {{member}}
            }
            """);
        AssertNothingGenerated(result);
        Assert.All(result.GeneratorDiagnostics, d => Assert.Equal("NG0002", d.Id));
        Assert.Contains(result.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", System.StringComparison.Ordinal));
    }

    [Fact]
    public void One_attribute_on_two_declarators_makes_two_layers()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(4, Activation.ReLU)] public readonly DenseLayer A, B;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """);
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
        Assert.Contains("// B: Dense 4 -> 4, ReLU", result.Sources[0].Source);
    }

    /// <summary>
    /// Found by the fuzz run: "R" formatting writes NaN, Infinity and -Infinity, which are not C# literals, so a
    /// hyper-parameter such as [WeightInit(Init.Constant, Value = double.NegativeInfinity)] gave CS0103 in
    /// generated code. Whether such a value is sensible is the validator's business; the literal must compile.
    /// </summary>
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(1e300)]
    [InlineData(-0.0)]
    [InlineData(0.1)]
    public void Every_double_becomes_a_compiling_literal(double value)
    {
        System.Type literals = typeof(NetGen.Generator.NetworkGenerator).Assembly.GetType("NetGen.Generator.Emission.Literals", throwOnError: true)!;
        string asDouble = (string)literals.GetMethod("Double")!.Invoke(null, new object[] { value })!;
        string asFloat = (string)literals.GetMethod("Float")!.Invoke(null, new object[] { value })!;
        var compilation = GeneratorHarness.Compile($"static class C {{ public const double D = {asDouble}; public const float F = {asFloat}; }}");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(value, (double)compilation.GetTypeByMetadataName("C")!.GetMembers("D").OfType<IFieldSymbol>().Single().ConstantValue!);
        Assert.Equal((float)value, (float)compilation.GetTypeByMetadataName("C")!.GetMembers("F").OfType<IFieldSymbol>().Single().ConstantValue!);
    }

    /// <summary>
    /// Found by the fuzz run: a layer-typed member whose attribute does not bind (misspelt, or being typed) was left
    /// out of the generated network, which then also left it unassigned (CS8618 in the generated constructor).
    /// Like any attribute the compiler cannot bind, it now makes the class generate nothing until it is fixed.
    /// </summary>
    [Theory]
    [InlineData("[Dens(2)] public readonly DenseLayer Output;")]
    [InlineData("[BatchNrm] public BatchNormLayer Norm { get; }")]
    public void Layer_typed_member_with_an_unbound_attribute_generates_nothing(string member)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(4)] public readonly DenseLayer Hidden;
                {{member}}
            }
            """);
        AssertNothingGenerated(result);
        Assert.Contains(result.CompilationDiagnostics, d => d.Id == "CS0246");
    }

    [Fact]
    public void NG0005_network_derived_from_a_network()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Small { [Dense(2)] public readonly DenseLayer Output; }
            [Network(Inputs = 4)]
            public partial class [|Large|] : Small { [Dense(3)] public readonly DenseLayer Head; }
            """,
            Expected.Error("NG0005", "Network 'Large' cannot be generated: its base class 'Small' is itself a [Network]; derive both from a common base class without [Network] instead"));
        Assert.Single(result.Sources); // Small is still generated
    }
}
