using System.Globalization;
using System.Text;

namespace TextClassification.Cli;

/// <summary>
/// Prepares a label for the plots' text shaping (ScottPlot's <c>LabelStyle.RTLSupport</c>: HarfBuzz, through
/// SkiaSharp's <c>SKShaper</c>). HarfBuzz joins Arabic letters and lays out a text whose first letter is of a
/// right-to-left script from right to left, but it runs no bidirectional algorithm: it reverses the whole text, so
/// the digits and Latin words inside an Arabic or Hebrew label came out backwards ("عدد 42" as "عدد 24"). Such runs
/// are handed to it reversed, so that its reversal puts them back in reading order, as the Unicode bidirectional
/// algorithm lays them out in a right-to-left line. A text whose first letter is left-to-right is left as it is.
/// </summary>
internal static class RightToLeftText
{
    private enum Kind
    {
        Neutral,
        RightToLeft,
        LeftToRight,
        Digit,
    }

    /// <summary>
    /// <paramref name="text"/> as the shaper should get it: unchanged unless its first letter is of a right-to-left
    /// script, else with each left-to-right run (Latin and other left-to-right words with the spaces and punctuation
    /// between them, and the digits that follow them; a number, with single separators such as "." or "," between its
    /// digits) reversed by text elements (a letter keeps its accents).
    /// </summary>
    public static string ForShaping(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[] starts = StringInfo.ParseCombiningCharacters(text);
        var kinds = new Kind[starts.Length];
        Kind first = Kind.Neutral;
        for (int e = 0; e < starts.Length; e++)
        {
            kinds[e] = KindOf(text, starts[e]);
            if (first == Kind.Neutral && kinds[e] is Kind.RightToLeft or Kind.LeftToRight)
            {
                first = kinds[e];
            }
        }

        if (first != Kind.RightToLeft)
        {
            return text;
        }

        // Digits after a left-to-right word read with it (the algorithm's rule W7): "abc 12" is one run.
        Kind strong = Kind.RightToLeft;
        for (int e = 0; e < kinds.Length; e++)
        {
            if (kinds[e] is Kind.RightToLeft or Kind.LeftToRight)
            {
                strong = kinds[e];
            }
            else if (kinds[e] == Kind.Digit && strong == Kind.LeftToRight)
            {
                kinds[e] = Kind.LeftToRight;
            }
        }

        var result = new StringBuilder(text.Length);
        int next = 0;
        while (next < starts.Length)
        {
            int end = kinds[next] switch
            {
                Kind.LeftToRight => RunEnd(kinds, next, Kind.LeftToRight, separatorsOnly: false, text, starts),
                Kind.Digit => RunEnd(kinds, next, Kind.Digit, separatorsOnly: true, text, starts),
                _ => next + 1,
            };
            for (int e = end - 1; e >= next; e--)
            {
                result.Append(text, starts[e], ElementLength(text, starts, e));
            }

            next = end;
        }

        return result.ToString();
    }

    // The end (exclusive) of the run of `kind` starting at `start`: elements of that kind with neutral elements between
    // them (for a number, only single separators such as "." "," ":" "/" between two digits).
    private static int RunEnd(Kind[] kinds, int start, Kind kind, bool separatorsOnly, string text, int[] starts)
    {
        int end = start + 1;
        int e = start + 1;
        while (e < kinds.Length)
        {
            if (kinds[e] == kind)
            {
                end = e + 1;
                e++;
                continue;
            }

            if (kinds[e] != Kind.Neutral || (separatorsOnly && !IsNumberSeparator(text[starts[e]])))
            {
                break;
            }

            // A neutral stays in the run only where the run goes on after it.
            int after = e + 1;
            while (!separatorsOnly && after < kinds.Length && kinds[after] == Kind.Neutral)
            {
                after++;
            }

            if (after >= kinds.Length || kinds[after] != kind)
            {
                break;
            }

            e = after;
        }

        return end;
    }

    private static bool IsNumberSeparator(char c) => c is '.' or ',' or ':' or '/' or '\u066B' or '\u066C';

    private static int ElementLength(string text, int[] starts, int e) =>
        (e + 1 < starts.Length ? starts[e + 1] : text.Length) - starts[e];

    private static Kind KindOf(string text, int index)
    {
        int codePoint = char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            ? char.ConvertToUtf32(text[index], text[index + 1])
            : text[index];
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (category == UnicodeCategory.DecimalDigitNumber)
        {
            return Kind.Digit;
        }

        bool letter = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;
        if (!letter)
        {
            return Kind.Neutral;
        }

        return IsRightToLeftScript(codePoint) ? Kind.RightToLeft : Kind.LeftToRight;
    }

    // Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms, and the supplementary
    // planes' right-to-left blocks (Phoenician to Adlam and Arabic mathematical letters).
    private static bool IsRightToLeftScript(int codePoint) => codePoint is (>= 0x0590 and <= 0x08FF)
        or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);
}
