using System.Text;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Support;

/// <summary>A snapshot of one <see cref="TextScanner"/> token (the scanner is a ref struct and cannot be stored).</summary>
internal readonly record struct ScannedToken(uint Hash, CharKind Kind, int Start, int Length, string Chars)
{
    /// <summary>Runs a scanner over the whole text.</summary>
    public static List<ScannedToken> Scan(
        ReadOnlySpan<char> text, bool lowercase, bool vectorized, bool splitUnspaced = false, bool decompose = false, bool symbolSuffixes = false, bool foldDiacritics = false, bool foldWidth = false,
        bool foldAbjadMarks = false, bool composeHangul = false, bool foldCompatibility = false, bool skipFormatChars = false, bool foldConfusables = false, bool joinLetters = false) =>
        [.. ScanFolded(text, lowercase, vectorized, splitUnspaced, decompose, symbolSuffixes, foldDiacritics, foldWidth, foldAbjadMarks, composeHangul, foldCompatibility, skipFormatChars, foldConfusables, joinLetters).Select(folded => folded.Token)];

    /// <summary>Runs a scanner over the whole text, with each token's folded form (<see cref="TextScanner.FoldedHash"/>).</summary>
    public static List<(ScannedToken Token, uint FoldedHash, bool Folded)> ScanFolded(
        ReadOnlySpan<char> text, bool lowercase, bool vectorized, bool splitUnspaced = false, bool decompose = false, bool symbolSuffixes = false, bool foldDiacritics = false, bool foldWidth = false,
        bool foldAbjadMarks = false, bool composeHangul = false, bool foldCompatibility = false, bool skipFormatChars = false, bool foldConfusables = false, bool joinLetters = false)
    {
        var tokens = new List<(ScannedToken, uint, bool)>();
        var scanner = new TextScanner(text, lowercase, vectorized, splitUnspaced, decompose, symbolSuffixes, foldDiacritics, foldWidth, foldAbjadMarks, composeHangul, foldCompatibility, skipFormatChars, foldConfusables, joinLetters);
        while (scanner.MoveNext())
        {
            tokens.Add((new ScannedToken(scanner.Hash, scanner.Kind, scanner.Start, scanner.Length, scanner.Chars.ToString()), scanner.FoldedHash, scanner.Folded));
        }

        return tokens;
    }

    /// <summary>The features of <paramref name="text"/> under <paramref name="options"/>.</summary>
    public static int[] Features(HashedNGramOptions options, string text) => Features(new HashedNGramFeaturizer(options), text);

    /// <summary>The number of tokens the featurizer reads in <paramref name="text"/> under <paramref name="options"/>: of
    /// the text with its markup read out (<see cref="HashedNGramOptions.StripMarkup"/>: a "&lt;a" and a later "&gt;" are
    /// a tag, however far apart), with every fold of the options.</summary>
    public static int CountTokens(HashedNGramOptions options, string text)
    {
        char[] read = new char[text.Length];
        string scanned = options.StripMarkup ? new string(read, 0, MarkupReader.Read(text, read)) : text;
        return Scan(scanned, options.Lowercase, vectorized: false, options.SplitUnspacedScripts, options.NormalizeAccents, options.SymbolSuffixes, options.FoldDiacritics, options.FoldWidth,
            options.FoldAbjadMarks, options.ComposeHangul, options.FoldCompatibilityForms, options.SkipFormatChars, options.FoldConfusables, options.JoinSpacedLetters).Count;
    }

    /// <summary>Asserts that <paramref name="text"/> and <paramref name="plain"/> give the same features under each of
    /// <paramref name="tokenizers"/> on both scanner paths and, when <paramref name="off"/> is given, different ones
    /// with the setting it turns off.</summary>
    public static void AssertReadAlike(IEnumerable<HashedNGramOptions> tokenizers, string text, string plain, Func<HashedNGramOptions, HashedNGramOptions>? off = null)
    {
        foreach (HashedNGramOptions options in tokenizers)
        {
            foreach (bool vectorized in new[] { true, false })
            {
                var featurizer = new HashedNGramFeaturizer(options, vectorized);
                Assert.Equal(Features(featurizer, plain), Features(featurizer, text));
            }

            if (off is not null)
            {
                Assert.NotEqual(Features(off(options), plain), Features(off(options), text));
            }
        }
    }

    /// <summary>NormalizeAccents' promise with a setting on: <paramref name="text"/> typed precomposed (NFC) and
    /// decomposed (NFD) gives the same features under each of <paramref name="tokenizers"/> on both scanner paths wherever
    /// it does with the setting turned off by <paramref name="off"/> (spacing symbols such as U+1FED, whose decomposition
    /// starts with a symbol that only a compatibility mapping reads as a space and a mark, differ either way). Text that
    /// <see cref="string.Normalize(NormalizationForm)"/> refuses (lone surrogates) is passed over.</summary>
    public static void AssertComposedAndDecomposedAlikeWhereOffAre(IEnumerable<HashedNGramOptions> tokenizers, string text, Func<HashedNGramOptions, HashedNGramOptions> off)
    {
        string composed, decomposed;
        try
        {
            composed = text.Normalize(NormalizationForm.FormC);
            decomposed = text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return;
        }

        foreach (HashedNGramOptions options in tokenizers)
        {
            foreach (bool vectorized in new[] { true, false })
            {
                if (Features(new HashedNGramFeaturizer(off(options), vectorized), decomposed).SequenceEqual(Features(new HashedNGramFeaturizer(off(options), vectorized), composed)))
                {
                    Assert.Equal(Features(new HashedNGramFeaturizer(options, vectorized), decomposed), Features(new HashedNGramFeaturizer(options, vectorized), composed));
                }
            }
        }
    }

    /// <summary>Features of a text through a featurizer, trimmed to the count written.</summary>
    public static int[] Features(HashedNGramFeaturizer featurizer, string text)
    {
        int[] buffer = new int[featurizer.MaxFeatures];
        int count = featurizer.Extract(text, buffer);
        return buffer[..count];
    }
}
