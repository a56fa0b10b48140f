using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Bundles;

/// <summary>A single model on skip-bigrams is a format-version-3 bundle that loads back exactly.</summary>
public sealed class SkipBigramBundleTests : IDisposable
{
    private static readonly Lazy<TextClassifier> Model = new(() => NGramTrainer.Train(
        TestModels.SmallData,
        TestModels.FastOptions(seed: 9) with { Tokenizer = TestModels.WithoutVersion4(new HashedNGramOptions { Buckets = 1 << 18, SkipBigrams = true }) }).Classifier);

    private readonly TempFolder _temp = new("tc-skip-bigrams");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_bundle_is_version_3_names_the_setting_and_round_trips_exactly()
    {
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();
        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal(3, manifest["formatVersion"]!.GetValue<int>());
        Assert.True(manifest["tokenizer"]!["skipBigrams"]!.GetValue<bool>());
        Assert.Null(manifest["tokenizer"]!["caseShapes"]);
        Assert.True(loaded.Members[0].Featurizer.Options.SkipBigrams);
        List<string> probe = SyntheticData.Texts(20, seed: 3);
        Assert.Equal(TestModels.ScoresOf(Model.Value, probe), TestModels.ScoresOf(loaded, probe));
    }

    [Fact]
    public void Skip_bigrams_in_a_version_1_bundle_are_refused()
    {
        BundleFormatException ex = BundleEditing.RefusedAfterEdit(Model.Value, m => m["formatVersion"] = 1);

        Assert.Contains("'tokenizer.skipBigrams' needs 'formatVersion' 3", ex.Message, StringComparison.Ordinal);
    }
}
