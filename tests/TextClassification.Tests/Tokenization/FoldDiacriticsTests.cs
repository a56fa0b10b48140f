using System.Text;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.FoldDiacritics"/>: a word is read without the diacritics of Latin, Greek and
/// Cyrillic letters, and the word as written is one more feature. Before, "whát" and "what" were different words with
/// different char n-grams, so text typed with and without accents shared almost nothing (an outside check: trec6 with
/// accents on half its test vowels 0.614 against ML.NET's 0.884).</summary>
public sealed class FoldDiacriticsTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-fold-diacritics");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Whát", "what")]
    [InlineData("Wha\u0301t", "what")] // typed decomposed
    [InlineData("TELÉFONO", "telefono")]
    [InlineData("Tiếng", "tieng")] // two marks on one letter
    [InlineData("Ἀθῆναι", "αθηναι")] // Greek
    [InlineData("Ёлка", "елка")] // Cyrillic
    [InlineData("naïve#", "naive#")] // with a symbol suffix
    public void A_word_with_diacritics_folds_to_the_word_without_them(string written, string plain) =>
        AssertFoldsTo(written, plain, (text, vectorized) => ScannedToken.ScanFolded(text, lowercase: true, vectorized, decompose: true, symbolSuffixes: true, foldDiacritics: true));

    // `written` is one word that folds to `plain` on both scanner paths: the folded hash is plain's, the word as written
    // keeps a hash of its own, and Chars (the char n-grams' source) holds the plain word.
    internal static void AssertFoldsTo(string written, string plain, Func<string, bool, List<(ScannedToken Token, uint FoldedHash, bool Folded)>> scan)
    {
        foreach (bool vectorized in new[] { true, false })
        {
            var (token, foldedHash, folded) = Assert.Single(scan(written, vectorized));
            var (plainToken, _, plainFolded) = Assert.Single(scan(plain, vectorized));

            Assert.True(folded);
            Assert.False(plainFolded);
            Assert.Equal(plainToken.Hash, foldedHash);
            Assert.NotEqual(plainToken.Hash, token.Hash); // the word as written stays a word of its own
            Assert.Equal(plain, token.Chars); // its char n-grams are the folded word's
            Assert.Equal(written.Length, token.Length);
        }
    }

    [Theory]
    [InlineData("हिंदी")] // Devanagari vowel signs spell the word
    [InlineData("שָׁלוֹם")] // Hebrew points (FoldAbjadMarks folds them: FoldAbjadMarksTests)
    [InlineData("\u0301\u0300")] // marks and nothing else
    [InlineData("\u0301#")] // marks, then a symbol suffix
    [InlineData("a ≠ b ∉ ΅")] // symbols that decompose into a mark
    [InlineData("plain")]
    public void Other_scripts_marks_and_words_of_marks_alone_are_not_folded(string text)
    {
        foreach (bool vectorized in new[] { true, false })
        {
            foreach (var (token, foldedHash, folded) in ScannedToken.ScanFolded(text, lowercase: true, vectorized, decompose: true, symbolSuffixes: true, foldDiacritics: true))
            {
                Assert.False(folded);
                Assert.Equal(token.Hash, foldedHash);
            }

            Assert.Equal(
                ScannedToken.Scan(text, lowercase: true, vectorized, decompose: true, symbolSuffixes: true),
                ScannedToken.Scan(text, lowercase: true, vectorized, decompose: true, symbolSuffixes: true, foldDiacritics: true));
        }

        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, FoldAbjadMarks = false };
        Assert.Equal(ScannedToken.Features(options with { FoldDiacritics = false }, text), ScannedToken.Features(options, text));
    }

    [Fact]
    public void More_leading_marks_than_Chars_holds_are_folded_without_overrunning_it()
    {
        // The fuzz harness's find: 3,000 marks before a word's letters counted 3,000 leading marks in a 64-char buffer,
        // and dropping them from Chars ran past its end. They are dropped at the word's first letter now, so Chars holds
        // the folded word whatever came before it.
        string text = new string('\u0301', 3000) + "abc";
        foreach (bool vectorized in new[] { true, false })
        {
            var (token, foldedHash, folded) = Assert.Single(ScannedToken.ScanFolded(text, lowercase: true, vectorized, decompose: true, foldDiacritics: true));
            ScannedToken plain = Assert.Single(ScannedToken.Scan("abc", lowercase: true, vectorized, decompose: true, foldDiacritics: true));

            Assert.True(folded);
            Assert.Equal(plain.Hash, foldedHash);
            Assert.Equal("abc", token.Chars);
        }

        Assert.NotEmpty(ScannedToken.Features(new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 }, text));
    }

    [Fact]
    public void A_folded_words_Chars_are_the_plain_words_whatever_marks_led_it()
    {
        // Leading marks held Chars' room until the word ended: "\u0301" + 64 letters kept 63 of them.
        string letters = new('x', 64);
        foreach (bool vectorized in new[] { true, false })
        {
            var (token, _, folded) = Assert.Single(ScannedToken.ScanFolded("\u0301\u0344" + letters, lowercase: true, vectorized, decompose: true, foldDiacritics: true));

            Assert.True(folded);
            Assert.Equal(letters, token.Chars);
        }
    }

    [Fact]
    public void Marks_before_a_words_letters_are_folded_away_with_the_rest()
    {
        foreach (bool vectorized in new[] { true, false })
        {
            var (token, foldedHash, folded) = Assert.Single(ScannedToken.ScanFolded("\u0301abc", lowercase: true, vectorized, decompose: true, foldDiacritics: true));
            ScannedToken plain = Assert.Single(ScannedToken.Scan("abc", lowercase: true, vectorized, decompose: true, foldDiacritics: true));

            Assert.True(folded);
            Assert.Equal(plain.Hash, foldedHash);
            Assert.Equal("abc", token.Chars);
        }
    }

    [Fact]
    public void A_folded_word_has_the_plain_words_features_and_one_more()
    {
        var options = new HashedNGramOptions { WordNGrams = 2, CharNGramMin = 3, CharNGramMax = 5 };
        int[] plain = ScannedToken.Features(options, "cafe con leche");
        int[] written = ScannedToken.Features(options, "café con leche");

        Assert.Empty(plain.Except(written));
        Assert.Equal(plain.Length + 1, written.Length);
        // Off, they share the other words' features and the char n-grams before the accent only.
        int[] before = ScannedToken.Features(options with { FoldDiacritics = false }, "café con leche");
        Assert.NotEmpty(plain.Except(before));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Text_without_diacritics_has_the_same_features_either_way(MixedText text)
    {
        string value = WithoutDiacritics(text.Value);
        // Compatibility forms not folded: an Arabic presentation form reads as letters with marks (ﺉ as ي + hamza).
        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true, FoldCompatibilityForms = false };

        Assert.Equal(ScannedToken.Features(options with { FoldDiacritics = false }, value), ScannedToken.Features(options, value));
    }

    [Fact]
    public void Texts_typed_with_accents_are_classified_as_the_plain_texts_trained_on()
    {
        // Trained on plain keywords, the model meets them accented at test time.
        TestModels.AssertTestTextsReadAsTrained(
            Keywords(["telefono", "factura", "envio"], perLabel: 30, seed: 1), Keywords(["teléfono", "fáctura", "envío"], perLabel: 20, seed: 2),
            tokenizer => tokenizer with { FoldDiacritics = false });
    }

    [Fact]
    public void The_bundle_is_version_8_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(["telefono", "factura", "envio"], perLabel: 20, seed: 3), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // An older bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "foldDiacritics", options => options.FoldDiacritics, ["mi teléfono no anda", "plain words only"], m => BundleEditing.AsWrittenBy(m, 7));
    }

    [Fact]
    public void The_setting_in_a_version_7_manifest_or_without_decomposed_letters_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(["telefono", "factura"], perLabel: 10, seed: 4), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException older = BundleEditing.RefusedAfterEdit(model, m =>
        {
            m["formatVersion"] = 7;
            BundleEditing.RemoveFromEveryTokenizer(m, "stripMarkup");
        });
        BundleFormatException undecomposed = BundleEditing.RefusedAfterEdit(model, m => m["tokenizer"]!["normalizeAccents"] = false);

        Assert.Contains("'tokenizer.foldDiacritics' needs 'formatVersion' 8", older.Message, StringComparison.Ordinal);
        Assert.Contains("'tokenizer.foldDiacritics' needs 'normalizeAccents'", undecomposed.Message, StringComparison.Ordinal);
    }

    // The text with every Latin, Greek and Cyrillic diacritic and every Arabic and Hebrew mark FoldAbjadMarks folds (and
    // the tatweel) taken off: each code point decomposed, its marks left out (lone surrogates, which .NET's normalization
    // refuses, kept as they are).
    private static string WithoutDiacritics(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (!Rune.TryGetRuneAt(text, i, out Rune rune))
            {
                builder.Append(text[i]);
                continue;
            }

            // A noncharacter (U+FFFE, U+FDD0 …) is kept as written: ICU's Normalize refuses it ("invalid Unicode code
            // points"), which failed this test now and then (seed (11137739110695676201,14722071271313901751,77)).
            if ((rune.Value & 0xFFFE) == 0xFFFE || rune.Value is >= 0xFDD0 and <= 0xFDEF)
            {
                builder.Append(rune.ToString());
                i += rune.Utf16SequenceLength - 1;
                continue;
            }

            foreach (char c in rune.ToString().Normalize(NormalizationForm.FormD))
            {
                if (c is not ((>= '\u0300' and <= '\u036F') or (>= '\u1AB0' and <= '\u1AFF') or (>= '\u1DC0' and <= '\u1DFF') or (>= '\uFE20' and <= '\uFE2F'))
                    && !FoldAbjadMarksTests.IsAbjadMark(c))
                {
                    builder.Append(c);
                }
            }

            i += rune.Utf16SequenceLength - 1;
        }

        return builder.ToString();
    }

    // Texts of random Spanish filler words with one label's keyword at a random place.
    private static List<LabeledText> Keywords(string[] keywords, int perLabel, int seed) =>
        TestModels.KeywordTexts(keywords, ["mi", "el", "no", "anda", "hoy", "por", "favor", "ayuda", "con", "la", "de", "un", "que", "pasa"], perLabel, seed);
}
