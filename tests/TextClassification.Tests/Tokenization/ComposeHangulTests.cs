using System.Text;
using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.ComposeHangul"/>: Korean typed as conjoining jamo (NFD, as macOS stores it) is
/// read as the precomposed syllables of NFC text. Before, the two shared no feature (an outside check: trec6 in Hangul
/// with its test texts in NFD 0.284 against 0.908; every peer tool collapsed too).</summary>
public sealed class ComposeHangulTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-compose-hangul");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("한국어 텍스트")]
    [InlineData("안녕하세요, 세계! 값싼 닭")] // syllables with and without a trailing consonant
    [InlineData("카드가 ATM에 걸렸어요 #태그 C#과")] // beside ASCII words, symbols and a symbol suffix
    [InlineData("café 한국 naïve")] // beside decomposed Latin accents
    public void Decomposed_and_precomposed_Korean_give_the_same_features(string text)
    {
        string composed = text.Normalize(NormalizationForm.FormC);
        string decomposed = text.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);

        // Off, they differ.
        ScannedToken.AssertReadAlike(
            [new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true }, new LinearModelOptions().Tokenizer!, new HashedNGramOptions { Lowercase = false }],
            decomposed, composed, options => options with { ComposeHangul = false });
    }

    [Fact]
    public void Composed_tokens_cover_the_jamo_they_were_read_from()
    {
        // 한국 as jamo: ᄒ ᅡ ᆫ ᄀ ᅮ ᆨ (six chars), one token with the chars of the two syllables.
        string text = "x \u1112\u1161\u11AB\u1100\u116E\u11A8 y";
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> tokens = ScannedToken.Scan(text, lowercase: true, vectorized, decompose: true, composeHangul: true);
            Assert.Equal(3, tokens.Count);
            Assert.Equal((2, 6, "한국"), (tokens[1].Start, tokens[1].Length, tokens[1].Chars));
            Assert.Equal(StableHash.Hash("한국"), tokens[1].Hash);
        }
    }

    [Theory]
    [InlineData("\u1100")] // a leading consonant without a vowel
    [InlineData("\u1161")] // a vowel alone
    [InlineData("\u11A8")] // a trailing consonant alone
    [InlineData("\u1100\u1100 \u1161\u11A8 \u11A8\u1161")] // L L, V T and T V spell no syllable
    [InlineData("\u1113\u1161")] // an old leading consonant (past U+1112) composes into no modern syllable
    [InlineData("\u3131\u314F")] // compatibility jamo (as typed alone) are other chars
    [InlineData("한국어")] // precomposed text
    public void Jamo_that_spell_no_syllable_read_as_before(string text)
    {
        foreach (bool vectorized in new[] { true, false })
        {
            Assert.Equal(
                ScannedToken.Scan(text, lowercase: true, vectorized, decompose: true),
                ScannedToken.Scan(text, lowercase: true, vectorized, decompose: true, composeHangul: true));
        }

        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 };
        Assert.Equal(ScannedToken.Features(options with { ComposeHangul = false }, text), ScannedToken.Features(options, text));
    }

    [Theory]
    [InlineData("\u1100\u1161\u1161", "가\u1161")] // L V V: the second vowel stays a jamo, as NFC keeps it
    [InlineData("\u1100\u1161\u11A8\u11A8", "각\u11A8")] // L V T T
    [InlineData("\uAC00\u11A8", "각")] // an LV syllable and a trailing consonant compose too, as in NFC
    [InlineData("\u1100\u1100\u1161", "\u1100가")]
    public void Jamo_compose_as_NFC_composes_them(string text, string expected)
    {
        Assert.Equal(expected, text.Normalize(NormalizationForm.FormC));
        foreach (bool vectorized in new[] { true, false })
        {
            Assert.Equal(
                ScannedToken.Scan(expected, lowercase: true, vectorized, decompose: true, composeHangul: true).Select(token => (token.Hash, token.Chars)),
                ScannedToken.Scan(text, lowercase: true, vectorized, decompose: true, composeHangul: true).Select(token => (token.Hash, token.Chars)));
        }
    }

    [Fact]
    public void Every_modern_syllable_is_read_back_from_its_jamo()
    {
        foreach (bool vectorized in new[] { true, false })
        {
            for (char syllable = '\uAC00'; syllable <= '\uD7A3'; syllable++)
            {
                string jamo = syllable.ToString().Normalize(NormalizationForm.FormD);
                ScannedToken token = Assert.Single(ScannedToken.Scan(jamo, lowercase: true, vectorized, decompose: true, composeHangul: true));
                Assert.Equal(syllable.ToString(), token.Chars);
            }
        }
    }

    [Fact]
    public void A_model_trained_on_precomposed_Korean_reads_decomposed_Korean_alike()
    {
        TestModels.AssertTestTextsReadAsTrained(
            Keywords(perLabel: 30, seed: 1, NormalizationForm.FormC), Keywords(perLabel: 20, seed: 2, NormalizationForm.FormD),
            tokenizer => tokenizer with { ComposeHangul = false });
    }

    [Fact]
    public void The_bundle_is_version_10_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(perLabel: 20, seed: 3, NormalizationForm.FormC), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // A format-9 bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "composeHangul", options => options.ComposeHangul, ["전화 요금 청구서".Normalize(NormalizationForm.FormD), "plain words only"], m => BundleEditing.AsWrittenBy(m, 9));
    }

    [Fact]
    public void A_version_9_bundle_featurizes_exactly_as_the_release_that_wrote_it()
    {
        // The features of a format-9 tokenizer (a bundle without the version-10 keys) on pointed Arabic and Hebrew, NFD and
        // NFC Korean, pinned from a build before these settings existed (commit 5fdefd1): an old bundle must keep
        // predicting what it predicted when it was trained.
        const string Text = "\u0627\u0644\u0643\u0650\u062A\u064E\u0627\u0628\u064C \u0639\u0640\u0640\u0631\u0628\u064A \u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD \u1112\u1161\u11AB\u1100\u116E\u11A8 \uD55C\uAD6D ok";
        int[] pinned =
        [
            546, 920, 243, 203, 977, 106, 280, 236, 978, 394, 174, 358, 111, 894, 251, 512, 120, 140, 495, 243, 152, 535, 873, 438,
            430, 834, 138, 441, 381, 647, 727, 663, 83, 449, 950, 58, 343, 799, 602, 818, 26, 865, 348, 770, 852, 854, 419, 305,
            699, 734, 553, 737, 311, 753, 504, 123, 755, 503, 616, 511, 465, 514, 942, 816, 926, 84, 81, 22, 111, 322, 340, 110,
            109, 224, 919, 441, 689, 986, 155, 825, 490, 658, 634, 192, 621, 573, 223,
        ];
        // The word model's tokenizer as that bundle reads it, with the pinned run's n-gram sizes and buckets.
        HashedNGramOptions read = BundleEditing.OlderWordTokenizer(_temp, m => BundleEditing.AsWrittenBy(m, 9));
        Assert.False(read.FoldAbjadMarks);
        Assert.False(read.ComposeHangul);
        Assert.True(read.NormalizeAccents && read.FoldDiacritics && read.SplitUnspacedScripts && read.SymbolSuffixes && read.FoldWidth && read.Lowercase);
        Assert.Equal(pinned, ScannedToken.Features(read, Text));
    }

    [Fact]
    public void The_setting_in_a_version_9_manifest_or_without_decomposed_letters_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(perLabel: 10, seed: 4, NormalizationForm.FormC), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException older = BundleEditing.RefusedAfterEdit(model, m =>
        {
            m["formatVersion"] = 9;
            BundleEditing.RemoveFromEveryTokenizer(m, "foldAbjadMarks"); // checked first
        });
        BundleFormatException undecomposed = BundleEditing.RefusedAfterEdit(model, m =>
        {
            BundleEditing.RemoveFromEveryTokenizer(m, "normalizeAccents");
            BundleEditing.RemoveFromEveryTokenizer(m, "foldDiacritics"); // which needs it too, and is checked first
            BundleEditing.RemoveFromEveryTokenizer(m, "foldAbjadMarks");
        });

        Assert.Contains("'tokenizer.composeHangul' needs 'formatVersion' 10", older.Message, StringComparison.Ordinal);
        Assert.Contains("'tokenizer.composeHangul' needs 'normalizeAccents'", undecomposed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setting_is_written_only_with_the_decomposition_it_extends()
    {
        TextClassifier model = NGramTrainer.Train(
            Keywords(perLabel: 10, seed: 5, NormalizationForm.FormC),
            new NGramTrainerOptions { Threads = 2, Seed = 3, LinearModel = null, Tokenizer = TestModels.WithoutVersion4(new HashedNGramOptions()) }).Classifier;
        JsonObject manifest = BundleEditing.SavedManifest(_temp, model);

        Assert.Null(manifest["tokenizer"]!["composeHangul"]);
        Assert.True(manifest["formatVersion"]!.GetValue<int>() < 4);
    }

    // Texts of random Korean filler words with one label's keyword at a random place, in the given normalization form.
    private static List<LabeledText> Keywords(int perLabel, int seed, NormalizationForm form) =>
        [.. TestModels.KeywordTexts(["전화", "요금", "배송"], ["제", "가", "오늘", "정말", "좀", "도와", "주세요", "문제", "있어요", "그리고", "그래서", "왜"], perLabel, seed)
            .Select(row => row with { Text = row.Text.Normalize(form) })];
}
