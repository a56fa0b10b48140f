using System.Buffers;
using System.Text;
using TextClassification.Tokenization;

namespace TextClassification.Training.Data;

/// <summary>Reads the label column of multi-label data, where one cell holds several labels separated by a delimiter
/// (e.g. <c>sports|politics</c>).</summary>
public static class LabelSet
{
    // C0 (line breaks and tabs among them), DEL, C1 and the Unicode line and paragraph separators.
    private static readonly SearchValues<char> Unprintable = SearchValues.Create(UnprintableChars());

    /// <summary>The labels of one cell: split on <paramref name="delimiter"/>, each part trimmed and in canonical
    /// composition (NFC, so "é" typed as e + U+0301 is the same label as "é"), empty parts dropped, duplicates removed,
    /// sorted by ordinal comparison.</summary>
    /// <param name="label">The cell's text.</param>
    /// <param name="delimiter">What separates the labels, e.g. <c>|</c>.</param>
    /// <returns>The distinct labels of the cell, sorted; empty when it holds none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> or <paramref name="delimiter"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty.</exception>
    public static string[] Parse(string label, string delimiter)
    {
        return ParseCell(label, delimiter, lowercase: false);
    }

    /// <summary>Whether <paramref name="delimiter"/> can separate labels: not empty, and no line break, tab or other
    /// control character (C0, DEL or C1, or the line and paragraph separators U+2028 and U+2029), since a label set is
    /// written on one line and labels are tab-separated in output.</summary>
    /// <param name="delimiter">The candidate delimiter; may be null.</param>
    /// <returns>True when it can be used.</returns>
    public static bool IsValidDelimiter(string? delimiter) => !string.IsNullOrEmpty(delimiter) && !HasControlCharacter(delimiter);

    /// <summary>Whether <paramref name="text"/> holds a control character (C0 with line breaks and tabs, DEL, C1 such as
    /// NEL U+0085 or CSI U+009B) or U+2028/U+2029, which line readers (Python's <c>splitlines</c>, JavaScript) take as
    /// line breaks: what <see cref="Escape"/> escapes.</summary>
    internal static bool HasControlCharacter(string text) => text.AsSpan().IndexOfAny(Unprintable) >= 0;

    /// <summary><paramref name="text"/> with its control characters and line separators written as escapes (<c>\t</c>,
    /// <c>\n</c>, <c>\r</c>, <c>\u0007</c>, <c>\u0085</c>, <c>\u2028</c>), to name a label that holds them on one line of a
    /// message or table.</summary>
    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (!Unprintable.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => $"\\u{(int)c:X4}",
            });
        }

        return builder.ToString();
    }

    /// <summary>As <see cref="Parse(string, string)"/>, each label lower-cased (invariant culture) when
    /// <paramref name="lowercase"/> is set: split as written, so a delimiter with capitals (" OR ") splits "A OR B", and
    /// again after lower-casing, so a lower-case one (" or ") still splits "A OR B", as it did when the whole cell was
    /// lower-cased first. No label of the result holds the delimiter.</summary>
    internal static string[] ParseCell(string label, string delimiter, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrEmpty(delimiter);
        string[] parts = label.Split(delimiter, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = ComposeCanonically(parts[i]);
        }

        if (lowercase)
        {
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = parts[i].ToLowerInvariant();
            }

            if (Array.Exists(parts, part => part.Contains(delimiter, StringComparison.Ordinal)))
            {
                parts = string.Join(delimiter, parts).Split(delimiter, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            }
        }

        if (parts.Length <= 1)
        {
            return parts;
        }

        var distinct = new SortedSet<string>(parts, StringComparer.Ordinal);
        return [.. distinct];
    }

    /// <summary>A single label as the file readers give it: trimmed of surrounding white space and in canonical
    /// composition, so a label made in code (" spam", or e + U+0301) names the same label as one read from a file.</summary>
    internal static string Canonical(string label) => ComposeCanonically(label.Trim());

    /// <summary><paramref name="label"/> as the readers give it: trimmed, in normalization form C, and lower-cased
    /// when <paramref name="lowercase"/> is set (<see cref="DatasetReadOptions.LowercaseLabels"/>). An allowed-label
    /// list is read the same way.</summary>
    internal static string Normalize(string label, bool lowercase)
    {
        string canonical = Canonical(label);
        return lowercase ? canonical.ToLowerInvariant() : canonical;
    }

    /// <summary><paramref name="label"/> in Unicode normalization form C: a label typed with a combining accent
    /// (e + U+0301) and one typed precomposed (é) are one label, as they look the same. The library's own tables
    /// (<see cref="UnicodeNormalizer"/>) give the same labels with and without ICU (the CLI runs with
    /// InvariantGlobalization, where string.Normalize leaves non-ASCII text as it is). An unpaired surrogate is kept.</summary>
    internal static string ComposeCanonically(string label) => UnicodeNormalizer.ToFormC(label);

    /// <summary><paramref name="label"/> in normalization form KC, for finding labels that look alike ("Ａ" and "A").</summary>
    internal static string ComposeCompatibly(string label) => UnicodeNormalizer.ToFormKC(label);

    private static char[] UnprintableChars()
    {
        var chars = new List<char>(67);
        for (char c = '\0'; c <= '\u001F'; c++)
        {
            chars.Add(c);
        }

        for (char c = '\u007F'; c <= '\u009F'; c++)
        {
            chars.Add(c);
        }

        chars.Add('\u2028');
        chars.Add('\u2029');
        return [.. chars];
    }
}
