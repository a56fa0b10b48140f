using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The default word model marks words in capitals (<c>HashedNGramOptions.CapitalsOnly</c>); its bundles are
/// version 16, and older bundles with case shapes keep reading capitalised words.</summary>
public sealed class CapitalsOnlyTrainingTests
{
    private static readonly string[] Probe = ["What does NATO mean in Russia", "what does nato mean in russia"];

    private static readonly Lazy<TextClassifier> Default = new(() =>
        NGramTrainer.Train(Questions(perLabel: 60, seed: 4), new NGramTrainerOptions { Seed = 2, Threads = 2, MaxEpochs = 5 }).Classifier);

    [Fact]
    public void The_word_model_reads_capitals_only_and_the_linear_member_both_shapes()
    {
        NGramTrainerOptions defaults = new();

        Assert.True(defaults.Tokenizer.CaseShapes);
        Assert.True(defaults.Tokenizer.CapitalsOnly);
        Assert.True(defaults.LinearModel!.Tokenizer!.CaseShapes);
        Assert.False(defaults.LinearModel.Tokenizer.CapitalsOnly);
        Assert.True(Default.Value.Members[0].Featurizer.Options.CapitalsOnly);
        Assert.False(Default.Value.Members[^1].Featurizer.Options.CapitalsOnly);
    }

    [Fact]
    public void The_word_model_alone_learns_an_unseen_acronym_from_its_capitals()
    {
        // "What does XQZ mean" against "What does blorf mean": every test acronym and word is new, so lower-cased the
        // two labels' test texts have the same known features and a model without the capitals feature answers one
        // label for all of them.
        List<LabeledText> train = Questions(perLabel: 80, seed: 1);
        List<LabeledText> test = Questions(perLabel: 40, seed: 99);
        var wordModelOnly = new NGramTrainerOptions { Seed = 3, Threads = 2, MaxEpochs = 10, LinearModel = null };

        TextClassifier capitals = NGramTrainer.Train(train, wordModelOnly).Classifier;
        TextClassifier caseBlind = NGramTrainer.Train(train, wordModelOnly with { Tokenizer = wordModelOnly.Tokenizer with { CaseShapes = false } }).Classifier;

        Assert.True(TestModels.CountRight(capitals, test) >= test.Count * 0.95, $"{TestModels.CountRight(capitals, test)} of {test.Count}");
        Assert.True(TestModels.CountRight(caseBlind, test) <= test.Count * 0.6, $"{TestModels.CountRight(caseBlind, test)} of {test.Count}");
    }

    [Fact]
    public void A_question_in_capitals_is_no_acronym_question_to_the_word_model()
    {
        // Every word in capitals: shouting, read as the lower-case text, so the word model does not answer
        // "abbreviation" for having learned that capitals mean an acronym (trec6 in capitals had scored 0.592).
        float[] shouted = new float[2];
        float[] lower = new float[2];
        Default.Value.Members[0].Score("WHAT DOES BLORF MEAN", shouted);
        Default.Value.Members[0].Score("what does blorf mean", lower);

        Assert.Equal(lower, shouted);
        Assert.Equal("definition", Default.Value.Labels[Array.IndexOf(shouted, shouted.Max())]);
    }

    [Fact]
    public void A_default_bundle_is_version_16_and_round_trips_exactly()
    {
        using var temp = new TempFolder("tc-capitals-only");
        string bundle = BundleEditing.SaveBundle(temp, Default.Value);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();
        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal(16, manifest["formatVersion"]!.GetValue<int>());
        Assert.True(manifest["tokenizer"]!["caseShapes"]!.GetValue<bool>());
        Assert.True(manifest["tokenizer"]!["capitalsOnly"]!.GetValue<bool>());
        Assert.All(manifest["ensemble"]!.AsArray(), member => Assert.Null(member!["tokenizer"]!["capitalsOnly"]));
        Assert.True(loaded.Members[0].Featurizer.Options.CapitalsOnly);
        Assert.Equal(TestModels.ScoresOf(Default.Value, Probe), TestModels.ScoresOf(loaded, Probe));
    }

    [Fact]
    public void A_bundle_whose_word_model_reads_both_shapes_keeps_its_older_format_and_reads_capitalised_words()
    {
        // As a bundle written before version 16 with case shapes in the word model has it: no key, and the capitalised
        // word "Russia" in the first probe scores through its trained feature, which the key would drop.
        List<LabeledText> rows = Questions(perLabel: 40, seed: 6);
        var random = new Random(8);
        for (int i = 0; i < 40; i++)
        {
            rows.Add(new LabeledText($"ask {Letters(random, 1, 'A')}{Letters(random, 5, 'a')} now", "person", rows.Count + 2));
        }

        var options = new NGramTrainerOptions { Seed = 2, Threads = 2, MaxEpochs = 5, LinearModel = null };
        TextClassifier both = NGramTrainer.Train(rows, options with { Tokenizer = options.Tokenizer with { CapitalsOnly = false } }).Classifier;
        using var temp = new TempFolder("tc-capitals-both");
        string bundle = BundleEditing.SaveBundle(temp, both);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();

        Assert.True(manifest["formatVersion"]!.GetValue<int>() < 16);
        Assert.True(manifest["tokenizer"]!["caseShapes"]!.GetValue<bool>());
        Assert.Null(manifest["tokenizer"]!["capitalsOnly"]);
        TextClassifier loaded = TextClassifier.Load(bundle);
        Assert.False(loaded.Members[0].Featurizer.Options.CapitalsOnly);
        Assert.Equal(TestModels.ScoresOf(both, Probe), TestModels.ScoresOf(loaded, Probe));

        BundleEditing.EditManifest(bundle, m =>
        {
            m["formatVersion"] = 16;
            m["tokenizer"]!["capitalsOnly"] = true;
        });
        TextClassifier capitalsOnly = TextClassifier.Load(bundle);
        Assert.NotEqual(TestModels.ScoresOf(both, Probe)[0], TestModels.ScoresOf(capitalsOnly, Probe)[0]);
        Assert.Equal(TestModels.ScoresOf(both, Probe)[1], TestModels.ScoresOf(capitalsOnly, Probe)[1]);
    }

    [Fact]
    public void Without_case_shapes_capitals_only_is_not_written()
    {
        var options = new NGramTrainerOptions { Seed = 2, Threads = 2, MaxEpochs = 3 };
        TextClassifier model = NGramTrainer.Train(Questions(perLabel: 20, seed: 5), options with { Tokenizer = options.Tokenizer with { CaseShapes = false } }).Classifier;
        using var temp = new TempFolder("tc-capitals-off");
        JsonObject manifest = BundleEditing.SavedManifest(temp, model);

        Assert.True(model.Members[0].Featurizer.Options.CapitalsOnly);
        Assert.Null(manifest["tokenizer"]!["capitalsOnly"]);
        Assert.Null(manifest["tokenizer"]!["caseShapes"]);
        Assert.True(manifest["formatVersion"]!.GetValue<int>() < 16);
    }

    [Fact]
    public void Capitals_only_in_a_version_15_bundle_is_refused()
    {
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Default.Value, m => m["formatVersion"] = 15);

        Assert.Contains("'tokenizer.capitalsOnly' needs 'formatVersion' 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Capitals_only_without_case_shapes_is_refused_naming_both_fields()
    {
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Default.Value, m => m["tokenizer"]!.AsObject().Remove("caseShapes"));

        Assert.Contains("'tokenizer.capitalsOnly' needs 'caseShapes'", ex.Message, StringComparison.Ordinal);
    }

    private static List<LabeledText> Questions(int perLabel, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>(2 * perLabel);
        for (int i = 0; i < perLabel; i++)
        {
            rows.Add(new LabeledText($"What does {Letters(random, 3, 'A')} mean", "abbreviation", rows.Count + 2));
            rows.Add(new LabeledText($"What does {Letters(random, 6, 'a')} mean", "definition", rows.Count + 2));
        }

        return rows;
    }

    private static string Letters(Random random, int count, char first)
    {
        char[] letters = new char[count];
        for (int i = 0; i < count; i++)
        {
            letters[i] = (char)(first + random.Next(26));
        }

        return new string(letters);
    }
}
