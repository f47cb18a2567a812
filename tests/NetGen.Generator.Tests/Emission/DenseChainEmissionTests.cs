using System.Linq;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests.Emission;

/// <summary>
/// Which networks run one sample through a DenseChain: two or more layers, all dense without activation or with ReLU,
/// tanh or sigmoid,
/// each with at most 16,384 weights (and at most 1,024 outputs before the last). The generated code must compile either way.
/// </summary>
public class DenseChainEmissionTests
{
    [Theory]
    [InlineData("[Dense(64, Activation.ReLU)] public readonly DenseLayer A; [Dense(8)] public readonly DenseLayer B;", 16, true)]
    [InlineData("[Dense(128, Activation.ReLU, Bias = false)] public readonly DenseLayer A; [Dense(3)] public readonly DenseLayer B;", 128, true)] // 128 x 128 = 16,384
    [InlineData("[Dense(128, Activation.ReLU)] public readonly DenseLayer A; [Dense(3)] public readonly DenseLayer B;", 129, false)] // 16,512 weights
    [InlineData("[Dense(1025)] public readonly DenseLayer A; [Dense(3)] public readonly DenseLayer B;", 1, false)] // wider than the chain holds
    [InlineData("[Dense(3)] public readonly DenseLayer A; [Dense(1025)] public readonly DenseLayer B;", 1, true)] // the last may be wider
    [InlineData("[Dense(8, Activation.Tanh)] public readonly DenseLayer A; [Dense(3, Activation.Sigmoid)] public readonly DenseLayer B;", 4, true)]
    [InlineData("[Dense(8, Activation.GELU)] public readonly DenseLayer A; [Dense(3)] public readonly DenseLayer B;", 4, false)]
    [InlineData("[Dense(8, Activation.ReLU)] public readonly DenseLayer A; [Dense(3, Activation.Softmax)] public readonly DenseLayer B;", 4, false)]
    [InlineData("[Dense(8, Activation.ReLU)] public readonly DenseLayer A; [Dropout(0.5)] public readonly DropoutLayer D; [Dense(3)] public readonly DenseLayer B;", 4, false)]
    [InlineData("[Dense(8, Activation.ReLU)] public readonly DenseLayer A;", 4, false)] // one layer: nothing to save
    public void Chain_IsDeclaredExactlyForSmallDenseNetworksOfChainableActivations(string layers, int inputs, bool chained)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run($$"""
            using NetGen;
            namespace Demo;
            [Network(Inputs = {{inputs}})]
            public partial class Net { {{layers}} }
            """);
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(result.CompilationDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        string source = Assert.Single(result.Sources).Source;
        Assert.Equal(chained, source.Contains("private static readonly global::NetGen.Kernels.DenseChain s_oneSampleChain"));
        Assert.Equal(chained, source.Contains("if (batchSize == 1) s_oneSampleChain.Forward(_parameters.Values, input, output);"));
    }
}
