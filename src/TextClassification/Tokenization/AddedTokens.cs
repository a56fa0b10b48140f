namespace TextClassification.Tokenization;

/// <summary>One token added to a Hugging Face tokenizer (<c>add_tokens</c> / <c>add_special_tokens</c>), as
/// <c>tokenizer.json</c>'s <c>added_tokens</c>, <c>tokenizer_config.json</c>'s <c>added_tokens_decoder</c> or the
/// legacy <c>added_tokens.json</c> list it.</summary>
/// <param name="Content">The token's text.</param>
/// <param name="Id">Its id, which may lie past the vocabulary.</param>
/// <param name="Special">Whether it is a special token.</param>
/// <param name="Normalized">Whether it is matched in the normalized text; null for transformers' default (the
/// opposite of <paramref name="Special"/>).</param>
/// <param name="SingleWord">Whether it is matched only as a whole word.</param>
internal readonly record struct AddedToken(string Content, int Id, bool Special, bool? Normalized, bool SingleWord);

/// <summary>
/// Applies a tokenizer's added tokens to its vocabulary and options, the same way for <c>tokenizer.json</c> and for a
/// <c>vocab.txt</c> export. Hugging Face splits added tokens out of the text before anything else and gives them their
/// own ids, which may lie past the vocabulary. Tokens that start and end with ASCII punctuation (<c>[USER]</c>,
/// <c>&lt;url&gt;</c>) are matched the same way here: in the raw text for special tokens and <c>normalized: false</c>,
/// in the normalized text (letter case ignored when lower-casing) otherwise, and ids missing from the vocabulary are
/// added to it. A word-like added token (<c>covid19</c>) is split by Hugging Face out of any word it occurs in, or with
/// <c>single_word</c> wherever no word character touches it (<c>good</c> out of <c>good😀</c>), which WordPiece does
/// not reproduce (it reads <c>good😀</c> as one word); so it is refused rather than encoded with other ids, and so is
/// <c>single_word</c> on a punctuation-delimited token (Hugging Face skips <c>[USER]</c> in <c>a[USER]b</c>).
/// </summary>
internal static class AddedTokens
{
    /// <summary>Adds <paramref name="tokens"/> to <paramref name="entries"/> (the vocabulary's (token, id) pairs) where
    /// missing and returns <paramref name="options"/> with the tokens to match; <paramref name="invalid"/> makes the
    /// exception for a token that cannot be matched like Hugging Face (its argument is the reason).</summary>
    public static WordPieceOptions Apply(IReadOnlyList<AddedToken> tokens, WordPieceOptions options, List<KeyValuePair<string, int>> entries, Func<string, Exception> invalid)
    {
        if (tokens.Count == 0)
        {
            return options;
        }

        var ids = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        var tokensById = new Dictionary<int, string>(entries.Count);
        foreach ((string token, int id) in entries)
        {
            ids[token] = id;
            tokensById[id] = token;
        }

        var specials = new List<string>();
        var normalized = new List<string>();
        foreach (AddedToken token in tokens)
        {
            string content = token.Content;
            int id = token.Id;
            bool inVocabulary = ids.TryGetValue(content, out int known) && known == id;
            if (!WordPieceModel.IsMatchable(content))
            {
                // Inside "helloworld" Hugging Face splits out "hello" where WordPiece gives "hello ##world"; with
                // single_word it still splits "good" out of "good😀", which WordPiece reads as one word.
                throw invalid($"the added token '{content}' (id {id}) is not supported: Hugging Face splits it out of words (or, with single_word, out of text such as '{content}😀'), which this WordPiece tokenizer does not reproduce; only added tokens that start and end with ASCII punctuation (like [USER] or <url>) are matched");
            }

            if (token.SingleWord)
            {
                throw invalid($"the added token '{content}' (id {id}) has single_word set, which this WordPiece tokenizer does not reproduce (Hugging Face then skips it where a word character touches it, as in 'a{content}b')");
            }

            if (!inVocabulary)
            {
                if (tokensById.TryGetValue(id, out string? holder) && holder != content)
                {
                    throw invalid($"the added token '{content}' has id {id}, which the vocabulary gives to '{holder}'");
                }

                entries.Add(new KeyValuePair<string, int>(content, id));
                ids[content] = id;
                tokensById[id] = content;
            }

            // transformers' AddedToken: normalized defaults to the opposite of special.
            (token.Normalized ?? !token.Special ? normalized : specials).Add(content);
        }

        return options with { SpecialTokens = specials, NormalizedTokens = normalized };
    }
}
