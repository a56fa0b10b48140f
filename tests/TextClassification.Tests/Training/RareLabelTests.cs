using System.Globalization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary><see cref="NGramTrainerOptions.BoostRareLabels"/>: a label with few texts weighs more in the word model's
/// and the linear member's loss, and the word model's search runs enough epochs to see its texts.</summary>
public sealed class RareLabelTests
{
    [Fact]
    public void A_label_under_100_texts_and_a_tenth_of_the_largest_weighs_the_fourth_root_of_the_ratio_capped_at_10()
    {
        // 1,000, 50, 9 and 200 texts: 50 is rare (20^¼ = 2.115, session 42's square root gave 4.472), 9 is rare
        // (111^¼ = 3.247; the square root gave 10, its cap), 200 is not (100 or more).
        int[] targets = [.. Enumerable.Repeat(0, 1000), .. Enumerable.Repeat(1, 50), .. Enumerable.Repeat(2, 9), .. Enumerable.Repeat(3, 200)];
        float[] weights = RareLabels.Boost([1f, 1f, 1f, 1f], targets, 4);

        Assert.Equal(1f, weights[0]);
        Assert.Equal((float)Math.Pow(20, 0.25), weights[1], 5);
        Assert.Equal(2.115f, weights[1], 3);
        Assert.Equal(3.247f, weights[2], 3);
        Assert.Equal(1f, weights[3]);
        // 3 texts beside 40,000: 13,333^¼ = 10.7, capped.
        Assert.Equal(10f, RareLabels.Boost([1f, 1f], [.. Enumerable.Repeat(0, 40_000), .. Enumerable.Repeat(1, 3)], 2)[1]);

        // Other weights are multiplied, and data without a rare label keeps its array.
        Assert.Equal(2 * (float)Math.Pow(20, 0.25), RareLabels.Boost([1f, 2f, 1f, 1f], targets, 4)[1], 5);
        float[] none = [1f, 1f];
        Assert.Same(none, RareLabels.Boost(none, [0, 0, 0, 1, 1], 2));
        // 95 of 1,000 is under 100 texts but not under a tenth... of 950 it is.
        Assert.Same(none, RareLabels.Boost(none, [.. Enumerable.Repeat(0, 900), .. Enumerable.Repeat(1, 95)], 2));
        Assert.NotSame(none, RareLabels.Boost(none, [.. Enumerable.Repeat(0, 951), .. Enumerable.Repeat(1, 95)], 2));
    }

    [Fact]
    public void The_minimum_epoch_count_follows_the_smallest_rare_label_of_the_training_split()
    {
        int[] targets = [.. Enumerable.Repeat(0, 1000), .. Enumerable.Repeat(1, 10), .. Enumerable.Repeat(2, 40)];
        // All rows: the smallest rare label has 10 texts, ⌈50 / 10⌉ = 5.
        Assert.Equal(5, RareLabels.MinimumEpochs(targets, IndexRange.All(targets.Length), 3, maxEpochs: 30));
        // Its training-split share: 9 texts, ⌈50 / 9⌉ = 6; capped by the epoch limit.
        int[] split = [.. Enumerable.Range(0, targets.Length).Where(i => i != 1000)];
        Assert.Equal(6, RareLabels.MinimumEpochs(targets, split, 3, maxEpochs: 30));
        Assert.Equal(4, RareLabels.MinimumEpochs(targets, split, 3, maxEpochs: 4));
        // Balanced few-shot data has no rare label: no minimum.
        Assert.Equal(1, RareLabels.MinimumEpochs([0, 0, 0, 1, 1, 1], IndexRange.All(6), 2, maxEpochs: 30));
    }

    [Fact]
    public void A_label_of_five_texts_among_six_hundred_is_predicted_only_with_the_boost()
    {
        // Two labels of 300 texts and one of 5, each text "what is the" + three of 2,000 filler words + one of its label's
        // five cue words. Without the boost the word model stopped after a few epochs and the linear member's weights
        // for the small label stayed weak: the ensemble gave it few of its 100 held-out texts.
        (List<LabeledText> train, List<LabeledText> test) = CueQuestions(seed: 7, [("a", 300), ("b", 300), ("z", 5)], testPerLabel: 100);

        int Predicted(NGramTrainerOptions options)
        {
            TextClassifier classifier = NGramTrainer.Train(train, options).Classifier;
            return test.Count(row => row.Label == "z" && classifier.Classify(row.Text).Label == "z");
        }

        int boosted = Predicted(new NGramTrainerOptions { Seed = 42, Threads = 2 });
        int plain = Predicted(new NGramTrainerOptions { Seed = 42, Threads = 2, BoostRareLabels = false });

        // Measured: 14 with the boost (session 42's square-root weight: 17 of 40), 6 without.
        Assert.True(boosted >= 10, $"boosted: {boosted} of 100");
        Assert.True(plain <= 9, $"without the boost: {plain} of 100");
        Assert.True(boosted - plain >= 5, $"boosted {boosted}, without the boost {plain} of 100");
    }

    [Fact]
    public void The_manifest_records_the_boost_only_where_it_changed_the_training()
    {
        (List<LabeledText> rare, _) = CueQuestions(seed: 7, [("a", 300), ("b", 300), ("z", 5)], testPerLabel: 0);
        (List<LabeledText> even, _) = CueQuestions(seed: 7, [("a", 100), ("b", 100), ("z", 100)], testPerLabel: 0);
        NGramTrainerOptions options = new() { MaxEpochs = 12, Dimension = 16, LinearModel = null, EnsembleTokenizer = null };
        IReadOnlyDictionary<string, string> Settings(List<LabeledText> rows, NGramTrainerOptions given) =>
            NGramTrainer.Train(rows, given).Classifier.Training!.Settings!;

        // No rare label, or multi-label data: nothing changed, nothing recorded (as before the option).
        Assert.False(Settings(even, options).ContainsKey(NGramTrainer.BoostRareLabelsSetting));
        Assert.False(Settings(rare, options with { MultiLabelDelimiter = "|" }).ContainsKey(NGramTrainer.BoostRareLabelsSetting));
        // A rare label: which, its weight ((300 / 5)^¼ = 2.783) and the minimum epochs (4 or 5 of its texts in training).
        IReadOnlyDictionary<string, string> boosted = Settings(rare, options);
        Assert.Equal("true", boosted[NGramTrainer.BoostRareLabelsSetting]);
        Assert.Matches(@"^z \(5 texts, loss weight 2\.783\); epoch search at least 1[0-3] epochs$", boosted[NGramTrainer.RareLabelsSetting]);
        Assert.Matches(@"^z \(5 texts\); epoch search", Settings(rare, options with { ClassWeighting = ClassWeighting.Balanced })[NGramTrainer.RareLabelsSetting]);
        // Turned off: said so.
        IReadOnlyDictionary<string, string> off = Settings(rare, options with { BoostRareLabels = false });
        Assert.Equal("false", off[NGramTrainer.BoostRareLabelsSetting]);
        Assert.False(off.ContainsKey(NGramTrainer.RareLabelsSetting));
    }

    [Fact]
    public void Under_label_noise_the_word_model_keeps_the_epoch_it_would_choose_without_the_minimum()
    {
        // 1,000 and 1,000 texts and a rare label of 5 (minimum ⌈50 / 4⌉ or ⌈50 / 5⌉ epochs), then a quarter of the two
        // large labels' texts given the other label: held to the minimum, the word model memorises the swapped texts by
        // their filler words, and the validation loss ends far above its lowest (measured 0.7–1.7 nats over seeds 42 and 1
        // on such data, EpochSearch.NoisyLossRise 0.3), so the search keeps the epoch it would have chosen without the
        // minimum. The same data without the swaps keeps the minimum (its loss rose by 0.004 at most).
        (List<LabeledText> clean, _) = CueQuestions(seed: 7, [("a", 1000), ("b", 1000), ("z", 5)], testPerLabel: 0);
        var random = new Random(11);
        List<LabeledText> noisy = [.. clean.Select(row => row.Label != "z" && random.NextDouble() < 0.25
            ? new LabeledText(row.Text, row.Label == "a" ? "b" : "a")
            : row)];
        NGramTrainerOptions options = new() { Seed = 42, Threads = 2, LinearModel = null, EnsembleTokenizer = null };

        NGramTrainingResult cleanResult = NGramTrainer.Train(clean, options);
        NGramTrainingResult noisyResult = NGramTrainer.Train(noisy, options);
        int cleanEpochs = cleanResult.Epochs;
        int noisyEpochs = noisyResult.Epochs;

        Assert.True(cleanEpochs >= 10, $"clean: {cleanEpochs} epochs");
        Assert.True(noisyEpochs < 10, $"noisy: {noisyEpochs} epochs");
        // The manifest says so: the minimum, and the epochs trained instead where it was set aside.
        Assert.Matches(@"; epoch search at least 1[0-3] epochs$", cleanResult.Classifier.Training!.Settings![NGramTrainer.RareLabelsSetting]);
        Assert.Matches(
            $@"; epoch search at least 1[0-3] epochs, set aside for {noisyEpochs} \(the validation loss rose as under label noise\)$",
            noisyResult.Classifier.Training!.Settings![NGramTrainer.RareLabelsSetting]);
        // Without the refit too (the search keeps that epoch's weights).
        int unrefitted = NGramTrainer.Train(noisy, options with { RefitOnAllData = false }).Epochs;
        Assert.True(unrefitted < 10, $"noisy without the refit: {unrefitted} epochs");
    }

    [Fact]
    public void The_word_model_drops_the_boost_where_the_rare_labels_look_filled_with_wrong_texts()
    {
        // Six labels of 60 texts beside two of 1,500 (weight (1,500 / 60)^¼ = 2.24), each with cue words of its own; then
        // the same but the six labels' texts are the large labels' texts given a wrong label (as atis' small labels with
        // 10–25 % of its labels replaced at random). The boosted word model predicts few of those validation texts as
        // their label (recall under RareLabels.NoisyRecall, about 36 texts), so it trains again without the boost; the
        // clean labels are predicted and keep it.
        string[] rare = ["r0", "r1", "r2", "r3", "r4", "r5"];
        (List<LabeledText> clean, _) = CueQuestions(seed: 7, [("a", 1500), ("b", 1500), .. rare.Select(label => (label, 60))], testPerLabel: 0);
        (List<LabeledText> large, _) = CueQuestions(seed: 7, [("a", 1680), ("b", 1680)], testPerLabel: 0);
        var random = new Random(11);
        int[] wrong = [.. Enumerable.Range(0, large.Count).OrderBy(_ => random.Next()).Take(rare.Length * 60)];
        List<LabeledText> noisy = [.. large];
        for (int k = 0; k < wrong.Length; k++)
        {
            noisy[wrong[k]] = new LabeledText(large[wrong[k]].Text, rare[k % rare.Length]);
        }

        NGramTrainerOptions options = new() { Seed = 42, Threads = 2, LinearModel = null, EnsembleTokenizer = null };
        string Rare(List<LabeledText> rows, NGramTrainerOptions given) =>
            NGramTrainer.Train(rows, given).Classifier.Training!.Settings![NGramTrainer.RareLabelsSetting];

        const string Unboosted = "the word model trained unboosted";
        Assert.Contains(Unboosted, Rare(noisy, options), StringComparison.Ordinal);
        Assert.Matches(@"^r0 \(60 texts, loss weight 2\.2\d*\)", Rare(noisy, options));
        Assert.DoesNotContain(Unboosted, Rare(clean, options), StringComparison.Ordinal);
        Assert.Matches(@"^r0 \(60 texts, loss weight 2\.236\); .*; r5 \(60 texts, loss weight 2\.236\)$", Rare(clean, options));
        // With the IDF weight alone, and without the refit, too.
        Assert.Contains(Unboosted, Rare(noisy, options with { TermWeighting = TermWeighting.Idf, RefitOnAllData = false }), StringComparison.Ordinal);
        Assert.DoesNotContain(Unboosted, Rare(clean, options with { TermWeighting = TermWeighting.Idf, RefitOnAllData = false }), StringComparison.Ordinal);
    }

    [Fact]
    public void The_rare_labels_look_noisy_under_30_percent_validation_recall_over_at_least_20_texts()
    {
        // Labels 0 (1,000 texts) and 1, 2 (50 each: rare); validation rows 1..n of label 1 or 2, the first `right` of
        // them scored highest on their label, the others on label 0; a row of label 0 counts for nothing.
        static bool Noisy(int texts, int right)
        {
            int[] targets = [.. Enumerable.Repeat(0, 1000), .. Enumerable.Repeat(1, 50), .. Enumerable.Repeat(2, 50)];
            int[] validation = [0, .. Enumerable.Range(0, texts).Select(k => 1000 + (k % 2 * 50) + k)];
            float[] scores = new float[validation.Length * 3];
            scores[0] = 1;
            for (int k = 1; k < validation.Length; k++)
            {
                scores[(k * 3) + (k <= right ? targets[validation[k]] : 0)] = 1;
            }

            return RareLabels.LookNoisy(targets, 3, validation, scores);
        }

        Assert.True(Noisy(20, 5));
        Assert.False(Noisy(20, 6));
        Assert.True(Noisy(40, 11));
        Assert.False(Noisy(40, 12));
        Assert.False(Noisy(19, 0));
    }

    // Each text "what is the" + three random filler words + one of its label's five cue words ("<label>0" … "<label>4").
    private static (List<LabeledText> Train, List<LabeledText> Test) CueQuestions(int seed, (string Label, int Count)[] labels, int testPerLabel)
    {
        var random = new Random(seed);
        string Text(string label) =>
            "what is the " + string.Join(' ', Enumerable.Range(0, 3).Select(_ => "w" + random.Next(2000).ToString(CultureInfo.InvariantCulture)))
            + " " + label + random.Next(5).ToString(CultureInfo.InvariantCulture);
        var train = new List<LabeledText>();
        var test = new List<LabeledText>();
        foreach ((string label, int count) in labels)
        {
            for (int k = 0; k < count; k++)
            {
                train.Add(new LabeledText(Text(label), label));
            }

            for (int k = 0; k < testPerLabel; k++)
            {
                test.Add(new LabeledText(Text(label), label));
            }
        }

        return (train, test);
    }
}
