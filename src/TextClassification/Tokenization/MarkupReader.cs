using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;

namespace TextClassification.Tokenization;

/// <summary>
/// Reads HTML markup out of a text (<see cref="HashedNGramOptions.StripMarkup"/>): a tag of an HTML element
/// (<c>&lt;p class="x"&gt;</c>, <c>&lt;/b&gt;</c>, <c>&lt;br/&gt;</c>), a comment and a doctype each become one space,
/// and the character references <c>&amp;amp; &amp;lt; &amp;gt; &amp;quot; &amp;apos; &amp;nbsp;</c> and numeric ones
/// (<c>&amp;#39;</c>, <c>&amp;#x201C;</c>) the char they stand for (a space for <c>&amp;nbsp;</c>). Anything else is
/// kept as written: <c>List&lt;String&gt;</c> and <c>a &lt; b</c> are not tags (String is no HTML element; a tag's name
/// follows its <c>&lt;</c>), and an unknown or invalid reference stays. One pass, no nesting: a reference that decodes
/// to <c>&lt;</c> does not start a tag. The result is never longer than the text.
/// </summary>
internal static class MarkupReader
{
    private static readonly SearchValues<char> Starts = SearchValues.Create("<&");

    // The elements of HTML (and font and center, still common in pasted mail): a tag of another name is kept as text.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Elements = FrozenSet.ToFrozenSet(
        [
            "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body", "br",
            "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
            "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font",
            "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img",
            "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "meta", "meter", "nav",
            "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q",
            "rp", "rt", "ruby", "s", "samp", "script", "section", "select", "small", "source", "span", "strong", "style",
            "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
            "title", "tr", "track", "u", "ul", "var", "video", "wbr",
        ],
        StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="text"/> holds a <c>&lt;</c> or <c>&amp;</c>, without which
    /// <see cref="Read"/> returns it unchanged.</summary>
    public static bool MayHaveMarkup(ReadOnlySpan<char> text) => text.ContainsAny(Starts);

    /// <summary>Writes <paramref name="text"/> with its markup read into <paramref name="destination"/> (at least as
    /// long as the text) and returns the number of chars written.</summary>
    public static int Read(ReadOnlySpan<char> text, Span<char> destination)
    {
        int written = 0;
        int i = 0;
        bool noCommentEnd = false;
        while (i < text.Length)
        {
            int next = text[i..].IndexOfAny(Starts);
            if (next < 0)
            {
                next = text.Length - i;
            }

            text.Slice(i, next).CopyTo(destination[written..]);
            written += next;
            i += next;
            if (i == text.Length)
            {
                break;
            }

            int consumed;
            if (text[i] == '<' && (consumed = TagLength(text[i..], ref noCommentEnd)) > 0)
            {
                destination[written++] = ' ';
                i += consumed;
            }
            else if (text[i] == '&' && (consumed = ReferenceLength(text[i..], destination[written..], out int chars)) > 0)
            {
                written += chars;
                i += consumed;
            }
            else
            {
                destination[written++] = text[i++];
            }
        }

        return written;
    }

    // The length of the comment, doctype or element tag that starts the span (at its '<'), or 0 when none does. Once a
    // comment has no end, no later one has: noCommentEnd keeps a text of many "<!--" from being searched once each.
    private static int TagLength(ReadOnlySpan<char> span, ref bool noCommentEnd)
    {
        if (span.StartsWith("<!--", StringComparison.Ordinal))
        {
            int end = noCommentEnd ? -1 : span[4..].IndexOf("-->", StringComparison.Ordinal);
            noCommentEnd = end < 0;
            return end < 0 ? 0 : 4 + end + 3;
        }

        if (span.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase))
        {
            return Close(span, 9);
        }

        int j = span.Length > 1 && span[1] == '/' ? 2 : 1;
        int nameStart = j;
        if (j >= span.Length || !char.IsAsciiLetter(span[j]))
        {
            return 0;
        }

        while (j < span.Length && char.IsAsciiLetterOrDigit(span[j]))
        {
            j++;
        }

        if (!Elements.Contains(span[nameStart..j]) || j == span.Length)
        {
            return 0;
        }

        return span[j] switch
        {
            '>' => j + 1,
            '/' when j + 1 < span.Length && span[j + 1] == '>' => j + 2,
            _ when char.IsWhiteSpace(span[j]) => Close(span, j),
            _ => 0,
        };
    }

    // The length up to and including the first '>' from start, or 0 when a '<' or the end comes first.
    private static int Close(ReadOnlySpan<char> span, int start)
    {
        int at = span[start..].IndexOfAny('<', '>');
        return at >= 0 && span[start + at] == '>' ? start + at + 1 : 0;
    }

    // The length of the character reference that starts the span (at its '&'), its chars written to destination and
    // counted in chars; 0 when none does.
    private static int ReferenceLength(ReadOnlySpan<char> span, Span<char> destination, out int chars)
    {
        chars = 0;
        int semicolon = span[..Math.Min(span.Length, 12)].IndexOf(';');
        if (semicolon < 2)
        {
            return 0;
        }

        ReadOnlySpan<char> name = span[1..semicolon];
        char? named = name switch
        {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            _ => null,
        };
        if (named is { } c)
        {
            destination[0] = c;
            chars = 1;
            return semicolon + 1;
        }

        if (name[0] != '#' || name.Length < 2)
        {
            return 0;
        }

        bool hex = name[1] == 'x';
        ReadOnlySpan<char> digits = hex ? name[2..] : name[1..];
        if (digits.Length == 0 || digits.Length > (hex ? 6 : 7)
            || !int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out int codePoint)
            || codePoint == 0 || !System.Text.Rune.TryCreate(codePoint, out System.Text.Rune rune))
        {
            return 0; // not a reference, or one to no char (a surrogate, past U+10FFFF): kept as written
        }

        chars = rune.EncodeToUtf16(destination);
        return semicolon + 1;
    }
}
