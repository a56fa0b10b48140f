using TextClassification.Tests.Support;

namespace TextClassification.Tests.Reliability;

/// <summary>
/// Texts no one should send, sent anyway: 10 MiB of one token, of whitespace, of punctuation, of lone surrogates,
/// control characters and mixed scripts. Each classifies without exception, honours <c>MaxTokens</c> and allocates
/// (after warm-up) only the prediction — never a copy of the text.
/// </summary>
public sealed class HostileTextTests
{
    // 10 MiB of UTF-16.
    private const int HugeChars = 5 << 20;

    // A prediction of 3 labels plus pooled scratch; a copy of the text would be 10 MiB.
    private const long AllocationBound = 64 * 1024;

    public static TheoryData<string, string> HugeTexts => new()
    {
        { "one ASCII word", "a" },
        { "one ASCII word with digits", "x9" },
        { "one accented word (scalar path)", "é" },
        { "one CJK run", "中文" },
        { "emoji surrogate pairs", "😀" },
        { "ASCII whitespace", " \t\r\n" },
        { "Unicode whitespace", "\u3000\u00A0\u2028" },
        { "punctuation", "!?." },
        { "lone high surrogates", "\uD800" },
        { "lone low surrogates", "\uDC00" },
        { "reversed pairs", "\uDC00\uD800" },
        { "control characters and NUL", "\0\u0001\u001F\u007F\u0085" },
        { "zero-width and BOM", "\u200B\uFEFF\u200F" },
        { "mixed scripts", "café中文مرحباשלום😀a1 " },
        { "combining marks", "e\u0301\u0301\u0301" },
    };

    [Theory]
    [MemberData(nameof(HugeTexts))]
    public void Ten_MiB_texts_classify_without_copying_the_text(string kind, string unit)
    {
        string text = Repeat(unit, HugeChars);
        foreach (TextClassifier model in ReliabilityModels.Both)
        {
            ReliabilityModels.AssertDistribution(model, model.Classify(text));

            long before = GC.GetAllocatedBytesForCurrentThread();
            Prediction prediction = model.Classify(text);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            ReliabilityModels.AssertDistribution(model, prediction);
            Assert.True(allocated < AllocationBound, $"{kind}: {allocated} bytes allocated by one Classify of {model.ModelCount} model(s)");
        }
    }

    [Theory]
    [InlineData("a")]
    [InlineData("é")]
    [InlineData("!")]
    [InlineData("\uD800 ")]
    public void Everything_after_MaxTokens_tokens_is_ignored(string junk)
    {
        foreach (TextClassifier model in ReliabilityModels.Both)
        {
            int maxTokens = model.Members.Max(m => m.Featurizer.Options.MaxTokens);
            // One token per word: letters only, no punctuation.
            string[] vocabulary = ["stock", "goal", "rain", "the", "bank", "storm", "league", "very"];
            var random = new Random(9);
            string[] words = Enumerable.Range(0, maxTokens).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToArray();
            string prefix = string.Join(' ', words[..maxTokens]);

            float[] expected = TestModels.ScoresOf(model, [prefix])[0];
            float[] withTail = TestModels.ScoresOf(model, [prefix + " " + Repeat(junk, 1 << 20)])[0];
            float[] oneLess = TestModels.ScoresOf(model, [string.Join(' ', words[..(maxTokens - 1)]) + " " + junk])[0];

            Assert.Equal(expected, withTail);
            // The tail is not ignored before the limit: a token at position MaxTokens - 1 does count.
            Assert.NotEqual(expected, oneLess);
        }
    }

    [Fact]
    public void Null_is_rejected_and_empty_or_whitespace_gives_the_same_defined_prediction()
    {
        foreach (TextClassifier model in ReliabilityModels.Both)
        {
            Assert.Throws<ArgumentNullException>(() => model.Classify(null!));
            Prediction empty = model.Classify(string.Empty);
            ReliabilityModels.AssertDistribution(model, empty);
            foreach (string blank in new[] { " ", "\t\r\n", "\u3000\u00A0", "\0", "\uD800" })
            {
                // No tokens at all: the same prediction as the empty text (the head's bias alone).
                Assert.Equal(empty.Scores, model.Classify(blank).Scores);
            }
        }
    }

    private static string Repeat(string unit, int chars) =>
        string.Create(chars, unit, static (span, unit) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = unit[i % unit.Length];
            }
        });
}
