using TextClassification.Bundles;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary>
/// Keys with a documented default (the property initializers of <see cref="ModelManifest"/> and
/// <see cref="TokenizerSection"/>) may be left out of a hand-written or older manifest: the default must apply.
/// </summary>
public sealed class ManifestDefaultsTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-manifest-defaults");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("tokenizer", "lowercase")]
    [InlineData("tokenizer", "wordNGrams")]
    [InlineData("tokenizer", "charNGramMin")]
    [InlineData("tokenizer", "charNGramMax")]
    [InlineData("", "problemType")]
    [InlineData("", "training")]
    [InlineData("", "createdBy")]
    [InlineData("pooling", "normalize")]
    public void A_key_left_out_takes_its_documented_default(string section, string key)
    {
        // The saved model uses every default, so leaving the key out must not change a single prediction.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        BundleEditing.EditManifest(bundle, m => (section.Length == 0 ? m : m[section]!.AsObject()).Remove(key));
        List<string> texts = SyntheticData.Texts(30, seed: 3);

        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal(TestModels.Small.Featurizer.Options, loaded.Featurizer.Options);
        Assert.Equal(TestModels.ScoresOf(TestModels.Small, texts), TestModels.ScoresOf(loaded, texts));
    }

    [Fact]
    public void Documented_defaults_are_what_the_model_was_saved_with()
    {
        // Guards the theory above: it only proves something if the saved values equal the documented defaults.
        ModelManifest manifest = ModelBundle.ReadManifest(BundleEditing.SaveBundle(_temp, TestModels.Small));

        Assert.True(manifest.Tokenizer.Lowercase);
        Assert.Equal(2, manifest.Tokenizer.WordNGrams);
        Assert.Equal(0, manifest.Tokenizer.CharNGramMin);
        Assert.Equal("singleLabel", manifest.ProblemType);
        Assert.Equal(ModelManifest.FormatName, manifest.Format);
        Assert.Equal(1, manifest.FormatVersion); // a single model; ensembles are version 2
    }
}
