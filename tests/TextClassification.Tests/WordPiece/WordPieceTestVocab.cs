using BertOptions = Microsoft.ML.Tokenizers.BertOptions;
using BertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;
using TextClassification.Tokenization;

namespace TextClassification.Tests.WordPiece;

/// <summary>A vocabulary generated in the test: special tokens, every printable ASCII char, a ## piece for every
/// letter and digit, words and pieces around the test texts, single letters of several scripts (jamo included), and
/// seeded random pieces, so greedy matching meets whole words, splits and unknown words.</summary>
public static class WordPieceTestVocab
{
    public static readonly IReadOnlyList<string> Tokens = Build();

    public static WordPieceTokenizer Create(WordPieceOptions? options = null) =>
        WordPieceTokenizer.Create(WordPieceVocabulary.Create(Tokens), (options ?? new WordPieceOptions()) with { MaxLength = 1 << 20 });

    public static BertTokenizer CreatePeer(bool lowercase = true)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Tokens) + "\n"));
        return BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lowercase, RemoveNonSpacingMarks = lowercase });
    }

    private static List<string> Build()
    {
        var tokens = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };
        for (char c = '!'; c <= '~'; c++)
        {
            tokens.Add(c.ToString());
        }

        foreach (char c in "abcdefghijklmnopqrstuvwxyz0123456789")
        {
            tokens.Add("##" + c);
        }

        tokens.AddRange([
            "hello", "world", "he", "##llo", "wor", "##ld", "the", "##s", "##ing", "cafe", "naive", "a1b2", "http", "mixed",
            "zz9", "don", "abc", "##bc", "istanbul", "unicode", "σισυφος", "σ", "##ι", "##σ", "##υ", "##φ", "##ο", "##ς",
            "中", "文", "日", "本", "語", "ひ", "##ら", "##が", "##な", "カ", "##タ", "##カ", "##ナ", "ᄒ", "##ᅡ", "##ᆫ", "ᄀ",
            "##ᅮ", "##ᆨ", "##ᄋ", "##ᅥ", "م", "##ر", "##ح", "##ب", "##ا", "ש", "##ל", "##ו", "##ם", "\U00010428", "##\U00010428",
            "\U00020000", "é", "ß", "ø", "##ø", "k", "ⅻ", "i\u0307", "ǆ", "##emal", "##fi", "ﬁ", "x", "##x", "y", "z",
        ]);

        var random = new Random(20261123);
        const string letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 400; i++)
        {
            int length = random.Next(2, 6);
            var piece = new char[length];
            for (int j = 0; j < length; j++)
            {
                piece[j] = letters[random.Next(letters.Length)];
            }

            tokens.Add((random.Next(2) == 0 ? "##" : "") + new string(piece));
        }

        // Microsoft.ML.Tokenizers refuses duplicate lines (Hugging Face lets the last win): keep the first of each.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. tokens.Where(seen.Add)];
    }
}
