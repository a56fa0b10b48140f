using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary>The vectorized scanner (and featurizer) must agree token for token with the scalar reference.</summary>
public sealed class TextScannerPropertyTests
{
    [Property(MaxTest = 300)]
    public void Vectorized_equals_scalar_on_default_strings(string? text, bool lowercase)
    {
        AssertSameTokens(text ?? string.Empty, lowercase);
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 500)]
    public void Vectorized_equals_scalar_on_mixed_text(
        MixedText text, bool lowercase, bool splitUnspaced, bool decompose, bool symbolSuffixes, bool foldDiacritics, bool foldWidth, bool foldAbjadMarks, bool composeHangul,
        bool foldCompatibility, bool skipFormatChars, bool foldConfusables, bool joinLetters)
    {
        AssertSameTokens(text.Value, lowercase, splitUnspaced, decompose, symbolSuffixes, foldDiacritics, foldWidth, foldAbjadMarks, composeHangul, foldCompatibility, skipFormatChars, foldConfusables, joinLetters);
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Tokens_are_ordered_non_overlapping_and_inside_the_text(MixedText text, bool symbolSuffixes)
    {
        string value = text.Value;
        int end = 0;
        foreach (ScannedToken token in ScannedToken.Scan(value, lowercase: true, vectorized: true, symbolSuffixes: symbolSuffixes))
        {
            Assert.True(token.Start >= end, $"token at {token.Start} overlaps the previous one ending at {end}");
            Assert.True(token.Length >= 1);
            Assert.True(token.Start + token.Length <= value.Length);
            Assert.NotEqual(CharKind.Separator, token.Kind);
            Assert.True(token.Chars.Length <= TokenBuffer.Capacity);
            Assert.Equal(StableHash.Hash(Lower(value.AsSpan(token.Start, token.Length))), token.Hash);
            end = token.Start + token.Length;
        }
    }

    public static Arbitrary<HashedNGramOptions> FeaturizerOptions() =>
        (from wordNGrams in Gen.Choose(1, 3)
         from charNGrams in Gen.Elements(false, true)
         from charMin in Gen.Choose(1, 4)
         from charSpan in Gen.Choose(0, 3)
         from lowercase in Gen.Elements(true, false)
         from buckets in Gen.Elements(1, 7, 1000, 2_000_000, int.MaxValue)
         from maxTokens in Gen.Elements(1, 3, 50, 2048, 16384)
         from caseShapes in Gen.Elements(false, true)
         from skipBigrams in Gen.Elements(false, true)
         from splitUnspaced in Gen.Elements(false, true)
         from normalizeAccents in Gen.Elements(false, true)
         from unspacedRuns in Gen.Elements(false, true)
         from symbolSuffixes in Gen.Elements(false, true)
         from foldDiacritics in Gen.Elements(false, true)
         from foldWidth in Gen.Elements(false, true)
         from foldAbjadMarks in Gen.Elements(false, true)
         from composeHangul in Gen.Elements(false, true)
         from foldCompatibility in Gen.Elements(false, true)
         from skipFormatChars in Gen.Elements(false, true)
         from foldConfusables in Gen.Elements(false, true)
         from joinLetters in Gen.Elements(false, true)
         select new HashedNGramOptions
         {
             WordNGrams = wordNGrams,
             CharNGramMin = charNGrams ? charMin : 0,
             CharNGramMax = charNGrams ? Math.Min(8, charMin + charSpan) : 0,
             Lowercase = lowercase,
             Buckets = buckets,
             MaxTokens = maxTokens,
             CaseShapes = caseShapes,
             SkipBigrams = skipBigrams,
             SplitUnspacedScripts = splitUnspaced,
             NormalizeAccents = normalizeAccents,
             UnspacedRunNGrams = unspacedRuns,
             SymbolSuffixes = symbolSuffixes,
             FoldDiacritics = foldDiacritics,
             FoldWidth = foldWidth,
             FoldAbjadMarks = foldAbjadMarks,
             ComposeHangul = composeHangul,
             FoldCompatibilityForms = foldCompatibility,
             SkipFormatChars = skipFormatChars,
             FoldConfusables = foldConfusables,
             JoinSpacedLetters = joinLetters,
         }).ToArbitrary();

    [Property(Arbitrary = [typeof(TextArbitraries), typeof(TextScannerPropertyTests)], MaxTest = 400)]
    public void Featurizer_vectorized_equals_scalar(MixedText text, HashedNGramOptions options)
    {
        int[] vectorized = ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized: true), text.Value);
        int[] scalar = ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized: false), text.Value);

        Assert.Equal(scalar, vectorized);
        Assert.All(vectorized, bucket => Assert.InRange(bucket, 0, options.Buckets - 1));
    }

    [Property(Arbitrary = [typeof(TextScannerPropertyTests)], MaxTest = 200)]
    public void Featurizer_vectorized_equals_scalar_on_default_strings(string? text, HashedNGramOptions options)
    {
        text ??= string.Empty;
        int[] vectorized = ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized: true), text);
        int[] scalar = ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized: false), text);

        Assert.Equal(scalar, vectorized);
    }

    [Fact]
    public void Vectorized_equals_scalar_at_every_length_up_to_200_and_every_position_of_a_non_ascii_char()
    {
        // ASCII runs as long as the SearchValues scans' vectors (8 to 32 chars) and past them, with a separator, a
        // non-ASCII letter, a lone or paired surrogate, DEL or U+0080 anywhere in them.
        var random = new Random(7);
        const string alphabet = "abcXYZ019 ,.$_#+'\t\n\u0001é中\u00A0\u200BİΣ\uD83D\uDE00\u007F\u0080\u212A";
        for (int length = 0; length <= 200; length++)
        {
            for (int trial = 0; trial < 3; trial++)
            {
                var chars = new char[length];
                for (int i = 0; i < length; i++)
                {
                    chars[i] = random.Next(6) == 0 ? alphabet[random.Next(alphabet.Length)] : alphabet[random.Next(6)];
                }

                string text = new(chars);
                AssertSameTokens(text, lowercase: trial != 1);
                AssertSameTokens(text, lowercase: true, splitUnspaced: true, symbolSuffixes: true, foldDiacritics: true, foldConfusables: true);
                HashedNGramOptions options = new() { WordNGrams = 2, CharNGramMin = 2, CharNGramMax = 4 };
                Assert.Equal(
                    ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized: false), text),
                    ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized: true), text));
            }
        }
    }

    private static void AssertSameTokens(
        string text, bool lowercase, bool splitUnspaced = false, bool decompose = false, bool symbolSuffixes = false, bool foldDiacritics = false, bool foldWidth = false,
        bool foldAbjadMarks = false, bool composeHangul = false, bool foldCompatibility = false, bool skipFormatChars = false, bool foldConfusables = false, bool joinLetters = false)
    {
        var vectorized = ScannedToken.ScanFolded(text, lowercase, vectorized: true, splitUnspaced, decompose, symbolSuffixes, foldDiacritics, foldWidth, foldAbjadMarks, composeHangul, foldCompatibility, skipFormatChars, foldConfusables, joinLetters);
        var scalar = ScannedToken.ScanFolded(text, lowercase, vectorized: false, splitUnspaced, decompose, symbolSuffixes, foldDiacritics, foldWidth, foldAbjadMarks, composeHangul, foldCompatibility, skipFormatChars, foldConfusables, joinLetters);

        Assert.Equal(scalar.Count, vectorized.Count);
        for (int i = 0; i < scalar.Count; i++)
        {
            Assert.Equal(scalar[i], vectorized[i]);
        }
    }

    // The reference lower-casing: rune by rune, invariant, lone surrogates kept (they never occur inside a token).
    private static string Lower(ReadOnlySpan<char> token)
    {
        var builder = new System.Text.StringBuilder(token.Length);
        foreach (System.Text.Rune rune in token.EnumerateRunes())
        {
            builder.Append(System.Text.Rune.ToLowerInvariant(rune).ToString());
        }

        return builder.ToString();
    }
}
