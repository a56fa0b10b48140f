using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.FoldAbjadMarks"/>: the optional vowel marks of Arabic (harakat) and Hebrew
/// (niqqud, cantillation) and the Arabic tatweel are folded with the diacritics, and the word as written is one more
/// feature. Before, a pointed word shared nothing with the same word unpointed (an outside check: trec6 in Arabic letters
/// with marks on its test texts 0.54 against ML.NET's 0.82; kashida inside 30 % of the test words 0.904 → 0.814).</summary>
public sealed class FoldAbjadMarksTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-fold-abjad");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("كِتَابٌ", "كتاب")]
    [InlineData("مُحَمَّدٌ", "محمد")] // shadda and tanwin
    [InlineData("عـــربي", "عربي")] // tatweel
    [InlineData("العَـــرَبِيَّة", "العربية")] // tatweel and harakat
    [InlineData("أَحْمَد", "احمد")] // أ decomposes into ا + hamza above, which folds: the alef variants merge
    [InlineData("الْقُرْآنِ\u06D6", "القران")] // آ (ا + madda) and a Quranic annotation sign
    [InlineData("\u0670\u08F0ب", "ب")] // superscript alef and an extended-Arabic mark before the letter
    [InlineData("שָׁלוֹם", "שלום")] // niqqud
    [InlineData("בְּרֵאשִׁ֖ית", "בראשית")] // niqqud, dagesh and a cantillation mark (tipeha, U+0596)
    [InlineData("\uFB2Aלום", "שלום")] // a presentation form: shin with shin dot decomposes into shin + U+05C1
    [InlineData("כֻּלָּם#", "כלם#")] // with a symbol suffix
    public void A_pointed_word_folds_to_the_word_without_its_marks(string written, string plain)
    {
        FoldDiacriticsTests.AssertFoldsTo(written, plain, Scan);
        foreach (bool vectorized in new[] { true, false })
        {
            // Without the setting the marks are kept, as before.
            var (unfolded, unfoldedHash, _) = Assert.Single(ScannedToken.ScanFolded(written, lowercase: true, vectorized, decompose: true, symbolSuffixes: true, foldDiacritics: true));
            Assert.Equal(unfolded.Hash, unfoldedHash);
        }
    }

    [Fact]
    public void Pointed_and_unpointed_text_share_their_features_and_each_pointed_word_adds_one()
    {
        var options = new HashedNGramOptions { WordNGrams = 2, CharNGramMin = 3, CharNGramMax = 5 };
        string plain = "ذهب الولد الى المدرسة שלום עולם";
        string pointed = "ذَهَبَ الوَلَدُ الى المَدْرَسَـــةِ שָׁלוֹם עוֹלָם";

        int[] plainFeatures = ScannedToken.Features(options, plain);
        int[] pointedFeatures = ScannedToken.Features(options, pointed);

        Assert.Empty(plainFeatures.Except(pointedFeatures));
        Assert.Equal(plainFeatures.Length + 5, pointedFeatures.Length); // five words carry marks
        // Off (or without the diacritics folding it extends), they share the unpointed word and little else.
        foreach (HashedNGramOptions off in new[] { options with { FoldAbjadMarks = false }, options with { FoldDiacritics = false } })
        {
            Assert.NotEmpty(plainFeatures.Except(ScannedToken.Features(off, pointed)));
        }
    }

    [Theory]
    [InlineData("ـ")] // a tatweel alone
    [InlineData("\u064B\u0650")] // marks alone read as unfolded, as Latin ones do
    [InlineData("\u05B0\u05B8 x")]
    [InlineData("בית־ספר")] // the maqaf (U+05BE) is punctuation: two words and a symbol, as before
    [InlineData("סוף׃ \u05C0 \u05C6")] // sof pasuq, paseq and nun hafukha are not points
    [InlineData("हिंदी")] // Devanagari vowel signs spell the word
    [InlineData("مرحبا שלום")] // unpointed text
    public void Words_of_marks_alone_punctuation_and_other_scripts_read_as_before(string text)
    {
        foreach (bool vectorized in new[] { true, false })
        {
            foreach (var (token, foldedHash, folded) in Scan(text, vectorized))
            {
                Assert.False(folded);
                Assert.Equal(token.Hash, foldedHash);
            }
        }

        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 };
        Assert.Equal(ScannedToken.Features(options with { FoldAbjadMarks = false }, text), ScannedToken.Features(options, text));
    }

    [Fact]
    public void Exactly_the_listed_marks_fold()
    {
        // Every char from the Hebrew block to the end of Arabic Extended-A between two Arabic letters: the word folds to
        // those two letters exactly when the char is one of the marks (or the tatweel).
        foreach (bool vectorized in new[] { true, false })
        {
            uint plain = Assert.Single(Scan("بت", vectorized)).Token.Hash;
            for (char c = '\u0580'; c <= '\u0910'; c++)
            {
                var tokens = Scan("ب" + c + "ت", vectorized);
                bool foldsToPlain = tokens.Count == 1 && tokens[0].Folded && tokens[0].FoldedHash == plain;
                Assert.True(IsAbjadMark(c) == foldsToPlain, $"U+{(int)c:X4}: listed {IsAbjadMark(c)}, folded {foldsToPlain}");
            }
        }
    }

    [Fact]
    public void Texts_typed_with_marks_are_classified_as_the_plain_texts_trained_on()
    {
        // Trained on unpointed keywords, the model meets them pointed (and stretched) at test time.
        TestModels.AssertTestTextsReadAsTrained(
            Keywords(["هاتف", "فاتورة", "שלום"], perLabel: 30, seed: 1), Keywords(["هَاتِف", "فَاتُـــورَة", "שָׁלוֹם"], perLabel: 20, seed: 2),
            tokenizer => tokenizer with { FoldAbjadMarks = false });
    }

    [Fact]
    public void The_bundle_is_version_10_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(["هاتف", "فاتورة", "שלום"], perLabel: 20, seed: 3), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // A format-9 bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "foldAbjadMarks", options => options.FoldAbjadMarks, ["هَاتِفِي لَا يَعْمَل", "plain words only"], m => BundleEditing.AsWrittenBy(m, 9));
    }

    [Fact]
    public void The_setting_in_a_version_9_manifest_or_without_the_diacritics_folding_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(["هاتف", "فاتورة"], perLabel: 10, seed: 4), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException older = BundleEditing.RefusedAfterEdit(model, m => m["formatVersion"] = 9);
        BundleFormatException unfolded = BundleEditing.RefusedAfterEdit(model, m => BundleEditing.RemoveFromEveryTokenizer(m, "foldDiacritics"));

        Assert.Contains("'tokenizer.foldAbjadMarks' needs 'formatVersion' 10", older.Message, StringComparison.Ordinal);
        Assert.Contains("'tokenizer.foldAbjadMarks' needs 'foldDiacritics'", unfolded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setting_is_written_only_with_the_diacritics_folding_it_extends()
    {
        TextClassifier model = NGramTrainer.Train(
            Keywords(["هاتف", "فاتورة"], perLabel: 10, seed: 5),
            new NGramTrainerOptions { Threads = 2, Seed = 3, LinearModel = null, Tokenizer = new HashedNGramOptions { FoldDiacritics = false } }).Classifier;
        string bundle = BundleEditing.SaveBundle(_temp, model);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(BundleEditing.ManifestPath(bundle)))!.AsObject();

        Assert.Null(manifest["tokenizer"]!["foldAbjadMarks"]);
        Assert.False(TextClassifier.Load(bundle).Members[0].Featurizer.Options.FoldAbjadMarks);
    }

    // The marks FoldAbjadMarks folds, spelled out as the option documents them (a reference for the scanner's bit set).
    internal static bool IsAbjadMark(char c) =>
        c is (>= '\u0591' and <= '\u05BD') or '\u05BF' or '\u05C1' or '\u05C2' or '\u05C4' or '\u05C5' or '\u05C7'
            or (>= '\u0610' and <= '\u061A') or '\u0640' or (>= '\u064B' and <= '\u065F') or '\u0670'
            or (>= '\u06D6' and <= '\u06DC') or (>= '\u06DF' and <= '\u06E4') or '\u06E7' or '\u06E8' or (>= '\u06EA' and <= '\u06ED')
            or (>= '\u08D3' and <= '\u08E1') or (>= '\u08E3' and <= '\u08FF');

    private static List<(ScannedToken Token, uint FoldedHash, bool Folded)> Scan(string text, bool vectorized) =>
        ScannedToken.ScanFolded(text, lowercase: true, vectorized, decompose: true, symbolSuffixes: true, foldDiacritics: true, foldAbjadMarks: true);

    // Texts of random Arabic filler words with one label's keyword at a random place.
    private static List<LabeledText> Keywords(string[] keywords, int perLabel, int seed) =>
        TestModels.KeywordTexts(keywords, ["في", "من", "على", "الى", "عن", "مع", "هذا", "ذلك", "لا", "نعم", "اليوم", "شكرا", "ارجو", "مساعدة"], perLabel, seed);
}
