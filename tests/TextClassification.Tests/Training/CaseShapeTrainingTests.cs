using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The default linear member reads letter case (<c>HashedNGramOptions.CaseShapes</c>); its bundles are version 3.</summary>
public sealed class CaseShapeTrainingTests
{
    private static readonly string[] Words =
    [
        "server", "down", "please", "check", "the", "queue", "build", "failed", "again", "today", "login", "page",
        "error", "report", "restart", "service", "disk", "full", "backup", "network", "slow", "update", "deploy", "now",
    ];

    // The same words under both labels: only whether one of them is written in capitals tells "urgent" from "routine".
    // The default tokenizers without the settings of format version 4, so the bundle shows what case shapes alone need.
    private static readonly Lazy<TextClassifier> Model = new(() =>
        NGramTrainer.Train(Rows(perLabel: 120, seed: 3), new NGramTrainerOptions
        {
            Seed = 5,
            Threads = 2,
            MaxEpochs = 5,
            Tokenizer = TestModels.WithoutVersion4(new HashedNGramOptions()),
            LinearModel = new LinearModelOptions { Tokenizer = TestModels.WithoutVersion4(new LinearModelOptions().Tokenizer!) },
        }).Classifier);

    [Fact]
    public void The_default_linear_member_reads_case_shapes_and_the_word_model_does_not()
    {
        NGramTrainerOptions defaults = new();

        Assert.True(defaults.LinearModel!.Tokenizer!.CaseShapes);
        Assert.False(defaults.Tokenizer.CaseShapes);
        Assert.True(Model.Value.Members[1].Featurizer.Options.CaseShapes);
        Assert.False(Model.Value.Members[0].Featurizer.Options.CaseShapes);
    }

    [Fact]
    public void A_label_told_apart_only_by_capitals_is_learned()
    {
        List<LabeledText> test = Rows(perLabel: 30, seed: 77);

        int right = test.Count(row => Model.Value.Classify(row.Text).Label == row.Label);
        int rightLinear = test.Count(row => Top(Model.Value.Members[1], row.Text, Model.Value.Labels.Count) == IndexOf(row.Label));

        // Lower-cased features alone are the same for both labels: about half right. The word model reads no case and
        // dilutes the average, but the linear member decides.
        Assert.True(rightLinear >= test.Count * 0.95, $"linear member: {rightLinear} of {test.Count} right");
        Assert.True(right >= test.Count * 0.8, $"{right} of {test.Count} right");
    }

    [Fact]
    public void A_bundle_with_case_shapes_round_trips_exactly()
    {
        using var temp = new TempFolder("tc-case-shapes");
        string bundle = BundleEditing.SaveBundle(temp, Model.Value);

        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();
        TextClassifier loaded = TextClassifier.Load(bundle);

        // 6: the linear member reads n-grams across unspaced runs; case shapes alone need 3 (refused below it, next test).
        Assert.Equal(6, manifest["formatVersion"]!.GetValue<int>());
        Assert.Null(manifest["tokenizer"]!["caseShapes"]); // the word model's tokenizer: the key is left out when false
        Assert.True(manifest["ensemble"]![0]!["tokenizer"]!["caseShapes"]!.GetValue<bool>());
        Assert.True(loaded.Members[1].Featurizer.Options.CaseShapes);
        Assert.Contains("char n-grams 3-5 with case shapes", (string)manifest["training"]!["settings"]!["linearModel"]!, StringComparison.Ordinal);
        string[] probe = ["restart the SERVER now", "restart the server now", "DISK full", "disk full"];
        Assert.Equal(TestModels.ScoresOf(Model.Value, probe), TestModels.ScoresOf(loaded, probe));
    }

    [Fact]
    public void Case_shapes_in_a_version_2_bundle_are_refused()
    {
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Model.Value, m => m["formatVersion"] = 2);

        Assert.Contains("ensemble[0]: 'tokenizer.caseShapes' needs 'formatVersion' 3", ex.Message, StringComparison.Ordinal);
    }

    private static int IndexOf(string label)
    {
        for (int i = 0; i < Model.Value.Labels.Count; i++)
        {
            if (Model.Value.Labels[i] == label)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Top(NGramModel member, string text, int labels)
    {
        float[] scores = new float[labels];
        member.Score(text, scores);
        return Array.IndexOf(scores, scores.Max());
    }

    private static List<LabeledText> Rows(int perLabel, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>(2 * perLabel);
        for (int i = 0; i < perLabel; i++)
        {
            foreach (bool urgent in (ReadOnlySpan<bool>)[true, false])
            {
                string[] words = new string[5];
                for (int w = 0; w < words.Length; w++)
                {
                    words[w] = Words[random.Next(Words.Length)];
                }

                if (urgent)
                {
                    int shouted = random.Next(1, words.Length);
                    words[shouted] = words[shouted].ToUpperInvariant();
                }

                rows.Add(new LabeledText(string.Join(' ', words), urgent ? "urgent" : "routine", rows.Count + 2));
            }
        }

        return rows;
    }
}
