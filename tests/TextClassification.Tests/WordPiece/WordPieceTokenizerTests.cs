using System.Text;
using BertOptions = Microsoft.ML.Tokenizers.BertOptions;
using BertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.WordPiece;

public sealed class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer = WordPieceTestVocab.Create();

    private static string[] Tokens(WordPieceTokenizer tokenizer, string text) =>
        [.. tokenizer.Encode(text).Ids.Select(tokenizer.Vocabulary.GetToken)];

    [Theory]
    [InlineData("Hello, world!", "[CLS] hello , world ! [SEP]")]
    [InlineData("", "[CLS] [SEP]")]
    [InlineData("  \t\n ", "[CLS] [SEP]")]
    [InlineData("HELLOS", "[CLS] hello ##s [SEP]")]
    [InlineData("Café NAÏVE", "[CLS] cafe naive [SEP]")]
    [InlineData("a\tb\nc", "[CLS] a b c [SEP]")]
    [InlineData("ab\u0001c\u200Bd", "[CLS] abc ##d [SEP]")]
    [InlineData("x$y_z", "[CLS] x $ y _ z [SEP]")]
    [InlineData("ab\uD800cd", "[CLS] abc ##d [SEP]")]
    [InlineData("中文abc", "[CLS] 中 文 abc [SEP]")]
    [InlineData("\U00020000x", "[CLS] \U00020000 x [SEP]")]
    [InlineData("ǅemal", "[CLS] ǆ ##emal [SEP]")]
    [InlineData("한", "[CLS] ᄒ ##ᅡ ##ᆫ [SEP]")]
    [InlineData("ΣΊΣΥΦΟΣ", "[CLS] σ ##ι ##σ ##υ ##φ ##ο ##σ [SEP]")]
    [InlineData("σισυφος", "[CLS] σισυφος [SEP]")]
    [InlineData("qqq x€ hello€", "[CLS] q ##q ##q [UNK] [UNK] [SEP]")]
    [InlineData("[CLS] x [SEP] [cls]", "[CLS] [CLS] x [SEP] [ c ##l ##s ] [SEP]")]
    [InlineData("x\u037Ey", "[CLS] x ; y [SEP]")]
    [InlineData("cafe\u0378 x", "[CLS] [UNK] x [SEP]")] // unassigned (Cn): a word character in HF's tables, not removed
    public void Encodes_like_Hugging_Face_BERT(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Tokens(Tokenizer, text)));
        Assert.Equal(expected, string.Join(' ', Tokens(Tokenizer.AsScalarReference(), text)));
    }

    // tokenizers classes characters with the unicode_categories crate, whose tables are Unicode 9.0's: a character
    // assigned since then is a word character there, whatever .NET's newer data says it is, and four changed category.
    // Expected: what tokenizers 0.23.2 gives (the same word, punctuation or stripped mark with bert-base-uncased).
    [Theory]
    [InlineData("a\u061Db", "[CLS] [UNK] [SEP]")] // ARABIC END OF TEXT MARK: Po since Unicode 14, not a split
    [InlineData("a\u2E43b", "[CLS] [UNK] [SEP]")] // DASH WITH LEFT UPTURN: Po since Unicode 10
    [InlineData("a\u08CAb", "[CLS] [UNK] [SEP]")] // ARABIC SMALL HIGH FARSI YEH: Mn since Unicode 14, not stripped
    [InlineData("a\u0890b", "[CLS] [UNK] [SEP]")] // ARABIC POUND MARK ABOVE: Cf since Unicode 14, not removed
    [InlineData("a\U00010F55b", "[CLS] [UNK] [SEP]")] // SOGDIAN PUNCTUATION TWO VERTICAL BARS (Unicode 11)
    [InlineData("a\u166Db", "[CLS] a [UNK] b [SEP]")] // CANADIAN SYLLABICS CHI SIGN: Po in Unicode 9, So now
    [InlineData("a\U000111C9b", "[CLS] a [UNK] b [SEP]")] // SHARADA SANDHI MARK: Po in Unicode 9, Mn now
    [InlineData("a\u1734b", "[CLS] a ##b [SEP]")] // HANUNOO SIGN PAMUDPOD: Mn in Unicode 9 (stripped), Mc now
    [InlineData("a\U0001171Eb", "[CLS] a ##b [SEP]")] // AHOM CONSONANT SIGN MEDIAL RA: Mn in Unicode 9, Mc now
    [InlineData("a\u0301b \u0964 x\u200By", "[CLS] a ##b [UNK] x ##y [SEP]")] // older marks, punctuation, format chars as before
    public void Classes_characters_by_Unicode_9_like_Hugging_Face(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Tokens(Tokenizer, text)));
        Assert.Equal(expected, string.Join(' ', Tokens(Tokenizer.AsScalarReference(), text)));
    }

    [Fact]
    public void Cased_keeps_case_and_accents_and_lowercase_only_applies_SpecialCasing()
    {
        WordPieceTokenizer cased = WordPieceTestVocab.Create(new WordPieceOptions { Lowercase = false });
        Assert.Equal("[CLS] H ##e ##llo é [SEP]", string.Join(' ', Tokens(cased, "Hello é")));

        WordPieceTokenizer keepAccents = WordPieceTestVocab.Create(new WordPieceOptions { StripAccents = false });
        Assert.Equal("[CLS] i\u0307 [SEP]", string.Join(' ', Tokens(keepAccents, "İ")));
        Assert.Equal("[CLS] é [SEP]", string.Join(' ', Tokens(keepAccents, "É")));
    }

    [Fact]
    public void Words_longer_than_max_input_chars_per_word_are_unknown_counting_code_points()
    {
        Assert.Equal(102, Tokenizer.Encode(new string('a', 100)).Ids.Length);
        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], Tokens(Tokenizer, new string('a', 101)));
        Assert.Equal(["[CLS]", "[UNK]", "x", "[SEP]"], Tokens(Tokenizer, new string('B', 5000) + " x"));

        // 60 code points in 120 UTF-16 chars: within the limit, as in Hugging Face (Rust counts chars, not UTF-16 units).
        string deseret = string.Concat(Enumerable.Repeat("\U00010400", 60));
        Assert.Equal(62, Tokenizer.Encode(deseret).Ids.Length);
        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], Tokens(Tokenizer, string.Concat(Enumerable.Repeat("\U00010400", 101))));
    }

    [Fact]
    public void Offsets_point_into_the_original_text()
    {
        const string text = "Héllo, WORLDs!";
        WordPieceEncoding encoding = Tokenizer.Encode(text);
        string[] covered = [.. encoding.Offsets.Select(o => text[o.Start..o.End])];
        Assert.Equal(["", "Héllo", ",", "WORLD", "s", "!", ""], covered);
    }

    [Fact]
    public void Pairs_get_segments_and_type_ids()
    {
        WordPieceEncoding encoding = Tokenizer.Encode("hello world", "the x");
        Assert.Equal("[CLS] hello world [SEP] the x [SEP]", string.Join(' ', encoding.Ids.Select(Tokenizer.Vocabulary.GetToken)));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1], encoding.TypeIds);
        Assert.Equal(new TokenOffset(0, 3), encoding.Offsets[4]);
    }

    [Theory]
    [InlineData(3, 20, 10, 3, 7)]
    [InlineData(20, 3, 10, 7, 3)]
    [InlineData(10, 10, 10, 5, 5)]
    [InlineData(8, 7, 10, 5, 5)]
    [InlineData(8, 7, 11, 6, 5)]
    [InlineData(7, 8, 11, 5, 6)]
    [InlineData(600, 600, 509, 254, 255)]
    [InlineData(700, 600, 509, 255, 254)]
    [InlineData(4, 5, 9, 4, 5)]
    [InlineData(0, 30, 9, 0, 9)]
    public void Longest_first_truncation_follows_Hugging_Face(int n1, int n2, int budget, int keep1, int keep2)
    {
        Assert.Equal((keep1, keep2), WordPieceTokenizer.TruncateLongestFirst(n1, n2, budget));
    }

    [Fact]
    public void Truncates_to_max_length_and_pads_caller_rows()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(WordPieceVocabulary.Create(WordPieceTestVocab.Tokens), new WordPieceOptions { MaxLength = 6 });
        var ids = new long[8];
        var mask = new long[8];
        var types = new long[8];
        var offsets = new TokenOffset[8];
        int count = tokenizer.Encode("a b c d e f g", ids, mask, types, offsets);
        Assert.Equal(6, count);
        Assert.Equal([2, ..Ids("a b c d"), 3, 0, 0], ids);
        Assert.Equal([1, 1, 1, 1, 1, 1, 0, 0], mask);
        Assert.Equal(new long[8], types);
        Assert.Equal(new TokenOffset(6, 7), offsets[4]);

        count = tokenizer.EncodePair("a b c d", "x y z", ids.AsSpan(0, 7), mask, types, offsets);
        Assert.Equal(6, count); // MaxLength 6: budget 3 split longest first as 2 + 1
        Assert.Equal([2, ..Ids("a b"), 3, ..Ids("x"), 3, 0], ids[..7]);
        Assert.Equal([0, 0, 0, 0, 1, 1, 0], types[..7]);

        Assert.Throws<ArgumentException>(() => tokenizer.Encode("a", new long[1], new long[1]));
        Assert.Throws<ArgumentException>(() => tokenizer.Encode("a", new long[4], new long[3]));
        Assert.Throws<ArgumentException>(() => tokenizer.EncodePair("a", "b", new long[2], new long[2]));

        static long[] Ids(string words) => [.. words.Split(' ').Select(w => (long)WordPieceTestVocab.Tokens.ToList().LastIndexOf(w))];
    }

    [Fact]
    public void Batch_pads_to_the_longest_row_and_reuses_its_buffers()
    {
        using var batch = new TokenBatch();
        string[] texts = ["hello world", "x", "the world of hellos"];
        Tokenizer.EncodeBatch(texts, batch);
        Assert.Equal(3, batch.BatchSize);
        int longest = texts.Max(t => Tokenizer.Encode(t).Ids.Length);
        Assert.Equal(8, longest);
        Assert.Equal(longest, batch.SequenceLength);
        Assert.Equal([3L, 8L], batch.Shape);
        for (int row = 0; row < texts.Length; row++)
        {
            WordPieceEncoding single = Tokenizer.Encode(texts[row]);
            Assert.Equal(single.Ids.Length, batch.GetLength(row));
            long[] rowIds = batch.InputIds.Span.Slice(row * 8, 8).ToArray();
            Assert.Equal([.. single.Ids.Select(i => (long)i), .. Enumerable.Repeat((long)Tokenizer.PaddingTokenId, 8 - single.Ids.Length)], rowIds);
            Assert.Equal(single.Ids.Length, batch.AttentionMask.Span.Slice(row * 8, 8).ToArray().Sum());
            Assert.Equal(single.Offsets, batch.GetOffsets(row)[..single.Ids.Length].ToArray());
        }

        // Steady state: the same batch shape again allocates nothing.
        Tokenizer.EncodeBatch(texts, batch);
        Assert.Equal(0, Allocations.Fewest(() => Tokenizer.EncodeBatch(texts, batch)));
    }

    [Fact]
    public void Batch_of_pairs_and_fixed_padding()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(WordPieceVocabulary.Create(WordPieceTestVocab.Tokens), new WordPieceOptions { MaxLength = 16, PadToMaxLength = true });
        using var batch = new TokenBatch();
        tokenizer.EncodeBatch(["hello", "a b"], ["world", "c"], batch);
        Assert.Equal(16, batch.SequenceLength);
        Assert.Equal([0L, 0, 0, 1, 1, 0], batch.TokenTypeIds.Span[..6].ToArray());
        Assert.Equal([0L, 0, 0, 0, 1, 1], batch.TokenTypeIds.Span.Slice(16, 6).ToArray());
        Assert.Throws<ArgumentException>(() => tokenizer.EncodeBatch(["a"], ["b", "c"], batch));
    }

    [Fact]
    public void Span_encode_allocates_nothing()
    {
        var ids = new long[64];
        var mask = new long[64];
        var intIds = new int[64];
        Tokenizer.Encode("Héllo, wörld! 中文 qqq", ids, mask);
        Tokenizer.EncodePair("hello", "world", ids, mask);
        Tokenizer.EncodeToIds("Héllo, wörld! 中文 qqq", intIds);
        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                Tokenizer.Encode("Héllo, wörld! 中文 qqq", ids, mask);
                Tokenizer.EncodePair("hello", "world", ids, mask);
                Tokenizer.EncodeToIds("Héllo, wörld! 中文 qqq", intIds);
            }
        }));
    }

    [Fact]
    public void Loads_a_tokenizer_json_like_the_vocab_file()
    {
        string json = TokenizerJson(lowercase: true);
        WordPieceTokenizer fromJson = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(128, fromJson.Options.MaxLength);
        Assert.True(fromJson.Options.Lowercase);
        foreach (string text in new[] { "Hello, WORLD! Café 中文", "[CLS] x", "qqq hellos" })
        {
            Assert.Equal(Tokenizer.Encode(text).Ids, fromJson.Encode(text).Ids);
        }

        WordPieceTokenizer cased = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(TokenizerJson(lowercase: false))));
        Assert.Equal(["[CLS]", "H", "##e", "##llo", "é", "[SEP]"], Tokens(cased, "Hello é"));
    }

    [Theory]
    [InlineData("\"model\": {\"type\": \"BPE\", \"vocab\": {}}", "BPE")]
    [InlineData("\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": -1}}", "non-negative")]
    [InlineData("\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"a\": 2147483647}}, \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}, \"post_processor\": {\"type\": \"BertProcessing\", \"cls\": [\"[CLS]\", 1], \"sep\": [\"[SEP]\", 2]}", "past the largest")]
    [InlineData("\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"a\": 100000000}}, \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}, \"post_processor\": {\"type\": \"BertProcessing\", \"cls\": [\"[CLS]\", 1], \"sep\": [\"[SEP]\", 2]}", "past the largest")]
    [InlineData("\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0}}, \"normalizer\": {\"type\": \"Sequence\"}, \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}", "Sequence")]
    [InlineData("\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0}}, \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"Whitespace\"}", "Whitespace")]
    [InlineData("\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0}}, \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}", "post-processor")]
    [InlineData("\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0}}, \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}, \"post_processor\": {\"type\": \"BertProcessing\", \"cls\": [\"[CLS]\", 1], \"sep\": [\"[SEP]\", 2]}", "[CLS]")]
    public void Refuses_a_tokenizer_json_it_cannot_reproduce(string body, string messagePart)
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes("{" + body + "}"))));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream("{ not json"u8.ToArray())));
    }

    [Fact]
    public void Vocabulary_files_load_with_trimmed_lines_and_later_duplicates_winning()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "vocab.txt");
        File.WriteAllText(path, "[PAD]\n[UNK]  \n[CLS]\n[SEP]\nab\nab\n##c\n");
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(path);
        Assert.Equal(7, tokenizer.Vocabulary.Count);
        Assert.True(tokenizer.Vocabulary.TryGetId("ab", out int ab));
        Assert.Equal(5, ab);
        Assert.Equal([2, 5, 6, 3], tokenizer.Encode("abc").Ids);
        Assert.Throws<ArgumentException>(() => WordPieceTokenizer.Create(WordPieceVocabulary.Create(["a"])));
        Assert.Throws<InvalidDataException>(() => WordPieceVocabulary.Create(Array.Empty<string>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Vocabulary.GetToken(99));
    }

    [Theory]
    [InlineData("a\tb")]        // 2. tab/newline: removed by the peer
    [InlineData("x+y")]         // 5. ASCII symbol: dropped by the peer
    [InlineData("snake_case")]  // 6. Pc
    [InlineData("ab\u200Bcd")]  // 7. Cf
    [InlineData("ǅemal")]       // 11. Lt
    [InlineData("한")]          // 4. Hangul
    [InlineData("\U00020000")]  // 3. supplementary
    public void Documented_differences_from_BertTokenizer_are_real(string text)
    {
        BertTokenizer peer = WordPieceTestVocab.CreatePeer();
        Assert.NotEqual(string.Join(',', peer.EncodeToIds(text)), string.Join(',', Tokenizer.Encode(text).Ids));
        string neutral = BertTokenizerDifferences.Neutralize(text);
        Assert.NotEqual(text, neutral);
        Assert.Equal(string.Join(',', peer.EncodeToIds(neutral)), string.Join(',', Tokenizer.Encode(neutral).Ids));
    }

    [Fact]
    public void Canonical_decomposition_table_matches_ICU_for_every_code_point()
    {
        Span<char> buffer = stackalloc char[CanonicalDecomposition.MaxLength];
        int checkedCount = 0;
        for (int cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || (cp & 0xFFFE) == 0xFFFE || cp is >= 0xFDD0 and <= 0xFDEF)
            {
                continue;
            }

            string text = char.ConvertFromUtf32(cp);
            int length = CanonicalDecomposition.Decompose(new Rune(cp), buffer);
            Assert.Equal(text.Normalize(NormalizationForm.FormD), buffer[..length].ToString());
            checkedCount++;
        }

        Assert.True(checkedCount > 1_000_000);
    }

    [Fact]
    public void Added_tokens_past_the_vocabulary_get_their_own_ids_like_hugging_face()
    {
        int n = WordPieceTestVocab.Tokens.Count;
        // add_special_tokens(["[USER]"]) (raw text, exact case) and add_tokens(["<url>"]) (normalized: case ignored when
        // lower-casing), both past model.vocab, as a fine-tuned model's tokenizer.json lists them.
        string added = $$"""
            {"id": {{n}}, "content": "[USER]", "special": true, "normalized": false},
            {"id": {{n + 1}}, "content": "<url>", "special": false, "normalized": true}
            """;
        WordPieceTokenizer tokenizer = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(TokenizerJson(lowercase: true, added))));
        Assert.Equal(n + 2, tokenizer.Vocabulary.Count);
        int cls = Tokenizer.Encode("").Ids[0];
        int sep = Tokenizer.Encode("").Ids[^1];
        int[] Words(string text) => Tokenizer.Encode(text).Ids[1..^1];
        Assert.Equal([cls, n, .. Words("hello"), n + 1, .. Words("world"), n + 1, sep], tokenizer.Encode("[USER] hello<URL>world <url>").Ids);
        Assert.Equal([cls, .. Words("[user]"), sep], tokenizer.Encode("[user]").Ids); // special: exact case
        // Both paths (the ASCII fast path and the scalar reference, which takes words with non-ASCII letters) split them out.
        Assert.Equal([cls, n, .. Words("café"), n + 1, sep], tokenizer.Encode("[USER]café<url>").Ids);
    }

    [Fact]
    public void Normalized_added_tokens_are_matched_in_the_normalized_text_like_hugging_face()
    {
        int n = WordPieceTestVocab.Tokens.Count;
        // add_tokens(["<café>"]): Hugging Face normalizes the token's content and matches it in the normalized text, so
        // clean-up's removals, accent stripping and lower-casing apply to both (tokenizers 0.23.2 gives the token's id
        // for each text below). They had been matched in the raw text, letter case ignored: only the first two matched.
        string added = $$"""{"id": {{n}}, "content": "<café>", "special": false, "normalized": true}""";
        WordPieceTokenizer uncased = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(TokenizerJson(lowercase: true, added))));
        int cls = uncased.ClassificationTokenId;
        int sep = uncased.SeparatorTokenId;
        foreach (string text in (string[])["<café>", "<CAFÉ>", "<cafe>", "<CAFE>", "<Café>", "<ca\u200Bfe>", "<ca\u0000fé>", "<cafe\u0301>", "<cafe\u0301\u0301>"])
        {
            WordPieceEncoding encoding = uncased.Encode(text);
            Assert.True(encoding.Ids.AsSpan().SequenceEqual([cls, n, sep]), $"'{text}': {string.Join(',', encoding.Ids)}");
            Assert.Equal(new TokenOffset(0, text.Length), encoding.Offsets[1]);
        }

        Assert.Equal([cls, .. Tokenizer.Encode("x").Ids[1..^1], n, .. Tokenizer.Encode("y").Ids[1..^1], sep], uncased.Encode("x<CAFE>y").Ids);
        Assert.DoesNotContain(n, uncased.Encode("<café").Ids);

        // Cased (strip_accents null: no accent stripping, so no NFD): clean-up still removes the NUL; letter case and
        // a decomposed é stop the match, as there.
        WordPieceTokenizer cased = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(TokenizerJson(lowercase: false, added))));
        Assert.Equal([cls, n, sep], cased.Encode("<ca\u0000fé>").Ids);
        Assert.DoesNotContain(n, cased.Encode("<Café>").Ids);
        Assert.DoesNotContain(n, cased.Encode("<cafe\u0301>").Ids);
    }

    [Fact]
    public void Tokens_matched_in_the_raw_text_take_precedence_over_normalized_ones_like_hugging_face()
    {
        // Hugging Face's AddedVocabulary splits the raw text on the special and normalized: false tokens first, then matches
        // the normalized tokens in what lies between them. Here both had been matched at each position together, longest
        // first, so a normalized token took the start of a raw token ("{{x}}}" as one token, not "{{x}}" and "}") or
        // swallowed one that starts inside it ("[a{{x}}" as "[a{{", "x", "}", "}", not "[", "a", "{{x}}"). The expected
        // ids are what tokenizers 0.23.2 (npm) gives for the same tokenizer.json.
        int n = WordPieceTestVocab.Tokens.Count;
        string added = $$$$"""
            {"id": {{{{n}}}}, "content": "{{x}}", "special": false, "normalized": false},
            {"id": {{{{n + 1}}}}, "content": "{{x}}}", "special": false, "normalized": true},
            {"id": {{{{n + 2}}}}, "content": "[a{{", "special": false, "normalized": true}
            """;
        WordPieceTokenizer tokenizer = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(TokenizerJson(lowercase: true, added))));
        int cls = tokenizer.ClassificationTokenId;
        int sep = tokenizer.SeparatorTokenId;
        int[] Plain(string text) => Tokenizer.Encode(text).Ids[1..^1];

        Assert.Equal([cls, n, .. Plain("}"), sep], tokenizer.Encode("{{x}}}").Ids);
        Assert.Equal([cls, .. Plain("[a"), n, sep], tokenizer.Encode("[A{{x}}").Ids);
        Assert.Equal([cls, .. Plain("[a"), n, .. Plain("]"), sep], tokenizer.Encode("[a{{x}}]").Ids);
        Assert.Equal([new TokenOffset(0, 0), new(0, 1), new(1, 2), new(2, 7), new(0, 0)], tokenizer.Encode("[a{{x}}").Offsets);

        // A normalized token that ends before the raw one starts, or where none does, still matches.
        Assert.Equal([cls, n + 2, .. Plain("b"), sep], tokenizer.Encode("[A{{b").Ids);
        Assert.Equal([cls, n + 2, n, sep], tokenizer.Encode("[a{{{{x}}").Ids);
    }

    [Fact]
    public void A_tokenizer_json_without_added_tokens_matches_none_in_the_text_like_hugging_face()
    {
        // tokenizers splits out only the added tokens the file lists: with none, "[MASK]" in a text is "[ mask ]"
        // (tokenizers 0.23.2, "added_tokens": [] or no key). BERT's five had still been matched here.
        string json = TokenizerJson(lowercase: true);
        int start = json.IndexOf("\"added_tokens\": [", StringComparison.Ordinal);
        int end = json.IndexOf(']', json.IndexOf("[MASK]", start, StringComparison.Ordinal) + 6) + 1;
        WordPieceTokenizer plain = WordPieceTestVocab.Create(new WordPieceOptions { SpecialTokens = [] });
        foreach (string withoutAdded in (string[])[json[..start] + "\"added_tokens\": []" + json[end..], json[..start] + "\"unused\": []" + json[end..]])
        {
            WordPieceTokenizer tokenizer = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(withoutAdded)));
            Assert.Empty(tokenizer.Options.SpecialTokens);
            Assert.Equal(plain.Encode("[MASK] x [CLS]").Ids, tokenizer.Encode("[MASK] x [CLS]").Ids);
            Assert.DoesNotContain(4, tokenizer.Encode("[MASK]").Ids); // id 4: [MASK]
        }

        // Special tokens a caller passes still apply where the file lists none ("overrides for what the file does not say").
        string none = json[..start] + "\"added_tokens\": []" + json[end..];
        WordPieceTokenizer given = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(none)), new WordPieceOptions { SpecialTokens = ["[MASK]"] });
        Assert.Equal([given.ClassificationTokenId, 4, given.SeparatorTokenId], given.Encode("[MASK]").Ids);

        // Options given for something else leave none matched, as no options do (BERT's five had been, review 50d).
        WordPieceTokenizer shorter = WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(none)), new WordPieceOptions { MaxLength = 64 });
        Assert.Empty(shorter.Options.SpecialTokens);
        Assert.Equal(plain.Encode("[MASK] x [CLS]").Ids, shorter.Encode("[MASK] x [CLS]").Ids);
    }

    [Fact]
    public void Special_tokens_left_at_the_default_are_berts_five_and_null_is_refused()
    {
        Assert.Equal(["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"], new WordPieceOptions().SpecialTokens);
        Assert.Equal(new WordPieceOptions(), new WordPieceOptions());
        Assert.Throws<ArgumentNullException>(() => new WordPieceOptions { SpecialTokens = null! });
    }

    [Theory]
    [InlineData("{\"id\": 999, \"content\": \"covid19\", \"special\": false}", "covid19")]
    [InlineData("{\"id\": 5, \"content\": \"[USER]\", \"special\": true}", "id 5")]
    public void Added_tokens_it_cannot_match_like_hugging_face_are_refused(string added, string messagePart)
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            WordPieceTokenizer.CreateFromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(TokenizerJson(lowercase: true, added)))));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    private static string TokenizerJson(bool lowercase, string? moreAddedTokens = null)
    {
        var vocab = new StringBuilder();
        for (int i = 0; i < WordPieceTestVocab.Tokens.Count; i++)
        {
            vocab.Append(i == 0 ? "" : ",").Append(System.Text.Json.JsonSerializer.Serialize(WordPieceTestVocab.Tokens[i])).Append(':').Append(i);
        }

        return $$$"""
        {
          "version": "1.0",
          "truncation": {"direction": "Right", "max_length": 128, "strategy": "LongestFirst", "stride": 0},
          "padding": null,
          "added_tokens": [
            {"id": 0, "content": "[PAD]", "special": true}, {"id": 1, "content": "[UNK]", "special": true},
            {"id": 2, "content": "[CLS]", "special": true}, {"id": 3, "content": "[SEP]", "special": true},
            {"id": 4, "content": "[MASK]", "special": true}{{{(moreAddedTokens is null ? "" : ", " + moreAddedTokens)}}}
          ],
          "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": {{{(lowercase ? "true" : "false")}}}},
          "pre_tokenizer": {"type": "BertPreTokenizer"},
          "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [], "special_tokens": {}
          },
          "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
          "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": { {{{vocab}}} } }
        }
        """;
    }
}
