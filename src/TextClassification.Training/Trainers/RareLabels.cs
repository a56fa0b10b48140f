using System.Globalization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Rare labels (session 42, <see cref="NGramTrainerOptions.BoostRareLabels"/>): a label with fewer than
/// <see cref="MaxTexts"/> training texts and under <see cref="MaxShare"/> of the largest label's. With a handful of
/// texts among thousands, the word model stopped after two to four epochs, having seen the label's texts only that
/// often, and the linear member's weights for it stayed weak; in the root mean either of them vetoed the label, so it
/// was never predicted (docs/benchmarks.md, "Session 42").
/// </summary>
internal static class RareLabels
{
    /// <summary>A rare label has under this share of the largest label's training texts.</summary>
    internal const double MaxShare = 0.1;

    /// <summary>A rare label has fewer than this many training texts.</summary>
    internal const int MaxTexts = 100;

    /// <summary>A rare label has at least this many training texts: one or two texts are not a label to learn, and
    /// weighing them tenfold and training 25–50 epochs on them only made false positives (atis' one-text label, whose
    /// test set has no row, predicted once at seed 42: macro-F1 −0.05).</summary>
    internal const int MinTexts = 3;

    /// <summary>The most a rare label's loss weight is raised to (reached at 10,000 times fewer texts than the largest
    /// label's).</summary>
    internal const double MaxWeight = 10;

    /// <summary>A rare label's loss weight is the ratio of the largest label's texts to its own raised to this power
    /// (session 43): 5 texts beside 1,250 weigh 4.0, 40 beside 1,250 weigh 2.4. Session 42's square root (capped at 10:
    /// 10 and 5.6) cost accuracy where the test set holds the label in the training set's share (matched priors; the
    /// session-42 shapes kept all its test texts): the word model weighed tenfold overfitted the few texts, and the label
    /// drew false positives. Under matched priors (168 runs: 7 sets, n of 5 to 40, seeds 42 and 1) the square root was
    /// −0.0045 accuracy against no boost and the fourth root +0.0004, at macro-F1 +0.009 and +0.017 (docs/benchmarks.md,
    /// "Session 43").</summary>
    internal const double Power = 0.25;

    /// <summary>The word model's epoch search runs until the smallest rare label's texts have been seen about this
    /// many times in all: at least ⌈<see cref="Passes"/> / n⌉ epochs for a rare label of n texts in the training
    /// split.</summary>
    internal const int Passes = 50;

    /// <summary>Whether a label of <paramref name="count"/> texts is rare beside a largest label of
    /// <paramref name="largest"/>.</summary>
    internal static bool IsRare(int count, int largest) => count >= MinTexts && count < MaxTexts && count < MaxShare * largest;

    /// <summary>The class weights with every rare label's multiplied by min(<see cref="MaxWeight"/>, (largest / n)^<see cref="Power"/>)
    /// (n its texts, largest the largest label's, both counted over <paramref name="targets"/>); the others unchanged.
    /// A new array where any label is rare, else <paramref name="weights"/> itself.</summary>
    internal static float[] Boost(float[] weights, int[] targets, int classes)
    {
        int[] counts = TrainingLabels.Counts(targets, classes);
        int largest = counts.Max();
        float[]? boosted = null;
        for (int c = 0; c < classes; c++)
        {
            if (IsRare(counts[c], largest))
            {
                boosted ??= (float[])weights.Clone();
                boosted[c] = (float)(weights[c] * Weight(counts[c], largest));
            }
        }

        return boosted ?? weights;
    }

    /// <summary>What the boost changed, for the bundle's <c>rareLabels</c> setting: each rare label with its texts (over
    /// <paramref name="targets"/>) and, where <paramref name="weighted"/>, its loss weight, and the minimum epoch count
    /// where the training split (<paramref name="trainIndices"/>) sets one, with the epochs the word model trained
    /// instead where its search set the minimum aside under label noise (<paramref name="setAsideFor"/>,
    /// <see cref="EpochSearch.NoisyLossRise"/>); null where it changed nothing.</summary>
    internal static string? Describe(string[] labels, int[] targets, int[]? trainIndices, bool weighted, int maxEpochs, int? setAsideFor = null)
    {
        int[] counts = TrainingLabels.Counts(targets, labels.Length);
        int largest = counts.Max();
        var parts = new List<string>();
        for (int c = 0; c < labels.Length; c++)
        {
            if (IsRare(counts[c], largest))
            {
                parts.Add(weighted
                    ? string.Create(CultureInfo.InvariantCulture, $"{labels[c]} ({counts[c]} texts, loss weight {(float)Weight(counts[c], largest):G4})")
                    : string.Create(CultureInfo.InvariantCulture, $"{labels[c]} ({counts[c]} texts)"));
            }
        }

        int minimum = trainIndices is null ? 1 : MinimumEpochs(targets, trainIndices, labels.Length, maxEpochs);
        if (minimum > 1)
        {
            parts.Add(setAsideFor is { } epochs
                ? string.Create(CultureInfo.InvariantCulture, $"epoch search at least {minimum} epochs, set aside for {epochs} (the validation loss rose as under label noise)")
                : string.Create(CultureInfo.InvariantCulture, $"epoch search at least {minimum} epochs"));
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    // The factor a rare label of `count` texts beside a largest label of `largest` weighs.
    private static double Weight(int count, int largest) => Math.Min(MaxWeight, Math.Pow((double)largest / count, Power));

    /// <summary>The fewest epochs the word model's search may choose: ⌈<see cref="Passes"/> / n⌉ for the smallest rare
    /// label of the training split (n its texts there), at most <paramref name="maxEpochs"/>; 1 where no label is
    /// rare.</summary>
    internal static int MinimumEpochs(int[] targets, int[] trainIndices, int classes, int maxEpochs)
    {
        int[] counts = TrainingLabels.Counts(targets, classes, trainIndices);
        int largest = counts.Max();
        int smallest = int.MaxValue;
        foreach (int count in counts)
        {
            if (IsRare(count, largest))
            {
                smallest = Math.Min(smallest, count);
            }
        }

        return smallest == int.MaxValue ? 1 : Math.Clamp((Passes + smallest - 1) / smallest, 1, maxEpochs);
    }
}
