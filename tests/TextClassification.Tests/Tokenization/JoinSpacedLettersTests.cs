using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.JoinSpacedLetters"/>: a run of letters spaced or dotted apart ("F R E E",
/// "f.r.e.e", "c-a-s-h") is read as the word it spells. Before, such a run was single letters that shared no word
/// feature with the word (an outside check: spam words letter-spaced or dotted in half of sms_spam's spam test texts
/// cost 0.018 and 0.024 of accuracy).</summary>
public sealed class JoinSpacedLettersTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-join-spaced-letters");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("win F R E E money now", "win FREE money now")]
    [InlineData("get f.r.e.e cash", "get free cash")]
    [InlineData("send c-a-s-h now", "send cash now")]
    [InlineData("f_r_e_e and f*r*e*e and f\u00B7r\u00B7e\u00B7e", "free and free and free")]
    [InlineData("F. R. E. E. now", "FREE now")] // a dot and a space; the last dot is the run's
    [InlineData("the U.S.A. is big", "the USA is big")]
    [InlineData("S E X up ur mobile", "SEX up ur mobile")]
    [InlineData("my c a f \u00E9 here", "my caf\u00E9 here")] // a precomposed accent
    [InlineData("my c a f e\u0301 here", "my caf\u00E9 here")] // the same decomposed
    [InlineData("\uFF26 \uFF32 \uFF25 \uFF25 stuff", "FREE stuff")] // full-width
    [InlineData("\u24BB \u24C7 \u24BA \u24BA stuff", "FREE stuff")] // circled, read as ASCII letters
    [InlineData("J. R. R. Tolkien", "JRR Tolkien")] // initials
    public void A_run_of_letters_reads_as_the_word(string text, string word)
    {
        ScannedToken.AssertReadAlike(Tokenizers(), text, word, options => options with { JoinSpacedLetters = false });
    }

    [Theory]
    [InlineData("a b and x.y")] // two letters
    [InlineData("F.R E.E and F-R.E")] // mixed separators
    [InlineData("F  R  E  E")] // two spaces
    [InlineData("1 2 3 and 4.5.6 and a 1 b")] // digits
    [InlineData("www.a.b and x.com.b.c")] // a run does not go on from a chain
    [InlineData("ab c d")] // a word of two letters starts no run
    [InlineData("\uD55C \uAD6D \uC5B4 \uB354 \uC798 \uC548")] // Hangul syllables are words
    [InlineData("\u4E2D \u6587 \u5B57")] // ideographs are tokens of their own
    [InlineData("a\u200B b c")] // a format char after a letter may join a word
    [InlineData("\u2160 \u2161 \u2162")] // Roman numerals are no letters
    [InlineData("\u091C\u094B \u092D\u0940 \u0939\u0948 and \u092E\u0947\u0902 \u092D\u0940 \u0939\u0948")] // Hindi one-syllable words (review 45)
    [InlineData("\u0995 \u0996 \u0997 and \u1000 \u1001 \u1002")] // Bengali and Myanmar letters alone
    public void Other_runs_are_read_as_before(string text)
    {
        foreach (HashedNGramOptions options in Tokenizers())
        {
            foreach (bool vectorized in new[] { true, false })
            {
                Assert.Equal(
                    ScannedToken.Features(new HashedNGramFeaturizer(options with { JoinSpacedLetters = false }, vectorized), text),
                    ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized), text));
            }
        }
    }

    [Fact]
    public void The_run_is_one_token_over_its_chars()
    {
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> tokens = Scan("get F R E E now, f.r.e.e. ok a b", vectorized, join: true);
            Assert.Equal(["get", "free", "now", ",", "free", "ok", "a", "b"], tokens.Select(token => token.Chars));
            Assert.Equal((4, 7), (tokens[1].Start, tokens[1].Length));
            Assert.Equal((17, 8), (tokens[4].Start, tokens[4].Length)); // the last dot with it
            Assert.Equal(Scan("free", vectorized, join: true)[0].Hash, tokens[1].Hash);
            Assert.Equal(
                ["get", "f", "r", "e", "e", "now", ",", "f", ".", "r", ".", "e", ".", "e", ".", "ok", "a", "b"],
                Scan("get F R E E now, f.r.e.e. ok a b", vectorized, join: false).Select(token => token.Chars));
        }
    }

    // A run's look-alikes read as Latin exactly where those of the word it spells do (review 45): "f r е е" with Cyrillic
    // е's in Russian text as "frее" there (a Latin word with look-alikes, read as Latin), a Greek letter alone beside
    // mathematical ones as written, as "ρ𝐁𝐂" is.
    [Theory]
    [InlineData("\u043F\u0440\u0438\u0432\u0435\u0442 f r \u0435 \u0435 \u0434\u0440\u0443\u0433", "\u043F\u0440\u0438\u0432\u0435\u0442 fr\u0435\u0435 \u0434\u0440\u0443\u0433")]
    [InlineData("the \u03C1 \U0001D401 \U0001D402 is here", "the \u03C1\U0001D401\U0001D402 is here")]
    public void A_run_with_look_alikes_reads_as_the_word_it_spells(string text, string word)
    {
        ScannedToken.AssertReadAlike(Tokenizers(), text, word);
    }

    // A separator before the first letter that follows no word char (start of the text, a space) starts no chain: the
    // run is read with the separator before it as a symbol of its own (review 45).
    [Theory]
    [InlineData("win *F*R*E*E* now", "win *FREE now")]
    [InlineData("send -c-a-s-h- now", "send -cash now")]
    [InlineData(".f.r.e.e. and _s_e_x_", ".free and _sex")]
    public void A_run_wrapped_in_its_separator_reads_as_the_word(string text, string word)
    {
        ScannedToken.AssertReadAlike(Tokenizers(), text, word, options => options with { JoinSpacedLetters = false });
    }

    [Fact]
    public void Runs_in_capitals_and_lower_case_read_as_their_words()
    {
        ScannedToken.AssertReadAlike(Tokenizers(), "I code in C-O-B-O-L and c.o.b.o.l", "I code in COBOL and cobol", options => options with { JoinSpacedLetters = false });
    }

    [Property(Arbitrary = [typeof(TextArbitraries), typeof(TextScannerPropertyTests)], MaxTest = 300)]
    public void Text_without_separators_between_letters_featurizes_as_without_the_setting(MixedText text, HashedNGramOptions options)
    {
        // No letter can stand alone before a separator of a run: every such separator taken out.
        string value = string.Concat(text.Value.Where(c => c is not (' ' or '.' or '-' or '_' or '*' or '\u00B7')));
        foreach (bool vectorized in new[] { true, false })
        {
            Assert.Equal(
                ScannedToken.Features(new HashedNGramFeaturizer(options with { JoinSpacedLetters = false }, vectorized), value),
                ScannedToken.Features(new HashedNGramFeaturizer(options with { JoinSpacedLetters = true }, vectorized), value));
        }
    }

    // NormalizeAccents' promise with runs of accented letters: precomposed and decomposed text give the same features
    // wherever they do with the setting off.
    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Precomposed_and_decomposed_runs_featurize_alike(MixedText text)
    {
        ScannedToken.AssertComposedAndDecomposedAlikeWhereOffAre(Tokenizers(), text.Value, options => options with { JoinSpacedLetters = false });
    }

    [Fact]
    public void Precomposed_and_decomposed_runs_read_alike()
    {
        foreach (string text in new[] { "c a f \u00E9 now", "\u00C9.T.\u00C9 x", "n a \u00EF v e", "\u1EA0 \u1EA1 \u1EA2" })
        {
            ScannedToken.AssertReadAlike(Tokenizers(), text.Normalize(NormalizationForm.FormD), text.Normalize(NormalizationForm.FormC));
        }
    }

    // NormalizeAccents reads a char as its canonical decomposition, compatibility forms folded or not: a singleton (the
    // Kelvin, Ohm and Angstrom signs) or a Hebrew letter with dagesh as a presentation form (U+FB1D–FB4E, which NFC and
    // NFD both decompose) is the letter it decomposes to, in a run of letters as in a word.
    [Theory]
    [InlineData("x y \u212A now", "x y K now")]             // Kelvin sign
    [InlineData("\u2126 \u03A9 \u2126", "\u03A9 \u03A9 \u03A9")]    // Ohm sign
    [InlineData("a.b.\u212B.", "a.b.A\u030A.")]             // Angstrom sign
    [InlineData("\uFB31 \uFB31 \uFB4B", "\u05D1\u05BC \u05D1\u05BC \u05D5\u05B9")] // bet with dagesh, vav with holam
    public void A_letter_read_through_its_decomposition_joins_a_run_as_that_letter(string text, string decomposed)
    {
        foreach (bool fold in new[] { true, false })
        {
            ScannedToken.AssertReadAlike(Tokenizers().Select(options => options with { FoldCompatibilityForms = fold, FoldConfusables = false }), text, decomposed);
        }
    }

    [Fact]
    public void Trained_on_plain_text_a_model_reads_spaced_and_dotted_words()
    {
        TestModels.AssertTrainedOnPlainReadsAlike(
            tokenizer => tokenizer with { JoinSpacedLetters = false }, ["my p h o n e is late", "the b.i.l.l again"], ["my phone is late", "the bill again"]);
    }

    [Fact]
    public void The_bundle_is_version_14_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(
            TestModels.KeywordTexts(["phone", "bill", "late"], ["my", "the", "was", "again", "please", "help"], 20, 3), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // A format-13 bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "joinSpacedLetters", options => options.JoinSpacedLetters, ["p h o n e b.i.l.l l-a-t-e again", "plain words only"], m => BundleEditing.AsWrittenBy(m, 13));
    }

    [Fact]
    public void A_version_13_bundle_featurizes_exactly_as_the_release_that_wrote_it()
    {
        // The features of a format-13 tokenizer (a bundle without the version-14 key) on runs of letters spaced and
        // dotted apart, pinned from a build before the setting existed (commit 6ee3465): an old bundle must keep
        // predicting what it predicted when it was trained.
        HashedNGramOptions read = BundleEditing.OlderWordTokenizer(_temp, m => BundleEditing.AsWrittenBy(m, 13));
        Assert.Equal(
            new HashedNGramOptions { WordNGrams = 2, CharNGramMin = 3, CharNGramMax = 5, Buckets = 1000, CaseShapes = false, SkipBigrams = false, UnspacedRunNGrams = false, MaxTokens = 16384, JoinSpacedLetters = false },
            read);
        Assert.Equal(PinnedFormat13Features, ScannedToken.Features(read, PinnedText));
        Assert.NotEqual(PinnedFormat13Features, ScannedToken.Features(read with { JoinSpacedLetters = true }, PinnedText));
    }

    [Fact]
    public void The_setting_in_a_version_13_manifest_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(
            TestModels.KeywordTexts(["phone", "bill"], ["my", "the", "was", "again"], 10, 4), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException older = BundleEditing.RefusedAfterEdit(model, m => m["formatVersion"] = 13);

        Assert.Contains("'tokenizer.joinSpacedLetters' needs 'formatVersion' 14", older.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_the_manifest_has_no_key_and_the_bundle_keeps_the_older_version()
    {
        BundleEditing.AssertOffHasNoKeyAndOlderVersion(_temp, tokenizer => tokenizer with { JoinSpacedLetters = false }, "joinSpacedLetters", options => options.JoinSpacedLetters, 13);
    }

    // Runs spaced, dotted, hyphenated, with a dot and a space, of two letters, accented (precomposed and NFD), full-width.
    private const string PinnedText = "win F R E E money, f.r.e.e c-a-s-h U.S.A. F. R. E. E. a b c x.y s. i. m caf\u00E9 c a f \u00E9 c a f e\u0301 \uFF26 \uFF32 \uFF25 ok";

    private static readonly int[] PinnedFormat13Features =
    [
        433, 316, 144, 258, 768, 839, 870, 763, 137, 182, 491, 966, 491, 935, 572, 814, 741, 154, 0, 865, 654, 524, 688, 546,
        813, 668, 353, 618, 596, 427, 870, 60, 454, 115, 137, 993, 454, 472, 491, 757, 454, 327, 491, 757, 276, 418, 968, 473,
        103, 401, 968, 126, 128, 660, 968, 895, 316, 306, 212, 287, 454, 457, 128, 979, 454, 259, 103, 679, 454, 635, 870, 319,
        454, 115, 137, 993, 454, 472, 491, 757, 454, 327, 491, 757, 454, 327, 103, 679, 510, 838, 276, 216, 185, 186, 454, 826,
        187, 6, 128, 291, 454, 259, 305, 674, 454, 460, 58, 30, 609, 58, 808, 626, 462, 287, 147, 600, 286, 316, 787, 998,
        276, 130, 103, 107, 870, 496, 491, 687, 55, 276, 418, 103, 107, 870, 496, 491, 687, 55, 870, 568, 137, 182, 491, 966,
        192, 462, 573, 223,
    ];

    private static List<ScannedToken> Scan(string text, bool vectorized, bool join) =>
        ScannedToken.Scan(text, lowercase: true, vectorized, splitUnspaced: true, decompose: true, symbolSuffixes: true, foldDiacritics: true, foldWidth: true, foldAbjadMarks: true, composeHangul: true, foldCompatibility: true, skipFormatChars: true, foldConfusables: true, joinLetters: join);

    // The default word model's and linear member's tokenizers, and a case-sensitive one with char n-grams and case shapes.
    private static HashedNGramOptions[] Tokenizers() =>
        [new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true }, new LinearModelOptions().Tokenizer!, new HashedNGramOptions { Lowercase = false, CharNGramMin = 2, CharNGramMax = 4, CaseShapes = true }];
}
