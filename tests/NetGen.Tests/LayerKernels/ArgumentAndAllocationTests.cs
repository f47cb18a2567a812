using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>Bad arguments throw naming the argument and numbers, leave state unchanged; every kernel allocates nothing.</summary>
public sealed class ArgumentAndAllocationTests
{
    [Fact]
    public void BatchNorm_batch_1_training_throws_PyTorchs_message_and_changes_nothing()
    {
        float[] x = { 1f, 2f, 3f };
        float[] y = { 7f, 7f, 7f };
        float[] rm = { 0.5f, 0.5f, 0.5f }, rv = { 2f, 2f, 2f };
        float[] sm = { 9f, 9f, 9f }, si = { 9f, 9f, 9f };
        var ex = Assert.Throws<ArgumentException>(() =>
            BatchNormKernels.ForwardTraining(x, y, 1, 3, default, default, sm, si, true, rm, rv, 0.1, 1e-5f));
        Assert.StartsWith("Expected more than 1 value per channel when training, got input size [1, 3]", ex.Message);
        Assert.Equal(new[] { 7f, 7f, 7f }, y);
        Assert.Equal(new[] { 0.5f, 0.5f, 0.5f }, rm);
        Assert.Equal(new[] { 2f, 2f, 2f }, rv);
        Assert.Equal(new[] { 9f, 9f, 9f }, sm);
        Assert.Equal(new[] { 9f, 9f, 9f }, si);
    }

    [Fact]
    public void BatchNorm_length_errors_name_the_argument_and_numbers()
    {
        var x = new float[6];
        var y = new float[6];
        var f3 = new float[3];
        var f2 = new float[2];
        var ex = Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardTraining(x, new float[5], 2, 3, default, default, f3, new float[3], false, default, default, 0.1, 1e-5f));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("5", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardTraining(x, y, 2, 3, f2, f2, f3, new float[3], false, default, default, 0.1, 1e-5f));
        Assert.Equal("gamma", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardTraining(x, y, 3, 3, default, default, f3, new float[3], false, default, default, 0.1, 1e-5f));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("9", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardTraining(x, y, 2, 3, default, default, f3, new float[3], true, f3, f2, 0.1, 1e-5f));
        Assert.Equal("runningVar", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormKernels.ForwardTraining(x, y, 2, 3, default, default, f3, new float[3], true, f3, new float[3], 1.5, 1e-5f));
        ex = Assert.Throws<ArgumentException>(() => BatchNormKernels.BackwardTraining(x, y, new float[6], 2, 3, f3, new float[2], new float[3], f3, new float[3]));
        Assert.Equal("dgamma", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardInference(x, y, 2, 3, default, default, f2, f3, 1e-5f));
        Assert.Equal("runningMean", ex.ParamName);
        // partial overlap of y with x
        var big = new float[7];
        ex = Assert.Throws<ArgumentException>(() => BatchNormKernels.ForwardInference(big.AsSpan(0, 6), big.AsSpan(1, 6), 2, 3, default, default, f3, f3, 1e-5f));
        Assert.Equal("y", ex.ParamName);
    }

    [Fact]
    public void Other_kernels_reject_bad_arguments()
    {
        var x = new float[6];
        var ex = Assert.Throws<ArgumentException>(() => LayerNormKernels.Forward(x, new float[6], 2, 3, default, default, new float[3], new float[2], 1e-5f));
        Assert.Equal("savedMean", ex.ParamName);
        Assert.Contains("2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => PReluKernels.Forward(x, new float[6], new float[2], 3));
        Assert.Equal("weight", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => PReluKernels.Forward(x, new float[6], new float[1], 4));
        Assert.Equal("features", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => PReluKernels.Backward(x, x, new float[6], new float[3], new float[1], 3));
        Assert.Equal("dweight", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutKernels.Forward(x, new float[6], new float[6], 1f, new NetRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutKernels.Forward(x, new float[6], new float[6], -0.1f, new NetRandom(1)));
        ex = Assert.Throws<ArgumentException>(() => DropoutKernels.Forward(x, new float[6], new float[5], 0.5f, new NetRandom(1)));
        Assert.Equal("mask", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => DropoutKernels.Backward(new float[6], new float[6], new float[4]));
        Assert.Equal("dx", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => RReluKernels.ForwardInference(x, new float[6], new float[6], 0.5f, 0.1f));
        Assert.Equal("upper", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => RReluKernels.Backward(new float[6], new float[5], new float[6]));
        Assert.Equal("dy", ex.ParamName);
        var shared = new float[6];
        ex = Assert.Throws<ArgumentException>(() => RReluKernels.ForwardInference(x, shared, shared, 0.1f, 0.3f));
        Assert.Equal("noise", ex.ParamName);
    }

    private static long Allocated(Action action) => AllocationMeter.BytesPerLoop(action);

    [Fact]
    public void Every_kernel_allocates_nothing_after_warm_up()
    {
        const int batch = 8, features = 70;   // > one feature block
        int n = batch * features;
        float[] x = new float[n], y = new float[n], dy = new float[n], dx = new float[n], mask = new float[n];
        for (int i = 0; i < n; i++) { x[i] = MathF.Sin(i) * 2; dy[i] = MathF.Cos(i); }
        float[] gamma = new float[features], beta = new float[features], dg = new float[features], db = new float[features];
        gamma.AsSpan().Fill(1.1f);
        float[] sm = new float[features], si = new float[features], rm = new float[features], rv = new float[features];
        rv.AsSpan().Fill(1f);
        float[] lm = new float[batch], li = new float[batch], w = new float[features], dw = new float[features];
        w.AsSpan().Fill(0.2f);
        var random = new NetRandom(1);

        Assert.Equal(0, Allocated(() => DropoutKernels.Forward(x, y, mask, 0.3f, random)));
        Assert.Equal(0, Allocated(() => DropoutKernels.Backward(mask, dy, dx)));
        Assert.Equal(0, Allocated(() => BatchNormKernels.ForwardTraining(x, y, batch, features, gamma, beta, sm, si, true, rm, rv, 0.1, 1e-5f)));
        Assert.Equal(0, Allocated(() => BatchNormKernels.ForwardInference(x, y, batch, features, gamma, beta, rm, rv, 1e-5f)));
        Assert.Equal(0, Allocated(() => BatchNormKernels.BackwardTraining(x, dy, dx, batch, features, gamma, dg, db, sm, si)));
        Assert.Equal(0, Allocated(() => BatchNormKernels.BackwardInference(x, dy, dx, batch, features, gamma, dg, db, rm, rv, 1e-5f)));
        Assert.Equal(0, Allocated(() => LayerNormKernels.Forward(x, y, batch, features, gamma, beta, lm, li, 1e-5f)));
        Assert.Equal(0, Allocated(() => LayerNormKernels.Backward(x, dy, dx, batch, features, gamma, dg, db, lm, li)));
        Assert.Equal(0, Allocated(() => PReluKernels.Forward(x, y, w, features)));
        Assert.Equal(0, Allocated(() => PReluKernels.Backward(x, dy, dx, w, dw, features)));
        Assert.Equal(0, Allocated(() => PReluKernels.Backward(x, dy, dx, w.AsSpan(0, 1), dw.AsSpan(0, 1), features)));
        Assert.Equal(0, Allocated(() => RReluKernels.ForwardTraining(x, y, mask, 0.1f, 0.3f, random)));
        Assert.Equal(0, Allocated(() => RReluKernels.ForwardInference(x, y, mask, 0.1f, 0.3f)));
        Assert.Equal(0, Allocated(() => RReluKernels.Backward(mask, dy, dx)));
    }

    [Fact]
    public void In_place_normalisation_matches_out_of_place()
    {
        const int batch = 5, features = 9;
        var x = new float[batch * features];
        var dy = new float[x.Length];
        for (int i = 0; i < x.Length; i++) { x[i] = MathF.Sin(3 * i) * 2 + 1; dy[i] = MathF.Cos(5 * i); }
        float[] gamma = new float[features], beta = new float[features];
        for (int f = 0; f < features; f++) { gamma[f] = 0.5f + 0.1f * f; beta[f] = 0.2f * f - 0.4f; }

        var y = new float[x.Length];
        float[] m = new float[features], s = new float[features];
        BatchNormKernels.ForwardTraining(x, y, batch, features, gamma, beta, m, s, false, default, default, 0, 1e-5f);
        var yIn = (float[])x.Clone();
        BatchNormKernels.ForwardTraining(yIn, yIn, batch, features, gamma, beta, m, s, false, default, default, 0, 1e-5f);
        Assert.Equal(y, yIn);
        var dx = new float[x.Length];
        BatchNormKernels.BackwardTraining(x, dy, dx, batch, features, gamma, new float[features], new float[features], m, s);
        var dxIn = (float[])dy.Clone();
        BatchNormKernels.BackwardTraining(x, dxIn, dxIn, batch, features, gamma, new float[features], new float[features], m, s);
        Assert.Equal(dx, dxIn);

        float[] lm = new float[batch], ls = new float[batch];
        LayerNormKernels.Forward(x, y, batch, features, gamma, beta, lm, ls, 1e-5f);
        float[] dg1 = new float[features], db1 = new float[features], dg2 = new float[features], db2 = new float[features];
        LayerNormKernels.Backward(x, dy, dx, batch, features, gamma, dg1, db1, lm, ls);
        dxIn = (float[])dy.Clone();
        LayerNormKernels.Backward(x, dxIn, dxIn, batch, features, gamma, dg2, db2, lm, ls);
        Assert.Equal(dx, dxIn);
        Assert.Equal(dg1, dg2);
        Assert.Equal(db1, db2);
    }
}
