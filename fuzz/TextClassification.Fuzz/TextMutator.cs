using System.Text;

namespace TextClassification.Fuzz;

/// <summary>Mutates texts: inserts chars from classes the scanners treat differently, deletes, duplicates and
/// repeats ranges (up to a few hundred thousand chars), splices corpus entries and changes case.</summary>
internal sealed class TextMutator(Random random)
{
    private const int MaxLength = 1 << 19;

    private static readonly string[] Interesting =
    [
        " ", "\t", "\n", "\r\n", "\0", "\u0001", "\u001F", "\u007F", "\u0085", "\u00A0", "\u2028", "\u200B", "\u200D",
        "\u200F", "\u202E", "\u3000", "\uFEFF", "\uFFFD", "\uFFFF", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "😀", "👨\u200D👩",
        // Format chars inside words (SkipFormatChars): soft hyphen, isolates, the Arabic letter mark, a tag beyond the BMP.
        "\u00AD", "\u2066", "\u2069", "\u061C", "a\u200Bb", "\U000E0001",
        // Cyrillic and Greek look-alikes (FoldConfusables): alone, in a word, a precomposed one, a Russian word.
        "\u0435", "\u0421", "\u03BF", "\u0451", "fr\u0435\u0435", "\u043F\u0440\u0438",
        // Letters spaced or dotted apart (JoinSpacedLetters): runs, a run's separators and a letter with a mark.
        "F R E E", "f.r.e.e.", "c-a-s-h", "F. R. ", " x y", "\u00B7", "e\u0301 ",
        "\U0001D400", "\U00020000", "e\u0301", "\u0301", "\u0345", "ß", "İ", "ı", "Σ", "ς", "\u212A", "ǅ", "ﬁ", "Ⅻ", "²",
        "中", "한", "ひ", "م", "ש", "١", "a", "Z", "9", "_", "'", "-", ".", "!", "#", "<", ">", "##", "[UNK]", "[CLS]",
        // HTML markup, which the tokenizer reads out (MarkupReader): whole and broken tags, comments, references.
        "<p>", "</b>", "<br/>", "<div class=\"x\">", "<!--", "-->", "<!doctype html>", "&", ";", "&amp;", "&lt;", "&nbsp;",
        "&#39;", "&#x1F600;", "&#55296;", "&#x110000;", "&#",
        // What data files quote and separate with (the data target).
        "\"", "\"\"", "\t\"", "\"\t", ",", ",\"", "\r", "\n\"", "{", "}", ":",
    ];

    public string Mutate(string input, IReadOnlyList<string> corpus)
    {
        var text = new StringBuilder(input);
        int steps = 1 + random.Next(4);
        for (int s = 0; s < steps; s++)
        {
            switch (random.Next(9))
            {
                case 0:
                case 1:
                    text.Insert(Position(text), Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    text.Insert(Position(text), (char)random.Next(0x10000));
                    break;
                case 3 when text.Length > 0:
                    int start = random.Next(text.Length);
                    text.Remove(start, random.Next(1, Math.Min(16, text.Length - start) + 1));
                    break;
                case 4 when text.Length > 0:
                    int from = random.Next(text.Length);
                    string range = text.ToString(from, random.Next(1, Math.Min(32, text.Length - from) + 1));
                    text.Insert(Position(text), range);
                    break;
                case 5:
                    // Long runs: one huge token, or thousands of separators or symbols.
                    string unit = Interesting[random.Next(Interesting.Length)];
                    int repeat = random.Next(4) == 0 ? random.Next(1000, 100_000) : random.Next(2, 200);
                    text.Insert(Position(text), new StringBuilder().Insert(0, unit, Math.Min(repeat, MaxLength / Math.Max(1, unit.Length))).ToString());
                    break;
                case 6 when corpus.Count > 0:
                    string other = corpus[random.Next(corpus.Count)];
                    text.Insert(Position(text), other);
                    break;
                case 7 when text.Length > 0:
                    int at = random.Next(text.Length);
                    text[at] = char.IsUpper(text[at]) ? char.ToLowerInvariant(text[at]) : char.ToUpperInvariant(text[at]);
                    break;
                default:
                    text.Append(Interesting[random.Next(Interesting.Length)]);
                    break;
            }
        }

        return text.Length > MaxLength ? text.ToString(0, MaxLength) : text.ToString();
    }

    private int Position(StringBuilder text) => random.Next(text.Length + 1);
}
