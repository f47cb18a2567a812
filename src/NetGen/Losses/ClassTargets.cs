using System;

namespace NetGen.Losses;

/// <summary>Class-index targets shared by <see cref="CrossEntropyLoss"/> and <see cref="NLLLoss"/>: read either from
/// a float span (the generic <see cref="Loss.Compute"/> path) or an int span (the typed overloads).</summary>
internal static class ClassTargets
{
    public static int Get(ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, int i)
        => intTargets.IsEmpty ? (int)floatTargets[i] : intTargets[i];

    /// <summary>
    /// Validates every target before anything is written (an integer in [0, classes) or ignoreIndex) and returns
    /// PyTorch's mean denominator: the sum of the weights of the non-ignored targets (their count without weights).
    /// </summary>
    public static double ValidateAndSumWeights(ReadOnlySpan<float> floatTargets, ReadOnlySpan<int> intTargets, int batchSize, int classes, int ignoreIndex, float[]? weight, string targetsName)
    {
        double denominator = 0;
        for (int i = 0; i < batchSize; i++)
        {
            int t;
            if (intTargets.IsEmpty)
            {
                float f = floatTargets[i];
                bool isIndex = f >= 0f && f < classes && f == MathF.Floor(f);
                if (!isIndex && f != ignoreIndex)
                    throw new ArgumentException(
                        $"{targetsName}[{i}] ({LossChecks.F(f)}) must be a class index: an integer in [0, {classes}) or ignoreIndex ({ignoreIndex}).",
                        targetsName);
                t = (int)f;
            }
            else
            {
                t = intTargets[i];
                if ((uint)t >= (uint)classes && t != ignoreIndex)
                    throw new ArgumentOutOfRangeException(targetsName, t,
                        $"{targetsName}[{i}] ({t}) must be a class index in [0, {classes}) or ignoreIndex ({ignoreIndex}).");
            }
            if (t != ignoreIndex) denominator += weight is null ? 1.0 : weight[t];
        }
        return denominator;
    }

    public static void ClassWeights(float[]? weight, int classes)
    {
        if (weight is not null && weight.Length != classes)
            throw new ArgumentException(
                $"weight has {weight.Length} entries but predictions have {classes} classes per row (predictions.Length / batchSize): class weights need one entry per class.",
                "weight");
    }
}
