using System;

namespace NetGen.Data;

/// <summary>
/// Mini-batches over a <see cref="Dataset"/>, like PyTorch's <c>DataLoader(dataset, batch_size, shuffle)</c>: each call
/// to <see cref="Epoch"/> visits every sample exactly once, in a new seeded random order when shuffling.
/// </summary>
/// <remarks>
/// <para>Batch size N (the dataset size or more) is full-batch gradient descent, 1 is SGD, anything between is
/// mini-batch. The last partial batch is included unless <c>dropLast</c> is set, so an epoch has
/// ⌈N / B⌉ batches (<see cref="BatchesPerEpoch"/>).</para>
/// <para>When shuffling, the rows of each batch are gathered (copied) into two buffers allocated once by the
/// constructor; without shuffling a batch is a view straight into the dataset. Either way a <see cref="Batch"/> is only
/// valid until the enumeration moves on, and iterating allocates nothing after construction.</para>
/// <para>Order: the permutation is reset to 0..N−1 and Fisher–Yates shuffled with <see cref="NetRandom"/> at every
/// <see cref="Epoch"/> call, so the k-th epoch of two iterators with the same seed has the same order on every machine.</para>
/// <para>Thread safety: not thread-safe; one epoch's enumeration at a time, on one thread (each batch is a view into buffers reused by the next).</para>
/// </remarks>
/// <example>
/// <code>
/// var batches = new BatchIterator(train, batchSize: 32, shuffle: true, seed: 42);
/// for (int epoch = 0; epoch &lt; 10; epoch++)
///     foreach (Batch batch in batches.Epoch())
///         network.TrainStep(batch.Features, batch.Targets, batch.Size);
/// </code>
/// </example>
public sealed class BatchIterator
{
    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly float[] _features;
    private readonly float[] _targets;
    private readonly NetRandom _random;
    private int _epoch;

    /// <summary>Creates an iterator over <paramref name="data"/>.</summary>
    /// <param name="data">The samples.</param>
    /// <param name="batchSize">Samples per batch (at least 1); a size of at least <c>data.Count</c> gives one full batch.</param>
    /// <param name="shuffle">Visit the samples in a new random order every epoch (default true).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="dropLast">Skip the last batch when it is smaller than <paramref name="batchSize"/> (default false).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    public BatchIterator(Dataset data, int batchSize, bool shuffle = true, int seed = 0, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize ({batchSize}) must be at least 1.");
        _data = data;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _order = new int[data.Count];
        Permutation.Identity(_order);
        _random = new NetRandom(seed);
        int rows = Math.Min(batchSize, data.Count);
        _features = shuffle ? new float[rows * data.FeatureCount] : Array.Empty<float>();
        _targets = shuffle ? new float[rows * data.TargetWidth] : Array.Empty<float>();
        BatchesPerEpoch = dropLast ? data.Count / batchSize : (int)(((long)data.Count + batchSize - 1) / batchSize);
    }

    /// <summary>The dataset iterated over.</summary>
    public Dataset Data => _data;

    /// <summary>The maximum number of samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch uses a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last batch smaller than <see cref="BatchSize"/> is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Batches per epoch: ⌈N / B⌉, or ⌊N / B⌋ with <see cref="DropLast"/>.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The number of epochs started so far (calls to <see cref="Epoch"/>).</summary>
    public int EpochsStarted => _epoch;

    /// <summary>
    /// Starts a new epoch (drawing a new order when shuffling) and returns its batches for <c>foreach</c>. Starting another
    /// epoch invalidates the enumeration of this one.
    /// </summary>
    public EpochBatches Epoch()
    {
        if (Shuffle)
        {
            Permutation.Identity(_order);
            Permutation.Shuffle(_order, _random);
        }
        _epoch++;
        return new EpochBatches(this, _epoch);
    }

    /// <summary>The sample order of the current epoch (the dataset row of each position).</summary>
    public ReadOnlySpan<int> CurrentOrder => _order;

    private Batch Gather(int batchIndex)
    {
        int start = batchIndex * BatchSize;
        int size = Math.Min(BatchSize, _data.Count - start);
        int fc = _data.FeatureCount, tw = _data.TargetWidth;
        ReadOnlySpan<int> indices = new(_order, start, size);
        if (!Shuffle)
            return new Batch(_data.Features.AsSpan(start * fc, size * fc), _data.Targets.AsSpan(start * tw, size * tw), indices, size, fc, tw);

        float[] x = _data.Features, y = _data.Targets;
        for (int k = 0; k < size; k++)
        {
            int row = indices[k];
            Array.Copy(x, row * fc, _features, k * fc, fc);
            Array.Copy(y, row * tw, _targets, k * tw, tw);
        }
        return new Batch(_features.AsSpan(0, size * fc), _targets.AsSpan(0, size * tw), indices, size, fc, tw);
    }

    /// <summary>The batches of one epoch; use with <c>foreach</c> (allocation-free).</summary>
    /// <remarks>Thread safety: as its iterator: one thread.</remarks>
    public readonly struct EpochBatches
    {
        private readonly BatchIterator _owner;
        private readonly int _epoch;

        internal EpochBatches(BatchIterator owner, int epoch) { _owner = owner; _epoch = epoch; }

        /// <summary>Returns the enumerator (called by <c>foreach</c>).</summary>
        public Enumerator GetEnumerator() => new(_owner, _epoch);
    }

    /// <summary>Enumerates the batches of one epoch.</summary>
    /// <remarks>Thread safety: as its iterator: one thread.</remarks>
    public struct Enumerator
    {
        private readonly BatchIterator _owner;
        private readonly int _epoch;
        private int _batch;

        internal Enumerator(BatchIterator owner, int epoch) { _owner = owner; _epoch = epoch; _batch = -1; }

        /// <summary>Moves to the next batch; false after the last one.</summary>
        /// <exception cref="InvalidOperationException">Another epoch was started since this enumeration began.</exception>
        public bool MoveNext()
        {
            if (_owner is null) return false;
            if (_owner._epoch != _epoch)
                throw new InvalidOperationException(
                    $"Epoch {_epoch} is no longer current (epoch {_owner._epoch} was started): one BatchIterator serves one epoch at a time.");
            if (_batch + 1 >= _owner.BatchesPerEpoch) return false;
            _batch++;
            return true;
        }

        /// <summary>The current batch, valid until the next <see cref="MoveNext"/>.</summary>
        public readonly Batch Current => _owner.Gather(_batch);
    }
}

/// <summary>
/// One mini-batch: <see cref="Size"/> rows of features and targets, row-major. The spans point into the iterator's
/// buffers (or the dataset) and are only valid until the enumeration moves on.
/// </summary>
/// <remarks>Thread safety: a view valid until its iterator moves on; use it on the iterating thread.</remarks>
public readonly ref struct Batch
{
    internal Batch(ReadOnlySpan<float> features, ReadOnlySpan<float> targets, ReadOnlySpan<int> indices, int size, int featureCount, int targetWidth)
    {
        Features = features;
        Targets = targets;
        Indices = indices;
        Size = size;
        FeatureCount = featureCount;
        TargetWidth = targetWidth;
    }

    /// <summary>The features, <see cref="Size"/> × <see cref="FeatureCount"/> values.</summary>
    public ReadOnlySpan<float> Features { get; }

    /// <summary>The targets, <see cref="Size"/> × <see cref="TargetWidth"/> values.</summary>
    public ReadOnlySpan<float> Targets { get; }

    /// <summary>The dataset row of each sample in the batch.</summary>
    public ReadOnlySpan<int> Indices { get; }

    /// <summary>The number of samples (equal to the batch size except possibly in the last batch).</summary>
    public int Size { get; }

    /// <summary>Values per feature row.</summary>
    public int FeatureCount { get; }

    /// <summary>Values per target row.</summary>
    public int TargetWidth { get; }
}
