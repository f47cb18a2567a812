using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Activations;

public sealed class AllocationAndArgumentTests
{
    [Fact]
    public void Forward_and_backward_allocate_nothing_after_warm_up()
    {
        const int N = 1035; // more than the 512-element scratch chunk; row-wise kernels use whole rows of it
        Act[] acts = Act.All();
        float[] x = new float[N], y = new float[N], dy = new float[N], dx = new float[N];
        var r = new Random(3);
        for (int i = 0; i < N; i++) { x[i] = (float)(r.NextDouble() * 10 - 5); dy[i] = (float)r.NextDouble(); }
        void RunAll()
        {
            foreach (Act a in acts)
            {
                int n = a.IsRowWise ? N / a.Features * a.Features : N;
                a.Fwd(x.AsSpan(0, n), y.AsSpan(0, n));
                a.Bwd(x.AsSpan(0, n), y.AsSpan(0, n), dy.AsSpan(0, n), dx.AsSpan(0, n));
            }
        }
        Assert.Equal(0, AllocationMeter.BytesPerLoop(RunAll, times: 20));
    }

    [Fact]
    public void Length_mismatch_names_the_arguments_and_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationKernels.Relu(new float[3], new float[4]));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("x.Length = 3", e.Message);
        Assert.Contains("y.Length = 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => ActivationKernels.SigmoidBackward(new float[3], new float[3], new float[2], new float[3]));
        Assert.Equal("dy", e.ParamName);
        Assert.Contains("dy.Length = 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => ActivationKernels.TanhBackward(new float[3], new float[2], new float[3], new float[3]));
        Assert.Equal("y", e.ParamName);
        // A span the activation does not read may be empty; one it reads may not.
        ActivationKernels.ReluBackward(new float[3], default, new float[3], new float[3]);
        ActivationKernels.SigmoidBackward(default, new float[3], new float[3], new float[3]);
        Assert.Throws<ArgumentException>(() => ActivationKernels.SigmoidBackward(new float[3], default, new float[3], new float[3]));
    }

    [Fact]
    public void Bad_features_and_hyper_parameters_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationKernels.Softmax(new float[10], new float[10], 3));
        Assert.Equal("features", e.ParamName);
        Assert.Contains("features = 3", e.Message);
        Assert.Contains("length = 10", e.Message);
        Assert.Throws<ArgumentException>(() => ActivationKernels.LogSoftmax(new float[10], new float[10], 0));
        Assert.Throws<ArgumentException>(() => ActivationKernels.SoftmaxBackward(default, new float[10], new float[10], new float[10], -5));
        e = Assert.Throws<ArgumentException>(() => ActivationKernels.Softplus(new float[2], new float[2], 0f, 20f));
        Assert.Equal("beta", e.ParamName);
        Assert.Throws<ArgumentException>(() => ActivationKernels.SoftplusBackward(new float[2], default, new float[2], new float[2], -1f, 20f));
        Assert.Throws<ArgumentException>(() => ActivationKernels.Elu(new float[2], new float[2], float.NaN));
        Assert.Throws<ArgumentException>(() => ActivationKernels.LeakyRelu(new float[2], new float[2], float.PositiveInfinity));
    }

    [Fact]
    public void Partial_overlap_is_rejected_and_leaves_the_output_unchanged()
    {
        float[] buffer = [1, -2, 3, -4, 5, -6, 7, -8, 9];
        float[] copy = (float[])buffer.Clone();
        var e = Assert.Throws<ArgumentException>(() => ActivationKernels.Relu(buffer.AsSpan(0, 8), buffer.AsSpan(1, 8)));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("offset", e.Message);
        Assert.Equal(copy, buffer);
        Assert.Throws<ArgumentException>(() => ActivationKernels.ReluBackward(buffer.AsSpan(0, 8), default, buffer.AsSpan(1, 8), buffer.AsSpan(0, 8)));
    }

    [Fact]
    public void Empty_spans_are_fine()
    {
        foreach (Act a in Act.All())
        {
            a.Fwd(default, default);
            a.Bwd(default, default, default, default);
        }
    }
}
