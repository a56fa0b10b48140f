using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Support;

/// <summary>Small models trained once per test run and shared (a <see cref="TextClassifier"/> is immutable).</summary>
public static class TestModels
{
    /// <summary>The data of <see cref="Small"/>: 50 rows per label.</summary>
    public static IReadOnlyList<LabeledText> SmallData { get; } = SyntheticData.Generate(perLabel: 50, seed: 1234);

    private static readonly Lazy<TextClassifier> SmallModel = new(() => Train(SmallData, seed: 7));

    private static readonly Lazy<TextClassifier> SmallModelOtherSeed = new(() => Train(SmallData, seed: 8));

    /// <summary>A 3-label model of <see cref="SyntheticData"/> (seed 7).</summary>
    public static TextClassifier Small => SmallModel.Value;

    /// <summary>The same data and settings as <see cref="Small"/> with seed 8: other weights, other bundle files.</summary>
    public static TextClassifier SmallOtherSeed => SmallModelOtherSeed.Value;

    /// <summary>Fast settings for unit tests: one model (no ensemble), a narrow table and few epochs. Without the
    /// tokenizer settings of format version 4 (<see cref="HashedNGramOptions.SplitUnspacedScripts"/>,
    /// <see cref="HashedNGramOptions.NormalizeAccents"/>), so these models are written in the oldest format that
    /// describes them (version 1 alone, 2 or 3 in ensembles) and the tests of those versions keep their meaning;
    /// <c>UnspacedScriptTests</c> and <c>AccentNormalizationTests</c> cover the two.</summary>
    public static NGramTrainerOptions FastOptions(int seed) => new()
    {
        EnsembleTokenizer = null,
        LinearModel = null,
        Seed = seed,
        Dimension = 16,
        MaxEpochs = 8,
        Threads = 2,
        Tokenizer = WithoutVersion4(new HashedNGramOptions { Buckets = 1 << 18 }),
    };

    /// <summary><paramref name="options"/> without the tokenizer settings of bundle format version 4 and later (4: unspaced
    /// scripts, accents; 7: symbol suffixes; 8: diacritics and full-width forms folded; 9: markup read; 10: Arabic and Hebrew marks folded, Hangul jamo composed; 11: compatibility forms folded; 12: format chars inside words skipped; 13: look-alike letters read as Latin), so a model made with them is
    /// written in the oldest format that describes the rest.</summary>
    public static HashedNGramOptions WithoutVersion4(HashedNGramOptions options) =>
        options with { SplitUnspacedScripts = false, NormalizeAccents = false, SymbolSuffixes = false, FoldDiacritics = false, FoldWidth = false, StripMarkup = false, FoldAbjadMarks = false, ComposeHangul = false, FoldCompatibilityForms = false, SkipFormatChars = false, FoldConfusables = false, JoinSpacedLetters = false };

    /// <summary>The default ensemble on 40 short texts of two labels ("card number 3 was charged": billing; "atm 3 kept
    /// my card": atm), for the bundle checks of tokenizer settings.</summary>
    public static TextClassifier BillingOrAtm()
    {
        List<LabeledText> rows = [];
        for (int i = 0; i < 20; i++)
        {
            rows.Add(new($"card number {i} was charged", "billing", rows.Count + 2));
            rows.Add(new($"atm {i} kept my card", "atm", rows.Count + 2));
        }

        return NGramTrainer.Train(rows, new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;
    }

    public static TextClassifier Train(IReadOnlyList<LabeledText> rows, int seed) =>
        NGramTrainer.Train(rows, FastOptions(seed)).Classifier;

    /// <summary>Scores of every text, for exact comparisons between models.</summary>
    /// <summary>How many of <paramref name="rows"/> <paramref name="classifier"/> labels right.</summary>
    public static int CountRight(ITextClassifier classifier, IEnumerable<LabeledText> rows) =>
        rows.Count(row => classifier.Classify(row.Text).Label == row.Label);

    /// <summary>Texts of six random <paramref name="filler"/> words with one label's keyword at a random place
    /// (<c>label0</c> for the first keyword, …), <paramref name="perLabel"/> of each label, for the checks that a
    /// tokenizer setting reads a keyword written another way as the one trained on.</summary>
    public static List<LabeledText> KeywordTexts(string[] keywords, string[] filler, int perLabel, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>();
        for (int i = 0; i < perLabel; i++)
        {
            for (int label = 0; label < keywords.Length; label++)
            {
                var words = new List<string>();
                for (int k = 0; k < 6; k++)
                {
                    words.Add(filler[random.Next(filler.Length)]);
                }

                words.Insert(random.Next(words.Count + 1), keywords[label]);
                rows.Add(new LabeledText(string.Join(' ', words), "label" + label.ToString(System.Globalization.CultureInfo.InvariantCulture), rows.Count + 2));
            }
        }

        return rows;
    }

    /// <summary>A word model alone (no char n-grams to share the letters around what differs) trained on
    /// <paramref name="train"/> gets at least 95 % of <paramref name="test"/> right with the default tokenizer and at most
    /// 60 % with the setting under test turned off by <paramref name="off"/>.</summary>
    public static void AssertTestTextsReadAsTrained(List<LabeledText> train, List<LabeledText> test, Func<HashedNGramOptions, HashedNGramOptions> off)
    {
        var options = new NGramTrainerOptions { Threads = 1, Seed = 2, LinearModel = null, MaxEpochs = 20 };
        TextClassifier with = NGramTrainer.Train(train, options).Classifier;
        TextClassifier without = NGramTrainer.Train(train, options with { Tokenizer = off(options.Tokenizer) }).Classifier;

        Assert.True(CountRight(with, test) >= test.Count * 0.95, $"with the setting: {CountRight(with, test)} of {test.Count}");
        Assert.True(CountRight(without, test) <= test.Count * 0.6, $"without it: {CountRight(without, test)} of {test.Count}");
    }

    /// <summary>Trains the default ensemble on keyword texts ("phone", "bill", "late" among filler words) with the tokenizer
    /// setting on and with <paramref name="off"/> applied to every tokenizer, and asserts that the first model scores
    /// <paramref name="texts"/> as <paramref name="plain"/> and the second does not.</summary>
    public static void AssertTrainedOnPlainReadsAlike(Func<HashedNGramOptions, HashedNGramOptions> off, string[] texts, string[] plain)
    {
        List<LabeledText> train = KeywordTexts(["phone", "bill", "late"], ["my", "the", "was", "again", "please", "help", "today", "why", "it", "is", "so", "and"], 20, 1);
        var model = NGramTrainer.Train(train, new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;
        var without = NGramTrainer.Train(train, new NGramTrainerOptions { Threads = 2, Seed = 3 }.WithEveryTokenizer(off)).Classifier;

        Assert.Equal(ScoresOf(model, plain), ScoresOf(model, texts));
        Assert.NotEqual(ScoresOf(without, plain), ScoresOf(without, texts));
    }

    public static float[][] ScoresOf(ITextClassifier classifier, IEnumerable<string> texts) =>
        texts.Select(text =>
        {
            float[] scores = new float[classifier.Labels.Count];
            classifier.Score(text, scores);
            return scores;
        }).ToArray();

    /// <summary>Asserts that the classifier's score of every text is the mean of its members' own scores (within
    /// <paramref name="tolerance"/>: the float sums may round differently), each member scoring the text by itself.</summary>
    /// <summary>Checks the classifier's scores against a scalar reference of its <see cref="TextClassifier.Combination"/>
    /// over its members' own scores: the mean, or the root mean <c>(Σ √p / M)²</c> renormalised.</summary>
    public static void AssertScoresCombineTheMembers(TextClassifier model, IEnumerable<string> texts, double tolerance)
    {
        int labels = model.Labels.Count;
        int count = model.Members.Count;
        bool roots = model.Combination == EnsembleCombination.RootMean;
        float[] combined = new float[labels];
        double[] expected = new double[labels];
        float[][] parts = Enumerable.Range(0, count).Select(_ => new float[labels]).ToArray();
        foreach (string text in texts)
        {
            model.Score(text, combined);
            for (int m = 0; m < count; m++)
            {
                model.Members[m].Score(text, parts[m]);
            }

            double total = 0;
            for (int c = 0; c < labels; c++)
            {
                double sum = 0;
                for (int m = 0; m < count; m++)
                {
                    sum += roots ? Math.Sqrt(parts[m][c]) : parts[m][c];
                }

                expected[c] = roots ? (sum / count) * (sum / count) : sum / count;
                total += expected[c];
            }

            for (int c = 0; c < labels; c++)
            {
                Assert.Equal(roots ? expected[c] / total : expected[c], combined[c], tolerance);
            }
        }
    }
}
