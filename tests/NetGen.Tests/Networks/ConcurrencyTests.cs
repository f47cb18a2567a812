using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetGen;
using Xunit;

namespace NetGen.Tests.Networks;

/// <summary>
/// One network instance holds the activations of one call in its workspace, so calls on it from two threads must never
/// overlap silently: the second one throws. Serving one set of weights from many threads goes through inference
/// contexts, each with its own workspace, whose outputs equal a single-threaded run bit for bit.
/// </summary>
public class ConcurrencyTests
{
    private static float[] Inputs(int count, int seed) => RandomInputs.Create(count, seed);

    public enum Call { Forward, ForwardNoGradEval }

    /// <summary>
    /// Two threads call the same instance with different inputs until overlaps have been seen. Every call either
    /// returns the single-threaded result bit for bit or throws <see cref="InvalidOperationException"/>; without the
    /// guard, overlapping calls return each other's or half-written activations (15-35 % of calls were wrong).
    /// </summary>
    [Theory]
    [InlineData(Call.Forward, 1)]
    [InlineData(Call.Forward, 64)]
    [InlineData(Call.ForwardNoGradEval, 1)]
    [InlineData(Call.ForwardNoGradEval, 64)]
    public void OneInstanceFromTwoThreads_ThrowsInsteadOfReturningWrongOutputs(Call call, int batch)
    {
        var net = new PhoneShapedNet();
        if (call == Call.ForwardNoGradEval) net.Eval();
        float[][] inputs = { Inputs(batch * PhoneShapedNet.InputSize, 1), Inputs(batch * PhoneShapedNet.InputSize, 2) };
        float[][] expected = inputs.Select(x =>
        {
            var y = new float[batch * PhoneShapedNet.OutputSize];
            net.Forward(x, y, batch);
            return y;
        }).ToArray();

        int wrong = 0, refused = 0;
        string? message = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        using var start = new Barrier(2);
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
        {
            var y = new float[expected[t].Length];
            start.SignalAndWait();
            for (int i = 0; i < 2_000_000 && Volatile.Read(ref refused) < 200 && DateTime.UtcNow < deadline; i++)
            {
                try
                {
                    if (call == Call.Forward) net.Forward(inputs[t], y, batch);
                    else net.ForwardNoGrad(inputs[t], y, batch);
                }
                catch (InvalidOperationException e)
                {
                    Interlocked.Increment(ref refused);
                    message = e.Message;
                    continue;
                }
                if (!y.AsSpan().SequenceEqual(expected[t])) Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
        Assert.True(refused > 0, "the two threads never overlapped, so the test proved nothing");
        Assert.Contains("PhoneShapedNet is already running Forward, ForwardNoGrad or Backward on another thread", message);
        Assert.Contains("CreateInferenceContext()", message);

        // The guard is released after a refused call too: the instance works normally afterwards.
        var after = new float[expected[0].Length];
        net.Forward(inputs[0], after, batch);
        Assert.Equal(expected[0], after);
    }

    [Fact]
    public void BackwardOverlappingForward_Throws()
    {
        var net = new PhoneShapedNet();
        float[] x = Inputs(64 * PhoneShapedNet.InputSize, 3);
        var y = new float[64 * PhoneShapedNet.OutputSize];
        var dy = Enumerable.Repeat(0.01f, y.Length).ToArray();
        net.Forward(x, y, 64);
        int refused = 0;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        using var start = new Barrier(2);
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
        {
            var own = new float[y.Length];
            start.SignalAndWait();
            for (int i = 0; i < 1_000_000 && Volatile.Read(ref refused) < 50 && DateTime.UtcNow < deadline; i++)
            {
                try
                {
                    if (t == 0) net.Forward(x, own, 64);
                    else net.Backward(dy);
                }
                catch (InvalidOperationException) { Interlocked.Increment(ref refused); }
            }
        });
        Assert.True(refused > 0);
    }

    /// <summary>
    /// N threads × M calls, each thread with its own context over one network, batch sizes 1..8 mixed: every output is
    /// the single-threaded evaluation-mode result bit for bit. EveryLayerNet has batch norm, dropout and RReLU (whose
    /// evaluation forms must not touch shared state); MnistShapedNet splits one-sample layers over the worker threads.
    /// </summary>
    [Fact]
    public void InferenceContexts_ManyThreads_MatchSingleThreadedRunBitForBit()
    {
        CheckContexts(new EveryLayerNet(), EveryLayerNet.InputSize, EveryLayerNet.OutputSize, maxBatch: 8);
        CheckContexts(new MnistShapedNet(), MnistShapedNet.InputSize, MnistShapedNet.OutputSize, maxBatch: 8);
    }

    private static void CheckContexts(INetwork net, int inputSize, int outputSize, int maxBatch)
    {
        const int Threads = 4, Calls = 150, Cases = 12;
        // Train a little first so the running statistics are not their initial values.
        net.IsTraining = true;
        var warm = new float[maxBatch * outputSize];
        for (int i = 0; i < 3; i++) net.Forward(Inputs(maxBatch * inputSize, 100 + i), warm, maxBatch);

        int[] batches = Enumerable.Range(0, Cases).Select(c => 1 + c % maxBatch).ToArray();
        float[][] inputs = Enumerable.Range(0, Cases).Select(c => Inputs(batches[c] * inputSize, 200 + c)).ToArray();
        net.IsTraining = false;
        float[][] expected = Enumerable.Range(0, Cases).Select(c =>
        {
            var y = new float[batches[c] * outputSize];
            net.ForwardNoGrad(inputs[c], y, batches[c]);
            return y;
        }).ToArray();
        net.IsTraining = true; // contexts run evaluation mode whatever the network's mode

        int wrong = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var context = new InferenceContext(net, maxBatch);
            var y = new float[maxBatch * outputSize];
            for (int i = 0; i < Calls; i++)
            {
                int c = (t * 7 + i) % Cases;
                Span<float> output = y.AsSpan(0, batches[c] * outputSize);
                context.Forward(inputs[c], output, batches[c]);
                if (!output.SequenceEqual(expected[c])) Interlocked.Increment(ref wrong);
            }
        });
        Assert.Equal(0, wrong);
    }

    [Fact]
    public void InferenceContext_AllocatesNothingPerCall()
    {
        var net = new EveryLayerNet();
        InferenceContext context = net.CreateInferenceContext(4);
        float[] x = Inputs(4 * EveryLayerNet.InputSize, 5);
        var y = new float[4 * EveryLayerNet.OutputSize];
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => context.Forward(x, y, 4)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => context.Forward(x.AsSpan(0, EveryLayerNet.InputSize), y.AsSpan(0, EveryLayerNet.OutputSize))));
    }

    [Fact]
    public void InferenceContext_SharedBetweenThreads_Throws()
    {
        var net = new PhoneShapedNet();
        InferenceContext context = net.CreateInferenceContext();
        Assert.Equal(net.MaxBatchSize, context.MaxBatchSize);
        Assert.Same(net, context.Network);
        float[] x = Inputs(64 * PhoneShapedNet.InputSize, 6);
        var expected = new float[64 * PhoneShapedNet.OutputSize];
        net.Eval();
        net.ForwardNoGrad(x, expected, 64);
        int refused = 0, wrong = 0;
        string? message = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        using var start = new Barrier(2);
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
        {
            var y = new float[expected.Length];
            start.SignalAndWait();
            for (int i = 0; i < 1_000_000 && Volatile.Read(ref refused) < 50 && DateTime.UtcNow < deadline; i++)
            {
                try { context.Forward(x, y, 64); }
                catch (InvalidOperationException e) { Interlocked.Increment(ref refused); message = e.Message; continue; }
                if (!y.AsSpan().SequenceEqual(expected)) Interlocked.Increment(ref wrong);
            }
        });
        Assert.Equal(0, wrong);
        Assert.True(refused > 0);
        Assert.Contains("This InferenceContext of PhoneShapedNet is already running on another thread", message);
    }

    [Fact]
    public void InferenceContext_BadArguments_NameTheArgumentAndValues()
    {
        var net = new PhoneShapedNet();
        InferenceContext context = net.CreateInferenceContext(2);
        var e = Assert.Throws<ArgumentException>(() => context.Forward(new float[3 * 20], new float[3 * 4], 3));
        Assert.Equal("batchSize", e.ParamName);
        Assert.Contains("batchSize is 3", e.Message);
        var o = Assert.Throws<ArgumentOutOfRangeException>(() => net.CreateInferenceContext(0));
        Assert.Equal("maxBatchSize", o.ParamName);
        var n = Assert.Throws<ArgumentException>(() => new InferenceContext(new NotGenerated(), 1));
        Assert.Equal("network", n.ParamName);
        Assert.Contains("NotGenerated is not a network generated by NetGen", n.Message);
    }

    /// <summary>maxBatchSize × workspace floats must fit in one array; past that a clear error, not a bare OverflowException.</summary>
    [Fact]
    public void HugeMaxBatchSize_NamesTheArgumentAndTheLimit()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PhoneShapedNet(40_000_000));
        Assert.Equal("maxBatchSize", e.ParamName);
        Assert.Contains("maxBatchSize (40000000) is too large for PhoneShapedNet", e.Message);
        int perSample = ((NetGen.Internal.IEvaluationForward)new PhoneShapedNet(1)).WorkspacePerSample;
        int largest = (Array.MaxLength - 15) / perSample;
        Assert.Contains($"The largest maxBatchSize PhoneShapedNet supports is {largest}", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhoneShapedNet(largest + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhoneShapedNet(int.MaxValue));
    }

    private sealed class NotGenerated : INetwork
    {
        public int InputSize => 1;
        public int OutputSize => 1;
        public int MaxBatchSize => 1;
        public ParameterBuffer Parameters { get; } = new(Array.Empty<ParameterInfo>());
        public ParameterBuffer Buffers { get; } = new(Array.Empty<ParameterInfo>());
        public bool IsTraining { get; set; }
        public System.Collections.Generic.IReadOnlyList<Layer> Layers => Array.Empty<Layer>();
        public void Forward(ReadOnlySpan<float> input, Span<float> output, int batchSize) { }
        public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient) { }
        public void ZeroGrad() { }
        public void InitializeParameters(int seed) { }
    }
}
