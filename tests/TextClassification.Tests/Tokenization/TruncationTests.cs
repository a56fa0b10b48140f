using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramFeaturizer.ExceedsMaxTokens"/>: whether a text has more tokens than
/// <see cref="HashedNGramOptions.MaxTokens"/>, so its end is not read.</summary>
public sealed class TruncationTests
{
    private static readonly HashedNGramOptions Short = new() { MaxTokens = 6 };

    [Fact]
    public void A_text_of_exactly_max_tokens_is_whole_and_one_more_token_is_past_it()
    {
        var featurizer = new HashedNGramFeaturizer(Short);

        Assert.False(featurizer.ExceedsMaxTokens("one two three four five six"));
        Assert.True(featurizer.ExceedsMaxTokens("one two three four five six seven"));
        Assert.True(featurizer.ExceedsMaxTokens("one two three four five six!"));
        Assert.False(featurizer.ExceedsMaxTokens("one " + new string(' ', 10_000) + "two\t\r\n three"));
        Assert.False(featurizer.ExceedsMaxTokens(""));
    }

    [Fact]
    public void The_tokens_past_the_limit_add_no_features()
    {
        var featurizer = new HashedNGramFeaturizer(Short);

        // Past the limit, whatever follows changes nothing; within it, the last token still counts.
        Assert.Equal(
            ScannedToken.Features(featurizer, "one two three four five six"),
            ScannedToken.Features(featurizer, "one two three four five six seven eight"));
        Assert.NotEqual(
            ScannedToken.Features(featurizer, "one two three four five six"),
            ScannedToken.Features(featurizer, "one two three four five seven"));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Agrees_with_counting_every_token(MixedText text, bool splitUnspaced, bool normalizeAccents, bool symbolSuffixes)
    {
        HashedNGramOptions options = Short with { SplitUnspacedScripts = splitUnspaced, NormalizeAccents = normalizeAccents, SymbolSuffixes = symbolSuffixes };
        int tokens = ScannedToken.CountTokens(options, text.Value);

        Assert.Equal(tokens > options.MaxTokens, new HashedNGramFeaturizer(options).ExceedsMaxTokens(text.Value));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void A_buffer_sized_from_the_text_length_holds_every_feature(
        MixedText text, bool splitUnspaced, bool normalizeAccents, bool caseShapes, bool unspacedRuns, bool symbolSuffixes, bool foldDiacritics, bool foldWidth,
        bool foldAbjadMarks, bool composeHangul, bool foldCompatibility, bool skipFormatChars)
    {
        // Calls rent MaxFeaturesFor(text.Length), not MaxFeatures (1.8 MB for 16,384 tokens): it must never cut a
        // text's features short, whatever the normalisation does to its length.
        var options = new HashedNGramOptions
        {
            CharNGramMin = 3, CharNGramMax = 5, SkipBigrams = true, SplitUnspacedScripts = splitUnspaced,
            NormalizeAccents = normalizeAccents, CaseShapes = caseShapes, UnspacedRunNGrams = unspacedRuns, SymbolSuffixes = symbolSuffixes,
            FoldDiacritics = foldDiacritics, FoldWidth = foldWidth, FoldAbjadMarks = foldAbjadMarks, ComposeHangul = composeHangul,
            FoldCompatibilityForms = foldCompatibility, SkipFormatChars = skipFormatChars,
        };
        var featurizer = new HashedNGramFeaturizer(options);
        int[] full = new int[featurizer.MaxFeatures];
        int[] sized = new int[featurizer.MaxFeaturesFor(text.Value.Length)];

        int n = featurizer.Extract(text.Value, full);
        Assert.True(n <= sized.Length, $"{n} features, room for {sized.Length}");
        Assert.Equal(full.AsSpan(0, n).ToArray(), sized.AsSpan(0, featurizer.Extract(text.Value, sized)).ToArray());
    }
}
