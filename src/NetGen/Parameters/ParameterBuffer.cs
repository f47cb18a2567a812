using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// All trainable parameters of a network in ONE contiguous buffer, with ONE gradient buffer of the
/// same layout. Each layer's tensors are slices of it, so an optimizer is a single pass over a span.
/// </summary>
/// <remarks>Thread safety: no synchronisation; the values and gradients are plain memory. Concurrent reads are safe (many InferenceContext instances read one buffer); any write (an optimizer step, a load, ZeroGrad) must not overlap other use.</remarks>
public sealed class ParameterBuffer
{
    // 64-byte aligned (whole cache lines and AVX-512 registers), so tensors at offsets that are multiples of 16 floats
    // are aligned too.
    private readonly Internal.AlignedFloats _values;
    private readonly Internal.AlignedFloats _gradients;
    private readonly ParameterInfo[] _layout;

    /// <summary>Allocates zeroed buffers for <paramref name="layout"/>, whose tensors must tile [0, count) in order.</summary>
    public ParameterBuffer(IReadOnlyList<ParameterInfo> layout)
    {
        if (layout is null) throw new ArgumentNullException(nameof(layout));
        _layout = new ParameterInfo[layout.Count];
        int next = 0;
        for (int i = 0; i < layout.Count; i++)
        {
            ParameterInfo p = layout[i] ?? throw new ArgumentException($"layout[{i}] is null.", nameof(layout));
            if (p.Offset != next)
                throw new ArgumentException($"Parameter '{p.Name}' starts at offset {p.Offset}, expected {next}: tensors must be contiguous and in order.", nameof(layout));
            _layout[i] = p;
            next = checked(next + p.Length);
        }
        _values = new Internal.AlignedFloats(next);
        _gradients = new Internal.AlignedFloats(next);
    }

    /// <summary>Total number of scalar parameters.</summary>
    public int Count => _values.Length;

    /// <summary>The tensors, in order.</summary>
    public IReadOnlyList<ParameterInfo> Layout => _layout;

    /// <summary>All parameter values.</summary>
    public Span<float> Values => _values.Span;

    /// <summary>All gradients (same layout as <see cref="Values"/>).</summary>
    public Span<float> Gradients => _gradients.Span;

    /// <summary>The values of one tensor.</summary>
    public Span<float> ValuesOf(ParameterInfo parameter) => _values.Slice(parameter.Offset, parameter.Length);

    /// <summary>The gradient of one tensor.</summary>
    public Span<float> GradientsOf(ParameterInfo parameter) => _gradients.Slice(parameter.Offset, parameter.Length);

    /// <summary>Finds a tensor by its name, or returns null.</summary>
    public ParameterInfo? Find(string name)
    {
        foreach (ParameterInfo p in _layout)
            if (string.Equals(p.Name, name, StringComparison.Ordinal)) return p;
        return null;
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad() => NetGen.Kernels.ParallelClear.Clear(_gradients.Span);

    /// <summary>Enumerates (name, shape, values, gradient) without allocating.</summary>
    public NamedParameterEnumerable Named() => new(this);

    /// <summary>Allocation-free enumerable of <see cref="NamedParameter"/>.</summary>
    /// <remarks>Thread safety: reads the immutable layout; as safe as the buffer's values (see <see cref="ParameterBuffer"/>).</remarks>
    public readonly struct NamedParameterEnumerable
    {
        private readonly ParameterBuffer _buffer;
        internal NamedParameterEnumerable(ParameterBuffer buffer) => _buffer = buffer;
        /// <summary>Returns the enumerator.</summary>
        public NamedParameterEnumerator GetEnumerator() => new(_buffer);
    }

    /// <summary>Enumerator over the tensors of a buffer.</summary>
    /// <remarks>Thread safety: one enumeration per thread (a ref struct cannot leave it).</remarks>
    public ref struct NamedParameterEnumerator
    {
        private readonly ParameterBuffer _buffer;
        private int _index;
        internal NamedParameterEnumerator(ParameterBuffer buffer) { _buffer = buffer; _index = -1; }
        /// <summary>Advances to the next tensor.</summary>
        public bool MoveNext() => ++_index < _buffer._layout.Length;
        /// <summary>The current tensor.</summary>
        public readonly NamedParameter Current
        {
            get
            {
                ParameterInfo p = _buffer._layout[_index];
                return new NamedParameter(p, _buffer.ValuesOf(p), _buffer.GradientsOf(p));
            }
        }
    }
}

/// <summary>A tensor of a network: its description, values and gradient.</summary>
/// <remarks>Thread safety: a view of one tensor's values and gradient; as safe as the buffer it views (see ParameterBuffer).</remarks>
public readonly ref struct NamedParameter
{
    internal NamedParameter(ParameterInfo info, Span<float> values, Span<float> gradient)
    {
        Info = info;
        Values = values;
        Gradient = gradient;
    }

    /// <summary>Name, shape, offset and role.</summary>
    public ParameterInfo Info { get; }
    /// <summary>PyTorch-style name, e.g. <c>Hidden1.weight</c>.</summary>
    public string Name => Info.Name;
    /// <summary>Row-major shape.</summary>
    public IReadOnlyList<int> Shape => Info.Shape;
    /// <summary>The values (a slice of the network's flat buffer).</summary>
    public Span<float> Values { get; }
    /// <summary>The accumulated gradient.</summary>
    public Span<float> Gradient { get; }
}
