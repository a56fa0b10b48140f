using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary>
/// <see cref="StableHash"/> is part of the bundle format: saved models store the buckets these hashes map to.
/// The golden values below were computed once (FNV-1a over UTF-16 code units, then MurmurHash3 fmix32) and must never
/// change — a different value means every model saved so far silently predicts garbage. They are constants in this
/// file, so a run in any process, on any machine or OS, checks the same numbers: that is "stable across processes".
/// </summary>
public sealed class StableHashTests
{
    [Theory]
    [InlineData("hello", 2290972270u)]
    [InlineData("world", 105664825u)]
    [InlineData("", 2872998923u)]
    [InlineData("a", 444641715u)]
    [InlineData("Hello", 4280014370u)]
    [InlineData("café", 853051381u)]
    [InlineData("😀", 1787143206u)]
    [InlineData("中", 1994793623u)]
    public void Hash_matches_the_pinned_bundle_contract(string text, uint expected)
    {
        Assert.Equal(expected, StableHash.Hash(text));
    }

    [Fact]
    public void Combine_char_seed_and_bucket_match_the_pinned_bundle_contract()
    {
        Assert.Equal(3459132975u, StableHash.Combine(StableHash.Hash("hello"), StableHash.Hash("world")));
        Assert.Equal(2338152720u, StableHash.Hash("<he", 0x9747B28C));
        Assert.Equal(1066817, StableHash.ToBucket(StableHash.Hash("hello"), 2_000_000));
    }

    [Fact]
    public void Featurizer_buckets_match_the_pinned_bundle_contract()
    {
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 2, Buckets = 2_000_000 });
        int[] features = new int[featurizer.MaxFeatures];
        int count = featurizer.Extract("Hello world", features);

        Assert.Equal(
            [
                StableHash.ToBucket(2290972270u, 2_000_000),
                StableHash.ToBucket(105664825u, 2_000_000),
                StableHash.ToBucket(3459132975u, 2_000_000),
            ],
            features[..count]);
    }

    [Fact]
    public void Hash_is_not_the_per_process_randomised_string_hash()
    {
        // string.GetHashCode is randomised per process, so a model hashed with it could not be reloaded.
        string[] words = ["hello", "world", "a", "café", "stock market"];
        int equal = words.Count(w => unchecked((uint)w.GetHashCode()) == StableHash.Hash(w));

        Assert.Equal(0, equal);
    }

    [Fact]
    public void Combine_is_order_sensitive()
    {
        uint a = StableHash.Hash("alpha");
        uint b = StableHash.Hash("beta");

        Assert.NotEqual(StableHash.Combine(a, b), StableHash.Combine(b, a));
    }

    [Property(MaxTest = 1000)]
    public void ToBucket_stays_in_range(uint hash, PositiveInt buckets)
    {
        int bucket = StableHash.ToBucket(hash, buckets.Get);

        Assert.InRange(bucket, 0, buckets.Get - 1);
    }

    [Property(MaxTest = 500)]
    public void ToBucket_is_monotonic_in_the_hash(uint a, uint b, PositiveInt buckets)
    {
        (uint low, uint high) = a <= b ? (a, b) : (b, a);

        Assert.True(StableHash.ToBucket(low, buckets.Get) <= StableHash.ToBucket(high, buckets.Get));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(2_000_000)]
    [InlineData(int.MaxValue)]
    public void ToBucket_reaches_both_ends(int buckets)
    {
        Assert.Equal(0, StableHash.ToBucket(0, buckets));
        Assert.Equal(buckets - 1, StableHash.ToBucket(uint.MaxValue, buckets));
    }
}
