using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Splitting;

namespace TextClassification.Tests.Training;

public sealed class ContainedTextsTests
{
    [Fact]
    public void Grouping_stops_soon_after_its_token_is_cancelled()
    {
        // The pass took 11 s on two million texts with no token: Ctrl+C went unheard (an outside user). A list that
        // cancels when its 100th text is first read shows the pass stops within its 4,096-text check.
        using var cts = new CancellationTokenSource();
        var texts = new CancellingTexts(20_000, cancelAt: 100, cts);

        Assert.Throws<OperationCanceledException>(() => ContainedTexts.Leaders(texts, DuplicateTexts.Leaders(texts), out _, cts.Token));

        Assert.InRange(texts.ReadsAfterCancel, 1, 4096);
    }

    [Fact]
    public void A_text_of_six_or_more_words_inside_a_longer_one_joins_its_group()
    {
        string[] texts =
        [
            "a b c d e f g h",        // 0
            "b c d e f g",            // 1: six words inside 0
            "x y z",                  // 2
            "B C D E F G",            // 3: a copy of 1 in other letter case
            "c d e f g h i",          // 4: not inside 0 ("i")
            "q  b c\td e f g   r",    // 5: holds 1 (white space differs), so joins 0's group through it
            "b c d e f",              // 6: inside 0, but five words
            "d e f g h",              // 7: five words
            "a b c d e f g h",        // 8: a copy of 0
            "p q r s t u",            // 9
            "P q  r s\tt u",         // 10: the same six words in other case and white space: a copy of 9
            "p q r s t",              // 11
            "p  q r s t",             // 12: the same five words, but too short to count as a copy this way
        ];

        int[] leaders = ContainedTexts.Leaders(texts);

        Assert.Equal([0, 0, 2, 0, 4, 0, 6, 7, 0, 9, 9, 11, 12], leaders);
    }

    [Fact]
    public void Words_must_be_next_to_each_other_and_in_order()
    {
        string[] texts = ["one two three four five six seven", "one two three five four six", "one two three four six seven"];

        Assert.Equal([0, 1, 2], ContainedTexts.Leaders(texts));
    }

    [Fact]
    public void Empty_and_null_texts_stay_apart_from_the_others_but_group_as_copies()
    {
        string[] texts = ["", "a b c d e f g", null!, "  ", "a b c d e f"];

        int[] leaders = ContainedTexts.Leaders(texts);

        Assert.Equal([0, 1, 0, 3, 1], leaders);
    }

    [Theory]
    [InlineData(ContainedTexts.MaxContainers, true)]
    [InlineData(ContainedTexts.MaxContainers + 1, false)]
    public void A_phrase_inside_too_many_texts_is_common_and_joins_none(int containers, bool joins)
    {
        // "i need help with my account" closing many different messages: a template, not a piece of one message.
        var texts = new List<string> { "i need help with my account" };
        for (int i = 0; i < containers; i++)
        {
            texts.Add($"message number {i} says i need help with my account");
        }

        int[] leaders = ContainedTexts.Leaders(texts);

        Assert.Equal(joins ? containers + 1 : 1, leaders.Count(leader => leader == 0));
    }

    [Fact]
    public void Copies_of_a_sentence_count_once_as_holders_of_its_phrase()
    {
        // A sentence oversampled by copying it a hundred times is still one text holding its phrase.
        var texts = new List<string> { "the quick brown fox jumps over the lazy dog" };
        for (int i = 0; i < 100; i++)
        {
            texts.Add(i % 2 == 0 ? "The quick brown fox jumps over the lazy dog" : "the quick  brown fox jumps over the lazy dog");
        }

        texts.Add("quick brown fox jumps over the");

        int[] leaders = ContainedTexts.Leaders(texts);

        Assert.All(leaders, leader => Assert.Equal(0, leader));
    }

    [Property(MaxTest = 300)]
    public Property Groups_equal_a_brute_force_reference_on_random_texts() =>
        Prop.ForAll(
            (from count in Gen.Choose(0, 40)
             from seed in Gen.Choose(0, int.MaxValue)
             select (count, seed)).ToArbitrary(),
            sample =>
            {
                string[] texts = RandomTexts(sample.count, new Random(sample.seed));

                int[] leaders = ContainedTexts.Leaders(texts);

                Assert.Equal(Reference(texts), leaders);
                for (int i = 0; i < leaders.Length; i++)
                {
                    Assert.InRange(leaders[i], 0, i);
                    Assert.Equal(leaders[i], leaders[leaders[i]]);
                }
            });

    [Fact]
    public void Three_way_split_keeps_a_sentence_and_its_phrases_in_one_part()
    {
        var random = new Random(11);
        var rows = new List<TextClassification.Training.Data.LabeledText>();
        for (int s = 0; s < 60; s++)
        {
            string[] words = [.. Enumerable.Range(0, 12).Select(_ => "w" + random.Next(1000))];
            string label = (s % 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(new(string.Join(' ', words), label, rows.Count + 1));
            for (int p = 0; p < 4; p++)
            {
                int start = random.Next(0, 5);
                rows.Add(new(string.Join(' ', words[start..(start + 6 + random.Next(0, 2))]), label, rows.Count + 1));
            }
        }

        ThreeWaySplit<TextClassification.Training.Data.LabeledText> split = StratifiedSplitter.SplitThreeWay(rows, 0.2, 0.2, seed: 3);

        Assert.NotEmpty(split.Validation);
        Assert.NotEmpty(split.Test);
        foreach (var held in split.Validation.Concat(split.Test))
        {
            Assert.DoesNotContain(split.Train, trained => Inside(Words(held.Text), Words(trained.Text)));
        }
    }

    // Texts over a vocabulary of four words, so pieces inside longer texts are common; some are pieces cut from
    // earlier texts, some change letter case or white space.
    private static string[] RandomTexts(int count, Random random)
    {
        string[] vocabulary = ["a", "b", "c", "d"];
        var texts = new string[count];
        for (int i = 0; i < count; i++)
        {
            string[] words;
            if (i > 0 && random.Next(3) == 0)
            {
                string[] source = Words(texts[random.Next(i)]);
                int length = random.Next(0, source.Length + 1);
                int start = random.Next(0, source.Length - length + 1);
                words = source[start..(start + length)];
            }
            else
            {
                words = [.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => vocabulary[random.Next(vocabulary.Length)])];
            }

            string separator = random.Next(4) == 0 ? " \t " : " ";
            string text = string.Join(separator, words);
            texts[i] = random.Next(4) == 0 ? text.ToUpperInvariant() : text;
        }

        return texts;
    }

    // Union-find over every pair: copies (equal ignoring case) and texts of MinWords+ words inside a longer text or with
    // the same words as another. (Forty texts cannot put a piece inside more than MaxContainers others; that cap has a
    // test of its own.)
    private static int[] Reference(string[] texts)
    {
        int[] parent = [.. Enumerable.Range(0, texts.Length)];
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        void Union(int a, int b)
        {
            (a, b) = (Find(a), Find(b));
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }

        for (int i = 0; i < texts.Length; i++)
        {
            for (int j = 0; j < texts.Length; j++)
            {
                string[] piece = Words(texts[i]);
                string[] whole = Words(texts[j]);
                bool copy = i != j && string.Equals(texts[i], texts[j], StringComparison.OrdinalIgnoreCase);
                bool inside = i != j && piece.Length >= ContainedTexts.MinWords && piece.Length <= whole.Length && Inside(piece, whole);
                if (copy || inside)
                {
                    Union(i, j);
                }
            }
        }

        return [.. Enumerable.Range(0, texts.Length).Select(Find)];
    }

    private static string[] Words(string? text) =>
        (text ?? string.Empty).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static bool Inside(string[] piece, string[] whole)
    {
        for (int start = 0; start + piece.Length <= whole.Length; start++)
        {
            if (whole.AsSpan(start, piece.Length).SequenceEqual(piece))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Texts of eight words each; the grouping's reading of the one at <c>cancelAt</c> cancels the token, and
    /// the grouping's reads after it are counted (the first full pass, the copies' leaders, is not).</summary>
    private sealed class CancellingTexts(int count, int cancelAt, CancellationTokenSource cts) : IReadOnlyList<string>
    {
        private int _reads;
        private bool _cancelled;

        public int ReadsAfterCancel { get; private set; }

        public int Count => count;

        public string this[int index]
        {
            get
            {
                // The first `count` reads are DuplicateTexts.Leaders' pass; the grouping's own reads come after.
                if (++_reads > count)
                {
                    if (_cancelled)
                    {
                        ReadsAfterCancel++;
                    }
                    else if (index == cancelAt)
                    {
                        _cancelled = true;
                        cts.Cancel();
                    }
                }

                return $"w{index} a b c d e f g";
            }
        }

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
