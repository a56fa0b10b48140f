using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.FoldWidth"/>: full-width Latin letters, digits and ASCII symbols (as Japanese
/// and Chinese input methods type them) are read as ASCII. Before, "ＡＴＭ" and "ATM" shared no feature (an outside check:
/// trec6 with its test texts in full-width scored 0.176; every peer tool collapsed too).</summary>
public sealed class FoldWidthTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-fold-width");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("ＡＴＭ ｃａｒｄ １２３！", "ATM card 123!")]
    [InlineData("ＡＴＭcard", "ATMcard")] // one word across the two forms
    [InlineData("Ｃ＃ と Ｃ＋＋", "C# と C++")] // symbol suffixes too
    [InlineData("ｘ＃＃＃", "x###")]
    [InlineData("Ｗｈａｔ ｉｓ ＣＰＲ ？", "What is CPR ?")]
    public void Full_width_text_has_the_features_of_the_same_text_in_ASCII(string fullWidth, string ascii)
    {
        foreach (bool vectorized in new[] { true, false })
        {
            foreach (HashedNGramOptions options in new[] { new HashedNGramOptions(), new LinearModelOptions().Tokenizer!, new HashedNGramOptions { Lowercase = false } })
            {
                var featurizer = new HashedNGramFeaturizer(options, vectorized);
                Assert.Equal(ScannedToken.Features(featurizer, ascii), ScannedToken.Features(featurizer, fullWidth));
            }
        }

        // Off, they differ (the ASCII symbols and spaces aside).
        var off = new HashedNGramOptions { FoldWidth = false };
        Assert.NotEqual(ScannedToken.Features(off, ascii), ScannedToken.Features(off, fullWidth));
    }

    [Theory]
    [InlineData("\u3000")] // the ideographic space was a separator already
    [InlineData("ｶﾀｶﾅ")] // half-width katakana (U+FF65 on) is not folded
    [InlineData("￥")] // nor the full-width yen sign (U+FFE5), past U+FF5E
    public void Only_the_full_width_forms_of_ASCII_are_folded(string text)
    {
        Assert.Equal(ScannedToken.Features(new HashedNGramOptions { FoldWidth = false }, text), ScannedToken.Features(new HashedNGramOptions(), text));
    }

    [Fact]
    public void The_bundle_is_version_8_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = TestModels.BillingOrAtm();

        // An older bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "foldWidth", options => options.FoldWidth, ["ＡＴＭ ７ kept my card", "plain words only"],
            m => BundleEditing.RemoveFromEveryTokenizer(m, "foldWidth"));

        // Alone (diacritics not folded), the setting needs version 8 too.
        BundleFormatException refused = BundleEditing.RefusedAfterEdit(model, m =>
        {
            m["formatVersion"] = 7;
            BundleEditing.RemoveFromEveryTokenizer(m, "foldDiacritics");
            BundleEditing.RemoveFromEveryTokenizer(m, "stripMarkup");
        });
        Assert.Contains("'tokenizer.foldWidth' needs 'formatVersion' 8", refused.Message, StringComparison.Ordinal);
    }
}
