using System.Globalization;
using TextClassification.Training.Evaluation;

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

    /// <summary>Below this share of the rare labels' validation texts predicted as their label by the boosted word model,
    /// the labels look filled with wrong texts, and the word model is trained again without the boost
    /// (<see cref="LookNoisy"/>; session 44). atis with 10 % or 25 % of its training labels replaced at random keeps about
    /// fifteen labels of ~50 texts, mostly wrong ones: their validation recall was 0–29 % in the 30 runs that fired
    /// (51–86 texts; seeds 42, 1, 2, 3, 4, 5), once 35 %; clean data with at least <see cref="NoisyRecallTexts"/> such
    /// texts (atis and its rare-label shapes) had 65 % or more.</summary>
    internal const double NoisyRecall = 0.3;

    /// <summary>The fewest validation texts of rare labels on which <see cref="LookNoisy"/> decides. At 10, clean trec6
    /// shapes (10–11 such texts) came within a text of it (3 or 4 of 11 right, seeds 2 and 4), and where a looser
    /// threshold let it fire there, a prior-shifted shape lost 0.05 (`rare1x10_s1_trec6` seed 2, 0.746 → 0.694).</summary>
    internal const int NoisyRecallTexts = 20;

    /// <summary>Whether the rare labels look filled with wrong texts: at least <see cref="NoisyRecallTexts"/> validation
    /// texts (<paramref name="validation"/>, whose probabilities <paramref name="scores"/> holds row-major) carry a rare
    /// label (counted over <paramref name="targets"/>), and under <see cref="NoisyRecall"/> of them have it as their
    /// highest score.</summary>
    internal static bool LookNoisy(int[] targets, int classes, int[] validation, float[] scores)
    {
        int[] counts = TrainingLabels.Counts(targets, classes);
        int largest = counts.Max();
        int texts = 0;
        int right = 0;
        for (int k = 0; k < validation.Length; k++)
        {
            int target = targets[validation[k]];
            if (IsRare(counts[target], largest))
            {
                texts++;
                right += MetricsCalculator.ArgMax(scores.AsSpan(k * classes, classes)) == target ? 1 : 0;
            }
        }

        return texts >= NoisyRecallTexts && right < NoisyRecall * texts;
    }

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
    /// <see cref="EpochSearch.NoisyLossRise"/>), or, where the word model trained without the boost
    /// (<paramref name="wordModelUnboosted"/>, <see cref="LookNoisy"/>), that instead of the minimum; null where it
    /// changed nothing.</summary>
    internal static string? Describe(string[] labels, int[] targets, int[]? trainIndices, bool weighted, int maxEpochs, int? setAsideFor = null, bool wordModelUnboosted = false)
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
        if (wordModelUnboosted)
        {
            parts.Add("the word model trained unboosted, without these weights or minimum epochs (the boosted one's validation recall of these labels was under 30 %, as where their texts carry wrong labels)");
        }
        else if (minimum > 1)
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
