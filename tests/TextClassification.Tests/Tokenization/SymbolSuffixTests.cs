using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.SymbolSuffixes"/>: a word keeps a trailing "#" or "+" (C#, F#, C++), which had
/// made "c" and a separate symbol, so C#, C and C++ differed by a bigram alone.</summary>
public sealed class SymbolSuffixTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-symbol-suffixes");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true, "I write C# and C++, not C", "i|write|c#|and|c++|,|not|c")]
    [InlineData(true, "notepad++ F#. x+++ a+b #tag 1+ é#", "notepad++|f#|.|x|+|+|+|a|+|b|#|tag|1+|é#")]
    [InlineData(true, "c#x c++y c#+ c##", "c|#|x|c|+|+|y|c#+|c##")]
    [InlineData(false, "I write C# and C++", "i|write|c|#|and|c|+|+")]
    [InlineData(true, "C++17 用C#写", "c|+|+|17|用|c#|写")] // a digit after it is a word char; an ideograph is a token of its own
    public void A_trailing_hash_or_plus_is_part_of_its_word(bool symbolSuffixes, string text, string expected)
    {
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> tokens = ScannedToken.Scan(text, lowercase: true, vectorized, symbolSuffixes: symbolSuffixes);

            Assert.Equal(expected, string.Join('|', tokens.Select(token => token.Chars)));
            // Start and Length cover exactly the token's chars in the text.
            Assert.All(tokens, token => Assert.Equal(token.Chars, text.Substring(token.Start, token.Length).ToLowerInvariant()));
        }
    }

    [Theory]
    [InlineData(true, "c#|か")]
    [InlineData(false, "c|#|か")]
    public void What_follows_is_judged_as_the_scanner_reads_it(bool splitUnspaced, string expected)
    {
        // Kana is a word char unless unspaced scripts are split (a token of its own): only a following word char keeps
        // the symbol apart, in both paths.
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> tokens = ScannedToken.Scan("C#か", lowercase: true, vectorized, splitUnspaced, symbolSuffixes: true);

            Assert.Equal(expected, string.Join('|', tokens.Select(token => token.Chars)));
        }
    }

    [Fact]
    public void CSharp_C_and_CPlusPlus_get_different_word_and_char_features()
    {
        // Words alone: one feature each, three different ones.
        var words = new HashedNGramOptions { WordNGrams = 1 };
        int[][] alone = [.. new[] { "C", "C#", "C++" }.Select(text => ScannedToken.Features(words, text))];
        Assert.All(alone, features => Assert.Single(features));
        Assert.Equal(3, alone.Select(features => features[0]).Distinct().Count());

        // With char n-grams each has n-grams the others lack ("c>" against "c#", "#>"). Before, "c" and the symbol:
        // C#'s features held all of C's.
        var chars = new HashedNGramOptions { CharNGramMin = 2, CharNGramMax = 4, WordNGrams = 1 };
        int[] c = ScannedToken.Features(chars, "C");
        int[] csharp = ScannedToken.Features(chars, "C#");
        Assert.NotEmpty(c.Except(csharp));
        Assert.NotEmpty(csharp.Except(c));
        Assert.Empty(ScannedToken.Features(chars with { SymbolSuffixes = false }, "C").Except(ScannedToken.Features(chars with { SymbolSuffixes = false }, "C#")));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Text_without_a_hash_or_plus_has_the_same_features_either_way(MixedText text)
    {
        // Their full-width forms too, which are read as them.
        string value = text.Value.Replace("#", " ", StringComparison.Ordinal).Replace("+", " ", StringComparison.Ordinal)
            .Replace("＃", " ", StringComparison.Ordinal).Replace("＋", " ", StringComparison.Ordinal);
        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 };

        Assert.Equal(ScannedToken.Features(options with { SymbolSuffixes = false }, value), ScannedToken.Features(options, value));
    }

    [Fact]
    public void The_bundle_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(LanguageNames(perLabel: 40, seed: 1), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // Version 7 for this setting, 10 for the default Arabic and Hebrew mark folding and Hangul composing. An older bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "symbolSuffixes", options => options.SymbolSuffixes, ["what does F# do", "plain words only"], m => BundleEditing.AsWrittenBy(m, 6));
    }

    [Fact]
    public void The_setting_in_a_version_6_manifest_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(LanguageNames(perLabel: 20, seed: 1), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException ex = BundleEditing.RefusedAfterEdit(model, m =>
        {
            m["formatVersion"] = 6;
            // The settings of versions 9 on (checked after this one's only per member); version 8's stay.
            BundleEditing.RemoveSettingsAfter(m, 8);
        });

        Assert.Contains("'tokenizer.symbolSuffixes' needs 'formatVersion' 7", ex.Message, StringComparison.Ordinal);
    }

    // Random stackoverflow-like words with "F#" (label fsharp) or "F" (label f) at a random place.
    private static List<LabeledText> LanguageNames(int perLabel, int seed)
    {
        string[] words = ["how", "to", "read", "a", "file", "in", "the", "compiler", "list", "map", "error", "build", "project", "type", "why", "does"];
        var random = new Random(seed);
        var rows = new List<LabeledText>();
        for (int i = 0; i < perLabel; i++)
        {
            foreach ((string label, string name) in new[] { ("fsharp", "F#"), ("f", "F") })
            {
                List<string> text = [.. Enumerable.Range(0, 6).Select(_ => words[random.Next(words.Length)])];
                text.Insert(random.Next(text.Count + 1), name);
                rows.Add(new LabeledText(string.Join(' ', text), label));
            }
        }

        return rows;
    }
}
