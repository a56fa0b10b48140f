using System.Text.Json.Nodes;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.UnspacedRunNGrams"/>: char n-grams across a run of a script written without
/// spaces, whose chars are tokens of their own (so it had unigrams and bigrams alone).</summary>
public sealed class UnspacedRunNGramTests : IDisposable
{
    private static readonly HashedNGramOptions Options = new() { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true, UnspacedRunNGrams = true };

    private static readonly Lazy<TextClassifier> Model = new(() =>
        NGramTrainer.Train(OrderRuns(perLabel: 60, seed: 1), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier);

    private readonly TempFolder _temp = new("tc-unspaced-runs");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("กขค", 1)] // one 3-gram
    [InlineData("กขคง", 3)] // two 3-grams, one 4-gram
    [InlineData("ภาษาไทย", 12)] // 5 + 4 + 3 (vowel marks are chars of the run)
    [InlineData("中文字", 1)] // CJK ideographs are such runs too
    [InlineData("กข คง", 0)] // a space ends a run
    [InlineData("กข1คง", 0)] // and so does any other token
    [InlineData("hello world", 0)]
    public void A_run_gets_the_n_grams_of_its_chars(string text, int added)
    {
        int[] with = ScannedToken.Features(Options, text);
        int[] without = ScannedToken.Features(Options with { UnspacedRunNGrams = false }, text);

        Assert.Equal(added, with.Length - without.Length);
        var rest = with.ToList();
        Assert.All(without, feature => Assert.True(rest.Remove(feature))); // nothing else changes
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Text_without_such_runs_has_the_same_features_either_way(MixedText text)
    {
        // Surrogates out too: supplementary ideographs are such runs.
        string value = new(text.Value.Where(c => !CharClassifier.IsUnspacedScript(c) && !CharClassifier.IsCjkIdeograph(c) && !char.IsSurrogate(c)).ToArray());

        Assert.Equal(ScannedToken.Features(Options with { UnspacedRunNGrams = false }, value), ScannedToken.Features(Options, value));
    }

    [Fact]
    public void A_label_in_the_order_of_three_Thai_chars_is_learned()
    {
        // "กขก" against "ขกข" inside runs of random Thai consonants: the same bigrams, so without trigrams only the
        // counts of two chars among sixty tell them apart.
        List<LabeledText> test = OrderRuns(perLabel: 50, seed: 2);
        var withoutRuns = new NGramTrainerOptions
        {
            Threads = 2,
            Seed = 3,
            LinearModel = new LinearModelOptions { Tokenizer = new LinearModelOptions().Tokenizer! with { UnspacedRunNGrams = false } },
        };
        TextClassifier old = NGramTrainer.Train(OrderRuns(perLabel: 60, seed: 1), withoutRuns).Classifier;

        int right = TestModels.CountRight(Model.Value, test);
        int rightBefore = TestModels.CountRight(old, test);

        // Measured: 90 and 52 of 100.
        Assert.True(right >= test.Count * 0.8, $"{right} of {test.Count}");
        Assert.True(rightBefore <= test.Count * 0.65, $"without run n-grams: {rightBefore} of {test.Count}");
    }

    [Fact]
    public void The_bundle_is_version_6_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();
        List<string> texts = [.. OrderRuns(perLabel: 3, seed: 4).Select(row => row.Text), "english text only"];

        Assert.True(manifest["formatVersion"]!.GetValue<int>() >= 6); // 8 with the default diacritics folding
        Assert.True(manifest["ensemble"]![0]!["tokenizer"]!["unspacedRunNGrams"]!.GetValue<bool>());
        Assert.Null(manifest["tokenizer"]!["unspacedRunNGrams"]); // the word model has no char n-grams
        Assert.Equal(TestModels.ScoresOf(Model.Value, texts), TestModels.ScoresOf(TextClassifier.Load(bundle), texts));

        // An older bundle has no key: it is read as off, as that bundle was trained.
        BundleEditing.EditManifest(bundle, m => BundleEditing.RemoveFromEveryTokenizer(m, "unspacedRunNGrams"));
        TextClassifier older = TextClassifier.Load(bundle);
        Assert.All(older.Members, member => Assert.False(member.Featurizer.Options.UnspacedRunNGrams));
        Assert.NotEqual(TestModels.ScoresOf(Model.Value, texts)[0], TestModels.ScoresOf(older, texts)[0]);
        Assert.Equal(TestModels.ScoresOf(Model.Value, texts)[^1], TestModels.ScoresOf(older, texts)[^1]);
    }

    [Fact]
    public void Without_char_n_grams_the_setting_does_nothing_and_is_not_written()
    {
        // It would have made the bundle version 6, which older releases refuse, for nothing.
        List<LabeledText> rows = OrderRuns(perLabel: 10, seed: 5);
        var options = new NGramTrainerOptions { Threads = 1, Seed = 1, LinearModel = null };
        // Symbol suffixes, the folding settings, markup reading, Hangul composing and format-char skipping off too: they alone make a bundle version 7 to 12.
        TextClassifier with = NGramTrainer.Train(rows, options with { Tokenizer = new HashedNGramOptions { UnspacedRunNGrams = true, SymbolSuffixes = false, FoldDiacritics = false, FoldWidth = false, StripMarkup = false, ComposeHangul = false, FoldCompatibilityForms = false, SkipFormatChars = false, FoldConfusables = false, JoinSpacedLetters = false } }).Classifier;
        TextClassifier without = NGramTrainer.Train(rows, options with { Tokenizer = new HashedNGramOptions { SymbolSuffixes = false, FoldDiacritics = false, FoldWidth = false, StripMarkup = false, ComposeHangul = false, FoldCompatibilityForms = false, SkipFormatChars = false, FoldConfusables = false, JoinSpacedLetters = false } }).Classifier;
        List<string> texts = [.. rows.Take(6).Select(row => row.Text)];
        Assert.Equal(TestModels.ScoresOf(without, texts), TestModels.ScoresOf(with, texts));

        string bundle = BundleEditing.SaveBundle(_temp, with);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();
        Assert.True(manifest["formatVersion"]!.GetValue<int>() < 6);
        Assert.Null(manifest["tokenizer"]!["unspacedRunNGrams"]);
        Assert.Equal(TestModels.ScoresOf(with, texts), TestModels.ScoresOf(TextClassifier.Load(bundle), texts));
    }

    [Fact]
    public void The_setting_in_a_version_5_manifest_is_refused()
    {
        // The symbol suffixes (version 7), the folding settings (8), markup reading (9) and version 10's settings removed, so the run n-grams are the newest setting left.
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Model.Value, m => BundleEditing.AsWrittenBy(m, 5));

        Assert.Contains("'tokenizer.unspacedRunNGrams' needs 'formatVersion' 6", ex.Message, StringComparison.Ordinal);
    }

    // Runs of 60 random Thai consonants with "กขก" (label a) or "ขกข" (label b) at a random place, one run per text.
    private static List<LabeledText> OrderRuns(int perLabel, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>();
        for (int i = 0; i < perLabel; i++)
        {
            foreach ((string label, string keyword) in new[] { ("a", "กขก"), ("b", "ขกข") })
            {
                char[] run = new char[60];
                for (int k = 0; k < run.Length; k++)
                {
                    run[k] = (char)(0x0E01 + random.Next(46)); // ก … ฮ
                }

                int at = random.Next(run.Length);
                string text = new string(run, 0, at) + keyword + new string(run, at, run.Length - at);
                rows.Add(new LabeledText(text, label, rows.Count + 2));
            }
        }

        return rows;
    }
}
