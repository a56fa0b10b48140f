using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

public sealed class TextScannerTests
{
    public static TheoryData<bool> BothPaths => new() { true, false };

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void Hello_world_splits_into_words_and_symbols(bool vectorized)
    {
        List<ScannedToken> tokens = ScannedToken.Scan("Hello, World!", lowercase: true, vectorized);

        Assert.Equal(
            [
                new ScannedToken(StableHash.Hash("hello"), CharKind.Word, 0, 5, "hello"),
                new ScannedToken(StableHash.Hash(","), CharKind.Symbol, 5, 1, ","),
                new ScannedToken(StableHash.Hash("world"), CharKind.Word, 7, 5, "world"),
                new ScannedToken(StableHash.Hash("!"), CharKind.Symbol, 12, 1, "!"),
            ],
            tokens);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void Lowercase_true_makes_case_irrelevant(bool vectorized)
    {
        uint[] upper = Hashes("HELLO World CAFÉ ΣΟΦΊΑ", lowercase: true, vectorized);
        uint[] lower = Hashes("hello world café σοφία", lowercase: true, vectorized);

        Assert.Equal(4, upper.Length);
        Assert.Equal(lower, upper);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void Lowercase_false_keeps_case(bool vectorized)
    {
        List<ScannedToken> upper = ScannedToken.Scan("HELLO World CAFÉ", lowercase: false, vectorized);
        List<ScannedToken> lower = ScannedToken.Scan("hello world café", lowercase: false, vectorized);

        Assert.Equal(3, upper.Count);
        for (int i = 0; i < upper.Count; i++)
        {
            Assert.NotEqual(lower[i].Hash, upper[i].Hash);
        }

        Assert.Equal(["HELLO", "World", "CAFÉ"], upper.Select(t => t.Chars));
        Assert.Equal(StableHash.Hash("CAFÉ"), upper[2].Hash);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void Lone_surrogates_are_dropped_like_whitespace(bool vectorized)
    {
        Assert.Equal(["ab", "cd"], ScannedToken.Scan("ab\uD800cd", true, vectorized).Select(t => t.Chars));
        Assert.Equal(["x", "y"], ScannedToken.Scan("x\uDFFFy", true, vectorized).Select(t => t.Chars));
        Assert.Equal(["z"], ScannedToken.Scan("\uDC00\uD800z\uD83D", true, vectorized).Select(t => t.Chars));
        Assert.Empty(ScannedToken.Scan("\uD800", true, vectorized));
        Assert.Empty(ScannedToken.Scan("\uDC00 \uDBFF\t", true, vectorized));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void A_surrogate_pair_is_one_token(bool vectorized)
    {
        // Emoji are symbols (one token each); a supplementary-plane CJK ideograph too (only a Rune can see its range);
        // a supplementary-plane letter is part of a word.
        List<ScannedToken> tokens = ScannedToken.Scan("😀\U00020000x\U00010400y", lowercase: true, vectorized);

        Assert.Equal(
            [
                new ScannedToken(StableHash.Hash("😀"), CharKind.Symbol, 0, 2, "😀"),
                new ScannedToken(StableHash.Hash("\U00020000"), CharKind.Symbol, 2, 2, "\U00020000"),
                new ScannedToken(StableHash.Hash("x\U00010428y"), CharKind.Word, 4, 4, "x\U00010428y"),
            ],
            tokens);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void Cjk_ideographs_are_single_tokens_but_hangul_forms_words(bool vectorized)
    {
        Assert.Equal(["中", "文", "한국어"], ScannedToken.Scan("中文한국어", true, vectorized).Select(t => t.Chars));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void A_10_MB_word_is_one_token_hashed_in_full(bool vectorized)
    {
        string text = string.Create(10_000_000, 0, static (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('A' + (i % 26));
            }
        });

        List<ScannedToken> tokens = ScannedToken.Scan(text, lowercase: true, vectorized);

        ScannedToken token = Assert.Single(tokens);
        Assert.Equal(0, token.Start);
        Assert.Equal(text.Length, token.Length);
        Assert.Equal(CharKind.Word, token.Kind);
        Assert.Equal(text.ToLowerInvariant()[..TokenBuffer.Capacity], token.Chars);
        Assert.Equal(StableHash.Hash(text.ToLowerInvariant()), token.Hash);

        // A different last char changes the hash: the whole word is hashed, not only the buffered prefix.
        string changed = string.Concat(text.AsSpan(0, text.Length - 1), "#");
        Assert.NotEqual(token.Hash, ScannedToken.Scan(changed, true, vectorized)[0].Hash);

        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 1 }, vectorized);
        Assert.Equal([StableHash.ToBucket(token.Hash, featurizer.Options.Buckets)], ScannedToken.Features(featurizer, text));
    }

    [Fact]
    public void Token_chars_are_a_prefix_of_the_lowercased_token()
    {
        // 63 ASCII letters, then a letter outside the BMP (2 UTF-16 units: no room left in the 64-char buffer), then "b".
        string word = new string('a', 63) + "\U00010400" + "b";

        foreach (bool vectorized in new[] { true, false })
        {
            ScannedToken token = Assert.Single(ScannedToken.Scan(word, lowercase: true, vectorized));
            string lowered = new string('a', 63) + "\U00010428" + "b";
            Assert.StartsWith(token.Chars, lowered, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void Extract_stops_at_MaxTokens(bool vectorized)
    {
        string[] words = Enumerable.Range(0, 5000).Select(i => "w" + i).ToArray();
        var options = new HashedNGramOptions { WordNGrams = 2, MaxTokens = 100 };
        var featurizer = new HashedNGramFeaturizer(options, vectorized);

        int[] all = ScannedToken.Features(featurizer, string.Join(' ', words));
        int[] first100 = ScannedToken.Features(featurizer, string.Join(' ', words.Take(100)));

        // 100 unigrams and 99 bigrams; the rest of the text is ignored.
        Assert.Equal(199, all.Length);
        Assert.Equal(first100, all);
        // Room for each token's n-grams and, diacritics folded (the default), the word as written beside its folded form.
        Assert.Equal(options.MaxTokens * (options.WordNGrams + 1), featurizer.MaxFeatures);
    }

    [Fact]
    public void Extract_never_writes_past_a_short_buffer()
    {
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 3, CharNGramMin = 2, CharNGramMax = 4 });
        int[] buffer = Enumerable.Repeat(-7, 20).ToArray();

        int count = featurizer.Extract("some reasonably long words here for features", buffer.AsSpan(0, 13));

        Assert.Equal(13, count);
        Assert.All(buffer[13..], value => Assert.Equal(-7, value));
    }

    [Fact]
    public void Text_without_tokens_gives_no_features()
    {
        // Not [InlineData]: xunit's test-case serialization would turn the lone surrogate into U+FFFD.
        string[] texts = [string.Empty, "   \t\r\n", "\0\u00A0\u2028\uD800\u200B\uFEFF"];
        foreach (bool vectorized in new[] { true, false })
        {
            var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { CharNGramMin = 2, CharNGramMax = 3 }, vectorized);
            foreach (string text in texts)
            {
                Assert.Equal(0, featurizer.Extract(text, new int[featurizer.MaxFeatures]));
            }
        }
    }

    [Fact]
    public void Word_ngrams_are_order_sensitive_and_char_ngrams_add_features()
    {
        var bigrams = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 2 });
        int[] ab = ScannedToken.Features(bigrams, "alpha beta");
        int[] ba = ScannedToken.Features(bigrams, "beta alpha");

        // Same unigrams, different bigram.
        Assert.Equal(3, ab.Length);
        Assert.Equal(ab[0], ba[1]);
        Assert.Equal(ab[1], ba[0]);
        Assert.NotEqual(ab[2], ba[2]);

        // "<ab>" → 2-grams "<a" "ab" "b>" and 3-grams "<ab" "ab>" (the whole padded word is left to the unigram).
        var chars = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 1, CharNGramMin = 2, CharNGramMax = 4 });
        Assert.Equal(1 + 5, ScannedToken.Features(chars, "ab").Length);
        Assert.Single(ScannedToken.Features(chars, "!"));
    }

    private static uint[] Hashes(string text, bool lowercase, bool vectorized) =>
        ScannedToken.Scan(text, lowercase, vectorized).Select(t => t.Hash).ToArray();
}
