using TextClassification.Training.Data;

namespace TextClassification.Tests.Support;

/// <summary>
/// Seeded synthetic datasets the tests write themselves: three labels with disjoint keyword vocabularies mixed with
/// shared filler words, casing and punctuation, so a working n-gram model separates them easily.
/// </summary>
public static class SyntheticData
{
    /// <summary>The labels of <see cref="Generate"/>, in the (ordinal) order the trainer sorts them.</summary>
    public static readonly string[] Labels = ["finance", "sports", "weather"];

    private static readonly string[][] Keywords =
    [
        ["stock", "market", "shares", "dividend", "investor", "bank", "loan", "interest", "portfolio", "bond", "equity", "earnings"],
        ["football", "goal", "match", "team", "coach", "score", "league", "player", "tournament", "referee", "stadium", "season"],
        ["rain", "sunny", "forecast", "storm", "cloudy", "temperature", "wind", "snow", "humid", "thunder", "drizzle", "fog"],
    ];

    private static readonly string[] Filler =
    [
        "the", "a", "today", "very", "really", "we", "they", "said", "about", "news", "is", "was", "this", "and", "of", "in",
        "after", "before", "some", "more",
    ];

    private static readonly string[] Punctuation = ["", "", "", ",", ".", "!", "?"];

    /// <summary><paramref name="perLabel"/> rows of each label, interleaved, fully determined by <paramref name="seed"/>.</summary>
    public static List<LabeledText> Generate(int perLabel, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>(perLabel * Labels.Length);
        for (int i = 0; i < perLabel; i++)
        {
            for (int label = 0; label < Labels.Length; label++)
            {
                rows.Add(new LabeledText(Sentence(random, Keywords[label], random.Next(2, 5)), Labels[label], rows.Count + 2));
            }
        }

        return rows;
    }

    /// <summary>Texts of the kind <see cref="Generate"/> makes, plus odd ones (empty, symbols only, unknown words).</summary>
    public static List<string> Texts(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new List<string>(count) { string.Empty, "   ", "?!", "zzz qqq unknownword", "Stock MARKET", "😀 中文 café" };
        while (texts.Count < count)
        {
            texts.Add(Sentence(random, Keywords[random.Next(Keywords.Length)], random.Next(1, 5)));
        }

        return texts;
    }

    /// <summary>
    /// A two-label imbalanced dataset where the minority label is only weakly marked: its cue word <c>alpha</c> occurs in
    /// 70% of minority rows but also in 12% of majority rows, so an unweighted model never predicts the minority from
    /// the cue while inverse-frequency weighting does.
    /// </summary>
    public static List<LabeledText> Imbalanced(int majority, int minority, int seed)
    {
        string[] shared = ["red", "green", "blue", "small", "large", "round", "square", "soft", "hard", "bright", "dark", "warm"];
        var random = new Random(seed);
        var rows = new List<LabeledText>(majority + minority);
        int total = majority + minority;
        for (int i = 0; i < total; i++)
        {
            // Spread the minority rows evenly through the file.
            bool isMinority = (long)i * minority / total != (long)(i + 1) * minority / total;
            var words = new List<string>();
            int n = random.Next(3, 6);
            for (int k = 0; k < n; k++)
            {
                words.Add(shared[random.Next(shared.Length)]);
            }

            if (random.NextDouble() < (isMinority ? 0.7 : 0.12))
            {
                words.Insert(random.Next(words.Count + 1), "alpha");
            }

            rows.Add(new LabeledText(string.Join(' ', words), isMinority ? "minority" : "majority", i + 2));
        }

        return rows;
    }

    private static string Sentence(Random random, string[] keywords, int keywordCount)
    {
        var words = new List<string>();
        for (int k = 0; k < keywordCount; k++)
        {
            words.Add(keywords[random.Next(keywords.Length)]);
        }

        int fillers = random.Next(1, 5);
        for (int k = 0; k < fillers; k++)
        {
            words.Insert(random.Next(words.Count + 1), Filler[random.Next(Filler.Length)]);
        }

        for (int k = 0; k < words.Count; k++)
        {
            string word = words[k];
            if (random.Next(5) == 0)
            {
                word = char.ToUpperInvariant(word[0]) + word[1..];
            }

            words[k] = word + Punctuation[random.Next(Punctuation.Length)];
        }

        return string.Join(' ', words);
    }
}
