using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.Data;

/// <summary>A train/test split (each part is an independent copy).</summary>
/// <param name="Train">The training rows.</param>
/// <param name="Test">The test rows.</param>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed record TrainTestSplit(Dataset Train, Dataset Test);

/// <summary>A train/validation/test split (each part is an independent copy).</summary>
/// <param name="Train">The training rows.</param>
/// <param name="Validation">The validation rows (for model selection and early stopping).</param>
/// <param name="Test">The test rows (for the final estimate only).</param>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed record TrainValidationTestSplit(Dataset Train, Dataset Validation, Dataset Test);

/// <summary>
/// Seeded random splits of a <see cref="Dataset"/>, optionally stratified (like scikit-learn's
/// <c>train_test_split(..., stratify=y)</c>).
/// </summary>
/// <remarks>
/// <para>Sizes: the test part has round(N × testFraction) rows and the validation part round(N × validationFraction)
/// rows (rounding half away from zero); the training part gets the rest.</para>
/// <para>Stratified: each class is shuffled on its own, and the test (then validation) rows are allocated to the classes
/// by largest remainder, so the totals are exactly those above and each class gets its ideal share
/// n_c × fraction rounded down or up (each class's proportion is kept to within one row). The rows of every part are
/// then shuffled, so a part is not ordered by class.</para>
/// <para>The same data, fractions and seed always give the same split (see <see cref="NetRandom"/>).</para>
/// <para>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</para>
/// </remarks>
public static class DatasetSplit
{
    /// <summary>Splits <paramref name="data"/> into training and test rows.</summary>
    /// <param name="data">The rows to split.</param>
    /// <param name="testFraction">The share of rows for the test part, in [0, 1).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="stratify">Keep each class's proportion in both parts (needs a classification dataset).</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1).</exception>
    /// <exception cref="ArgumentException"><paramref name="stratify"/> on a regression dataset, or no training row is left.</exception>
    public static TrainTestSplit TrainTest(Dataset data, double testFraction, int seed, bool stratify = false)
    {
        var (train, _, test) = Split(data, 0, testFraction, seed, stratify);
        return new TrainTestSplit(data.Subset(train), data.Subset(test));
    }

    /// <summary>Splits <paramref name="data"/> into training, validation and test rows.</summary>
    /// <param name="data">The rows to split.</param>
    /// <param name="validationFraction">The share of rows for the validation part, in [0, 1).</param>
    /// <param name="testFraction">The share of rows for the test part, in [0, 1); the two fractions must sum to less than 1.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="stratify">Keep each class's proportion in all three parts (needs a classification dataset).</param>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1), or they sum to 1 or more.</exception>
    /// <exception cref="ArgumentException"><paramref name="stratify"/> on a regression dataset, or no training row is left.</exception>
    public static TrainValidationTestSplit TrainValidationTest(Dataset data, double validationFraction, double testFraction, int seed, bool stratify = false)
    {
        var (train, validation, test) = Split(data, validationFraction, testFraction, seed, stratify);
        return new TrainValidationTestSplit(data.Subset(train), data.Subset(validation), data.Subset(test));
    }

    /// <summary>The row indices of each part (train, validation, test), in shuffled order.</summary>
    internal static (int[] Train, int[] Validation, int[] Test) Split(Dataset data, double validationFraction, double testFraction, int seed, bool stratify)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(validationFraction, nameof(validationFraction));
        CheckFraction(testFraction, nameof(testFraction));
        if (validationFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction,
                $"validationFraction ({F(validationFraction)}) + testFraction ({F(testFraction)}) = {F(validationFraction + testFraction)} must be less than 1 to leave training rows.");
        if (stratify && !data.IsClassification)
            throw new ArgumentException("stratify needs a classification dataset (ClassNames is null: this is a regression dataset).", nameof(stratify));

        int n = data.Count;
        int nTest = (int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero);
        int nValidation = Math.Min((int)Math.Round(n * validationFraction, MidpointRounding.AwayFromZero), n - nTest);
        if (n - nTest - nValidation < 1)
            throw new ArgumentException(
                $"Splitting {n} rows with validationFraction {F(validationFraction)} and testFraction {F(testFraction)} leaves no training row.", nameof(data));

        var random = new NetRandom(seed);
        var train = new int[n - nTest - nValidation];
        var validation = new int[nValidation];
        var test = new int[nTest];

        if (!stratify)
        {
            var all = new int[n];
            Permutation.Identity(all);
            Permutation.Shuffle(all, random);
            all.AsSpan(0, nTest).CopyTo(test);
            all.AsSpan(nTest, nValidation).CopyTo(validation);
            all.AsSpan(nTest + nValidation).CopyTo(train);
            return (train, validation, test);
        }

        int classes = data.ClassCount;
        var members = new List<int>[classes];
        for (int c = 0; c < classes; c++) members[c] = new List<int>();
        for (int i = 0; i < n; i++) members[data.GetClass(i)].Add(i);
        var sizes = new int[classes];
        for (int c = 0; c < classes; c++) sizes[c] = members[c].Count;

        int[] testPerClass = Allocate(sizes, testFraction, nTest, new int[classes]);
        int[] validationPerClass = Allocate(sizes, validationFraction, nValidation, testPerClass);

        int t = 0, v = 0, r = 0;
        for (int c = 0; c < classes; c++)
        {
            int[] rows = members[c].ToArray();
            Permutation.Shuffle(rows, random);
            int k = 0;
            for (int m = 0; m < testPerClass[c]; m++) test[t++] = rows[k++];
            for (int m = 0; m < validationPerClass[c]; m++) validation[v++] = rows[k++];
            while (k < rows.Length) train[r++] = rows[k++];
        }
        Permutation.Shuffle(train, random);
        Permutation.Shuffle(validation, random);
        Permutation.Shuffle(test, random);
        return (train, validation, test);
    }

    /// <summary>
    /// Largest-remainder allocation of <paramref name="total"/> rows: class c gets floor(sizes[c] × fraction) plus one
    /// for the largest remainders, never more than sizes[c] − taken[c].
    /// </summary>
    private static int[] Allocate(int[] sizes, double fraction, int total, int[] taken)
    {
        int classes = sizes.Length;
        var result = new int[classes];
        var ideal = new double[classes];
        int allocated = 0;
        for (int c = 0; c < classes; c++)
        {
            ideal[c] = sizes[c] * fraction;
            result[c] = Math.Min((int)Math.Floor(ideal[c]), sizes[c] - taken[c]);
            allocated += result[c];
        }
        while (allocated < total)
        {
            int best = -1;
            double bestDeficit = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                if (result[c] >= sizes[c] - taken[c]) continue;
                double deficit = ideal[c] - result[c];
                if (deficit > bestDeficit) { bestDeficit = deficit; best = c; }
            }
            result[best]++; // a class with room always exists: total ≤ N − Σ taken
            allocated++;
        }
        while (allocated > total)
        {
            // Only when the rounding of N × fraction came out below the sum of floors (cannot happen, kept for safety).
            int worst = -1;
            double worstExcess = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                if (result[c] == 0) continue;
                double excess = result[c] - ideal[c];
                if (excess > worstExcess) { worstExcess = excess; worst = c; }
            }
            result[worst]--;
            allocated--;
        }
        return result;
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({F(value)}) must be in [0, 1).");
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
