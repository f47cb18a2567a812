using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Valid declarations in every supported shape produce no generator diagnostic at all, and the
/// generated code compiles with the user's code without errors or warnings.
/// </summary>
public class ValidSourceTests
{
    public static TheoryData<string, string> ValidNetworks => new()
    {
        { "file-scoped namespace, fields", """
            using NetGen;
            namespace Demo.Models;
            [Network(Inputs = 20, Seed = 42)]
            public partial class PhonePriceNet
            {
                [Dense(128, Activation.ReLU)] public readonly DenseLayer Hidden1;
                [Dense(64, Activation.ReLU)] public readonly DenseLayer Hidden2;
                [Dense(4, Activation.Softmax)] public readonly DenseLayer Output;
            }
            """ },
        { "block namespace, get-only and init properties, nullable-annotated member", """
            using NetGen;
            namespace Demo
            {
                [Network(Inputs = 3, MaxBatchSize = 16)]
                internal sealed partial class Regressor
                {
                    [Dense(8, Activation.Tanh)] public DenseLayer Hidden { get; }
                    [Dense(8, Activation.Tanh)] public DenseLayer Hidden2 { get; init; }
                    [Dense(1)] public DenseLayer? Output { get; }
                }
            }
            """ },
        { "global namespace, private fields, two declarators", """
            using NetGen;
            [Network(Inputs = 2)]
            partial class Xor
            {
                [Dense(4, Activation.Tanh)] private readonly DenseLayer A, B;
                [Dense(1, Activation.Sigmoid)] private readonly DenseLayer Output;
            }
            """ },
        { "nested in partial class, struct and record", """
            using NetGen;
            namespace Demo;
            public static partial class Models
            {
                public partial struct Holder
                {
                    public partial record Outer
                    {
                        [Network(Inputs = 4)]
                        public partial class Inner
                        {
                            [Dense(2)] public readonly DenseLayer Output;
                        }
                    }
                }
            }
            """ },
        { "activation layers and a layer without bias", """
            using NetGen;
            namespace Demo;
            [Network(Inputs = 6)]
            public partial class Net
            {
                [Dense(16, Bias = false)] public readonly DenseLayer Hidden;
                [ActivationLayer(Activation.LeakyReLU, NegativeSlope = 0.2)] public readonly ActivationLayer HiddenAct;
                [Dense(16, Inputs = 16, Bias = false)] public readonly DenseLayer Hidden2;
                [ActivationLayer(Activation.Identity)] public readonly ActivationLayer Pass;
                [Dense(3, Inputs = 16)] public readonly DenseLayer Output;
                [ActivationLayer(Activation.LogSoftmax)] public readonly ActivationLayer LogProbabilities;
            }
            """ },
        { "every fused activation", """
            using NetGen;
            [Network(Inputs = 5)]
            public partial class EveryActivation
            {
                [Dense(7, Activation.Identity)] public readonly DenseLayer L0;
                [Dense(7, Activation.Sigmoid)] public readonly DenseLayer L1;
                [Dense(7, Activation.Tanh)] public readonly DenseLayer L2;
                [Dense(7, Activation.ReLU)] public readonly DenseLayer L3;
                [Dense(7, Activation.LeakyReLU, NegativeSlope = 0)] public readonly DenseLayer L4;
                [Dense(7, Activation.ELU, Alpha = 0.5)] public readonly DenseLayer L5;
                [Dense(7, Activation.SELU)] public readonly DenseLayer L6;
                [Dense(7, Activation.GELU)] public readonly DenseLayer L7;
                [Dense(7, Activation.SiLU)] public readonly DenseLayer L8;
                [Dense(7, Activation.Softplus, Beta = 2, Threshold = 10)] public readonly DenseLayer L9;
                [Dense(3, Activation.LogSoftmax)] public readonly DenseLayer Output;
            }
            """ },
        { "every stand-alone activation", """
            using NetGen;
            [Network(Inputs = 5)]
            public partial class EveryActivationLayer
            {
                [Dense(7)] public readonly DenseLayer D;
                [ActivationLayer(Activation.Identity)] public readonly ActivationLayer A0;
                [ActivationLayer(Activation.Sigmoid)] public readonly ActivationLayer A1;
                [ActivationLayer(Activation.Tanh)] public readonly ActivationLayer A2;
                [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer A3;
                [ActivationLayer(Activation.LeakyReLU)] public readonly ActivationLayer A4;
                [ActivationLayer(Activation.ELU)] public readonly ActivationLayer A5;
                [ActivationLayer(Activation.SELU)] public readonly ActivationLayer A6;
                [ActivationLayer(Activation.GELU)] public readonly ActivationLayer A7;
                [ActivationLayer(Activation.SiLU)] public readonly ActivationLayer A8;
                [ActivationLayer(Activation.Softplus)] public readonly ActivationLayer A9;
                [ActivationLayer(Activation.Softmax)] public readonly ActivationLayer Output;
            }
            """ },
        { "every init scheme on weights, allowed ones on biases", """
            using NetGen;
            [Network(Inputs = 4)]
            public partial class EveryInit
            {
                [Dense(6, WeightInit = Init.Default, BiasInit = Init.Default)] public readonly DenseLayer L0;
                [Dense(6, WeightInit = Init.Zeros, BiasInit = Init.Zeros)] public readonly DenseLayer L1;
                [Dense(6, WeightInit = Init.Ones, BiasInit = Init.Ones)] public readonly DenseLayer L2;
                [Dense(6)] [WeightInit(Init.Constant, Value = 0.5)] [BiasInit(Init.Constant, Value = -0.1)] public readonly DenseLayer L3;
                [Dense(6)] [WeightInit(Init.Uniform, Low = -0.1, High = 0.1)] [BiasInit(Init.Uniform, Low = -1, High = 0)] public readonly DenseLayer L4;
                [Dense(6)] [WeightInit(Init.Normal, Mean = 0.1, Std = 0.02)] [BiasInit(Init.Normal, Std = 0.5)] public readonly DenseLayer L5;
                [Dense(6, Activation.Tanh)] [WeightInit(Init.XavierUniform, Gain = 1.6666666)] public readonly DenseLayer L6;
                [Dense(6, Activation.Sigmoid, WeightInit = Init.XavierNormal)] public readonly DenseLayer L7;
                [Dense(6, Activation.ReLU)] [WeightInit(Init.KaimingUniform, Nonlinearity = Nonlinearity.ReLU)] public readonly DenseLayer L8;
                [Dense(6, Activation.LeakyReLU, NegativeSlope = 0.1)] [WeightInit(Init.KaimingNormal, A = 0.1, Mode = FanMode.FanOut)] public readonly DenseLayer L9;
                [Dense(2, WeightInit = Init.XavierUniform, Bias = false)] public readonly DenseLayer Output;
            }
            """ },
        { "class-level weight and bias defaults", """
            using NetGen;
            namespace Demo;
            [Network(Inputs = 4)]
            [WeightInit(Init.KaimingNormal, Nonlinearity = Nonlinearity.ReLU)]
            [BiasInit(Init.Constant, Value = 0.01)]
            public partial class Defaults
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
                [Dense(8, Activation.Tanh, WeightInit = Init.XavierUniform, BiasInit = Init.Zeros)] public readonly DenseLayer Hidden2;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """ },
        { "user constructors chaining to the generated ones", """
            using NetGen;
            namespace Demo;
            [Network(Inputs = 4)]
            public partial class Named
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer Output;

                public Named(string name) : this(32) { Name = name; }
                public Named(string name, bool verbose) : this() { Name = name; Verbose = verbose; }
                static Named() { }

                public string Name { get; } = "";
                public bool Verbose { get; }
            }
            """ },
        { "two networks with the same name in different namespaces", """
            using NetGen;
            namespace A { [Network(Inputs = 2)] public partial class Net { [Dense(1)] public readonly DenseLayer Output; } }
            namespace B { [Network(Inputs = 3)] public partial class Net { [Dense(1)] public readonly DenseLayer Output; } }
            """ },
    };

    [Theory]
    [MemberData(nameof(ValidNetworks))]
    public void Valid_sources_produce_no_diagnostics_at_all(string name, string source)
    {
        Assert.False(string.IsNullOrEmpty(name));
        GeneratorHarness.Result result = Verify(source);
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
        Assert.Null(UnguardedPipeline.RunAndGetException(source));
    }

    [Fact]
    public void Same_class_name_in_two_namespaces_gets_two_generated_files()
    {
        GeneratorHarness.Result result = Verify(ValidNetworks.Single(row => (string)row[0] == "two networks with the same name in different namespaces")[1].ToString()!);
        string[] names = result.Sources.Select(s => s.HintName).ToArray();
        Assert.Equal(2, names.Length);
        Assert.Matches(@"^A\.Net\.[0-9a-f]{8}\.g\.cs$", names[0]);
        Assert.Matches(@"^B\.Net\.[0-9a-f]{8}\.g\.cs$", names[1]);
    }
}
