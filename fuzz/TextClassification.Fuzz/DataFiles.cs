using System.Text;
using TextClassification.Training.Data;

namespace TextClassification.Fuzz;

/// <summary>Seed data files for the data target: the three formats as Python's <c>csv</c> module, pandas and
/// <c>json.dumps</c> write them (CSV with commas and, as Excel writes it in some locales, semicolons; JSON Lines, and one
/// JSON array of the objects on one line or indented), with texts that hold tabs, quotes, commas and line breaks, plus rows written by hand
/// (stray quotes, a lone CR, blank lines).</summary>
internal static class DataFiles
{
    private static readonly string[] Labels = ["pos", "neg", "neutral"];

    /// <summary>The formats the target reads each input as.</summary>
    public static readonly DatasetFormat[] Formats = [DatasetFormat.Tsv, DatasetFormat.Csv, DatasetFormat.JsonLines];

    /// <summary>Seed files (each holds all three formats' worth of quoting; read as every format).</summary>
    public static List<string> Seeds(int seed)
    {
        var random = new Random(seed);
        List<string> texts = FuzzModels.SeedTexts(24, seed);
        texts.AddRange(["a\tb\nc", "\"quoted\" word", "x, y", "line one\nline two", "tab\tonly", "\"stray", "ends\"", "a\r b"]);
        var seeds = new List<string>();
        for (int s = 0; s < 12; s++)
        {
            var tsv = new StringBuilder(s % 2 == 0 ? "label\ttext\n" : "text\tlabel\n");
            var csv = new StringBuilder("label,text\n");
            var semicolons = new StringBuilder(s % 2 == 0 ? "label;text\r\n" : "\"label\";\"text\"\r\n");
            var jsonl = new StringBuilder();
            var array = new StringBuilder(s % 2 == 0 ? "[" : "[\n");
            for (int i = 0; i < 8; i++)
            {
                string text = texts[random.Next(texts.Count)];
                string label = Labels[random.Next(Labels.Length)];
                string quoted = random.Next(4) == 0 ? text : Quote(text, "\t\"\r\n");
                tsv.Append(s % 2 == 0 ? $"{label}\t{quoted}\n" : $"{quoted}\t{label}\n");
                csv.Append(label).Append(',').Append(Quote(text, ",\"\r\n")).Append('\n');
                semicolons.Append(label).Append(';').Append(Quote(text, ";\"\r\n")).Append("\r\n");
                string record = "{\"text\": " + System.Text.Json.JsonSerializer.Serialize(text) + ", \"label\": \"" + label + "\"}";
                jsonl.Append(record).Append('\n');
                array.Append(i == 0 ? string.Empty : s % 2 == 0 ? ", " : ",\n").Append(s % 2 == 0 ? record : "  " + record.Replace(", ", ",\n    ", StringComparison.Ordinal));
            }

            seeds.Add(tsv.ToString());
            seeds.Add(csv.ToString());
            seeds.Add(semicolons.ToString());
            seeds.Add(jsonl.ToString());
            seeds.Add(array.Append(s % 2 == 0 ? "]" : "\n]\n").ToString());
        }

        return seeds;
    }

    // QUOTE_MINIMAL: a field holding one of `special` is quoted, each quote doubled.
    private static string Quote(string text, string special) =>
        text.AsSpan().IndexOfAny(special) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
