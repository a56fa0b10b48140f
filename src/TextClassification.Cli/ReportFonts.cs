using SkiaSharp;

namespace TextClassification.Cli;

/// <summary>
/// Picks the installed font the report's plots draw their labels with. SkiaSharp's dependency-free build cannot ask
/// fontconfig which font has a character (ScottPlot's font detection then finds nothing), and the plots' default font
/// (DejaVu Serif here) has no Arabic letters, so labels in such scripts came out as empty boxes, and two Chinese labels
/// as the same boxes. The installed families are tried instead, each asked whether it has every glyph of a label.
/// </summary>
internal static class ReportFonts
{
    /// <summary>
    /// The font family to draw <paramref name="labels"/> with: <paramref name="defaultFamily"/> when every label is in
    /// the Latin script or it draws as many labels whole as any installed family, else the installed family that draws
    /// the most (ties: the first in the font manager's order) among those that also draw the rest of the plot
    /// (<see cref="PlotText"/>). <paramref name="drawable"/> says, per label, whether the
    /// chosen family has all its glyphs.
    /// </summary>
    public static string Choose(IReadOnlyList<string> labels, string defaultFamily, out bool[] drawable)
    {
        drawable = new bool[labels.Count];
        if (AllLatin(labels))
        {
            Array.Fill(drawable, true);
            return defaultFamily;
        }

        string best = defaultFamily;
        bool[] bestDrawable = Drawable(defaultFamily, labels, out int bestCount);
        if (bestCount < labels.Count)
        {
            foreach (string family in SKFontManager.Default.FontFamilies)
            {
                // The family draws every text of the plot, not only the labels: a Thai or emoji font without Latin
                // letters or digits turned the titles, ticks and counts into boxes.
                if (!DrawsPlotText(family))
                {
                    continue;
                }

                bool[] covered = Drawable(family, labels, out int count);
                if (count > bestCount)
                {
                    (best, bestDrawable, bestCount) = (family, covered, count);
                }
            }
        }

        drawable = bestDrawable;
        return best;
    }

    /// <summary>What a plot writes besides its labels: titles, axis names, tick values, cell counts, AUCs.</summary>
    internal const string PlotText = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,:;'()[]-–…%";

    /// <summary>Whether <paramref name="family"/> has a glyph for every char of <see cref="PlotText"/>.</summary>
    internal static bool DrawsPlotText(string family)
    {
        using SKTypeface? typeface = SKTypeface.FromFamilyName(family);
        if (typeface is null)
        {
            return false;
        }

        using var font = new SKFont(typeface);
        return font.ContainsGlyphs(PlotText);
    }

    // Whether the family has every glyph of each label (whitespace and format characters need none).
    private static bool[] Drawable(string family, IReadOnlyList<string> labels, out int count)
    {
        var drawable = new bool[labels.Count];
        count = 0;
        using SKTypeface? typeface = SKTypeface.FromFamilyName(family);
        if (typeface is null)
        {
            return drawable;
        }

        using var font = new SKFont(typeface);
        for (int i = 0; i < labels.Count; i++)
        {
            drawable[i] = font.ContainsGlyphs(Visible(labels[i]));
            count += drawable[i] ? 1 : 0;
        }

        return drawable;
    }

    // The label without the characters no font draws a glyph for (spaces, joiners, variation selectors).
    private static string Visible(string label)
    {
        var visible = new System.Text.StringBuilder(label.Length);
        foreach (char c in label)
        {
            System.Globalization.UnicodeCategory category = char.GetUnicodeCategory(c);
            if (!char.IsWhiteSpace(c) && category != System.Globalization.UnicodeCategory.Format
                && category != System.Globalization.UnicodeCategory.Control && c is not (>= '\uFE00' and <= '\uFE0F'))
            {
                visible.Append(c);
            }
        }

        return visible.ToString();
    }

    // Labels in the Latin script (and ASCII): the default font has them.
    private static bool AllLatin(IReadOnlyList<string> labels)
    {
        foreach (string label in labels)
        {
            foreach (char c in label)
            {
                if (c > '\u024F')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
