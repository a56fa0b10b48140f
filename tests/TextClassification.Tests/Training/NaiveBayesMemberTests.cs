using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Encoders;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Splitting;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The naive Bayes ensemble member: multinomial naive Bayes on the linear member's pooled inputs, its smoothing
/// and temperature chosen on the validation split.</summary>
public sealed class NaiveBayesMemberTests
{
    // One-letter words as the hand-computed cases' words, not joined as letters spaced apart ("a a b" would read "aab").
    private static readonly HashedNGramFeaturizer Unigrams = new(new HashedNGramOptions { WordNGrams = 1, Buckets = 1 << 16, JoinSpacedLetters = false });

    [Fact]
    public void Counts_and_log_probabilities_match_a_hand_computed_case()
    {
        // Mean pooling keeps the arithmetic exact: "a a b" → a 2/3, b 1/3; "a" → a 1; "c" → c 1.
        FeatureMatrix matrix = FeatureMatrix.Build(["a a b", "a", "c"], Unigrams, NGramPooling.Mean, 1, CancellationToken.None);
        int[] targets = [0, 0, 1];
        int a = RowOf(matrix, "a"), b = RowOf(matrix, "b"), c = RowOf(matrix, "c");

        double[] counts = NaiveBayesTrainer.Count(matrix, targets, 2, [0, 1, 2], NaiveBayesWeighting.Pooled);

        Assert.Equal(2.0 / 3 + 1, counts[(a * 2) + 0], 6);
        Assert.Equal(1.0 / 3, counts[(b * 2) + 0], 6);
        Assert.Equal(0, counts[(c * 2) + 0]);
        Assert.Equal(1, counts[(c * 2) + 1], 6);
        Assert.Equal(0, counts[(a * 2) + 1]);

        // α = 0.5 over 3 rows: label 0 has 2 + 1.5, label 1 has 1 + 1.5. Rows are centred over the labels, so compare
        // differences: log P(a|0) − log P(a|1) = ln((5/3 + .5) / 3.5) − ln(.5 / 2.5).
        float[] table = NaiveBayesTrainer.Table(counts, 2, alpha: 0.5, temperature: 2);
        double expected = 2 * (Math.Log((5.0 / 3 + 0.5) / 3.5) - Math.Log(0.5 / 2.5));
        Assert.Equal(expected, table[(a * 2) + 0] - table[(a * 2) + 1], 5);
        Assert.Equal(0, table[(a * 2) + 0] + table[(a * 2) + 1], 5);
        // Label 1 keeps 1 / 2.5 of its mass on its counts, label 0 2 / 3.5: not under half, so both are smoothed uniformly.
        Assert.Equal(new[] { false, false }, NaiveBayesTrainer.SmoothedTowardsBackground([2, 1], 3, 0.5));
    }

    [Fact]
    public void A_label_with_under_half_the_largest_labels_share_of_counts_is_smoothed_towards_the_background()
    {
        // Three rows; label 0 counts 4, 1, 1 (6 in all), label 1 only 0.5 on row 2. At α = 0.5 the smoothing is 1.5:
        // label 0 keeps 6 / 7.5 = 0.8 of its mass on its counts, label 1 0.5 / 2 = 0.25, under half of 0.8. Label 1's
        // smoothing of row j is then α · 3 · t_j / T, with the rows' totals t = 4, 1, 1.5 and T = 6.5.
        double[] counts = [4, 0, 1, 0, 1, 0.5];
        Assert.Equal(new[] { false, true }, NaiveBayesTrainer.SmoothedTowardsBackground(NaiveBayesTrainer.LabelTotals(counts, 2), 3, 0.5));
        Assert.Equal(new[] { 12 / 6.5, 3 / 6.5, 4.5 / 6.5 }, NaiveBayesTrainer.BackgroundShares(counts, 2));

        float[] table = NaiveBayesTrainer.Table(counts, 2, alpha: 0.5, temperature: 1);

        double[] label0 = [4.5 / 7.5, 1.5 / 7.5, 1.5 / 7.5];
        double[] label1 = [0.5 * 12 / 6.5 / 2, 0.5 * 3 / 6.5 / 2, (0.5 + (0.5 * 4.5 / 6.5)) / 2];
        Assert.Equal(1, label0.Sum(), 9);
        Assert.Equal(1, label1.Sum(), 9);
        for (int row = 0; row < 3; row++)
        {
            Assert.Equal(Math.Log(label0[row]) - Math.Log(label1[row]), table[(row * 2) + 0] - table[(row * 2) + 1], 5);
        }
    }

    [Fact]
    public void The_refit_keeps_the_labels_the_search_smoothed_towards_the_background()
    {
        // Ten rows, α = 1: on the training split label 1 keeps 7 / 17 = 0.41 of its mass on its counts against label 0's
        // 90 / 100 = 0.9, under half, so the search smooths it towards the background. The refit adds the validation
        // split (a quarter more to every label): 8.75 / 18.75 = 0.47 is no longer under half of 112.5 / 122.5 = 0.92, so
        // the rule on the refit's counts alone would smooth it uniformly, a model α and the temperature were not chosen on.
        Assert.Equal(new[] { false, true }, NaiveBayesTrainer.SmoothedTowardsBackground([90, 7], 10, 1));
        Assert.Equal(new[] { false, false }, NaiveBayesTrainer.SmoothedTowardsBackground([112.5, 8.75], 10, 1));

        // Through the search: the choice records the labels it smoothed towards the background at the α it chose.
        (List<string> texts, List<int> targets) = KeywordQuestions(seed: 11, fillerWords: 500, [("apple", 200), ("pear", 200), ("zebra", 10)]);

        FeatureMatrix matrix = FeatureMatrix.Build(texts, Unigrams, NGramPooling.TfIdf, 1, CancellationToken.None);
        int[] labels = [.. targets];
        (int[] train, int[] validation) = StratifiedSplitter.Split(labels, 3, 0.2, seed: 3);
        double[] counts = NaiveBayesTrainer.Count(matrix, labels, 3, train, NaiveBayesWeighting.Pooled);
        NaiveBayesTrainer.Choice choice = NaiveBayesTrainer.Choose(
            matrix, counts, labels, 3, validation, NGramModelBuilder.MarkRows(matrix, train), NaiveBayesWeighting.Pooled, CancellationToken.None);
        Assert.Equal(NaiveBayesTrainer.SmoothedTowardsBackground(NaiveBayesTrainer.LabelTotals(counts, 3), counts.Length / 3, choice.Alpha), choice.Background);

        // And a refit's table given that choice smooths as the search did, whatever the rule says of its counts: here the
        // rule would smooth label 1 towards the background, the search's choice keeps it uniform.
        double[] refit = [4, 0, 1, 0, 1, 0.5];
        Assert.Equal(new[] { false, true }, NaiveBayesTrainer.SmoothedTowardsBackground(NaiveBayesTrainer.LabelTotals(refit, 2), 3, 0.5));
        float[] kept = NaiveBayesTrainer.Table(refit, 2, alpha: 0.5, temperature: 1, background: [false, false]);
        double[] label1 = [0.5 / 2, 0.5 / 2, 1 / 2.0];
        double[] label0 = [4.5 / 7.5, 1.5 / 7.5, 1.5 / 7.5];
        for (int row = 0; row < 3; row++)
        {
            Assert.Equal(Math.Log(label0[row]) - Math.Log(label1[row]), kept[(row * 2) + 0] - kept[(row * 2) + 1], 5);
        }
    }

    [Fact]
    public void A_rare_label_with_a_keyword_of_its_own_wins_the_texts_with_that_keyword()
    {
        // Two labels of 300 texts and one of 4, all of the form "what is the" + three of 2,000 filler words + the label's
        // keyword. Smoothed uniformly, the rare label's few counts are lost in α spread over thousands of rows, so it gives
        // "what", "is" and "the" ~3 nats less than the large labels do and its keyword cannot make that up: it lost every
        // text. Smoothed towards the background it scores the common words as the data does, and its keyword decides.
        // The rare label's 4 training texts, then 20 of its texts held out.
        (List<string> texts, List<int> targets) = KeywordQuestions(seed: 7, fillerWords: 2000, [("apple", 300), ("pear", 300), ("zebra", 4 + 20)]);
        int trained = texts.Count - 20;

        FeatureMatrix matrix = FeatureMatrix.Build(texts, Unigrams, NGramPooling.Mean, 1, CancellationToken.None);
        double[] counts = NaiveBayesTrainer.Count(matrix, [.. targets], 3, IndexRange.All(trained), NaiveBayesWeighting.Pooled);
        double[] totals = NaiveBayesTrainer.LabelTotals(counts, 3);
        Assert.Equal(new[] { false, false, true }, NaiveBayesTrainer.SmoothedTowardsBackground(totals, counts.Length / 3, 0.1));

        float[] table = NaiveBayesTrainer.Table(counts, 3, alpha: 0.1, temperature: 1);

        for (int i = trained; i < texts.Count; i++)
        {
            ReadOnlySpan<int> features = matrix.Features(i);
            ReadOnlySpan<float> weights = matrix.FeatureWeights(i);
            double[] logits = new double[3];
            for (int k = 0; k < features.Length; k++)
            {
                for (int c = 0; c < 3; c++)
                {
                    logits[c] += weights[k] * table[(features[k] * 3) + c];
                }
            }

            Assert.True(logits[2] > Math.Max(logits[0], logits[1]), $"{texts[i]}: {string.Join(", ", logits)}");
        }
    }

    [Property(MaxTest = 100)]
    public void Centring_the_table_rows_leaves_the_probabilities_of_any_input_unchanged(NonNegativeInt seed, byte rawClasses)
    {
        var random = new Random(seed.Get);
        int classes = 2 + (rawClasses % 9);
        int rows = 1 + random.Next(20);
        double[] counts = new double[rows * classes];
        for (int k = 0; k < counts.Length; k++)
        {
            counts[k] = random.Next(3) == 0 ? 0 : random.NextDouble() * 5;
        }

        double alpha = NaiveBayesTrainer.Alphas[random.Next(NaiveBayesTrainer.Alphas.Length)];
        double temperature = 0.1 + (random.NextDouble() * 10);
        double[] input = Enumerable.Range(0, rows).Select(_ => random.Next(2) == 0 ? 0 : random.NextDouble()).ToArray();

        float[] table = NaiveBayesTrainer.Table(counts, classes, alpha, temperature);

        // The definition: softmax over labels of t · Σ input_j · ln((count_jc + α_jc) / (Σ_j count_jc + α · rows)), where
        // α_jc = α, or for a label whose share of mass on its counts, N_c / (N_c + α · rows), is under half the largest
        // label's, α · (rows with a count) · t_j / T (t_j the row's count over all labels, T all counts; α for a row
        // without counts).
        double grand = counts.Sum();
        int counted = Enumerable.Range(0, rows).Count(j => Enumerable.Range(0, classes).Sum(c => counts[(j * classes) + c]) > 0);
        double largest = Enumerable.Range(0, classes).Max(label => Enumerable.Range(0, rows).Sum(j => counts[(j * classes) + label]));
        double[] expected = Softmax(Enumerable.Range(0, classes).Select(label =>
        {
            double labelTotal = Enumerable.Range(0, rows).Sum(j => counts[(j * classes) + label]);
            double total = labelTotal + (alpha * rows);
            bool background = labelTotal / total < 0.5 * largest / (largest + (alpha * rows));
            return temperature * Enumerable.Range(0, rows).Sum(j =>
            {
                double rowTotal = Enumerable.Range(0, classes).Sum(c => counts[(j * classes) + c]);
                double smoothing = background && rowTotal > 0 ? alpha * counted * rowTotal / grand : alpha;
                return input[j] * Math.Log((counts[(j * classes) + label] + smoothing) / total);
            });
        }).ToArray());
        double[] actual = Softmax(Enumerable.Range(0, classes).Select(label => Enumerable.Range(0, rows).Sum(j => input[j] * table[(j * classes) + label])).ToArray());
        for (int label = 0; label < classes; label++)
        {
            Assert.True(Math.Abs(expected[label] - actual[label]) < 1e-4, $"label {label}: {actual[label]} vs {expected[label]}");
        }
    }

    [Property(MaxTest = 100)]
    public void A_table_divided_by_the_idf_scores_idf_weighted_inputs_as_the_plain_table_scores_the_plain_inputs(NonNegativeInt seed)
    {
        // Term-frequency counts: the encoder multiplies each input by its row's IDF at inference, the table divides it out.
        var random = new Random(seed.Get);
        int classes = 2 + random.Next(6);
        int rows = 1 + random.Next(20);
        double[] counts = Enumerable.Range(0, rows * classes).Select(_ => random.Next(3) == 0 ? 0 : random.NextDouble() * 5).ToArray();
        float[] idf = Enumerable.Range(0, rows).Select(_ => 1 + ((float)random.NextDouble() * 8)).ToArray();
        double[] input = Enumerable.Range(0, rows).Select(_ => random.Next(2) == 0 ? 0 : random.NextDouble()).ToArray();

        float[] plain = NaiveBayesTrainer.Table(counts, classes, alpha: 0.1, temperature: 1.5);
        float[] divided = NaiveBayesTrainer.Table(counts, classes, alpha: 0.1, temperature: 1.5, idf);

        for (int label = 0; label < classes; label++)
        {
            double expected = Enumerable.Range(0, rows).Sum(j => input[j] * plain[(j * classes) + label]);
            double actual = Enumerable.Range(0, rows).Sum(j => input[j] * idf[j] * divided[(j * classes) + label]);
            Assert.True(Math.Abs(expected - actual) < 1e-3 * (1 + Math.Abs(expected)), $"label {label}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void Term_frequency_counts_are_each_texts_weights_without_the_idf_normalised()
    {
        FeatureMatrix matrix = FeatureMatrix.Build(["a a b", "a c", "b"], Unigrams, NGramPooling.TfIdf, 1, CancellationToken.None);
        int a = RowOf(matrix, "a"), b = RowOf(matrix, "b"), c = RowOf(matrix, "c");

        double[] counts = NaiveBayesTrainer.Count(matrix, [0, 0, 1], 2, [0, 1, 2], NaiveBayesWeighting.TermFrequency);

        // Sublinear term frequencies: "a a b" → a 1 + ln 2, b 1 (L2-normalised); "a c" → 1, 1; "b" → 1.
        double first = Math.Sqrt(Math.Pow(1 + Math.Log(2), 2) + 1);
        Assert.Equal(((1 + Math.Log(2)) / first) + (1 / Math.Sqrt(2)), counts[(a * 2) + 0], 5);
        Assert.Equal(1 / first, counts[(b * 2) + 0], 5);
        Assert.Equal(1 / Math.Sqrt(2), counts[(c * 2) + 0], 5);
        Assert.Equal(1, counts[(b * 2) + 1], 5);
        Assert.Equal(0, counts[(a * 2) + 1]);
        Assert.Throws<ArgumentException>(() => NaiveBayesTrainer.Count(
            FeatureMatrix.Build(["a"], Unigrams, NGramPooling.Mean, 1, CancellationToken.None), [0], 1, [0], NaiveBayesWeighting.TermFrequency));
    }

    [Fact]
    public void The_counting_the_table_and_the_sparse_counts_look_at_the_cancellation_token()
    {
        // Review 51e: with 143 labels on 175k texts counting took 2.5 s, scoring the validation texts and the table
        // more, with no look at the token, so a training canceled then waited seconds for the naive Bayes lane.
        List<LabeledText> rows = KeywordInNoise(perLabel: 40, words: 60, seed: 4);
        (FeatureMatrix matrix, int[] targets, int[] train, int[] validation, bool[] trained) = Split(rows, KeywordLabels.Length);
        double[] counts = NaiveBayesTrainer.Count(matrix, targets, KeywordLabels.Length, train, NaiveBayesWeighting.Pooled);
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        void AssertCanceled(Action action) =>
            Assert.Equal(canceled.Token, Assert.ThrowsAny<OperationCanceledException>(action).CancellationToken);

        AssertCanceled(() => NaiveBayesTrainer.Count(matrix, targets, KeywordLabels.Length, train, NaiveBayesWeighting.Pooled, cancellationToken: canceled.Token));
        AssertCanceled(() => NaiveBayesTrainer.Table(counts, KeywordLabels.Length, alpha: 0.1, temperature: 1, cancellationToken: canceled.Token));
        AssertCanceled(() => NaiveBayesTrainer.CountAndChoose(matrix, targets, KeywordLabels.Length, train, validation, trained, canceled.Token));
        // The same token not canceled changes nothing.
        Assert.Equal(counts, NaiveBayesTrainer.Count(matrix, targets, KeywordLabels.Length, train, NaiveBayesWeighting.Pooled, cancellationToken: new CancellationTokenSource().Token));
    }

    [Theory]
    [InlineData(false, "TermFrequency")]
    [InlineData(true, "Pooled")]
    public void The_weighting_of_least_validation_loss_is_chosen(bool topics, string expected)
    {
        // Both outcomes: the counts returned are those of the winner either way (the pooled counts are put back from
        // their sparse form when they win, the term frequencies are the last counted).
        List<LabeledText> rows = topics ? TopicsAmongCommonWords(perLabel: 40, seed: 4) : KeywordInNoise(perLabel: 40, words: 60, seed: 4);
        (FeatureMatrix matrix, int[] targets, int[] train, int[] validation, bool[] trained) = Split(rows, KeywordLabels.Length);
        double LossOf(NaiveBayesWeighting weighting) => NaiveBayesTrainer.Choose(
            matrix, NaiveBayesTrainer.Count(matrix, targets, KeywordLabels.Length, train, weighting), targets, KeywordLabels.Length, validation, trained, weighting, CancellationToken.None).ValidationLoss;

        (NaiveBayesTrainer.Choice choice, double[] counts) = NaiveBayesTrainer.CountAndChoose(matrix, targets, KeywordLabels.Length, train, validation, trained, CancellationToken.None);

        double pooled = LossOf(NaiveBayesWeighting.Pooled);
        double termFrequency = LossOf(NaiveBayesWeighting.TermFrequency);
        Assert.Equal(Math.Min(pooled, termFrequency), choice.ValidationLoss, 12);
        Assert.Equal(termFrequency < pooled ? NaiveBayesWeighting.TermFrequency : NaiveBayesWeighting.Pooled, choice.Weighting);
        Assert.Equal(NaiveBayesTrainer.Count(matrix, targets, KeywordLabels.Length, train, choice.Weighting), counts);
        Assert.Equal(Enum.Parse<NaiveBayesWeighting>(expected), choice.Weighting);
    }

    [Fact]
    public void A_keyword_in_a_fifth_of_the_texts_among_many_random_words_is_found_by_term_frequencies()
    {
        // Each label's keyword is in a fifth of the texts, so its IDF is below that of the random words around it (each
        // in a few per cent of the texts): on TF-IDF inputs the noise outweighs it. Term frequencies find it.
        List<LabeledText> train = KeywordInNoise(perLabel: 100, words: 100, seed: 1);
        List<LabeledText> test = KeywordInNoise(perLabel: 20, words: 100, seed: 2);

        TextClassifier model = NGramTrainer.Train(train, new NGramTrainerOptions { Threads = 2, Seed = 5 }).Classifier;

        Assert.Equal("tf", model.Training!.Settings![NGramTrainer.NaiveBayesWeightingSetting]);
        int correct = test.Count(row => model.Classify(row.Text).Label == row.Label);
        Assert.True(correct >= test.Count * 0.9, $"{correct} of {test.Count}");
    }

    [Fact]
    public void Log_loss_of_a_hand_computed_case()
    {
        // softmax(2 · [0, ln 3]) = [1/10, 9/10]; the target is label 1.
        double loss = NaiveBayesTrainer.LogLoss([0, Math.Log(3)], 2, [1], [0], temperature: 2);

        Assert.Equal(-Math.Log(0.9), loss, 12);
    }

    [Property(MaxTest = 100)]
    public void The_chosen_temperature_is_at_least_as_good_as_any_on_a_fine_grid(NonNegativeInt seed, byte rawClasses)
    {
        var random = new Random(seed.Get);
        int classes = 2 + (rawClasses % 6);
        int n = 1 + random.Next(40);
        double[] logits = Enumerable.Range(0, n * classes).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        int[] targets = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
        int[] examples = Enumerable.Range(0, n).ToArray();

        double temperature = NaiveBayesTrainer.ChooseTemperature(logits, classes, targets, examples, out double loss);

        Assert.InRange(temperature, 1e-2, 1e4);
        Assert.Equal(NaiveBayesTrainer.LogLoss(logits, classes, targets, examples, temperature), loss, 12);
        for (double t = 1e-2; t <= 1e4; t *= 1.05)
        {
            Assert.True(loss <= NaiveBayesTrainer.LogLoss(logits, classes, targets, examples, t) + 1e-7, $"t {t} beats the chosen {temperature}");
        }
    }

    [Property(MaxTest = 30)]
    public void The_search_scores_every_alpha_as_the_dense_table_does(NonNegativeInt seed, bool tfIdf, bool termFrequency)
    {
        // Reference: for each alpha, the validation logits from the dense table (Table at temperature 1, over the rows the
        // training split holds, inputs normalised over them as inference does), then the temperature search on them.
        // The search's single pass over all alphas must find the same least loss, and report the loss it chose. With
        // term-frequency counts the table is divided by the IDF and the inputs stay the TF-IDF ones, as at inference.
        var random = new Random(seed.Get);
        int classes = 3;
        List<LabeledText> rows = SyntheticData.Generate(perLabel: 8 + random.Next(20), seed: random.Next());
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 2, Buckets = 1 + random.Next(5000) });
        FeatureMatrix matrix = FeatureMatrix.Build(rows.Select(row => row.Text).ToList(), featurizer, tfIdf ? NGramPooling.TfIdf : NGramPooling.Mean, 1, CancellationToken.None);
        int[] targets = rows.Select(row => Array.IndexOf(SyntheticData.Labels, row.Label)).ToArray();
        (int[] train, int[] validation) = StratifiedSplitter.Split(targets, classes, 0.3, seed: random.Next());
        bool[] trained = new bool[matrix.BucketsByRow.Length];
        foreach (int i in train)
        {
            foreach (int row in matrix.Features(i))
            {
                trained[row] = true;
            }
        }

        NaiveBayesWeighting weighting = tfIdf && termFrequency ? NaiveBayesWeighting.TermFrequency : NaiveBayesWeighting.Pooled;
        double[] counts = NaiveBayesTrainer.Count(matrix, targets, classes, train, weighting);

        NaiveBayesTrainer.Choice choice = NaiveBayesTrainer.Choose(matrix, counts, targets, classes, validation, trained, weighting, CancellationToken.None);

        Assert.Equal(weighting, choice.Weighting);
        double bestReference = double.PositiveInfinity;
        double chosenReference = double.NaN;
        foreach (double alpha in NaiveBayesTrainer.Alphas)
        {
            float[] table = NaiveBayesTrainer.Table(counts, classes, alpha, temperature: 1, weighting == NaiveBayesWeighting.TermFrequency ? matrix.Idf : null);
            double[] logits = new double[validation.Length * classes];
            for (int v = 0; v < validation.Length; v++)
            {
                ReadOnlySpan<int> features = matrix.Features(validation[v]);
                ReadOnlySpan<float> weights = matrix.FeatureWeights(validation[v]);
                double norm = 0;
                for (int k = 0; k < features.Length; k++)
                {
                    norm += trained[features[k]] ? (tfIdf ? (double)weights[k] * weights[k] : weights[k]) : 0;
                }

                norm = tfIdf ? Math.Sqrt(norm) : norm;
                for (int k = 0; k < features.Length && norm > 0; k++)
                {
                    for (int c = 0; c < classes && trained[features[k]]; c++)
                    {
                        logits[(v * classes) + c] += weights[k] / norm * table[(features[k] * classes) + c];
                    }
                }
            }

            NaiveBayesTrainer.ChooseTemperature(logits, classes, targets, validation, out double loss);
            bestReference = Math.Min(bestReference, loss);
            chosenReference = alpha == choice.Alpha ? loss : chosenReference;
        }

        // The table is float and centred per row, so agreement is to float precision, not bit for bit.
        Assert.Equal(chosenReference, choice.ValidationLoss, 4);
        Assert.True(choice.ValidationLoss <= bestReference + 1e-4, $"chose α {choice.Alpha} with loss {choice.ValidationLoss}; the reference's least loss is {bestReference}");
    }

    [Fact]
    public void The_search_returns_calibrated_validation_probabilities_that_favour_the_right_labels()
    {
        List<LabeledText> rows = SyntheticData.Generate(perLabel: 40, seed: 5);
        FeatureMatrix matrix = FeatureMatrix.Build(rows.Select(row => row.Text).ToList(), Unigrams, NGramPooling.TfIdf, 1, CancellationToken.None);
        int[] targets = rows.Select(row => Array.IndexOf(SyntheticData.Labels, row.Label)).ToArray();
        (int[] train, int[] validation) = StratifiedSplitter.Split(targets, 3, 0.25, seed: 1);
        bool[] trained = new bool[matrix.BucketsByRow.Length];
        foreach (int i in train)
        {
            foreach (int row in matrix.Features(i))
            {
                trained[row] = true;
            }
        }

        double[] counts = NaiveBayesTrainer.Count(matrix, targets, 3, train, NaiveBayesWeighting.Pooled);

        NaiveBayesTrainer.Choice choice = NaiveBayesTrainer.Choose(matrix, counts, targets, 3, validation, trained, NaiveBayesWeighting.Pooled, CancellationToken.None);

        Assert.Contains(choice.Alpha, NaiveBayesTrainer.Alphas.ToArray());
        Assert.NotNull(choice.ValidationScores);
        Assert.Equal(validation.Length * 3, choice.ValidationScores.Length);
        int correct = 0;
        double loss = 0;
        for (int v = 0; v < validation.Length; v++)
        {
            ReadOnlySpan<float> p = choice.ValidationScores.AsSpan(v * 3, 3);
            Assert.Equal(1f, p[0] + p[1] + p[2], 4);
            correct += p.IndexOf(MaxOf(p)) == targets[validation[v]] ? 1 : 0;
            loss -= Math.Log(p[targets[validation[v]]]);
        }

        Assert.True(correct >= validation.Length * 0.9, $"{correct} of {validation.Length}");
        Assert.Equal(choice.ValidationLoss, loss / validation.Length, 4);
    }

    [Fact]
    public void Its_member_scores_texts_as_the_choice_says_and_classifies_its_training_data()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with { LinearModel = new LinearModelOptions() };

        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, options).Classifier;

        NGramModel naiveBayes = model.Members[^1];
        Assert.Equal(3, model.ModelCount);
        Assert.Equal(model.Labels.Count, naiveBayes.Encoder.Dimension);
        Assert.All(naiveBayes.Head.Bias, bias => Assert.Equal(0f, bias));
        var alone = new TextClassifier([.. model.Labels], [naiveBayes], training: null);
        int correct = TestModels.SmallData.Count(row => alone.Classify(row.Text).Label == row.Label);
        Assert.True(correct >= TestModels.SmallData.Count * 0.9, $"{correct} of {TestModels.SmallData.Count}");
    }

    [Theory]
    [InlineData(false, 0.1, 2)]
    [InlineData(true, 0.0, 3)]
    [InlineData(true, 0.1, 3)]
    public void It_needs_its_option_and_takes_the_defaults_without_a_validation_split(bool naiveBayes, double validationFraction, int models)
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with
        {
            LinearModel = new LinearModelOptions { NaiveBayes = naiveBayes },
            ValidationFraction = validationFraction,
        };

        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, options).Classifier;

        Assert.Equal(models, model.ModelCount);
        // The bundle records what the search chose, when there is a member to describe.
        IReadOnlyDictionary<string, string> settings = model.Training!.Settings!;
        Assert.Equal(models == 3, settings.ContainsKey(NGramTrainer.NaiveBayesSmoothingSetting));
        if (models == 3)
        {
            Assert.Contains(double.Parse(settings[NGramTrainer.NaiveBayesSmoothingSetting], CultureInfo.InvariantCulture), NaiveBayesTrainer.Alphas.ToArray());
            Assert.InRange(double.Parse(settings[NGramTrainer.NaiveBayesTemperatureSetting], CultureInfo.InvariantCulture), 1e-2, 1e4);
            Assert.Equal(validationFraction == 0, settings.ContainsKey(NGramTrainer.NaiveBayesDefaultsSetting));
        }
    }

    [Fact]
    public void Without_a_validation_split_it_takes_its_defaults_with_tfidf_pooling_only()
    {
        // With mean pooling the search picks temperatures near 80: the default 1 would flatten the ensemble (a review).
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with { LinearModel = new LinearModelOptions(), ValidationFraction = 0 };

        TextClassifier tfidf = NGramTrainer.Train(TestModels.SmallData, options).Classifier;
        TextClassifier mean = NGramTrainer.Train(TestModels.SmallData, options with { Pooling = NGramPooling.Mean }).Classifier;

        Assert.Equal(3, tfidf.ModelCount);
        Assert.True(tfidf.Training!.Settings!.ContainsKey(NGramTrainer.NaiveBayesDefaultsSetting));
        Assert.Equal(2, mean.ModelCount);
        Assert.False(mean.Training!.Settings!.ContainsKey(NGramTrainer.NaiveBayesSmoothingSetting));
    }

    [Fact]
    public void With_one_text_per_label_it_stands_in_for_a_linear_member_past_its_cap()
    {
        // A thousand labels of one text each (an FAQ: one question per answer): no split can hold a text out, and the
        // linear member is past MaxWeights. Naive Bayes with the default choice stands in; the SGD model that took its
        // place scored 0.02 on such a keyword task (a user's report), the shared filler words memorised.
        string[] filler = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"];
        var random = new Random(1);
        string Text(int label) => $"kw{label}x " + string.Join(' ', filler.OrderBy(_ => random.Next()).Take(3));
        List<LabeledText> train = [.. Enumerable.Range(0, 1000).Select(label => new LabeledText(Text(label), $"lab{label}", label + 2))];
        NGramTrainerOptions options = new() { MaxEpochs = 5, Dimension = 16, LinearModel = new LinearModelOptions { MaxWeights = 1000 } };

        TextClassifier model = NGramTrainer.Train(train, options).Classifier;

        Assert.True(model.Training!.Settings!.ContainsKey(NGramTrainer.NaiveBayesDefaultsSetting));
        int correct = Enumerable.Range(0, 1000).Count(label => model.Classify(Text(label)).Label == $"lab{label}");
        Assert.True(correct >= 900, $"{correct} of 1000 fresh texts");
    }

    [Fact]
    public void Past_its_weight_cap_it_is_left_out_and_the_SGD_model_takes_the_char_features_instead()
    {
        // The linear member is past MaxWeights, so naive Bayes would stand alone in its place; past
        // MaxNaiveBayesWeights too, the SGD model on the char features trains instead, and the bundle says why.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with
        {
            LinearModel = new LinearModelOptions { MaxWeights = 10, MaxNaiveBayesWeights = 10 },
        };

        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, options).Classifier;
        TextClassifier alone = NGramTrainer.Train(TestModels.SmallData, options with { LinearModel = new LinearModelOptions { MaxWeights = 10 } }).Classifier;

        Assert.Equal(2, model.ModelCount);
        Assert.Contains("MaxNaiveBayesWeights", model.Training!.Settings![NGramTrainer.NaiveBayesSetting], StringComparison.Ordinal);
        Assert.False(model.Training.Settings.ContainsKey(NGramTrainer.NaiveBayesSmoothingSetting));
        Assert.Equal(options.Dimension, model.Members[1].Encoder.Dimension); // an SGD embedding, not a label-wide table
        Assert.False(alone.Training!.Settings!.ContainsKey(NGramTrainer.NaiveBayesSetting));
        Assert.Equal(alone.Labels.Count, alone.Members[1].Encoder.Dimension); // naive Bayes alone: one column per label
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearModelOptions { MaxNaiveBayesWeights = 1L << 30 }.Validate());
    }

    [Fact]
    public void Without_a_refit_it_keeps_only_the_rows_of_the_training_split()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with { LinearModel = new LinearModelOptions(), RefitOnAllData = false };
        NGramTrainerOptions refit = options with { RefitOnAllData = true };

        TextClassifier held = NGramTrainer.Train(TestModels.SmallData, options).Classifier;
        TextClassifier all = NGramTrainer.Train(TestModels.SmallData, refit).Classifier;

        // The refitted member knows every row of the data; the held-out one only those of the training split.
        Assert.True(held.Members[^1].Encoder.Index.Count < all.Members[^1].Encoder.Index.Count);
        Assert.Equal(all.Members[1].Encoder.Index.Count, all.Members[^1].Encoder.Index.Count);
    }

    private static readonly Lazy<TextClassifier> Default = new(() =>
        NGramTrainer.Train(TestModels.SmallData, new NGramTrainerOptions { Threads = 2, MaxEpochs = 4, Dimension = 16 }).Classifier);

    [Fact]
    public void It_shares_the_linear_members_index_so_a_text_is_featurised_once_for_both_and_scores_still_combine_the_members()
    {
        TextClassifier model = Default.Value;
        List<string> probe = [.. SyntheticData.Texts(30, seed: 9), "", "unknown words only", new string('x', 5000)];

        Assert.True(model.Members[2].SharesFeaturesWith(model.Members[1]));
        Assert.False(model.Members[1].SharesFeaturesWith(model.Members[0]));
        Assert.Equal(3, model.ModelCount);
        TestModels.AssertScoresCombineTheMembers(model, probe, tolerance: 1e-6);
    }

    [Fact]
    public void It_does_not_depend_on_the_thread_count_or_the_schedule_of_the_lanes()
    {
        // Two threads train the word model and the char members side by side; one thread trains them one after the other.
        // The naive Bayes member is single-threaded and counts in a fixed order, so it comes out the same either way.
        NGramTrainerOptions options = new() { MaxEpochs = 4, Dimension = 16 };
        TextClassifier sideBySide = NGramTrainer.Train(TestModels.SmallData, options with { Threads = 2 }).Classifier;
        TextClassifier sequential = NGramTrainer.Train(TestModels.SmallData, options with { Threads = 1 }).Classifier;

        List<string> probe = SyntheticData.Texts(30, seed: 12);
        var first = new TextClassifier([.. sideBySide.Labels], [sideBySide.Members[2]], training: null);
        var second = new TextClassifier([.. sequential.Labels], [sequential.Members[2]], training: null);
        Assert.Equal(TestModels.ScoresOf(first, probe), TestModels.ScoresOf(second, probe));
        Assert.Equal(sideBySide.Training!.Settings![NGramTrainer.NaiveBayesTemperatureSetting], sequential.Training!.Settings![NGramTrainer.NaiveBayesTemperatureSetting]);
    }

    [Fact]
    public void A_bundle_stores_its_features_once_and_loads_them_shared()
    {
        using var temp = new TempFolder("tc-naive-bayes");
        string bundle = BundleEditing.SaveBundle(temp, Default.Value);

        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal(manifest.Ensemble![0].Encoder.FeaturesFile, manifest.Ensemble[1].Encoder.FeaturesFile);
        Assert.Equal(manifest.Ensemble[0].Encoder.IdfFile, manifest.Ensemble[1].Encoder.IdfFile);
        Assert.NotEqual(manifest.Ensemble[0].Encoder.WeightsFile, manifest.Ensemble[1].Encoder.WeightsFile);
        Assert.True(loaded.Members[2].SharesFeaturesWith(loaded.Members[1]));
        List<string> probe = SyntheticData.Texts(30, seed: 10);
        Assert.Equal(TestModels.ScoresOf(Default.Value, probe), TestModels.ScoresOf(loaded, probe));
    }

    private static readonly string[] KeywordLabels = ["L0", "L1", "L2", "L3", "L4"];

    // Texts of `words` random strings from a 5,000-string vocabulary (the same for every seed) with the keyword of the
    // text's label at a random place: the keyword alone decides the label. The keywords share few char n-grams, so each
    // brings a dozen features of its own (keywords that differ in one char leave naive Bayes far less to go on).
    private static List<LabeledText> KeywordInNoise(int perLabel, int words, int seed)
    {
        var vocabularyRandom = new Random(17);
        string[] vocabulary = Enumerable.Range(0, 5000)
            .Select(_ => new string(Enumerable.Range(0, vocabularyRandom.Next(3, 9)).Select(_ => (char)('a' + vocabularyRandom.Next(26))).ToArray()))
            .ToArray();
        var random = new Random(seed);
        var rows = new List<LabeledText>();
        for (int i = 0; i < perLabel; i++)
        {
            for (int label = 0; label < KeywordLabels.Length; label++)
            {
                List<string> text = Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToList();
                text.Insert(random.Next(text.Count + 1), $"kw{label}zzyx");
                rows.Add(new LabeledText(string.Join(' ', text), KeywordLabels[label], rows.Count + 2));
            }
        }

        return rows;
    }

    // Texts of eight words from their label's 30 topic words (a topic word of another label now and then) and four from
    // 20 words common to every label: the TF-IDF inputs play the common words down.
    private static List<LabeledText> TopicsAmongCommonWords(int perLabel, int seed)
    {
        var random = new Random(seed);
        string Word(string prefix, int count) => $"{prefix}{random.Next(count)}q";
        var rows = new List<LabeledText>();
        for (int i = 0; i < perLabel; i++)
        {
            for (int label = 0; label < KeywordLabels.Length; label++)
            {
                var text = new List<string>();
                for (int w = 0; w < 8; w++)
                {
                    int topic = random.Next(5) == 0 ? random.Next(KeywordLabels.Length) : label;
                    text.Add(Word($"t{topic}x", 30));
                }

                for (int w = 0; w < 4; w++)
                {
                    text.Insert(random.Next(text.Count + 1), Word("common", 20));
                }

                rows.Add(new LabeledText(string.Join(' ', text), KeywordLabels[label], rows.Count + 2));
            }
        }

        return rows;
    }

    private static (FeatureMatrix Matrix, int[] Targets, int[] Train, int[] Validation, bool[] Trained) Split(List<LabeledText> rows, int classes)
    {
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 2, CharNGramMin = 3, CharNGramMax = 5 });
        FeatureMatrix matrix = FeatureMatrix.Build(rows.Select(row => row.Text).ToList(), featurizer, NGramPooling.TfIdf, 1, CancellationToken.None);
        int[] targets = rows.Select(row => Array.IndexOf(KeywordLabels, row.Label)).ToArray();
        (int[] train, int[] validation) = StratifiedSplitter.Split(targets, classes, 0.2, seed: 3);
        return (matrix, targets, train, validation, NGramModelBuilder.MarkRows(matrix, train));
    }

    private static int RowOf(FeatureMatrix matrix, string word)
    {
        Span<int> bucket = stackalloc int[Unigrams.MaxFeatures];
        Unigrams.Extract(word, bucket);
        return Array.IndexOf(matrix.BucketsByRow, bucket[0]);
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = values[0];
        foreach (float value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double sum = z.Sum(v => Math.Exp(v - max));
        return z.Select(v => Math.Exp(v - max) / sum).ToArray();
    }

    // Texts "what is the" + three random filler words + the label's keyword, `count` of each label in order (label k is
    // the k-th keyword's), drawn with `seed`.
    private static (List<string> Texts, List<int> Targets) KeywordQuestions(int seed, int fillerWords, (string Keyword, int Count)[] labels)
    {
        var random = new Random(seed);
        string[] filler = Enumerable.Range(0, fillerWords).Select(k => "w" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        var texts = new List<string>();
        var targets = new List<int>();
        for (int label = 0; label < labels.Length; label++)
        {
            for (int k = 0; k < labels[label].Count; k++)
            {
                texts.Add("what is the " + string.Join(' ', Enumerable.Range(0, 3).Select(_ => filler[random.Next(filler.Length)])) + " " + labels[label].Keyword);
                targets.Add(label);
            }
        }

        return (texts, targets);
    }
}
