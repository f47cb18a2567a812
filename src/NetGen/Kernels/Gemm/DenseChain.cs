using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// One sample through a fixed chain of dense layers (each without activation, or with ReLU, tanh or sigmoid) in one call:
/// the same kernels and the same result bit for bit as one <see cref="Gemm.DenseForward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
/// or <see cref="Gemm.DenseForwardRelu"/> call per layer with m = 1 (then <see cref="ActivationKernels.Tanh(ReadOnlySpan{float}, Span{float})"/>
/// or <see cref="ActivationKernels.Sigmoid"/> for those), without each call's checks, pinning and routing
/// (for a 16 -> 64 -> 64 -> 8 network about a fifth of its time), with the outputs between layers on the stack. The
/// layer list is checked once, when the chain is built; a call checks only its three spans. Generated networks whose
/// layers are all small dense layers hold one and use it for one-sample inference.
/// </summary>
/// <remarks>Thread safety: immutable; <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> may run on any number of threads at once (on distinct outputs).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DenseChain
{
    /// <summary>Values per layer in the constructor's layer list.</summary>
    public const int EntryLength = 4;

    /// <summary>The widest output of a layer before the last (held on the stack for the next layer).</summary>
    public const int MaxWidth = 1024;

    private const int Relu = 1, Tanh = 2, Sigmoid = 3;

    private readonly int[] _layers;
    private readonly int _parameterEnd;

    /// <summary>Builds a chain and checks its layer list.</summary>
    /// <param name="inputs">The first layer's input features, at least 1.</param>
    /// <param name="layers">
    /// <see cref="EntryLength"/> values per layer, first to last: output features n (at most <see cref="MaxWidth"/> for
    /// every layer but the last), the weight's offset in the parameter array ([n, k] row-major, PyTorch's layout), the
    /// bias's offset or −1 for none, and the activation: 0 none, 1 ReLU, 2 tanh, 3 sigmoid. Each layer's input features
    /// are the previous one's outputs.
    /// </param>
    /// <exception cref="ArgumentException">The list is empty or malformed, or a size or offset is out of range.</exception>
    public DenseChain(int inputs, params int[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "inputs (the first layer's input features) must be at least 1.");
        if (layers.Length == 0 || layers.Length % EntryLength != 0)
            throw new ArgumentException(Format($"layers has {layers.Length} values; it must hold {EntryLength} per layer (outputs, weight offset, bias offset or -1, activation 0-3) for at least one layer."), nameof(layers));
        int count = layers.Length / EntryLength, k = inputs;
        long end = 0;
        for (int i = 0; i < count; i++)
        {
            int n = layers[i * EntryLength], weight = layers[i * EntryLength + 1], bias = layers[i * EntryLength + 2], activation = layers[i * EntryLength + 3];
            if (n < 1 || (i < count - 1 && n > MaxWidth))
                ThrowLayer(i, Format($"has {n} outputs; a layer's outputs must be at least 1, and at most {MaxWidth} before the last layer"));
            if (weight < 0) ThrowLayer(i, Format($"has its weight at offset {weight}; offsets must be at least 0"));
            if (bias < -1) ThrowLayer(i, Format($"has its bias at offset {bias}; offsets must be at least 0, or -1 for no bias"));
            if (activation is < 0 or > Sigmoid) ThrowLayer(i, Format($"has activation {activation}; it must be 0 (none), 1 (ReLU), 2 (tanh) or 3 (sigmoid)"));
            end = Math.Max(end, weight + (long)n * k);
            if (bias >= 0) end = Math.Max(end, bias + (long)n);
            k = n;
        }
        if (end > int.MaxValue) throw new ArgumentException(Format($"The chain's tensors end at {end}, beyond the largest array."), nameof(layers));
        _layers = (int[])layers.Clone();
        _parameterEnd = (int)end;
        Inputs = inputs;
        Outputs = k;
    }

    /// <summary>The first layer's input features.</summary>
    public int Inputs { get; }

    /// <summary>The last layer's output features.</summary>
    public int Outputs { get; }

    /// <summary>The length the parameter array must have at least: the end of the last tensor in it.</summary>
    public int ParameterEnd => _parameterEnd;

    /// <summary>Runs the sample <paramref name="x"/> through every layer into <paramref name="y"/>.</summary>
    /// <param name="parameters">The array the layers' offsets refer to; at least <see cref="ParameterEnd"/> long.</param>
    /// <param name="x">The sample, <see cref="Inputs"/> values.</param>
    /// <param name="y">
    /// The last layer's output, <see cref="Outputs"/> values; must not overlap parameters. It may overlap x (even be the
    /// same memory) when the chain has two or more layers: the first layer reads all of x before the last writes y, as
    /// in a network's own forward pass. With one layer it must not.
    /// </param>
    /// <exception cref="ArgumentException">A length does not match, or y overlaps what it must not.</exception>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y)
    {
        if (parameters.Length < _parameterEnd || x.Length != Inputs || y.Length != Outputs || y.Overlaps(parameters)
            || (_layers.Length == EntryLength && y.Overlaps(x)))
            ThrowArguments(parameters, x, y);
        Forward(GemmVariants.Best, parameters, x, y);
    }

    /// <summary><see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> with the kernels of <paramref name="variant"/>, on checked spans.</summary>
    [SkipLocalsInit]
    internal unsafe void Forward(GemmVariant variant, ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y)
    {
        float* between = stackalloc float[2 * MaxWidth + 48];
        // The second buffer starts 128 bytes past a 4 KB multiple from the first: reading one while writing the other at
        // the same address modulo 4 KB would stall on the store-to-load check (4K aliasing).
        float* even = (float*)(((nuint)between + 63) & ~(nuint)63), odd = even + MaxWidth + 32;
        int[] layers = _layers;
        int count = layers.Length / EntryLength, k = Inputs;
        fixed (float* px = x, pp = parameters, py = y)
        {
            float* source = px;
            for (int i = 0; i < count; i++)
            {
                int n = layers[i * EntryLength], bias = layers[i * EntryLength + 2];
                float* w = pp + layers[i * EntryLength + 1], b = bias < 0 ? null : pp + bias;
                float* target = i == count - 1 ? py : (i & 1) == 0 ? even : odd;
                int activation = layers[i * EntryLength + 3];
                bool relu = activation == Relu;
                Gemm.ForwardChecked(variant, GemmPath.Auto, source, w, b, target, 1, k, n, relu);
                if (activation > Relu) Activate(activation, new Span<float>(target, n));
                source = target;
                k = n;
            }
        }
    }

    /// <summary>Tanh or sigmoid in place, by the kernels a generated layer calls after its product.</summary>
    private static void Activate(int activation, Span<float> values)
    {
        if (activation == Tanh) ActivationKernels.Tanh(values, values);
        else ActivationKernels.Sigmoid(values, values);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowArguments(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y)
    {
        if (parameters.Length < _parameterEnd)
            throw new ArgumentException(Format($"parameters has {parameters.Length} values; the chain's tensors end at {_parameterEnd}."), nameof(parameters));
        if (x.Length != Inputs) throw new ArgumentException(Format($"x has {x.Length} values; the chain's first layer has {Inputs} inputs."), nameof(x));
        if (y.Length != Outputs) throw new ArgumentException(Format($"y has {y.Length} values; the chain's last layer has {Outputs} outputs."), nameof(y));
        if (y.Overlaps(parameters))
            throw new ArgumentException("y overlaps parameters: the chain's output must not be written over its weights.", nameof(y));
        throw new ArgumentException("y overlaps x, and the chain has one layer: its output must be a separate buffer.", nameof(y));
    }

    [DoesNotReturn]
    private static void ThrowLayer(int index, string problem) =>
        throw new ArgumentException(Format($"Layer {index} of the chain {problem}."), "layers");

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
