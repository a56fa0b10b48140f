using System.Globalization;
using System.Text;

namespace TextClassification.Tokenization;

/// <summary>Everything the scanner needs, resolved once from a vocabulary and <see cref="WordPieceOptions"/>:
/// the lookup tables (word-initial pieces, and continuation pieces with the prefix stripped so no "##" string is
/// ever built), the normalizer switches and precomputed ids. Immutable.</summary>
internal sealed class WordPieceModel
{
    public WordPieceModel(WordPieceVocabulary vocabulary, WordPieceOptions options)
    {
        Initial = vocabulary.Table;
        var continuation = new List<(string, int)>();
        string prefix = options.ContinuingSubwordPrefix;
        for (int id = 0; id < vocabulary.Count; id++)
        {
            string? token = vocabulary.TryGetToken(id);
            if (token is not null && token.StartsWith(prefix, StringComparison.Ordinal))
            {
                continuation.Add((token[prefix.Length..], id));
            }
        }

        // A later duplicate must win in both tables, as it does in the vocabulary.
        continuation.RemoveAll(entry => !vocabulary.TryGetId(prefix + entry.Item1, out int id) || id != entry.Item2);
        Continuation = SpanLookupTable.Create(continuation);
        UnknownId = RequireId(vocabulary, options.UnknownToken, nameof(options.UnknownToken));
        Lowercase = options.Lowercase;
        StripAccents = options.StripAccents ?? options.Lowercase;
        CleanText = options.CleanText;
        HandleChineseCharacters = options.HandleChineseCharacters;
        MaxInputCharsPerWord = options.MaxInputCharsPerWord;
        WordCapacity = ((MaxInputCharsPerWord + 1) * 2) + CanonicalDecomposition.MaxLength + 2;

        AsciiIds = new int[128];
        for (int c = 0; c < 128; c++)
        {
            AsciiIds[c] = vocabulary.TryGetId([(char)c], out int id) ? id : UnknownId;
        }

        var specials = new List<(string, int, bool)>();
        AddSpecials(options.SpecialTokens, normalized: false);
        AddSpecials(options.NormalizedTokens, normalized: true);

        // Those matched in the raw text before the normalized ones, each longest first, so the longest match wins like
        // Hugging Face's leftmost-longest matcher, which splits the text on the raw ones before it matches the others.
        specials.Sort((a, b) => a.Item3 != b.Item3 ? a.Item3.CompareTo(b.Item3) : b.Item1.Length.CompareTo(a.Item1.Length));
        _byStart = new (string Token, int Id, bool Normalized)[]?[128];
        foreach (IGrouping<char, (string, int, bool)> group in specials.GroupBy(special => special.Item1[0]))
        {
            _byStart[group.Key] = [.. group];
        }

        void AddSpecials(IReadOnlyList<string> tokens, bool normalized)
        {
            foreach (string token in tokens)
            {
                // Matched at ASCII punctuation like Hugging Face's added tokens; only tokens that start and end with
                // punctuation are supported, so a match never falls inside a word. A normalized token is kept as the
                // normalizer makes it (Hugging Face normalizes its content too); its first char, ASCII punctuation, is
                // the same either way.
                if (IsMatchable(token) && vocabulary.TryGetId(token, out int id))
                {
                    specials.Add((normalized ? NormalizeText(token) : token, id, normalized));
                }
            }
        }
    }

    /// <summary>The most chars <see cref="Normalize"/> writes for one code point.</summary>
    private const int MaxNormalizedLength = (2 * CanonicalDecomposition.MaxLength) + 2;

    /// <summary>
    /// BertNormalizer on one code point, as Hugging Face's <c>normalizers/bert.rs</c> does it: clean-up (controls, NUL and
    /// U+FFFD removed, white space made a space), spaces around a CJK ideograph, accent stripping (NFD, then no Mn), then
    /// lower-casing (U+0130 to <c>i\u0307</c>, Rust's SpecialCasing). Writes at most <see cref="MaxNormalizedLength"/>
    /// chars; returns how many. The scanner does the same inline, fused with splitting; this serves added tokens
    /// matched in the normalized text.
    /// </summary>
    private int Normalize(Rune rune, Span<char> destination)
    {
        if (CleanText)
        {
            switch (BertCharClassifier.Classify(rune))
            {
                case BertCharKind.Control:
                    return 0;
                case BertCharKind.Whitespace:
                    destination[0] = ' ';
                    return 1;
            }
        }

        bool chinese = HandleChineseCharacters && BertCharClassifier.IsChinese(rune.Value);
        int count = 0;
        if (chinese)
        {
            destination[count++] = ' ';
        }

        Span<char> decomposed = stackalloc char[CanonicalDecomposition.MaxLength];
        int length = StripAccents ? CanonicalDecomposition.Decompose(rune, decomposed) : rune.EncodeToUtf16(decomposed);
        int index = 0;
        while (index < length)
        {
            Rune.DecodeFromUtf16(decomposed[index..length], out Rune part, out int consumed);
            index += consumed;
            if (StripAccents && BertCharClassifier.IsNonSpacingMark(part))
            {
                continue;
            }

            if (Lowercase && part.Value == 0x130)
            {
                destination[count++] = 'i';
                destination[count++] = '\u0307';
                continue;
            }

            count += (Lowercase ? Rune.ToLowerInvariant(part) : part).EncodeToUtf16(destination[count..]);
        }

        if (chinese)
        {
            destination[count++] = ' ';
        }

        return count;
    }

    // The normalized form of a whole string (an added token's content).
    private string NormalizeText(string text)
    {
        var builder = new StringBuilder(text.Length);
        Span<char> buffer = stackalloc char[MaxNormalizedLength];
        foreach (Rune rune in text.EnumerateRunes())
        {
            builder.Append(buffer[..Normalize(rune, buffer)]);
        }

        return builder.ToString();
    }

    // Whether text, normalized code point by code point, starts with the normalized token; length: the raw chars it took.
    private bool StartsWithNormalized(ReadOnlySpan<char> text, string token, out int length)
    {
        Span<char> buffer = stackalloc char[MaxNormalizedLength];
        int matched = 0;
        int position = 0;
        while (matched < token.Length)
        {
            if (position >= text.Length)
            {
                length = 0;
                return false;
            }

            // A lone surrogate reads as U+FFFD, as in the scanner (clean-up removes it).
            Rune.DecodeFromUtf16(text[position..], out Rune rune, out int consumed);
            position += consumed;
            int count = Normalize(rune, buffer);
            if (count > token.Length - matched || !buffer[..count].SequenceEqual(token.AsSpan(matched, count)))
            {
                length = 0;
                return false;
            }

            matched += count;
        }

        length = position;
        return true;
    }

    /// <summary>Whether <paramref name="token"/> can be matched as a special or added token: it starts and ends with
    /// ASCII punctuation, which splits words anyway, so a match never cuts one.</summary>
    public static bool IsMatchable(string token) =>
        token.Length > 0 && char.IsAscii(token[0]) && char.IsAscii(token[^1]) &&
        BertCharClassifier.ClassifyAscii(token[0]) == BertCharKind.Punctuation &&
        BertCharClassifier.ClassifyAscii(token[^1]) == BertCharKind.Punctuation;

    public SpanLookupTable Initial { get; }

    public SpanLookupTable Continuation { get; }

    public int UnknownId { get; }

    public bool Lowercase { get; }

    public bool StripAccents { get; }

    public bool CleanText { get; }

    public bool HandleChineseCharacters { get; }

    public int MaxInputCharsPerWord { get; }

    /// <summary>Chars the scanner's word buffer needs: a word of more normalized code points is [UNK] anyway.</summary>
    public int WordCapacity { get; }

    /// <summary>Id of each single ASCII char (punctuation on the fast path), [UNK] when absent.</summary>
    public int[] AsciiIds { get; }

    // The special tokens by their first char (ASCII punctuation), those matched in the raw text first, each longest
    // first: a '<' in HTML text only tries the tokens that start with '<'. A normalized token is held normalized.
    private readonly (string Token, int Id, bool Normalized)[]?[] _byStart;

    /// <summary>Whether a special token starts with <paramref name="c"/>.</summary>
    public bool StartsSpecial(char c) => c < 128 && _byStart[c] is not null;

    /// <summary>The special token <paramref name="text"/> starts with, if any.</summary>
    public bool TryMatchSpecial(ReadOnlySpan<char> text, out int id, out int length)
    {
        foreach ((string token, int tokenId, bool normalized) in text.Length > 0 && text[0] < 128 ? _byStart[text[0]] ?? [] : [])
        {
            // Special tokens (and normalized: false) are matched in the raw text; the others in the normalized text, as
            // Hugging Face's AddedVocabulary does (before, they were matched in the raw text, ignoring letter case: an
            // accent or a zero-width space it removes stopped the match). It splits the raw text on the first kind before
            // it looks for the second between them, so a normalized token never takes a raw one's start, nor one that
            // starts inside it ("[a{{x}}" is "[", "a", "{{x}}" with "{{x}}" raw and "[a{{" normalized).
            int matched = token.Length;
            if (normalized
                ? StartsWithNormalized(text, token, out matched) && !RawTokenStartsWithin(text, matched)
                : text.StartsWith(token, StringComparison.Ordinal))
            {
                id = tokenId;
                length = matched;
                return true;
            }
        }

        id = -1;
        length = 0;
        return false;
    }

    // Whether a token matched in the raw text starts after text's first char and before end.
    private bool RawTokenStartsWithin(ReadOnlySpan<char> text, int end)
    {
        for (int i = 1; i < end; i++)
        {
            if (text[i] >= 128 || _byStart[text[i]] is not { } tokens)
            {
                continue;
            }

            foreach ((string token, _, bool normalized) in tokens)
            {
                if (normalized)
                {
                    break; // the raw ones come first
                }

                if (text[i..].StartsWith(token, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int RequireId(WordPieceVocabulary vocabulary, string token, string option) =>
        vocabulary.TryGetId(token, out int id)
            ? id
            : throw new ArgumentException($"The {option} '{token}' is not in the vocabulary.", nameof(vocabulary));
}
