using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// What every generated network implements: the surface the runtime (optimizers, training loop,
/// checkpoints, summaries) works against. The generated class also exposes the sizes as constants.
/// </summary>
/// <remarks>Thread safety: a generated network runs one Forward, ForwardNoGrad or Backward at a time and throws InvalidOperationException when a second thread enters one meanwhile; to serve one set of weights from many threads, create an InferenceContext per thread. Other members (IsTraining, ZeroGrad, InitializeParameters) are not synchronised.</remarks>
public interface INetwork
{
    /// <summary>Features per input sample.</summary>
    int InputSize { get; }

    /// <summary>Features per output sample.</summary>
    int OutputSize { get; }

    /// <summary>The largest batch the workspace was sized for.</summary>
    int MaxBatchSize { get; }

    /// <summary>All trainable parameters and their gradients, in one flat buffer each.</summary>
    ParameterBuffer Parameters { get; }

    /// <summary>
    /// Non-trainable state saved with the model (batch-norm running statistics); empty when the network has none.
    /// Its Gradients are unused.
    /// </summary>
    ParameterBuffer Buffers { get; }

    /// <summary>
    /// Training mode (PyTorch's <c>train()</c>, the default) or evaluation mode (<c>eval()</c>): dropout,
    /// batch normalisation and RReLU behave differently. Forward uses the mode it finds.
    /// </summary>
    bool IsTraining { get; set; }

    /// <summary>The layers in order.</summary>
    IReadOnlyList<Layer> Layers { get; }

    /// <summary>
    /// Runs the network on <paramref name="batchSize"/> samples, row-major [batch, InputSize] in
    /// <paramref name="input"/>, writing [batch, OutputSize] to <paramref name="output"/>, and keeps
    /// what <see cref="Backward(ReadOnlySpan{float}, Span{float})"/> needs.
    /// </summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output, int batchSize);

    /// <summary>
    /// <see cref="Forward(ReadOnlySpan{float}, Span{float}, int)"/> without keeping anything for Backward (PyTorch's
    /// <c>torch.no_grad()</c>): same outputs in the current mode, the input read where it lies instead of copied. A
    /// Backward after it needs another Forward first. Generated networks implement it; the default calls Forward.
    /// </summary>
    void ForwardNoGrad(ReadOnlySpan<float> input, Span<float> output, int batchSize) => Forward(input, output, batchSize);

    /// <summary>
    /// Given dLoss/dOutput for the batch of the last <see cref="Forward(ReadOnlySpan{float}, Span{float}, int)"/>, ADDS the gradient of every
    /// parameter into <see cref="ParameterBuffer.Gradients"/> and, when <paramref name="inputGradient"/>
    /// is not empty, writes dLoss/dInput [batch, InputSize] to it.
    /// </summary>
    void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient);

    /// <summary>Runs one sample (InputSize values in, OutputSize out).</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output) => Forward(input, output, 1);

    /// <summary>Backward without dLoss/dInput.</summary>
    void Backward(ReadOnlySpan<float> outputGradient) => Backward(outputGradient, Span<float>.Empty);

    /// <summary>Sets every gradient to zero.</summary>
    void ZeroGrad();

    /// <summary>Re-initialises every parameter from its declared scheme, deterministically for <paramref name="seed"/>.</summary>
    void InitializeParameters(int seed);
}
