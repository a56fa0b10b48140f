using TextClassification.Training.Data;

namespace TextClassification.Tests.MultiLabel;

/// <summary>
/// Seeded synthetic multi-label data: four topics with disjoint keyword groups; each text mixes the keywords of one or
/// two topics (chosen at random) with shared filler words, and its label cell lists those topics joined by "|".
/// </summary>
public static class MultiLabelData
{
    public const string Delimiter = "|";

    /// <summary>The topics, in the (ordinal) order the trainer sorts them.</summary>
    public static readonly string[] Labels = ["finance", "health", "sports", "weather"];

    private static readonly string[][] Keywords =
    [
        ["stock", "market", "shares", "dividend", "investor", "bank", "loan", "bond", "equity", "earnings"],
        ["doctor", "hospital", "vaccine", "nurse", "patient", "clinic", "medicine", "fever", "surgery", "diet"],
        ["football", "goal", "match", "team", "coach", "league", "player", "tournament", "referee", "stadium"],
        ["rain", "sunny", "forecast", "storm", "cloudy", "temperature", "wind", "snow", "thunder", "fog"],
    ];

    private static readonly string[] Filler = ["the", "a", "today", "very", "we", "they", "said", "about", "news", "is", "and", "of", "after"];

    /// <summary><paramref name="count"/> rows; about half carry two topics.</summary>
    public static List<LabeledText> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>(count);
        for (int i = 0; i < count; i++)
        {
            int first = random.Next(Labels.Length);
            int second = random.Next(2) == 0 ? -1 : (first + 1 + random.Next(Labels.Length - 1)) % Labels.Length;
            var words = new List<string>();
            words.AddRange(random.GetItems(Keywords[first], 2));
            if (second >= 0)
            {
                words.AddRange(random.GetItems(Keywords[second], 2));
            }

            words.AddRange(random.GetItems(Filler, 3));
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(words));
            string label = second < 0 ? Labels[first] : $"{Labels[second]} {Delimiter} {Labels[first]}";
            rows.Add(new LabeledText(string.Join(' ', words), label, i + 2));
        }

        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> as a TSV file with the header
    /// <c>label\ttext</c>; returns the path.</summary>
    public static string WriteTsv(string path, IEnumerable<LabeledText> rows)
    {
        var tsv = new System.Text.StringBuilder("label\ttext\n");
        foreach (LabeledText row in rows)
        {
            tsv.Append(row.Label).Append('\t').Append(row.Text).Append('\n');
        }

        File.WriteAllText(path, tsv.ToString());
        return path;
    }
}
