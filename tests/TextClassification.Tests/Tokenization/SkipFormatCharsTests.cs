using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.SkipFormatChars"/>: a run of invisible format chars (Unicode Cf) between word
/// chars does not split the word. Before, "pa\u200Fris" was two words (an outside check: trec6 with direction marks in
/// 30 % of its test words scored 0.794 against 0.912; every peer tool lost 0.11–0.19).</summary>
public sealed class SkipFormatCharsTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-skip-format");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("my ad\u200Bdress changed", "my address changed")] // zero-width space
    [InlineData("late pay\u00ADment fee", "late payment fee")] // soft hyphen
    [InlineData("flight to pa\u200Fris and Ber\u200Elin", "flight to paris and Berlin")] // RLM, LRM
    [InlineData("\u0639\u0631\u061C\u0628\u064A text", "\u0639\u0631\u0628\u064A text")] // Arabic letter mark
    [InlineData("zero\u200Cwidth zero\u200Dwidth", "zerowidth zerowidth")] // ZWNJ, ZWJ
    [InlineData("key\u2060word and bo\uFEFFm", "keyword and bom")] // word joiner, U+FEFF
    [InlineData("card \u202Anum\u202Cber \u202Bnum\u202Dber\u202E", "card \u202Anumber \u202Bnumber\u202E")] // embeddings and overrides; at the edges they separate
    [InlineData("in\u2066si\u2067de\u2068 out\u2069side", "inside\u2068 outside")] // isolates
    [InlineData("SOFT\u00ADWARE from Pa\u200Bris", "SOFTWARE from Paris")] // case shapes read as the plain word's
    [InlineData("ab\u200B\u00AD\u200Fcd wo\U000E0001rd", "abcd word")] // a run; a format char beyond the BMP
    [InlineData("na\u0308\u200Bive ca\u200Bfé", "na\u0308ive café")] // after a combining mark, before an accented letter
    public void A_word_with_format_chars_inside_reads_as_the_plain_word(string text, string plain)
    {
        ScannedToken.AssertReadAlike(Tokenizers(), text, plain, options => options with { SkipFormatChars = false });
    }

    [Fact]
    public void Format_chars_anywhere_else_separate_as_before()
    {
        // At a word's edges, between a word and a symbol (a suffix "#", an emoji in a ZWJ sequence) and between the chars
        // split scripts make tokens of, they are separators, with the setting on as off.
        string text = "\u200Bab\u200B cd\u200B, c\u200B# c#\u200Bx \U0001F468\u200D\U0001F469 \u0E44\u200B\u0E17 \u4E2D\u200B\u6587 a\u200B";
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> on = Scan(text, vectorized, skip: true);
            Assert.Equal(Scan(text, vectorized, skip: false), on);
            Assert.Equal(["ab", "cd", ",", "c", "#", "c#", "x", "\U0001F468", "\U0001F469", "\u0E44", "\u0E17", "\u4E2D", "\u6587", "a"], on.Select(token => token.Chars));
        }
    }

    [Fact]
    public void The_word_covers_the_chars_it_skipped()
    {
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> tokens = Scan("to Pa\u200F\u200Fris, ok", vectorized, skip: true);
            Assert.Equal(["to", "paris", ",", "ok"], tokens.Select(token => token.Chars));
            Assert.Equal((3, 7), (tokens[1].Start, tokens[1].Length));
            Assert.Equal(Scan("to Paris, ok", vectorized, skip: true)[1].Hash, tokens[1].Hash);
        }
    }

    [Fact]
    public void Trained_on_plain_text_a_model_reads_words_with_format_chars()
    {
        TestModels.AssertTrainedOnPlainReadsAlike(
            tokenizer => tokenizer with { SkipFormatChars = false }, ["my pho\u200Fne is late", "the bi\u00ADll again"], ["my phone is late", "the bill again"]);
    }

    [Fact]
    public void The_bundle_is_version_12_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(
            TestModels.KeywordTexts(["phone", "bill", "late"], ["my", "the", "was", "again", "please", "help"], 20, 3), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // A format-11 bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "skipFormatChars", options => options.SkipFormatChars, ["pho\u200Fne bi\u00ADll la\u200Bte again", "plain words only"], m => BundleEditing.AsWrittenBy(m, 11));
    }

    [Fact]
    public void A_version_11_bundle_featurizes_exactly_as_the_release_that_wrote_it()
    {
        // The features of a format-11 tokenizer (a bundle without the version-12 key) on words with each kind of format
        // char inside, pinned from a build before the setting existed (commit d50af29): an old bundle must keep
        // predicting what it predicted when it was trained.
        const string Text = "ad\u200Bdress pay\u00ADment pa\u200Fris zero\u200C\u200Dwidth wo\u2060rd a\uFEFFb x\u202A\u202Cy \u2066in\u2069side \u0639\u0631\u061C\u0628\u064A Pa\u200Eris ok";
        int[] pinned =
        [
            664, 958, 235, 733, 545, 224, 803, 234, 999, 212, 884, 476, 51, 617, 156, 920, 651, 492, 619, 749, 906, 332, 277, 633,
            118, 950, 181, 6, 584, 836, 630, 339, 730, 93, 272, 530, 13, 749, 697, 556, 993, 718, 263, 759, 442, 293, 928, 133,
            827, 35, 773, 499, 668, 853, 450, 357, 173, 623, 993, 316, 95, 591, 309, 379, 824, 896, 782, 586, 232, 587, 626, 513,
            587, 585, 293, 8, 589, 290, 319, 103, 87, 510, 838, 185, 214, 187, 203, 362, 250, 472, 258, 626, 510, 79, 254, 56,
            877, 511, 117, 173, 852, 695, 66, 456, 453, 818, 542, 406, 869, 83, 530, 65, 749, 697, 556, 993, 718, 263, 759, 442,
            293, 192, 610, 573, 223,
        ];
        // The word model's tokenizer as that bundle reads it, with the pinned run's n-gram sizes and buckets: every
        // setting of format 11 on.
        HashedNGramOptions read = BundleEditing.OlderWordTokenizer(_temp, m => BundleEditing.AsWrittenBy(m, 11));
        Assert.Equal(
            new HashedNGramOptions { WordNGrams = 2, CharNGramMin = 3, CharNGramMax = 5, Buckets = 1000, CaseShapes = false, SkipBigrams = false, UnspacedRunNGrams = false, MaxTokens = 16384, SkipFormatChars = false, FoldConfusables = false, JoinSpacedLetters = false },
            read);
        Assert.Equal(pinned, ScannedToken.Features(read, Text));
        Assert.NotEqual(pinned, ScannedToken.Features(read with { SkipFormatChars = true }, Text));
    }

    [Fact]
    public void The_setting_in_a_version_11_manifest_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(
            TestModels.KeywordTexts(["phone", "bill"], ["my", "the", "was", "again"], 10, 4), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException older = BundleEditing.RefusedAfterEdit(model, m => m["formatVersion"] = 11);

        Assert.Contains("'tokenizer.skipFormatChars' needs 'formatVersion' 12", older.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_the_manifest_has_no_key_and_the_bundle_keeps_the_older_version()
    {
        // The format-13 setting off too, so the bundle is the version before 12.
        BundleEditing.AssertOffHasNoKeyAndOlderVersion(
            _temp, tokenizer => tokenizer with { SkipFormatChars = false, FoldConfusables = false, JoinSpacedLetters = false }, "skipFormatChars", options => options.SkipFormatChars, 11);
    }

    private static List<ScannedToken> Scan(string text, bool vectorized, bool skip) =>
        ScannedToken.Scan(text, lowercase: true, vectorized, splitUnspaced: true, decompose: true, symbolSuffixes: true, foldDiacritics: true, foldWidth: true, foldAbjadMarks: true, composeHangul: true, foldCompatibility: true, skipFormatChars: skip);

    // The default word model's and linear member's tokenizers, and a case-sensitive one with char n-grams and case shapes.
    private static HashedNGramOptions[] Tokenizers() =>
        [new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true }, new LinearModelOptions().Tokenizer!, new HashedNGramOptions { Lowercase = false, CharNGramMin = 2, CharNGramMax = 4, CaseShapes = true }];
}
