using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.FoldConfusables"/>: Cyrillic and Greek letters that look like Latin ones are
/// read as the Latin letters in a Latin word ("frее" with Cyrillic е as "free"). Before, such a word shared no word
/// feature with the Latin one (an outside check: trec6 with Cyrillic look-alikes in 30 % of its test words scored 0.762
/// against 0.912).</summary>
public sealed class FoldConfusablesTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-fold-confusables");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("fr\u0435\u0435 m\u043En\u0435y now", "free money now")] // Cyrillic е о
    [InlineData("s\u0435nd \u0441\u043E\u0440y t\u043E \u0430ll", "send copy to all")]
    [InlineData("\u0420\u0430ris and Berlin", "Paris and Berlin")] // Cyrillic capital Р: capitalised as Paris
    [InlineData("call FR\u0415\u0415 N\u039FW", "call FREE NOW")] // Cyrillic Е, Greek Ο: in capitals as FREE NOW
    [InlineData("\u0455\u0456t \u0458\u043Eb \u04BBell\u043E \u04CFate \u0501\u043Eg \u051Bu\u0443 \u051Dow x\u04AF", "sit job hello late dog quy wow xy")]
    [InlineData("\u03BF\u03BDer \u03BA\u03B9te \u03C1\u03C5t", "over kite put")] // Greek ο ν ι κ ρ υ
    [InlineData("Z\u0391\u0392\u0395 Q\u0396\u0397\u0399\u039A\u039C\u039D\u03A1\u03A4\u03A5\u03A7", "ZABE QZHIKMNPTYX")] // Greek capitals
    [InlineData("x\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425\u0423", "xABEKMHOPCTXY")] // Cyrillic capitals
    [InlineData("caf\u0451 na\u0457ve caf\u0435\u0308", "caf\u00EB na\u00EFve cafe\u0308")] // precomposed and NFD look-alikes as the Latin letter with the mark
    [InlineData("\u03ACbc \u03CCk", "\u00E1bc \u00F3k")] // Greek with tonos as the Latin letter with an acute
    [InlineData("fr\u0435\u200B\u0435 pa\u0443", "free pay")] // with a format char inside
    [InlineData("I code in \u0421# and \u0441++", "I code in C# and c++")] // before a symbol suffix
    [InlineData("\u0440\u0430\u0443 now or the \u0441\u043E\u0440\u0443 goes back", "pay now or the copy goes back")] // whole look-alike words in mostly Latin text
    public void A_latin_word_with_look_alikes_reads_as_the_latin_word(string text, string latin)
    {
        ScannedToken.AssertReadAlike(Tokenizers(), text, latin, options => options with { FoldConfusables = false });
    }

    [Theory]
    [InlineData("\u041F\u0440\u0438\u0432\u0435\u0442, \u043A\u0430\u043A \u0434\u0435\u043B\u0430? \u042F \u0438\u0434\u0443 \u0441 \u0440\u0430\u0431\u043E\u0442\u044B \u0434\u043E\u043C\u043E\u0439 \u0438 \u0441\u043A\u043E\u0440\u043E \u0431\u0443\u0434\u0443.")] // Russian: Привет, как дела? Я иду с работы домой и скоро буду.
    [InlineData("\u041E\u043D\u0430 \u0441\u043A\u0430\u0437\u0430\u043B\u0430, \u0447\u0442\u043E \u043E\u0441\u0430 \u0443 \u043E\u043A\u043D\u0430 \u0438 \u0440\u043E\u0441\u0430 \u043D\u0430 \u0442\u0440\u0430\u0432\u0435.")] // Она сказала, что оса у окна и роса на траве (оса, у, роса: look-alikes alone)
    [InlineData("\u042F \u043F\u0438\u0448\u0443 \u043A\u043E\u0434 \u043D\u0430 Python \u0438 Java \u043A\u0430\u0436\u0434\u044B\u0439 \u0434\u0435\u043D\u044C, \u0430 \u0442\u0435\u0441\u0442\u044B \u043D\u0430 C#.")] // Russian with English words
    [InlineData("\u0422\u0435\u043A\u0441\u0442 \u0441 \u043E\u043F\u0435\u0447\u0430\u0442\u043A\u043E\u0439: \u043Fp\u0438\u0432\u0435\u0442 (p \u043B\u0430\u0442\u0438\u043D\u0441\u043A\u0430\u044F).")] // a Russian word with a Latin p stays as written
    [InlineData("\u0406\u0457 \u0434\u0456\u0442\u0438 \u0439\u0434\u0443\u0442\u044C \u0443 \u0448\u043A\u043E\u043B\u0443 \u0456 \u043D\u0435 \u0441\u043F\u0456\u0437\u043D\u044E\u044E\u0442\u044C\u0441\u044F.")] // Ukrainian: Її діти йдуть у школу і не спізнюються.
    [InlineData("\u041E\u0434\u0443 \u0458\u0435 \u0441\u0432\u0435 \u0458\u0430\u0441\u043D\u043E \u0438 \u0458\u0435\u0434\u043D\u043E\u0441\u0442\u0430\u0432\u043D\u043E.")] // Serbian: Оду је све јасно и једноставно.
    [InlineData("\u039A\u03B1\u03BB\u03B7\u03BC\u03AD\u03C1\u03B1, \u03C4\u03B9 \u03BA\u03AC\u03BD\u03B5\u03B9\u03C2; \u039F \u03BA\u03B1\u03B9\u03C1\u03CC\u03C2 \u03B5\u03AF\u03BD\u03B1\u03B9 \u03BA\u03B1\u03BB\u03CC\u03C2 \u03BA\u03B1\u03B9 \u03BF\u03B9 \u03B4\u03C1\u03CC\u03BC\u03BF\u03B9 \u03B1\u03B4\u03B5\u03B9\u03BF\u03B9.")] // Greek: Καλημέρα, τι κάνεις; Ο καιρός είναι καλός και οι δρόμοι άδειοι.
    [InlineData("\u03A4\u039F \u039A\u0391\u03A4\u0391\u03A3\u03A4\u0397\u039C\u0391 \u0395\u0399\u039D\u0391\u0399 \u0391\u039D\u039F\u0399\u03A7\u03A4\u039F \u03A3\u0397\u039C\u0395\u03A1\u0391")] // Greek capitals: ΤΟ ΚΑΤΑΣΤΗΜΑ ΕΙΝΑΙ ΑΝΟΙΧΤΟ ΣΗΜΕΡΑ
    [InlineData("\u0440\u0430\u0443")] // look-alikes alone, no Latin letter in the text
    [InlineData("\u03B5\u03C5\u03C7\u03B1\u03C1\u03B9\u03C3\u03C4\u03CE \u03C0\u03BF\u03BB\u03CD (thanks a lot)")] // Greek with an English aside
    public void Cyrillic_and_greek_text_is_read_as_written(string text)
    {
        foreach (HashedNGramOptions options in Tokenizers())
        {
            foreach (bool vectorized in new[] { true, false })
            {
                Assert.Equal(
                    ScannedToken.Features(new HashedNGramFeaturizer(options with { FoldConfusables = false }, vectorized), text),
                    ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized), text));
            }
        }
    }

    [Fact]
    public void The_table_maps_letters_to_latin_letters_of_the_same_case_and_mark()
    {
        var sources = new HashSet<char>();
        Span<char> source = stackalloc char[CanonicalDecomposition.MaxLength];
        Span<char> target = stackalloc char[CanonicalDecomposition.MaxLength];
        foreach ((char from, char to) in ConfusableLetters.All)
        {
            Assert.True(sources.Add(from), $"U+{(int)from:X4} twice");
            Assert.True(ConfusableLetters.IsGreekOrCyrillicLetter(from), $"U+{(int)from:X4} is not a Greek or Cyrillic letter");
            Assert.True(ConfusableLetters.IsLatinLetter(to), $"U+{(int)to:X4} is not a Latin letter");
            Assert.Equal(char.IsUpper(from), char.IsUpper(to));
            Assert.Equal(to, ConfusableLetters.LatinOf(from));

            // A precomposed look-alike decomposes into a look-alike and the marks the Latin letter decomposes into.
            int sourceLength = CanonicalDecomposition.Decompose(new System.Text.Rune(from), source);
            int targetLength = CanonicalDecomposition.Decompose(new System.Text.Rune(to), target);
            Assert.Equal(targetLength, sourceLength);
            Assert.Equal(target[0], sourceLength == 1 ? to : ConfusableLetters.LatinOf(source[0]));
            Assert.True(target[1..targetLength].SequenceEqual(source[1..sourceLength]));
        }

        // The letters the brief of session 44 named, all in the table.
        foreach (char c in "\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04BB\u04CF\u051B\u051D\u04AF\u03BF\u03B1\u03BD\u03B9\u03BA\u03C1\u03C5"
            + "\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425\u0423\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7")
        {
            Assert.NotEqual('\0', ConfusableLetters.LatinOf(c));
        }

        // Letters that look like no Latin letter of their case are not (Cyrillic и к м н т в, Greek ε η λ π).
        foreach (char c in "\u0438\u043A\u043C\u043D\u0442\u0432\u03B5\u03B7\u03BB\u03C0\u0434\u043B")
        {
            Assert.Equal('\0', ConfusableLetters.LatinOf(c));
        }
    }

    [Theory]
    [InlineData("fr\u0435\u0435", "Mixed")]
    [InlineData("\u0440\u0430\u0443", "LookAlikesOnly")]
    [InlineData("p\u0440\u0438\u0432\u0435\u0442", "None")] // и, в, т: a Russian word
    [InlineData("\u043E\u0441\u0430", "LookAlikesOnly")]
    [InlineData("free", "None")]
    [InlineData("\u0435\u0308x", "Mixed")] // NFD: the mark counts as neither
    [InlineData("\u0435\u03B1", "LookAlikesOnly")] // Cyrillic and Greek look-alikes
    [InlineData("\u00E9t\u0435", "Mixed")] // a Latin-1 letter counts as Latin
    [InlineData("\u03BB\u03BF", "None")] // Greek λ
    [InlineData("\u03B1", "None")] // a Greek look-alike alone: a symbol
    [InlineData("\u0430", "LookAlikesOnly")] // a Cyrillic one alone: a swapped Latin letter
    [InlineData("\u03BF\u03BD", "LookAlikesOnly")]
    [InlineData("bo\u045Ek", "Mixed")] // ў: у and a breve
    [InlineData("\u1F40\u03BD", "LookAlikesOnly")] // polytonic ὀ
    public void Words_are_classified_by_their_letters(string word, string expected)
    {
        Assert.Equal(expected, ConfusableLetters.Classify(word).ToString());
    }

    // Review 44: a precomposed letter on a look-alike that the table lacks (ў = у + breve, ӗ, Ќ, Ύ, polytonic ὀ) reads as
    // its NFD form does, where the look-alike and its marks are separate chars: NormalizeAccents promises NFC and NFD
    // text the same features, and the precomposed letter had kept the word from being read as Latin.
    [Theory]
    [InlineData("bo\u045Ek")]
    [InlineData("t\u04D7st")]
    [InlineData("\u040Cey")]
    [InlineData("\u038Ees")]
    [InlineData("n\u1F40w")]
    [InlineData("K\u0390te")] // ΐ: ι with two marks
    public void A_precomposed_look_alike_reads_as_its_decomposed_form(string word)
    {
        string composed = word.Normalize(NormalizationForm.FormC);
        string decomposed = word.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> folded = Scan(composed, vectorized, fold: true);
            Assert.Equal(Scan(decomposed, vectorized, fold: true).Select(token => token.Hash), folded.Select(token => token.Hash));
            Assert.Equal(Scan(decomposed, vectorized, fold: true).Select(token => token.Chars), folded.Select(token => token.Chars));
            Assert.NotEqual(Scan(composed, vectorized, fold: false).Select(token => token.Chars), folded.Select(token => token.Chars));
        }
    }

    // NormalizeAccents' promise with the fold on: text typed precomposed and decomposed gives the same features wherever
    // it does with the fold off (spacing symbols such as U+1FED, whose decomposition starts with a symbol that only a
    // compatibility mapping reads as a space and a mark, differ either way).
    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Precomposed_and_decomposed_text_featurize_alike(MixedText text)
    {
        ScannedToken.AssertComposedAndDecomposedAlikeWhereOffAre(Tokenizers(), text.Value, options => options with { FoldConfusables = false });
    }

    // Review 44: a Greek letter alone in Latin text is a symbol (the α subunit, Pearson's ρ), kept as written; a lone
    // Cyrillic look-alike there is a swapped Latin letter ("а" for the article).
    [Theory]
    [InlineData("the \u03B1 subunit and the \u03C1 factor", "\u03B1", "\u03C1")]
    [InlineData("I saw \u0430 cat", "a")]
    public void A_greek_letter_alone_is_read_as_written(string text, params string[] expected)
    {
        foreach (bool vectorized in new[] { true, false })
        {
            List<string> words = [.. Scan(text, vectorized, fold: true).Select(token => token.Chars)];
            foreach (string word in expected)
            {
                Assert.Contains(word, words);
            }
        }
    }

    [Theory]
    [InlineData("please \u0440\u0430\u0443 now", true)]
    [InlineData("\u0440\u0430\u0443", false)] // no Latin letter
    [InlineData("\u043E\u0441\u0430 ok", false)] // fewer Latin letters than look-alikes
    [InlineData("\u043E\u0441\u0430 is here now", true)]
    [InlineData("\u043E\u0441\u0430 \u0438 bees and wasps", false)] // a Cyrillic letter that looks like no Latin one
    [InlineData("\u03BF \u03BB and more words", false)] // Greek λ
    public void Latin_text_with_look_alikes_needs_every_cyrillic_or_greek_letter_to_be_one_and_more_latin(string text, bool expected)
    {
        Assert.Equal(expected, ConfusableLetters.IsLatinWithLookAlikes(text));
    }

    [Theory]
    [InlineData("\u043F\u0440\u0438\u0432\u0435\u0442, \u043E\u0441\u0430 123", false)] // no word of a text without a Latin letter is folded
    [InlineData("\u043F\u0440\u0438\u0432\u0435\u0442 \u00E9", true)]
    [InlineData("\u043E\u0441\u0430 \uFF21", true)] // full-width
    [InlineData("\u043E\u0441\u0430 \u24D0", true)] // circled, read as a Latin letter
    [InlineData("\u03C0 \u00D7 2", false)] // the multiplication sign is no letter
    public void A_text_holds_a_latin_letter(string text, bool expected)
    {
        Assert.Equal(expected, ConfusableLetters.HoldsLatinLetter(text));
    }

    [Property(Arbitrary = [typeof(TextArbitraries), typeof(TextScannerPropertyTests)], MaxTest = 300)]
    public void Text_without_greek_or_cyrillic_chars_featurizes_as_without_the_setting(MixedText text, HashedNGramOptions options)
    {
        // The fold only reads words holding a char of the table's range or of Greek Extended: any other text gives the
        // features it gave.
        string value = string.Concat(text.Value.Where(c => !ConfusableLetters.MayHold(c.ToString())));
        Assert.False(ConfusableLetters.MayHold(value));

        foreach (bool vectorized in new[] { true, false })
        {
            Assert.Equal(
                ScannedToken.Features(new HashedNGramFeaturizer(options with { FoldConfusables = false }, vectorized), value),
                ScannedToken.Features(new HashedNGramFeaturizer(options with { FoldConfusables = true }, vectorized), value));
        }
    }

    [Fact]
    public void The_word_keeps_its_offsets_and_reads_the_latin_chars()
    {
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> tokens = Scan("get FR\u0415\u0415 m\u043En\u0435y, ok", vectorized, fold: true);
            Assert.Equal(["get", "free", "money", ",", "ok"], tokens.Select(token => token.Chars));
            Assert.Equal((4, 4), (tokens[1].Start, tokens[1].Length));
            Assert.Equal(Scan("get FREE money, ok", vectorized, fold: true).Select(token => token.Hash), tokens.Select(token => token.Hash));
            Assert.Equal(["get", "fr\u0435\u0435", "m\u043En\u0435y", ",", "ok"], Scan("get FR\u0415\u0415 m\u043En\u0435y, ok", vectorized, fold: false).Select(token => token.Chars));
        }
    }

    [Fact]
    public void Trained_on_plain_text_a_model_reads_words_with_look_alikes()
    {
        TestModels.AssertTrainedOnPlainReadsAlike(
            tokenizer => tokenizer with { FoldConfusables = false }, ["my ph\u03BFn\u0435 is l\u0430te", "the BILL \u0430g\u0430in"], ["my phone is late", "the BILL again"]);
    }

    [Fact]
    public void The_bundle_is_version_13_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(
            TestModels.KeywordTexts(["phone", "bill", "late"], ["my", "the", "was", "again", "please", "help"], 20, 3), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // A format-12 bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "foldConfusables", options => options.FoldConfusables, ["ph\u03BFn\u0435 bi\u04CF\u04CF l\u0430te again", "plain words only"], m => BundleEditing.AsWrittenBy(m, 12));
    }

    [Fact]
    public void A_version_12_bundle_featurizes_exactly_as_the_release_that_wrote_it()
    {
        // The features of a format-12 tokenizer (a bundle without the version-13 key) on Latin words with look-alikes
        // and Russian and Greek words, pinned from a build before the setting existed (commit a976526): an old bundle must
        // keep predicting what it predicted when it was trained.
        int[] pinned = PinnedFormat12Features;
        HashedNGramOptions read = BundleEditing.OlderWordTokenizer(_temp, m => BundleEditing.AsWrittenBy(m, 12));
        Assert.Equal(
            new HashedNGramOptions { WordNGrams = 2, CharNGramMin = 3, CharNGramMax = 5, Buckets = 1000, CaseShapes = false, SkipBigrams = false, UnspacedRunNGrams = false, MaxTokens = 16384, FoldConfusables = false, JoinSpacedLetters = false },
            read);
        Assert.Equal(pinned, ScannedToken.Features(read, PinnedText));
        Assert.NotEqual(pinned, ScannedToken.Features(read with { FoldConfusables = true }, PinnedText));
    }

    [Fact]
    public void The_setting_in_a_version_12_manifest_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(
            TestModels.KeywordTexts(["phone", "bill"], ["my", "the", "was", "again"], 10, 4), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException older = BundleEditing.RefusedAfterEdit(model, m => m["formatVersion"] = 12);

        Assert.Contains("'tokenizer.foldConfusables' needs 'formatVersion' 13", older.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_the_manifest_has_no_key_and_the_bundle_keeps_the_older_version()
    {
        BundleEditing.AssertOffHasNoKeyAndOlderVersion(_temp, tokenizer => tokenizer with { FoldConfusables = false, JoinSpacedLetters = false }, "foldConfusables", options => options.FoldConfusables, 12);
    }

    // Latin words with Cyrillic and Greek look-alikes (capitals, precomposed, NFD, a format char, a symbol suffix),
    // words of look-alikes alone, and Russian and Greek words.
    private const string PinnedText = "fr\u0435\u0435 m\u043En\u0435y FR\u0415\u0415 \u0420\u0430ris caf\u0451 \u03BF\u03BDer \u0441# \u0440\u0430\u0443 n\u0435\u0308w fr\u0435\u200B\u0435 \u041F\u0440\u0438\u0432\u0435\u0442 \u043E\u0441\u0430 \u039A\u03B1\u03BB\u03B7\u03BC\u03AD\u03C1\u03B1 ok";

    private static readonly int[] PinnedFormat12Features =
    [
        354, 318, 673, 657, 500, 587, 489, 725, 569, 927, 566, 661, 630, 44, 484, 938, 362, 613, 548, 782, 81, 807, 664, 137,
        354, 279, 318, 673, 657, 500, 587, 489, 725, 569, 927, 727, 944, 562, 816, 302, 263, 759, 418, 156, 179, 293, 328, 190,
        160, 43, 988, 566, 626, 462, 960, 525, 600, 202, 800, 825, 669, 848, 932, 967, 701, 349, 434, 763, 516, 880, 677, 99,
        595, 606, 826, 965, 535, 69, 562, 437, 602, 484, 167, 751, 608, 162, 687, 187, 348, 948, 804, 354, 333, 318, 673, 657,
        500, 587, 489, 725, 569, 927, 70, 262, 639, 142, 76, 58, 691, 38, 80, 635, 149, 193, 815, 423, 687, 729, 978, 91,
        863, 970, 665, 95, 905, 972, 479, 782, 583, 325, 727, 960, 57, 87, 397, 625, 845, 467, 722, 937, 69, 838, 933, 998,
        647, 917, 251, 282, 266, 604, 192, 336, 573, 223,
    ];

    private static List<ScannedToken> Scan(string text, bool vectorized, bool fold) =>
        ScannedToken.Scan(text, lowercase: true, vectorized, splitUnspaced: true, decompose: true, symbolSuffixes: true, foldDiacritics: true, foldWidth: true, foldAbjadMarks: true, composeHangul: true, foldCompatibility: true, skipFormatChars: true, foldConfusables: fold);

    // The default word model's and linear member's tokenizers, and a case-sensitive one with char n-grams and case shapes.
    private static HashedNGramOptions[] Tokenizers() =>
        [new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true }, new LinearModelOptions().Tokenizer!, new HashedNGramOptions { Lowercase = false, CharNGramMin = 2, CharNGramMax = 4, CaseShapes = true }];
}
