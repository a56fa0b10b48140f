using System.Text.Json.Nodes;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.SplitUnspacedScripts"/>: each char of a script written without spaces is a
/// token, so text deep inside a long Thai or kana run is seen; bundles without the setting featurize as before.</summary>
public sealed class UnspacedScriptTests : IDisposable
{
    private static readonly string[] Keywords = ["กขค", "ฉชซ", "ฐฑฒ", "ศษส"];
    private static readonly string[] Labels = ["a", "b", "c", "d"];

    private static readonly Lazy<TextClassifier> Model = new(() =>
        NGramTrainer.Train(KeywordRuns(perLabel: 40, offset: 30, seed: 1), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier);

    private readonly TempFolder _temp = new("tc-unspaced");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("ภาษาไทย", true, 7)]
    [InlineData("ภาษาไทย", false, 1)]
    [InlineData("ひらがなカタカナ", true, 8)]
    [InlineData("ﾊﾝｶｸ", true, 4)]
    [InlineData("ភាសា ខ្មែរ", true, 9)]
    [InlineData("abc ไทย def", true, 5)]
    [InlineData("café naïve 中文", false, 4)]
    [InlineData("café naïve 中文", true, 4)]
    public void Each_char_of_an_unspaced_script_is_a_token_when_asked(string text, bool split, int tokens)
    {
        List<ScannedToken> scanned = ScannedToken.Scan(text, lowercase: true, vectorized: true, splitUnspaced: split);

        Assert.Equal(tokens, scanned.Count);
        Assert.Equal(scanned, ScannedToken.Scan(text, lowercase: true, vectorized: false, splitUnspaced: split));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Text_without_those_scripts_has_the_same_features_either_way(MixedText text)
    {
        string value = new(text.Value.Where(c => !CharClassifier.IsUnspacedScript(c)).ToArray());
        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true };

        Assert.Equal(
            ScannedToken.Features(options with { SplitUnspacedScripts = false }, value),
            ScannedToken.Features(options with { SplitUnspacedScripts = true }, value));
    }

    [Fact]
    public void A_keyword_thirty_chars_into_a_Thai_run_decides_the_label()
    {
        // Each text is one run of 60 Thai consonants without a space; the label's keyword sits at char 30. Read as one
        // word, the run gives 24 char 3-grams of its first chars and nothing past them: about chance (0.25).
        List<LabeledText> test = KeywordRuns(perLabel: 25, offset: 30, seed: 2);
        var unsplit = new NGramTrainerOptions
        {
            Threads = 2,
            Seed = 3,
            Tokenizer = new HashedNGramOptions { SplitUnspacedScripts = false },
            LinearModel = new LinearModelOptions { Tokenizer = new LinearModelOptions().Tokenizer! with { SplitUnspacedScripts = false } },
        };
        TextClassifier old = NGramTrainer.Train(KeywordRuns(perLabel: 40, offset: 30, seed: 1), unsplit).Classifier;

        int right = TestModels.CountRight(Model.Value, test);
        int rightBefore = TestModels.CountRight(old, test);

        Assert.True(right >= test.Count * 0.9, $"{right} of {test.Count}");
        Assert.True(rightBefore <= test.Count * 0.5, $"without the split: {rightBefore} of {test.Count}");
    }

    [Fact]
    public void The_bundle_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();
        List<string> texts = [.. KeywordRuns(perLabel: 3, offset: 30, seed: 4).Select(row => row.Text), "english text only"];

        // 14: the default joining of spaced letters (13: look-alike folding, 12: format-char skipping, 11: compatibility folding, 10: Arabic and Hebrew marks and Hangul, 9: markup reading, 8: diacritics folding, 7: symbol suffixes, 6: the linear member's char n-grams
        // across unspaced runs); the setting alone needs 4 (refused below it, next test).
        Assert.Equal(14, manifest["formatVersion"]!.GetValue<int>());
        Assert.True(manifest["tokenizer"]!["splitUnspacedScripts"]!.GetValue<bool>());
        Assert.Equal(TestModels.ScoresOf(Model.Value, texts), TestModels.ScoresOf(TextClassifier.Load(bundle), texts));

        // An older bundle has no key: it is read as off, as that bundle was trained.
        BundleEditing.EditManifest(bundle, m =>
        {
            m["tokenizer"]!.AsObject().Remove("splitUnspacedScripts");
            foreach (JsonNode? member in m["ensemble"]!.AsArray())
            {
                member!["tokenizer"]!.AsObject().Remove("splitUnspacedScripts");
            }
        });
        TextClassifier older = TextClassifier.Load(bundle);
        Assert.All(older.Members, member => Assert.False(member.Featurizer.Options.SplitUnspacedScripts));
        Assert.NotEqual(TestModels.ScoresOf(Model.Value, texts)[0], TestModels.ScoresOf(older, texts)[0]);
    }

    [Fact]
    public void The_setting_in_a_version_3_manifest_is_refused()
    {
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Model.Value, m => m["formatVersion"] = 3);

        Assert.Contains("'tokenizer.splitUnspacedScripts' needs 'formatVersion' 4", ex.Message, StringComparison.Ordinal);
    }

    // Runs of 60 random Thai consonants with the label's keyword at `offset`, one run per text (no spaces).
    private static List<LabeledText> KeywordRuns(int perLabel, int offset, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>();
        for (int i = 0; i < perLabel; i++)
        {
            for (int label = 0; label < Labels.Length; label++)
            {
                char[] run = new char[60];
                for (int k = 0; k < run.Length; k++)
                {
                    run[k] = (char)(0x0E01 + random.Next(46)); // ก … ฮ
                }

                string text = new string(run, 0, offset) + Keywords[label] + new string(run, offset, run.Length - offset);
                rows.Add(new LabeledText(text, Labels[label], rows.Count + 2));
            }
        }

        return rows;
    }
}
