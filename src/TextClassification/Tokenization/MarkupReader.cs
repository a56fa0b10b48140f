using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;

namespace TextClassification.Tokenization;

/// <summary>
/// Reads HTML markup out of a text (<see cref="HashedNGramOptions.StripMarkup"/>): a tag of an HTML element
/// (<c>&lt;p class="x"&gt;</c>, <c>&lt;/b&gt;</c>, <c>&lt;br/&gt;</c>; a <c>&gt;</c> in a quoted value does not end
/// it) or a namespaced one (<c>&lt;o:p&gt;</c>, as Word and Outlook write), a comment, a doctype and a script or style
/// element with its contents each become one space, and the common named character references (<c>&amp;amp;</c>,
/// <c>&amp;nbsp;</c>, <c>&amp;rsquo;</c>, <c>&amp;eacute;</c>, <c>&amp;euro;</c> …) and numeric ones (<c>&amp;#39;</c>,
/// <c>&amp;#x201C;</c>) the char they stand for (a space for the spaces). Anything else is kept as written:
/// <c>List&lt;String&gt;</c>, <c>List&lt;Object&gt;</c>, <c>i&lt;b</c> and <c>a &lt; b</c> are not tags (String is no
/// HTML element; an opening tag right after a letter, digit or '_' is code; a tag's name follows its <c>&lt;</c>), and
/// an unknown or invalid reference stays. One pass, no nesting: a reference that decodes to <c>&lt;</c> does not start
/// a tag, and a <c>&lt;</c> inside the quoted values of a <c>&lt;</c> that starts no tag is text. The result is never
/// longer than the text, and the time is proportional to its length.
/// </summary>
internal static class MarkupReader
{
    private static readonly SearchValues<char> Starts = SearchValues.Create("<&");

    // The elements of HTML (and font and center, still common in pasted mail): a tag of another name is kept as text.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Elements = FrozenSet.ToFrozenSet(
        [
            "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "big", "blockquote", "body", "br",
            "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
            "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font",
            "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img",
            "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter", "nav", "hgroup", "search", "slot", "strike", "tt",
            "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q",
            "rp", "rt", "ruby", "s", "samp", "script", "section", "select", "small", "source", "span", "strong", "style",
            "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
            "title", "tr", "track", "u", "ul", "var", "video", "wbr",
        ],
        StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    // Named references: the ones markup uses most (HTML's own, typography, currency, Latin-1 letters), case as written
    // (HTML's legacy capitals AMP, LT, GT, QUOT too). &nbsp; is a plain space. Others stay as written.
    private static readonly FrozenDictionary<string, char>.AlternateLookup<ReadOnlySpan<char>> Named = new Dictionary<string, char>
    {
        ["amp"] = '&', ["AMP"] = '&', ["lt"] = '<', ["LT"] = '<', ["gt"] = '>', ["GT"] = '>', ["quot"] = '"', ["QUOT"] = '"',
        ["apos"] = '\'', ["nbsp"] = ' ', ["ensp"] = ' ', ["emsp"] = ' ', ["thinsp"] = ' ', ["shy"] = '\u00AD',
        ["lsquo"] = '\u2018', ["rsquo"] = '\u2019', ["sbquo"] = '\u201A', ["ldquo"] = '\u201C', ["rdquo"] = '\u201D',
        ["bdquo"] = '\u201E', ["laquo"] = '\u00AB', ["raquo"] = '\u00BB', ["ndash"] = '\u2013', ["mdash"] = '\u2014',
        ["hellip"] = '\u2026', ["bull"] = '\u2022', ["middot"] = '\u00B7', ["prime"] = '\u2032', ["trade"] = '\u2122',
        ["copy"] = '\u00A9', ["reg"] = '\u00AE', ["deg"] = '\u00B0', ["plusmn"] = '\u00B1', ["times"] = '\u00D7',
        ["divide"] = '\u00F7', ["frac12"] = '\u00BD', ["frac14"] = '\u00BC', ["frac34"] = '\u00BE', ["sect"] = '\u00A7',
        ["para"] = '\u00B6', ["euro"] = '\u20AC', ["pound"] = '\u00A3', ["yen"] = '\u00A5', ["cent"] = '\u00A2',
        ["iexcl"] = '\u00A1', ["iquest"] = '\u00BF', ["aacute"] = '\u00E1', ["agrave"] = '\u00E0', ["acirc"] = '\u00E2',
        ["atilde"] = '\u00E3', ["auml"] = '\u00E4', ["aring"] = '\u00E5', ["aelig"] = '\u00E6', ["ccedil"] = '\u00E7',
        ["eacute"] = '\u00E9', ["egrave"] = '\u00E8', ["ecirc"] = '\u00EA', ["euml"] = '\u00EB', ["iacute"] = '\u00ED',
        ["igrave"] = '\u00EC', ["icirc"] = '\u00EE', ["iuml"] = '\u00EF', ["ntilde"] = '\u00F1', ["oacute"] = '\u00F3',
        ["ograve"] = '\u00F2', ["ocirc"] = '\u00F4', ["otilde"] = '\u00F5', ["ouml"] = '\u00F6', ["oslash"] = '\u00F8',
        ["uacute"] = '\u00FA', ["ugrave"] = '\u00F9', ["ucirc"] = '\u00FB', ["uuml"] = '\u00FC', ["yacute"] = '\u00FD',
        ["yuml"] = '\u00FF', ["szlig"] = '\u00DF', ["Aacute"] = '\u00C1', ["Agrave"] = '\u00C0', ["Acirc"] = '\u00C2',
        ["Auml"] = '\u00C4', ["Aring"] = '\u00C5', ["AElig"] = '\u00C6', ["Ccedil"] = '\u00C7', ["Eacute"] = '\u00C9',
        ["Egrave"] = '\u00C8', ["Ecirc"] = '\u00CA', ["Iacute"] = '\u00CD', ["Ntilde"] = '\u00D1', ["Oacute"] = '\u00D3',
        ["Ouml"] = '\u00D6', ["Oslash"] = '\u00D8', ["Uacute"] = '\u00DA', ["Uuml"] = '\u00DC',
    }.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="text"/> holds a <c>&lt;</c> or <c>&amp;</c>, without which
    /// <see cref="Read(ReadOnlySpan{char}, Span{char})"/> returns it unchanged.</summary>
    public static bool MayHaveMarkup(ReadOnlySpan<char> text) => text.ContainsAny(Starts);

    /// <summary>Writes <paramref name="text"/> with its markup read into <paramref name="destination"/> (at least as
    /// long as the text) and returns the number of chars written.</summary>
    public static int Read(ReadOnlySpan<char> text, Span<char> destination) => Read(text, destination, out _);

    /// <summary>Writes the start of what <see cref="Read(ReadOnlySpan{char}, Span{char})"/> writes, as much as
    /// <paramref name="destination"/> holds (a decoded reference or a tag's space that would not fit whole is left out),
    /// and returns the number of chars written; <paramref name="complete"/> says whether that is all of it. What is
    /// written does not depend on the destination's length: every decision looks at the whole text.</summary>
    public static int Read(ReadOnlySpan<char> text, Span<char> destination, out bool complete)
    {
        complete = false;
        int written = 0;
        int i = 0;
        var ends = default(MissingEnds);
        Span<char> decoded = stackalloc char[2];
        while (i < text.Length)
        {
            // The next '<' or '&' is looked for no further than one char past what the destination still holds: the rest
            // of a long text without markup would be scanned for nothing.
            int window = (int)Math.Min(text.Length - i, destination.Length - (long)written + 1);
            int next = text.Slice(i, window).IndexOfAny(Starts);
            if (next < 0)
            {
                next = window;
            }

            if (!TryCopy(text.Slice(i, next), destination, ref written))
            {
                return written;
            }

            i += next;
            if (i == text.Length)
            {
                break;
            }

            int consumed;
            if (text[i] == '<' && (consumed = TagLength(text[i..], i > 0 && IsIdentifierChar(text[i - 1]), ref ends)) != 0)
            {
                if (consumed > 0)
                {
                    if (!TryCopy(" ", destination, ref written))
                    {
                        return written;
                    }

                    i += consumed;
                }
                else
                {
                    // Not a tag, and no tag starts before where its attributes stopped being read: text.
                    if (!TryCopy(text.Slice(i, -consumed), destination, ref written))
                    {
                        return written;
                    }

                    i -= consumed;
                }
            }
            else if (text[i] == '&' && (consumed = ReferenceLength(text[i..], decoded, out int chars)) > 0)
            {
                if (written + chars > destination.Length)
                {
                    return written;
                }

                decoded[..chars].CopyTo(destination[written..]);
                written += chars;
                i += consumed;
            }
            else if (!TryCopy(text.Slice(i++, 1), destination, ref written))
            {
                return written;
            }
        }

        complete = true;
        return written;
    }

    // Copies as much of chars as fits; false when not all of it did (the destination is then full).
    private static bool TryCopy(ReadOnlySpan<char> chars, Span<char> destination, ref int written)
    {
        int room = destination.Length - written;
        if (chars.Length > room)
        {
            chars[..room].CopyTo(destination[written..]);
            written += room;
            return false;
        }

        chars.CopyTo(destination[written..]);
        written += chars.Length;
        return true;
    }

    // Ends searched for once and not found, so no later search can find them either (searches only move forward): keeps
    // a text of many "<!--" or "<script>" from being searched to its end once each.
    private struct MissingEnds
    {
        public bool Comment;
        public bool Script;
        public bool Style;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    // Elements without contents, which HTML writes right after a word ("Thanks<br>John").
    private static bool IsVoid(ReadOnlySpan<char> name) =>
        name.Equals("br", StringComparison.OrdinalIgnoreCase) || name.Equals("wbr", StringComparison.OrdinalIgnoreCase)
        || name.Equals("img", StringComparison.OrdinalIgnoreCase) || name.Equals("hr", StringComparison.OrdinalIgnoreCase);

    // The length of the comment, doctype or element tag that starts the span (at its '<'); 0 when none does, or minus the
    // length of the text to keep as it is where attributes were read and the tag did not end (see Close). Right
    // after a letter, digit or '_', an opening tag is read only when it is a void element (<br>), a namespaced one
    // (<o:p>) or has an attribute with a value (<a href="x">): List<Object>, Task<Data> and a<b && c>d are code or
    // maths. Closing tags, as in "bold</b>", are read after anything. The contents of script and style elements go
    // with their tags.
    private static int TagLength(ReadOnlySpan<char> span, bool afterIdentifier, ref MissingEnds ends)
    {
        if (span.StartsWith("<!-->", StringComparison.Ordinal) || span.StartsWith("<!--->", StringComparison.Ordinal))
        {
            return span[4] == '>' ? 5 : 6; // empty comments, which HTML ends there
        }

        if (span.StartsWith("<!--", StringComparison.Ordinal))
        {
            int end = ends.Comment ? -1 : span[4..].IndexOf("-->", StringComparison.Ordinal);
            ends.Comment = end < 0;
            return end < 0 ? 0 : 4 + end + 3;
        }

        if (span.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase) && span.Length > 9 && (span[9] == '>' || char.IsWhiteSpace(span[9])))
        {
            return span[9] == '>' ? 10 : Close(span, 9);
        }

        bool closing = span.Length > 1 && span[1] == '/';
        int nameStart = closing ? 2 : 1;
        int j = NameEnd(span, nameStart);
        ReadOnlySpan<char> name = span[nameStart..j];
        bool prefixed = j > nameStart && j < span.Length && span[j] == ':';
        if (prefixed)
        {
            // A namespaced tag (Word and Outlook write <o:p>, <v:shape>, <w:WordDocument>): markup whatever its name.
            int localStart = j + 1;
            j = NameEnd(span, localStart);
            if (j == localStart)
            {
                return 0;
            }
        }

        if (name.IsEmpty || (!prefixed && !Elements.Contains(name)) || j == span.Length)
        {
            return 0;
        }

        int length = span[j] switch
        {
            '>' => j + 1,
            '/' when j + 1 < span.Length && span[j + 1] == '>' => j + 2,
            _ when char.IsWhiteSpace(span[j]) => Close(span, j),
            _ => 0,
        };
        if (length <= 0 || closing || prefixed)
        {
            return length;
        }

        if (afterIdentifier && !IsVoid(name) && span[j..length].IndexOf('=') < 0)
        {
            return 0;
        }

        // <script> … </script>, <style> … </style>: code, not text.
        if (name.Equals("script", StringComparison.OrdinalIgnoreCase))
        {
            return WithContents(span, length, "</script", ref ends.Script);
        }

        return name.Equals("style", StringComparison.OrdinalIgnoreCase) ? WithContents(span, length, "</style", ref ends.Style) : length;
    }

    // The end of the name (an ASCII letter, then letters and digits) from start; start itself when there is none.
    private static int NameEnd(ReadOnlySpan<char> span, int start)
    {
        if (start >= span.Length || !char.IsAsciiLetter(span[start]))
        {
            return start;
        }

        int end = start + 1;
        while (end < span.Length && char.IsAsciiLetterOrDigit(span[end]))
        {
            end++;
        }

        return end;
    }

    // The opening tag (length long) with everything up to and including its closing tag ("</script" followed by white
    // space, '/' or '>', then up to its '>'), or the opening tag alone when there is none.
    private static int WithContents(ReadOnlySpan<char> span, int length, string closing, ref bool missing)
    {
        int from = length;
        while (!missing)
        {
            int at = span[from..].IndexOf(closing, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                break;
            }

            int after = from + at + closing.Length;
            if (after < span.Length && (span[after] is '>' or '/' || char.IsWhiteSpace(span[after])))
            {
                int end = span[after..].IndexOf('>');
                if (end < 0)
                {
                    break; // no '>' after this end, so after none later either
                }

                return after + end + 1;
            }

            from = after; // "</scripts": not the end
        }

        missing = true;
        return length;
    }

    // The length up to and including the '>' that ends a tag's attributes; where none does, minus the length of the text
    // read (up to an unquoted '<', which may start a tag, past an unmatched quote, or to the end), which is kept as it
    // is: a '<' inside the quoted values of a '<' that starts no tag is text, so every char is read by one tag at most.
    // A quote starts a value only after '=', and '<' and '>' are text inside it.
    private static int Close(ReadOnlySpan<char> span, int start)
    {
        char previous = ' ';
        for (int k = start; k < span.Length; k++)
        {
            char c = span[k];
            if (c == '>')
            {
                return k + 1;
            }

            if (c == '<')
            {
                return -k;
            }

            if (c is '"' or '\'' && previous == '=')
            {
                int quote = span[(k + 1)..].IndexOf(c);
                if (quote < 0)
                {
                    // Never closed: the rest is searched once, as the text from here on is read after this quote.
                    return -(k + 1);
                }

                k += quote + 1;
                c = 'x'; // the value read: what follows is another attribute, not a value
            }

            if (!char.IsWhiteSpace(c))
            {
                previous = c;
            }
        }

        return -span.Length;
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
        if (Named.TryGetValue(name, out char named))
        {
            destination[0] = named;
            chars = 1;
            return semicolon + 1;
        }

        if (name[0] != '#' || name.Length < 2)
        {
            return 0;
        }

        bool hex = name[1] is 'x' or 'X';
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
