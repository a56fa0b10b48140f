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
        AddSpecials(options.SpecialTokens, ignoreCase: false);
        AddSpecials(options.NormalizedTokens, ignoreCase: options.Lowercase);

        // Longest first, so the longest match wins like Hugging Face's leftmost-longest matcher.
        specials.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        _byStart = new (string Token, int Id, bool IgnoreCase)[]?[128];
        foreach (IGrouping<char, (string, int, bool)> group in specials.GroupBy(special => special.Item1[0]))
        {
            _byStart[group.Key] = [.. group];
        }

        void AddSpecials(IReadOnlyList<string> tokens, bool ignoreCase)
        {
            foreach (string token in tokens)
            {
                // Matched in the raw text at ASCII punctuation like Hugging Face's added tokens; only tokens that start
                // and end with punctuation are supported, so a match never falls inside a word.
                if (IsMatchable(token) && vocabulary.TryGetId(token, out int id))
                {
                    specials.Add((token, id, ignoreCase));
                }
            }
        }
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

    // The special tokens by their first char (ASCII punctuation), longest first: a '<' in HTML text only tries the
    // tokens that start with '<'.
    private readonly (string Token, int Id, bool IgnoreCase)[]?[] _byStart;

    /// <summary>Whether a special token starts with <paramref name="c"/>.</summary>
    public bool StartsSpecial(char c) => c < 128 && _byStart[c] is not null;

    /// <summary>The special token <paramref name="text"/> starts with, if any.</summary>
    public bool TryMatchSpecial(ReadOnlySpan<char> text, out int id, out int length)
    {
        foreach ((string token, int tokenId, bool ignoreCase) in text.Length > 0 && text[0] < 128 ? _byStart[text[0]] ?? [] : [])
        {
            if (text.StartsWith(token, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                id = tokenId;
                length = token.Length;
                return true;
            }
        }

        id = -1;
        length = 0;
        return false;
    }

    private static int RequireId(WordPieceVocabulary vocabulary, string token, string option) =>
        vocabulary.TryGetId(token, out int id)
            ? id
            : throw new ArgumentException($"The {option} '{token}' is not in the vocabulary.", nameof(vocabulary));
}
