using System;
using System.Globalization;

namespace NetGen.Training;

/// <summary>
/// Batch norm normalises with the statistics of the batch in training mode, which a batch of one sample does not have
/// (PyTorch raises "Expected more than 1 value per channel when training"). Fit checks the batch arithmetic before the
/// first step, so the error comes before any weight changed, not in the middle of an epoch.
/// </summary>
internal static class BatchNormBatchCheck
{
    /// <summary>Throws when a training batch of <paramref name="count"/> samples in batches of <paramref name="batchSize"/> would hold one sample.</summary>
    public static void CheckTraining(INetwork network, int count, int batchSize, bool dropLast, int maxBatchSize)
    {
        BatchNormLayer? layer = FirstBatchNorm(network, requireNoRunningStats: false);
        if (layer is null) return;
        CultureInfo c = CultureInfo.InvariantCulture;
        int full = count / batchSize, last = count % batchSize;
        string? problem = null;
        if (count == 1)
            problem = "the training set has 1 sample";
        else if (batchSize == 1)
            problem = "batchSize is 1";
        else if (last == 1 && !dropLast)
            problem = $"{count.ToString(c)} training samples in batches of {batchSize.ToString(c)} leave a last batch of 1 sample ({count.ToString(c)} = {full.ToString(c)} × {batchSize.ToString(c)} + 1)";
        if (problem is null) return;
        string fix = count == 1 ? "Train on more samples."
            : batchSize == 1 ? "Use a batchSize of at least 2."
            : $"Pass dropLast: true to skip that batch (PyTorch's DataLoader drop_last), or use a batchSize that does not leave one sample{Suggest(count, batchSize, maxBatchSize)}.";
        throw new ArgumentException(
            $"{layer.Kind} layer '{layer.Name}' needs more than one sample per batch in training mode (it normalises with the batch's statistics), but {problem}. {fix}",
            count == 1 ? "train" : "batchSize");
    }

    /// <summary>
    /// Validation runs in evaluation mode, where batch norm without running statistics still uses the batch's: a
    /// validation chunk of one sample fails the same way.
    /// </summary>
    public static void CheckValidation(INetwork network, int count, int chunk)
    {
        BatchNormLayer? layer = FirstBatchNorm(network, requireNoRunningStats: true);
        if (layer is null || count % chunk != 1) return;
        CultureInfo c = CultureInfo.InvariantCulture;
        throw new ArgumentException(
            $"{layer.Kind} layer '{layer.Name}' has no running statistics, so it normalises with the batch's statistics in evaluation mode too, but {count.ToString(c)} validation samples in chunks of {chunk.ToString(c)} leave a last chunk of 1 sample. Use another batchSize or validation size.",
            "validation");
    }

    private static BatchNormLayer? FirstBatchNorm(INetwork network, bool requireNoRunningStats)
    {
        foreach (Layer layer in network.Layers)
            if (layer is BatchNormLayer bn && (!requireNoRunningStats || bn.RunningMean.IsEmpty)) return bn;
        return null;
    }

    private static string Suggest(int count, int batchSize, int maxBatchSize)
    {
        for (int delta = 1; delta < batchSize; delta++)
        {
            foreach (int b in new[] { batchSize + delta, batchSize - delta })
                if (b >= 2 && b <= maxBatchSize && count % b != 1)
                    return " (e.g. " + b.ToString(CultureInfo.InvariantCulture) + ")";
        }
        return "";
    }
}
