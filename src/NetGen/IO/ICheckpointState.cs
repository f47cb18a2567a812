using System.Collections.Generic;

namespace NetGen.IO;

/// <summary>
/// Training state saved with a checkpoint (typically an optimizer's): buffers laid out like the network's
/// <see cref="ParameterBuffer"/> (one value per parameter, same order) and a step count.
/// </summary>
/// <remarks>
/// <see cref="Checkpoint.Save(string, ParameterBuffer, ICheckpointState?, System.Collections.Generic.IReadOnlyList{NamedTensor}?, System.Collections.Generic.IReadOnlyDictionary{string, string}?)"/> splits each buffer per parameter tensor and stores it as
/// <c>optimizer.&lt;buffer&gt;.&lt;parameter&gt;</c> with the parameter's shape (e.g. the Adam first moment
/// of <c>Hidden1.weight</c> [64, 20] becomes <c>optimizer.exp_avg.Hidden1.weight</c> [64, 20]); the step
/// count goes to the metadata entry <c>optimizer.step</c> as an invariant-culture integer.
/// <para>Thread safety: implementations (optimizers) are not synchronised; save and load on the training thread.</para>
/// </remarks>
public interface ICheckpointState
{
    /// <summary>
    /// The buffers to save and restore, each named like PyTorch's optimizer state (<c>exp_avg</c>,
    /// <c>exp_avg_sq</c>, <c>momentum_buffer</c>...) and exactly <see cref="ParameterBuffer.Count"/> long.
    /// <see cref="Checkpoint.Load(string, ParameterBuffer, ICheckpointState?, System.Collections.Generic.IReadOnlyList{NamedTensor}?)"/> overwrites their contents in place.
    /// </summary>
    IReadOnlyList<(string Name, float[] Values)> CheckpointBuffers { get; }

    /// <summary>The number of optimizer steps taken so far (restored by <see cref="Checkpoint.Load(string, ParameterBuffer, ICheckpointState?, System.Collections.Generic.IReadOnlyList{NamedTensor}?)"/>).</summary>
    long StepCount { get; set; }
}
