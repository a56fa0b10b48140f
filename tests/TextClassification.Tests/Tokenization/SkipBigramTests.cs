using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary>Skip-bigrams (<see cref="HashedNGramOptions.SkipBigrams"/>): each token from the third on paired with the
/// token two before it.</summary>
public sealed class SkipBigramTests
{
    private static readonly HashedNGramOptions Plain = new() { Buckets = int.MaxValue };
    private static readonly HashedNGramOptions Skips = Plain with { SkipBigrams = true };

    [Fact]
    public void Each_token_from_the_third_on_adds_one_feature()
    {
        Assert.Equal(Features(Plain, "not very good at all").Length + 3, Features(Skips, "not very good at all").Length);
        Assert.Equal(Features(Plain, "two words"), Features(Skips, "two words"));
    }

    [Fact]
    public void The_word_between_does_not_matter()
    {
        int[] veryGood = Features(Skips, "not very good");
        int[] soGood = Features(Skips, "not so good");
        int[] goodNot = Features(Skips, "good very not");

        // unigrams, bigrams and the skip-bigram of the third token: "not very good" and "not so good" share
        // "not", "good" and the skip-bigram "not _ good", and the order of a skip-bigram counts.
        Assert.Equal(veryGood[^1], soGood[^1]);
        Assert.NotEqual(veryGood[^1], goodNot[^1]);
        Assert.DoesNotContain(veryGood[^1], Features(Plain, "not very good"));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Skip_bigrams_only_add_to_the_other_features(MixedText text)
    {
        int[] plain = Features(Plain, text.Value);
        int[] skips = Features(Skips, text.Value);

        // Every plain feature in order, and one more per token from the third on.
        var rest = new List<int>(skips);
        int at = 0;
        foreach (int bucket in plain)
        {
            at = rest.IndexOf(bucket, at);
            Assert.True(at >= 0, "a plain feature is missing or out of order");
            at++;
        }

        // The tokens the featurizer reads (FsCheck once drew a "<a" with its ">" 1,400 chars later: a tag, read out).
        int tokens = ScannedToken.CountTokens(Plain, text.Value);
        Assert.Equal(plain.Length + Math.Max(0, Math.Min(tokens, Plain.MaxTokens) - 2), skips.Length);
    }

    private static int[] Features(HashedNGramOptions options, string text) => ScannedToken.Features(options, text);
}
