using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Edge cases of the wiring and emitter: #pragma suppression, records, keyword and parameter-like
/// layer names, sizes that do not fit an array, two layer attributes on one member.
/// </summary>
public class EdgeCaseTests
{
    [Fact]
    public void Advice_can_be_suppressed_with_pragma()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
            #pragma warning disable NG2002
                [Dense(8, Activation.Softmax)] public readonly DenseLayer Hidden;
            #pragma warning restore NG2002
                [Dense(2)] public readonly DenseLayer Output;
            }
            """);
        Diagnostic advice = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG2002", advice.Id);
        Assert.Equal(LocationKind.SourceFile, advice.Location.Kind);
        Assert.True(advice.IsSuppressed);
    }

    [Fact]
    public void Network_on_a_record_is_reported()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial record [|Net|]
            {
                [Dense(2)] public DenseLayer Output { get; } = null!;
            }
            """,
            Expected.Error("NG0005", "Network 'Net' cannot be generated: a network must be a class, not a record"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void Keyword_layer_names_are_escaped()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer @class;
            }
            """);
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Layer_named_like_the_constructor_parameter()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer maxBatchSize;
            }
            """);
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Parameter_count_overflow_is_reported()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run("""
            using NetGen;
            [Network(Inputs = 100000)]
            public partial class Net
            {
                [Dense(100000)] public readonly DenseLayer Output;
            }
            """);
        Diagnostic error = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG1003", error.Id);
        Assert.Equal("Network 'Net' needs 10000100000 parameters, more than the 2147483591 a single .NET array can hold; use smaller layers or a smaller MaxBatchSize",
            error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void Workspace_overflow_is_reported()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [[|Network(Inputs = 1000, MaxBatchSize = 1000000)|]]
            public partial class Net
            {
                [Dense(1000)] public readonly DenseLayer Output;
            }
            """,
            // Per sample, each region padded to 16 floats: input 1008 + output 1008 + two gradient regions of 1008 = 4032.
            Expected.Error("NG1003", "Network 'Net' needs 4032000000 workspace floats for MaxBatchSize = 1000000, more than the 2147483591 a single .NET array can hold; use smaller layers or a smaller MaxBatchSize"));
        AssertNothingGenerated(result);
    }

    /// <summary>
    /// The size check reads the resolved plan, padding included: one feature still takes a 16-float region (input,
    /// output and two gradient regions: 64 floats per sample), so 300,000,000 samples need 19.2 G floats. The old
    /// estimate (4 floats per sample, 1.2 G) let this through and the constructor then overflowed.
    /// </summary>
    [Fact]
    public void Workspace_overflow_counts_the_padding_of_every_region()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [[|Network(Inputs = 1, MaxBatchSize = 300000000)|]]
            public partial class Net
            {
                [Dense(1)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1003", "Network 'Net' needs 19200000000 workspace floats for MaxBatchSize = 300000000, more than the 2147483591 a single .NET array can hold; use smaller layers or a smaller MaxBatchSize"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void Non_positive_MaxBatchSize_is_reported()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4, [|MaxBatchSize = 0|])]
            public partial class Net
            {
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1004", "Network 'Net' has MaxBatchSize = 0; the default workspace needs room for at least one sample"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void Two_layer_attributes_on_one_member_are_reported()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(2)] [ActivationLayer(Activation.ReLU)] public readonly DenseLayer [|Output|];
            }
            """,
            Expected.Error("NG0010", "Member 'Output' carries both [Dense] and [ActivationLayer]; a member is one layer, declare the second as a member of its own"));
        AssertNothingGenerated(result);
    }
}
