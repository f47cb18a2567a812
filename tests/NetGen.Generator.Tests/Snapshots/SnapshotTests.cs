using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests.Snapshots;

/// <summary>
/// The generated source of representative networks is compared with checked-in files
/// (Snapshots/*.verified.cs). Set NETGEN_ACCEPT_SNAPSHOTS=1 to re-accept after a deliberate change;
/// CI never sets it. Each snapshot must also compile, with the runtime, without any warning
/// (documentation warnings included).
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void PhonePriceNetwork() => Verify("PhonePriceNet", """
        using NetGen;

        namespace Samples.Phones;

        /// <summary>Classifies phones into four price bands.</summary>
        [Network(Inputs = 20, Seed = 42, MaxBatchSize = 64)]
        public partial class PhonePriceNet
        {
            /// <summary>First hidden layer.</summary>
            [Dense(128, Activation.ReLU, WeightInit = Init.KaimingNormal)]
            public readonly DenseLayer Hidden1;

            /// <summary>Second hidden layer.</summary>
            [Dense(64, Activation.Tanh, WeightInit = Init.XavierUniform)]
            public readonly DenseLayer Hidden2;

            /// <summary>Logits of the four bands.</summary>
            [Dense(4)]
            public DenseLayer Output { get; }
        }
        """);

    /// <summary>
    /// Consecutive Dense layers without an activation or with ReLU: inference (ForwardNoGrad) runs them two at a time
    /// through Gemm.DenseForwardPair (here ReLU + ReLU, then a bias-free identity layer + identity), training's Forward
    /// one at a time.
    /// </summary>
    [Fact]
    public void DenseLayerPairs() => Verify("ReluMlp", """
        using NetGen;

        namespace Samples.Pairs;

        /// <summary>A ReLU perceptron with a linear projection before its head.</summary>
        [Network(Inputs = 12)]
        public partial class ReluMlp
        {
            /// <summary>First hidden layer.</summary>
            [Dense(16, Activation.ReLU)] public readonly DenseLayer Hidden1;

            /// <summary>Second hidden layer.</summary>
            [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden2;

            /// <summary>Linear projection.</summary>
            [Dense(8, Bias = false)] public readonly DenseLayer Projection;

            /// <summary>Logits.</summary>
            [Dense(3)] public readonly DenseLayer Output;
        }
        """);

    [Fact]
    public void EveryActivationAndInitScheme() => Verify("Zoo", """
        using NetGen;

        /// <summary>Holds the network.</summary>
        public partial class Outer
        {
            /// <summary>A network exercising every activation and init scheme.</summary>
            [Network(Inputs = 5)]
            [WeightInit(Init.Normal, Std = 0.05)]
            [BiasInit(Init.Zeros)]
            public partial class Zoo
            {
                /// <summary>Layer.</summary>
                [Dense(7, Activation.Sigmoid, Inputs = 5)] [WeightInit(Init.XavierNormal, Gain = 1.0)] public readonly DenseLayer L1;
                /// <summary>Layer.</summary>
                [Dense(6, Activation.LeakyReLU, NegativeSlope = 0.2)] [WeightInit(Init.KaimingUniform, A = 0.2, Mode = FanMode.FanOut)] public readonly DenseLayer L2;
                /// <summary>Layer.</summary>
                [Dense(5, Activation.ELU, Alpha = 0.5)] [BiasInit(Init.Constant, Value = 0.1)] public readonly DenseLayer L3;
                /// <summary>Layer.</summary>
                [Dense(6, Activation.SELU, Bias = false)] [WeightInit(Init.Uniform, Low = -0.3, High = 0.3)] public readonly DenseLayer L4;
                /// <summary>Layer.</summary>
                [Dense(5, Activation.GELU)] [WeightInit(Init.Default)] [BiasInit(Init.Uniform, Low = -0.01, High = 0.01)] public readonly DenseLayer L5;
                /// <summary>Layer.</summary>
                [Dense(6, Activation.SiLU)] [WeightInit(Init.Ones)] [BiasInit(Init.Ones)] public readonly DenseLayer L6;
                /// <summary>Layer.</summary>
                [Dense(5, Activation.Softplus, Beta = 2, Threshold = 10)] [WeightInit(Init.Constant, Value = 0.01)] public readonly DenseLayer L7;
                /// <summary>Layer.</summary>
                [Dense(4)] [WeightInit(Init.Zeros)] public readonly DenseLayer L8;
                /// <summary>Stand-alone activation.</summary>
                [ActivationLayer(Activation.Tanh)] public readonly ActivationLayer T;
                /// <summary>Layer.</summary>
                [Dense(3, Activation.ReLU)] [WeightInit(Init.KaimingNormal, Nonlinearity = Nonlinearity.ReLU)] public readonly DenseLayer L9;
                /// <summary>Output probabilities.</summary>
                [ActivationLayer(Activation.Softmax)] public readonly ActivationLayer Probabilities;
            }
        }
        """);

    [Fact]
    public void TinyRegressionNetworkInGlobalNamespace() => Verify("TinyNet", """
        using NetGen;

        /// <summary>2-32-32-1 tanh regression network.</summary>
        [Network(Inputs = 2)]
        internal partial class TinyNet
        {
            [Dense(32, Activation.Tanh)] internal readonly DenseLayer Hidden1;
            [Dense(32, Activation.Tanh)] internal readonly DenseLayer Hidden2;
            [Dense(1)] internal readonly DenseLayer Output;
        }
        """);

    [Fact]
    public void LogSoftmaxOutputStartingWithAnActivationLayer() => Verify("LogSoftmaxNet", """
        using NetGen;

        namespace Demo
        {
            /// <summary>Network whose first layer is an activation.</summary>
            [Network(Inputs = 3)]
            public partial class LogSoftmaxNet
            {
                /// <summary>Squash the input.</summary>
                [ActivationLayer(Activation.Sigmoid)] public ActivationLayer Squash { get; }
                /// <summary>Log-probabilities.</summary>
                [Dense(3, Activation.LogSoftmax)] public DenseLayer Output { get; }
            }
        }
        """);

    [Fact]
    public void EveryStatefulLayer() => Verify("StatefulNet", """
        using NetGen;

        namespace Demo;

        /// <summary>Dense → BatchNorm → ReLU → Dropout, and every other stateful layer.</summary>
        [Network(Inputs = 6, Seed = 5, MaxBatchSize = 16)]
        public partial class StatefulNet
        {
            /// <summary>Layer.</summary>
            [Dense(8)] public readonly DenseLayer D1;
            /// <summary>Layer.</summary>
            [BatchNorm] public readonly BatchNormLayer Norm1;
            /// <summary>Layer.</summary>
            [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu1;
            /// <summary>Layer.</summary>
            [Dropout(0.3)] public readonly DropoutLayer Drop1;
            /// <summary>Layer.</summary>
            [Dense(7)] public readonly DenseLayer D2;
            /// <summary>Layer.</summary>
            [LayerNorm(Epsilon = 1e-6)] public readonly LayerNormLayer Norm2;
            /// <summary>Layer.</summary>
            [PReLU(NumParameters = 7, Init = 0.1)] public readonly PReLULayer Act2;
            /// <summary>Compiles to nothing.</summary>
            [Dropout(0)] public readonly DropoutLayer Nothing;
            /// <summary>Layer.</summary>
            [Dense(5)] public readonly DenseLayer D3;
            /// <summary>Layer.</summary>
            [BatchNorm(Affine = false, CumulativeAverage = true)] public readonly BatchNormLayer Norm3;
            /// <summary>Layer.</summary>
            [BatchNorm(TrackRunningStats = false, Epsilon = 1e-3)] public readonly BatchNormLayer Norm4;
            /// <summary>Layer.</summary>
            [LayerNorm(ElementwiseAffine = false)] public readonly LayerNormLayer Norm5;
            /// <summary>Layer.</summary>
            [RReLU(Lower = 0.1, Upper = 0.3)] public readonly RReLULayer Act4;
            /// <summary>Layer.</summary>
            [Dense(3)] public readonly DenseLayer Out;
        }
        """);

    /// <summary>
    /// A convolutional network with every image layer: Conv2d with a fused ReLU and without bias, BatchNorm2d, a
    /// stand-alone ReLU, max and average pools (ceil mode), Dropout2d, global average pooling and Flatten (no code).
    /// </summary>
    [Fact]
    public void ConvolutionalNetwork() => Verify("ImageNet", """
        using NetGen;

        namespace Samples.Images;

        /// <summary>Classifies 3×16×16 images.</summary>
        [Network(InputChannels = 3, InputHeight = 16, InputWidth = 16, MaxBatchSize = 32)]
        public partial class ImageNet
        {
            /// <summary>First convolution.</summary>
            [Conv2d(8, 3, Activation.ReLU, Padding = 1)] public readonly Conv2dLayer Conv1;
            /// <summary>Halves the planes.</summary>
            [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;
            /// <summary>Second convolution.</summary>
            [Conv2d(16, 3, Bias = false)] public readonly Conv2dLayer Conv2;
            /// <summary>Normalises each channel.</summary>
            [BatchNorm2d] public readonly BatchNormLayer Norm2;
            /// <summary>Activation after the norm.</summary>
            [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu2;
            /// <summary>Drops whole channels.</summary>
            [Dropout2d(0.2)] public readonly Dropout2dLayer Drop;
            /// <summary>Averages 2×2 windows.</summary>
            [AvgPool2d(2, CeilMode = true)] public readonly AvgPool2dLayer Pool2;
            /// <summary>One value per channel.</summary>
            [AdaptiveAvgPool2d(1)] public readonly AdaptiveAvgPool2dLayer Gap;
            /// <summary>To features.</summary>
            [Flatten] public readonly FlattenLayer Flat;
            /// <summary>Logits.</summary>
            [Dense(4)] public readonly DenseLayer Output;
        }
        """);

    private static void Verify(string name, string source, [CallerFilePath] string callerFile = "")
    {
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        GeneratorHarness.Result result = GeneratorHarness.Run(options, source);
        Assert.Empty(result.GeneratorDiagnostics);
        string generated = Assert.Single(result.Sources).Source;

        string directory = Path.GetDirectoryName(callerFile)!;
        string verifiedPath = Path.Combine(directory, name + ".verified.cs");
        if (Environment.GetEnvironmentVariable("NETGEN_ACCEPT_SNAPSHOTS") == "1")
            File.WriteAllText(verifiedPath, generated);
        // After writing, so that a snapshot that does not compile can be read; the test fails all the same.
        Assert.Empty(result.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string expectedPath = File.Exists(verifiedPath) ? verifiedPath : Path.Combine(AppContext.BaseDirectory, "Snapshots", name + ".verified.cs");
        Assert.True(File.Exists(expectedPath), $"No snapshot {name}.verified.cs; run the tests once with NETGEN_ACCEPT_SNAPSHOTS=1 and review the file.");
        string expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n");
        if (expected != generated)
        {
            File.WriteAllText(Path.Combine(directory, name + ".received.cs"), generated);
            Assert.Fail($"Generated source of {name} differs from {name}.verified.cs:\n" + FirstDifference(expected, generated)
                + $"\nThe new output is in {name}.received.cs; if the change is intended, re-run with NETGEN_ACCEPT_SNAPSHOTS=1.");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end of file>", al = i < a.Length ? a[i] : "<end of file>";
            if (el != al) return $"line {i + 1}:\n- expected: {el}\n+ actual:   {al}";
        }
        return "(line endings only)";
    }
}
