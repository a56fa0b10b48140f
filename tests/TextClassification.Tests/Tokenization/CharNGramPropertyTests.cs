using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary>Char n-grams hashed with one rolling hash per position against the reference that hashes each from scratch:
/// the same buckets in the same order, so bundles trained either way featurise alike.</summary>
public sealed class CharNGramPropertyTests
{
    [Property(MaxTest = 500)]
    public void Rolling_hashes_write_the_reference_buckets(NonNegativeInt seed, byte rawLength, byte rawMin, byte rawSpan, byte rawRoom)
    {
        var random = new Random(seed.Get);
        // Words from empty to the token buffer's 64 chars, so the 24-n-gram cap and the "shorter than the padded word"
        // rule both bite; any UTF-16 units.
        int length = rawLength % 65;
        char[] word = new char[length];
        for (int i = 0; i < length; i++)
        {
            word[i] = random.Next(4) == 0 ? (char)random.Next(0x20, 0xFFFF) : (char)('a' + random.Next(26));
        }

        int min = 1 + (rawMin % 8);
        int max = Math.Min(8, min + (rawSpan % 4));
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { CharNGramMin = min, CharNGramMax = max, Buckets = 1 + random.Next(1 << 20) });
        // Sometimes less room than the cap, as at the end of Extract's buffer.
        int room = rawRoom % 4 == 0 ? rawRoom % 30 : 40;
        int[] expected = Enumerable.Repeat(-1, room).ToArray();
        int[] actual = Enumerable.Repeat(-1, room).ToArray();

        int expectedCount = featurizer.ExtractCharNGramsReference(word, expected);
        int actualCount = featurizer.ExtractCharNGrams(word, actual);

        Assert.Equal(expectedCount, actualCount);
        Assert.Equal(expected, actual);
    }
}
