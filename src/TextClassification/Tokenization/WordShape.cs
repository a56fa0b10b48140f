using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// The letter case of a word as the hashed n-gram featurizer sees it before lower-casing
/// (<see cref="HashedNGramOptions.CaseShapes"/>): written in capitals ("CPR", "FREE"), capitalised after the text's first
/// word ("Popeye", "Russia"), or neither. Lower-casing loses both, and both tell classes apart: capitals mark
/// abbreviations and shouting, capitalised words mostly mark names. Later sentences' first words count as capitalised:
/// abbreviations end in periods too ("Mr. Smith", "St. Louis"), and treating a word after '.', '!' or '?' as a sentence
/// start lost more than it gained (docs/benchmarks.md, "Session 14").
/// </summary>
internal static class WordShape
{
    /// <summary>Neither <see cref="Capitals"/> nor <see cref="Capitalized"/>.</summary>
    public const char None = '\0';

    /// <summary>Two or more upper-case letters and no lower-case one ("CPR", "MP3"; "U.S." is two one-letter words, each
    /// <see cref="Capitalized"/> where it is not the first).</summary>
    public const char Capitals = 'A';

    /// <summary>Starts with an upper-case letter, is not <see cref="Capitals"/>, and is not the text's first word.</summary>
    public const char Capitalized = 'C';

    private const uint Seed = 0x5A17C0DE;

    /// <summary>
    /// The shape of <paramref name="word"/> (its chars as written, not lower-cased); <paramref name="firstWord"/>
    /// is true for the text's first word, whose capital says nothing. With <paramref name="foldCompatibility"/>
    /// (<see cref="HashedNGramOptions.FoldCompatibilityForms"/>) a compatibility form counts as the letter it is read as
    /// ("𝐁𝐚𝐧𝐤" and "Ⓑⓐⓝⓚ" are capitalised, as "Bank" is).
    /// </summary>
    public static char Of(ReadOnlySpan<char> word, bool firstWord, bool foldCompatibility = false)
    {
        // Most words start with a lower-case letter: neither capitals nor capitalised.
        if (char.IsAsciiLetterLower(word[0]))
        {
            return None;
        }

        if (foldCompatibility && !Ascii.IsValid(word))
        {
            return OfFolded(word, firstWord);
        }

        int upper = 0;
        foreach (char c in word)
        {
            if (char.IsLower(c))
            {
                return firstWord || !char.IsUpper(word[0]) ? None : Capitalized;
            }

            if (char.IsUpper(c))
            {
                upper++;
            }
        }

        if (upper >= 2)
        {
            return Capitals;
        }

        return upper == 1 && !firstWord && char.IsUpper(word[0]) ? Capitalized : None;
    }

    // As Of, each char (or a surrogate pair) that the compatibility fold reads as another letter counted as that letter.
    private static char OfFolded(ReadOnlySpan<char> word, bool firstWord)
    {
        char first = '\0';
        int upper = 0;
        for (int i = 0; i < word.Length; i++)
        {
            char c = word[i];
            int folded = -1;
            if (char.IsHighSurrogate(c) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]))
            {
                folded = CompatibilityFold.CasedLetter(char.ConvertToUtf32(c, word[i + 1]));
                i += folded >= 0 ? 1 : 0;
            }
            else if (!char.IsAscii(c))
            {
                folded = CompatibilityFold.CasedLetter(c);
            }

            c = folded >= 0 ? (char)folded : c;
            first = first == '\0' ? c : first;
            if (char.IsLower(c))
            {
                return firstWord || !char.IsUpper(first) ? None : Capitalized;
            }

            if (char.IsUpper(c))
            {
                upper++;
            }
        }

        if (upper >= 2)
        {
            return Capitals;
        }

        return upper == 1 && !firstWord && char.IsUpper(first) ? Capitalized : None;
    }

    /// <summary>The finished hash of a shape's feature, seeded apart from the hashes of words and char n-grams.</summary>
    public static uint Hash(char shape) => StableHash.Finish(StableHash.Add(Seed, shape));
}
