using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace TextClassification.SourceGen;

/// <summary>Turns a model label into a C# identifier.</summary>
internal static class IdentifierSanitizer
{
    /// <summary>
    /// PascalCase of the label's words: anything that cannot be part of an identifier (spaces, punctuation, symbols,
    /// emoji) separates words and is dropped, and each word's first letter is upper-cased ("billing issue",
    /// "billing-issue" and "billing_issue" all give <c>BillingIssue</c>). Letters of any script are kept: C# allows
    /// them (<c>спам</c> gives <c>Спам</c>, <c>垃圾</c> stays <c>垃圾</c>). A sign before a leading digit
    /// is spelled out (<c>-1</c> gives <c>Minus1</c>, <c>+1</c> gives <c>Plus1</c>, so they differ from <c>1</c>), a
    /// leading digit gets a <c>_</c> prefix, a result that is still a keyword gets <c>@</c>, and a label with no usable
    /// character is named after its code points (<c>+</c> gives <c>Label_2B</c>, <c>👍</c> gives <c>Label_1F44D</c>, a
    /// space <c>Label_20</c>).
    /// </summary>
    public static string ToIdentifier(string label)
    {
        // No Unicode normalisation: its result depends on the globalization mode of the process hosting the
        // compiler, and generated code must not. Roslyn compares identifiers without normalising them either.
        string text = label.TrimStart();
        var builder = new StringBuilder(text.Length + 5);
        if (text.Length > 1 && char.IsDigit(text[1]) && SignWord(text[0]) is { } sign)
        {
            // Dropped as a separator, the sign would make "-1" and "1" one name (and a retrained model that gains "-1"
            // would move the old name onto it).
            builder.Append(sign);
            text = text.Substring(1);
        }

        bool startOfWord = true;
        // Per UTF-16 char, like the compiler's own identifier check (SyntaxFacts.IsIdentifierPartCharacter): a letter
        // outside the BMP is a surrogate pair, which C# does not accept in identifiers, so it separates words here too.
        foreach (char c in text)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (!IsIdentifierPart(category))
            {
                startOfWord = true;
                continue;
            }

            if (builder.Length == 0 && !IsIdentifierStart(category) && category != UnicodeCategory.DecimalDigitNumber)
            {
                // A combining mark or connector cannot start an identifier and means nothing without its base.
                continue;
            }

            builder.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }

        if (builder.Length == 0)
        {
            // White space around a symbol is left out of its name; white space alone is the name (it had been "Label"
            // whatever the white space, so two such labels were Label and Label_2 in model order; review 55a).
            string trimmed = label.Trim();
            return CodePointName(trimmed.Length > 0 ? trimmed : label);
        }

        if (char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        string identifier = builder.ToString();
        return SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier
            : Encoding.UTF8.GetByteCount(identifier) > MaxNameBytes ? WithSuffix(identifier, "_" + StableHash(label).ToString("X8", CultureInfo.InvariantCulture))
            : identifier;
    }

    /// <summary>The most UTF-8 bytes of a member name in metadata: past it the compiler fails the build with CS7013 in
    /// the generated file (review 51a: a label of 1,024 letters, or 512 two-byte ones, such as a sentence used as a
    /// label).</summary>
    internal const int MaxNameBytes = 1023;

    /// <summary><paramref name="name"/> followed by <paramref name="suffix"/>, with as much of <paramref name="name"/>
    /// cut from its end as keeps the whole within <see cref="MaxNameBytes"/>: a long label's name ends in a hash of the
    /// whole label, and a collision's <c>_2</c> still fits.</summary>
    public static string WithSuffix(string name, string suffix)
    {
        int budget = MaxNameBytes - Encoding.UTF8.GetByteCount(suffix);
        int bytes = 0;
        int kept = 0;
        while (kept < name.Length)
        {
            // A surrogate pair is four bytes, two per half; any other char of an identifier one to three.
            int size = char.IsSurrogate(name[kept]) ? 2 : name[kept] < 0x80 ? 1 : name[kept] < 0x800 ? 2 : 3;
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            kept++;
        }

        return name.Substring(0, kept) + suffix;
    }

    // How many code points a label's code-point name spells out before it ends in a hash of the whole label.
    private const int MaxNamedCodePoints = 16;

    /// <summary>The name of a label with no identifier character: <c>Label</c> and its code points in hex
    /// (<c>Label_2B</c>, <c>Label_21_3F</c>), past <see cref="MaxNamedCodePoints"/> of them a hash of the whole label. It
    /// had been <c>Label{index}</c>: a retrained model that gained a label sorting before it moved the name onto another
    /// label (<c>MoodLabel.Label1</c> went from <c>-</c> to <c>+</c>), and code written against it still compiled.</summary>
    private static string CodePointName(string label)
    {
        var name = new StringBuilder("Label");
        int named = 0;
        for (int i = 0; i < label.Length; i++)
        {
            if (named == MaxNamedCodePoints)
            {
                return name.Append('_').Append(StableHash(label).ToString("X8", CultureInfo.InvariantCulture)).ToString();
            }

            int codePoint = char.IsHighSurrogate(label[i]) && i + 1 < label.Length && char.IsLowSurrogate(label[i + 1])
                ? char.ConvertToUtf32(label[i], label[++i])
                : label[i];
            name.Append('_').Append(codePoint.ToString("X2", CultureInfo.InvariantCulture));
            named++;
        }

        return name.ToString();
    }

    // FNV-1a over the UTF-16 code units: the same in every process (string.GetHashCode is randomised per process).
    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash;
    }

    /// <summary>
    /// The project's RootNamespace made a valid namespace the way Visual Studio makes a default namespace from a
    /// project name: in each dotted part, characters that cannot be in an identifier become <c>_</c>, and a part that
    /// starts with a digit or is a keyword gets a leading <c>_</c> (<c>my-app</c> gives <c>my_app</c>, <c>case</c> gives
    /// <c>_case</c>). Empty parts are dropped.
    /// </summary>
    public static string ToNamespace(string rootNamespace)
    {
        var builder = new StringBuilder(rootNamespace.Length + 2);
        foreach (string part in rootNamespace.Split('.'))
        {
            string trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var name = new StringBuilder(trimmed.Length + 1);
            foreach (char c in trimmed)
            {
                UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
                bool keep = c == '_' || (name.Length == 0 ? IsIdentifierStart(category) || category == UnicodeCategory.DecimalDigitNumber : IsIdentifierPart(category));
                name.Append(keep ? c : '_');
            }

            if (char.IsDigit(name[0]) || SyntaxFacts.GetKeywordKind(name.ToString()) != SyntaxKind.None)
            {
                name.Insert(0, '_');
            }

            builder.Append(builder.Length > 0 ? "." : string.Empty).Append(name);
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="name"/> is a plain (non-verbatim) C# identifier and not a keyword.</summary>
    public static bool IsValidIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>True when <paramref name="name"/> is a dotted sequence of valid identifiers.</summary>
    public static bool IsValidNamespace(string name)
    {
        foreach (string part in name.Split('.'))
        {
            if (!IsValidIdentifier(part))
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    // The word for a sign in front of a number: ASCII hyphen-minus and plus, and the Unicode minus sign.
    private static string? SignWord(char c) => c switch
    {
        '-' or '\u2212' => "Minus",
        '+' => "Plus",
        _ => null,
    };

    // Mirrors the C# spec's identifier-start-character / identifier-part-character classes (ECMA-334 §6.4.3),
    // with '_' (a connector) treated as a word separator rather than kept.
    private static bool IsIdentifierStart(UnicodeCategory category) => category
        is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter
        or UnicodeCategory.LetterNumber;

    private static bool IsIdentifierPart(UnicodeCategory category) => IsIdentifierStart(category) || category
        is UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark;
}
