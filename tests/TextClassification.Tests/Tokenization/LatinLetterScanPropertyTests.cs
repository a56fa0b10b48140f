using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary>The SearchValues scans of the tokenizer's prefilters against char-by-char references, on ASCII, non-ASCII
/// and surrogates, at every position of texts as long as the vector widths' edges.</summary>
public sealed class LatinLetterScanPropertyTests
{
    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 500)]
    public void HoldsLatinLetter_equals_a_char_by_char_scan(MixedText text)
    {
        Assert.Equal(Reference(text.Value), ConfusableLetters.HoldsLatinLetter(text.Value));
    }

    [Property(MaxTest = 500)]
    public void HoldsLatinLetter_equals_a_char_by_char_scan_on_default_strings(string? text)
    {
        text ??= string.Empty;
        Assert.Equal(Reference(text), ConfusableLetters.HoldsLatinLetter(text));
    }

    [Fact]
    public void One_latin_letter_is_found_at_every_position_of_every_edge_length_and_offset()
    {
        // Chars around the accepted ranges' ends, and Cyrillic, Greek, CJK and surrogates that never count.
        char[] letters = ['a', 'Z', '\u00C0', '\u02AF', '\u1E00', '\u1EFF', '\uFF21', '\uFF5A', '\u24B6', '\u24E9', '\u1D00', '\u1D25', '\uA730', '\uA731'];
        char[] others = ['1', ' ', '@', '[', '`', '{', '\u00D7', '\u00F7', '\u00BF', '\u02B0', '\u0430', '\u03BF', '\u4E2D', '\uD83D', '\uDE00', '\uFF20', '\u24EA', '\u1D26', '\uA732', '\u1DFF'];
        var random = new Random(7);
        foreach (int n in VectorEdges.Lengths.Where(n => n > 0).Concat([127, 128, 129]))
        {
            for (int offset = 0; offset < 3; offset++)
            {
                char[] backing = new char[offset + n + 2];
                for (int i = 0; i < backing.Length; i++)
                {
                    backing[i] = i < offset || i >= offset + n ? 'x' : others[random.Next(others.Length)];
                }

                ReadOnlySpan<char> text = backing.AsSpan(offset, n);
                Assert.False(ConfusableLetters.HoldsLatinLetter(text), $"length {n}, offset {offset}: no Latin letter");
                for (int at = 0; at < n; at++)
                {
                    char kept = backing[offset + at];
                    backing[offset + at] = letters[random.Next(letters.Length)];
                    Assert.True(ConfusableLetters.HoldsLatinLetter(backing.AsSpan(offset, n)), $"length {n}, offset {offset}: '{backing[offset + at]}' at {at}");
                    backing[offset + at] = kept;
                }
            }
        }
    }

    [Fact]
    public void The_scan_accepts_exactly_the_chars_IsLatinLetter_accepts()
    {
        for (int c = 0; c <= char.MaxValue; c++)
        {
            Assert.Equal(ConfusableLetters.IsLatinLetter((char)c), ConfusableLetters.HoldsLatinLetter([(char)c]));
        }
    }

    private static bool Reference(string text)
    {
        foreach (char c in text)
        {
            if (ConfusableLetters.IsLatinLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
