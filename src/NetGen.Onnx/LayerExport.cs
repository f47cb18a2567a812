using System;
using System.Collections.Generic;
using System.Globalization;
using static NetGen.Onnx.GraphBuilder;

namespace NetGen.Onnx;

/// <summary>
/// What each NetGen layer becomes in ONNX, in evaluation semantics (the network's <c>ForwardNoGrad</c> with
/// <c>IsTraining = false</c>). One method per layer kind; each appends its nodes and returns its output tensor's name.
/// </summary>
internal sealed class LayerExport
{
    private readonly GraphBuilder _graph;
    private readonly INetwork _network;

    public LayerExport(GraphBuilder graph, INetwork network)
    {
        _graph = graph;
        _network = network;
    }

    public string Layer(Layer layer, string x) => layer switch
    {
        DenseLayer dense => Dense(dense, x),
        Conv2dLayer conv => Conv(conv, x),
        ActivationLayer activation => Activation(activation.ActivationFunction, activation.Name, x, activation.InputShape.Count),
        BatchNormLayer norm => BatchNorm(norm, x),
        LayerNormLayer norm => LayerNorm(norm, x),
        DropoutLayer or Dropout2dLayer => x, // identity in evaluation
        PReLULayer prelu => PRelu(prelu, x),
        RReLULayer rrelu => _graph.Node("LeakyRelu", rrelu.Name, rrelu.Name, new[] { x },
            Attribute("alpha", (float)((rrelu.Lower + rrelu.Upper) / 2))), // RReLU's evaluation slope
        MaxPool2dLayer pool => MaxPool(pool, x),
        AvgPool2dLayer pool => AvgPool(pool, x),
        AdaptiveAvgPool2dLayer pool => GlobalAveragePool(pool, x),
        FlattenLayer flatten => _graph.Node("Flatten", flatten.Name, flatten.Name, new[] { x }, Attribute("axis", 1L)),
        _ => throw Unsupported(layer, "ONNX export does not know this layer kind"),
    };

    private string Dense(DenseLayer dense, string x)
    {
        var inputs = new List<string> { x, Parameter(dense.WeightInfo, dense.Weight) };
        if (dense.BiasInfo is { } bias) inputs.Add(Parameter(bias, dense.Bias));
        bool fused = dense.Activation != NetGen.Activation.Identity;
        string y = _graph.Node("Gemm", dense.Name, fused ? dense.Name + "/linear" : dense.Name, inputs.ToArray(), Attribute("transB", 1L));
        return Activation(dense.ActivationFunction, dense.Name, y, 1);
    }

    private string Conv(Conv2dLayer conv, string x)
    {
        Window2d w = conv.Window;
        var inputs = new List<string> { x, Parameter(conv.WeightInfo, conv.Weight) };
        if (conv.BiasInfo is { } bias) inputs.Add(Parameter(bias, conv.Bias));
        bool fused = conv.Activation != NetGen.Activation.Identity;
        string y = _graph.Node("Conv", conv.Name, fused ? conv.Name + "/linear" : conv.Name, inputs.ToArray(),
            Attribute("kernel_shape", w.KernelHeight, w.KernelWidth), Attribute("strides", w.StrideHeight, w.StrideWidth),
            Attribute("pads", w.PaddingHeight, w.PaddingWidth, w.PaddingHeight, w.PaddingWidth),
            Attribute("dilations", w.DilationHeight, w.DilationWidth), Attribute("group", (long)conv.Groups));
        return Activation(conv.ActivationFunction, conv.Name, y, 3);
    }

    /// <summary>The activation's nodes (none for Identity); <paramref name="rank"/> is the sample's rank (1 for features).</summary>
    private string Activation(ActivationFunction f, string layer, string x, int rank)
    {
        switch (f.Kind)
        {
            case NetGen.Activation.Identity: return x;
            case NetGen.Activation.Sigmoid: return _graph.Node("Sigmoid", layer, layer, x);
            case NetGen.Activation.Tanh: return _graph.Node("Tanh", layer, layer, x);
            case NetGen.Activation.ReLU: return _graph.Node("Relu", layer, layer, x);
            case NetGen.Activation.LeakyReLU: return _graph.Node("LeakyRelu", layer, layer, new[] { x }, Attribute("alpha", (float)f.NegativeSlope));
            case NetGen.Activation.ELU: return _graph.Node("Elu", layer, layer, new[] { x }, Attribute("alpha", (float)f.Alpha));
            case NetGen.Activation.SELU: return _graph.Node("Selu", layer, layer, x); // ONNX's default alpha and gamma are PyTorch's constants
            case NetGen.Activation.SiLU:
                return _graph.Node("Mul", layer, layer, x, _graph.Node("Sigmoid", layer, layer + "/sigmoid", x));
            case NetGen.Activation.GELU:
                if (_graph.Opset >= 20) return _graph.Node("Gelu", layer, layer, new[] { x }, Attribute("approximate", "none"));
                // x · ½ · (1 + erf(x / √2)), the exact form.
                string erf = _graph.Node("Erf", layer, layer + "/erf", _graph.Node("Div", layer, layer + "/scaled", x, _graph.Constant(layer, "sqrt2", (float)Math.Sqrt(2))));
                string onePlus = _graph.Node("Add", layer, layer + "/one_plus", erf, _graph.Constant(layer, "one", 1f));
                return _graph.Node("Mul", layer, layer, _graph.Node("Mul", layer, layer + "/x_half", x, _graph.Constant(layer, "half", 0.5f)), onePlus);
            case NetGen.Activation.Softplus:
                return Softplus(f, layer, x);
            case NetGen.Activation.Softmax:
            case NetGen.Activation.LogSoftmax:
                if (rank != 1) throw new NotSupportedException($"Layer '{layer}': {f.Kind} over a feature map is not exported (NetGen applies it to feature vectors).");
                return _graph.Node(f.Kind == NetGen.Activation.Softmax ? "Softmax" : "LogSoftmax", layer, layer, new[] { x }, Attribute("axis", 1L));
            default:
                throw new NotSupportedException($"Layer '{layer}': the activation {f.Kind} has no ONNX export.");
        }
    }

    /// <summary>
    /// PyTorch's Softplus: x where β·x &gt; threshold, else log(1 + e^(β·x)) / β. ONNX's Softplus has neither β nor the
    /// threshold: Where(β·x &gt; threshold, x, Softplus(β·x) / β).
    /// </summary>
    private string Softplus(ActivationFunction f, string layer, string x)
    {
        bool unitBeta = f.Beta == 1.0;
        string bx = unitBeta ? x : _graph.Node("Mul", layer, layer + "/beta_x", x, _graph.Constant(layer, "beta", (float)f.Beta));
        string soft = _graph.Node("Softplus", layer, layer + "/softplus", bx);
        if (!unitBeta) soft = _graph.Node("Div", layer, layer + "/softplus_over_beta", soft, _graph.Constant(layer, "beta_divisor", (float)f.Beta));
        string linear = _graph.Node("Greater", layer, layer + "/above_threshold", bx, _graph.Constant(layer, "threshold", (float)f.Threshold));
        return _graph.Node("Where", layer, layer, linear, x, soft);
    }

    private string BatchNorm(BatchNormLayer norm, string x)
    {
        if (!norm.TracksRunningStats)
            throw Unsupported(norm, "it has no running statistics (TrackRunningStats = false), so it normalizes with each batch's statistics in evaluation too, "
                + "which ONNX BatchNormalization does not do");
        int channels = norm.InputShape[0];
        string scale = norm.Affine ? Parameter(norm.Name + ".weight", norm.Weight) : _graph.Constant(norm.Name, "ones", 1f, channels);
        string shift = norm.Affine ? Parameter(norm.Name + ".bias", norm.Bias) : _graph.Constant(norm.Name, "zeros", 0f, channels);
        string mean = Buffer(norm.Name + ".running_mean", norm.RunningMean);
        string variance = Buffer(norm.Name + ".running_var", norm.RunningVar);
        return _graph.Node("BatchNormalization", norm.Name, norm.Name, new[] { x, scale, shift, mean, variance },
            Attribute("epsilon", (float)norm.Epsilon));
    }

    private string LayerNorm(LayerNormLayer norm, string x)
    {
        int features = norm.InputSize;
        bool affine = !norm.Weight.IsEmpty;
        string scale = affine ? Parameter(norm.Name + ".weight", norm.Weight) : _graph.Constant(norm.Name, "ones", 1f, features);
        var inputs = new List<string> { x, scale };
        if (affine) inputs.Add(Parameter(norm.Name + ".bias", norm.Bias));
        return _graph.Node("LayerNormalization", norm.Name, norm.Name, inputs.ToArray(), Attribute("axis", -1L), Attribute("epsilon", (float)norm.Epsilon));
    }

    private string PRelu(PReLULayer prelu, string x)
    {
        // The slope broadcasts from the right: one per channel of a feature map needs the shape [C, 1, 1].
        ReadOnlySpan<float> slope = prelu.Weight;
        long[] dims = prelu.InputShape.Count == 3 && slope.Length > 1 ? new long[] { slope.Length, 1, 1 } : new long[] { slope.Length };
        string name = _graph.Initializer(prelu.Name + ".weight", slope, dims);
        return _graph.Node("PRelu", prelu.Name, prelu.Name, x, name);
    }

    private string MaxPool(MaxPool2dLayer pool, string x)
    {
        Window2d w = pool.Window;
        return _graph.Node("MaxPool", pool.Name, pool.Name, new[] { x },
            Attribute("kernel_shape", w.KernelHeight, w.KernelWidth), Attribute("strides", w.StrideHeight, w.StrideWidth),
            Attribute("pads", w.PaddingHeight, w.PaddingWidth, w.PaddingHeight, w.PaddingWidth),
            Attribute("dilations", w.DilationHeight, w.DilationWidth), Attribute("ceil_mode", w.CeilMode ? 1L : 0L));
    }

    private string AvgPool(AvgPool2dLayer pool, string x)
    {
        Window2d w = pool.Window;
        return _graph.Node("AveragePool", pool.Name, pool.Name, new[] { x },
            Attribute("kernel_shape", w.KernelHeight, w.KernelWidth), Attribute("strides", w.StrideHeight, w.StrideWidth),
            Attribute("pads", w.PaddingHeight, w.PaddingWidth, w.PaddingHeight, w.PaddingWidth),
            Attribute("ceil_mode", w.CeilMode ? 1L : 0L), Attribute("count_include_pad", pool.CountIncludePad ? 1L : 0L));
    }

    private string GlobalAveragePool(AdaptiveAvgPool2dLayer pool, string x)
    {
        if (pool.OutputShape[1] != 1 || pool.OutputShape[2] != 1)
            throw Unsupported(pool, string.Create(CultureInfo.InvariantCulture, $"only AdaptiveAvgPool2d(1) is exported, not {pool.OutputShape[1]}×{pool.OutputShape[2]}"));
        return _graph.Node("GlobalAveragePool", pool.Name, pool.Name, x);
    }

    private string Parameter(ParameterInfo info, ReadOnlySpan<float> values)
    {
        long[] dims = new long[info.Shape.Count];
        for (int i = 0; i < dims.Length; i++) dims[i] = info.Shape[i];
        return _graph.Initializer(info.Name, values, dims);
    }

    private string Parameter(string name, ReadOnlySpan<float> values)
    {
        ParameterInfo info = _network.Parameters.Find(name) ?? throw new InvalidOperationException($"The network has no parameter named '{name}'.");
        return Parameter(info, values);
    }

    private string Buffer(string name, ReadOnlySpan<float> values)
    {
        ParameterInfo info = _network.Buffers.Find(name) ?? throw new InvalidOperationException($"The network has no buffer named '{name}'.");
        return Parameter(info, values);
    }

    private static NotSupportedException Unsupported(Layer layer, string why) =>
        new($"Layer '{layer.Name}' ({layer.Kind}) cannot be exported to ONNX: {why}.");
}
