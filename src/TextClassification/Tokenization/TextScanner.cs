using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// Splits text into words (runs of letters, digits and marks, with a trailing "#" or "+" when asked: "c#", "c++") and
/// single-symbol tokens, lower-cases them and
/// hashes each one, without allocating. Two paths give identical tokens: a vectorized one for ASCII runs
/// (<see cref="SearchValues{T}"/> scans and <see cref="Ascii.ToLower(ReadOnlySpan{char}, Span{char}, out int)"/>)
/// and the scalar reference, which classifies every code point through <see cref="CharClassifier"/>.
/// </summary>
internal ref struct TextScanner
{
    private static readonly SearchValues<char> AsciiSeparators = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\v\f\r\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F \u007F");

    // U+FF01–FF5E: the full-width forms of ASCII '!' … '~'.
    private const int FullWidthFirst = 0xFF01;
    private const int FullWidthLast = 0xFF5E;
    private const int FullWidthOffset = 0xFEE0;

    private static readonly SearchValues<char> AsciiLettersAndDigits = SearchValues.Create(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly ReadOnlySpan<char> _text;
    private readonly bool _lowercase;
    private readonly bool _vectorized;
    private readonly bool _splitUnspaced;
    private readonly bool _decompose;
    private readonly bool _symbolSuffixes;
    private readonly bool _foldDiacritics;
    private readonly bool _foldWidth;
    private readonly bool _foldAbjadMarks;
    private readonly bool _composeHangul;
    private readonly bool _foldCompatibility;
    private readonly bool _skipFormatChars;
    private readonly bool _foldConfusables;
    private readonly bool _joinLetters;
    // With FoldConfusables: whether the text is Latin with look-alikes (ConfusableLetters.IsLatinWithLookAlikes), found
    // at its first word of look-alikes alone, and whether it holds a Latin letter at all, found at its first word with a
    // char of the look-alike range: 0 not yet known, 1 yes, -1 no.
    private sbyte _latinWithLookAlikes;
    private sbyte _hasLatinLetter;
    private int _position;
    // Folding diacritics, per token: whether a mark was seen, the folded word's hash since then, how many chars besides
    // marks the word has, and the outcome.
    private bool _hadDiacritics;
    private uint _foldedHash;
    private int _wordChars;
    private bool _folded;
    private int _length;
    private bool _bufferFull;
    private TokenBuffer _buffer;

    /// <summary>Creates a scanner over <paramref name="text"/>; with <paramref name="splitUnspaced"/> each char of a
    /// script written without spaces is a token (<see cref="HashedNGramOptions.SplitUnspacedScripts"/>), and with
    /// <paramref name="decompose"/> letters are read in canonical decomposition (<see cref="HashedNGramOptions.NormalizeAccents"/>),
    /// and with <paramref name="symbolSuffixes"/> a word keeps a trailing "#" or "+" (<see cref="HashedNGramOptions.SymbolSuffixes"/>);
    /// <paramref name="foldDiacritics"/> (with <paramref name="decompose"/>), <paramref name="foldWidth"/>,
    /// <paramref name="foldAbjadMarks"/> (with <paramref name="foldDiacritics"/>), <paramref name="composeHangul"/> and
    /// <paramref name="foldCompatibility"/> (both with <paramref name="decompose"/>) are <see cref="HashedNGramOptions.FoldDiacritics"/>,
    /// <see cref="HashedNGramOptions.FoldWidth"/>, <see cref="HashedNGramOptions.FoldAbjadMarks"/>,
    /// <see cref="HashedNGramOptions.ComposeHangul"/> and <see cref="HashedNGramOptions.FoldCompatibilityForms"/>; with
    /// <paramref name="skipFormatChars"/> (<see cref="HashedNGramOptions.SkipFormatChars"/>) a run of format chars between
    /// word chars is skipped inside the word; with <paramref name="foldConfusables"/>
    /// (<see cref="HashedNGramOptions.FoldConfusables"/>) Cyrillic and Greek look-alikes in a Latin word are read as the
    /// Latin letters; with <paramref name="joinLetters"/> (<see cref="HashedNGramOptions.JoinSpacedLetters"/>) a run of
    /// letters spaced or dotted apart is one word.</summary>
    public TextScanner(
        ReadOnlySpan<char> text, bool lowercase, bool vectorized, bool splitUnspaced = false, bool decompose = false, bool symbolSuffixes = false, bool foldDiacritics = false, bool foldWidth = false,
        bool foldAbjadMarks = false, bool composeHangul = false, bool foldCompatibility = false, bool skipFormatChars = false,
        bool foldConfusables = false, bool joinLetters = false)
    {
        _joinLetters = joinLetters;
        _skipFormatChars = skipFormatChars;
        _foldConfusables = foldConfusables;
        _foldCompatibility = foldCompatibility && decompose;
        _foldDiacritics = foldDiacritics && decompose;
        _foldWidth = foldWidth;
        _foldAbjadMarks = foldAbjadMarks && _foldDiacritics;
        _composeHangul = composeHangul && decompose;
        _text = text;
        _lowercase = lowercase;
        _vectorized = vectorized;
        _splitUnspaced = splitUnspaced;
        _decompose = decompose;
        _symbolSuffixes = symbolSuffixes;
    }

    /// <summary>Finished stable hash of the current token's (lower-cased) chars.</summary>
    public uint Hash { get; private set; }

    /// <summary>With diacritics folded: the hash of the token without its Latin, Greek and Cyrillic combining
    /// diacritical marks ("whát" as "what"), and with <see cref="HashedNGramOptions.FoldAbjadMarks"/> its Arabic and Hebrew
    /// vowel marks and tatweel; equal to <see cref="Hash"/> for a token without them (or of nothing else).</summary>
    public uint FoldedHash { get; private set; }

    /// <summary>With diacritics folded: whether the current token is a word that had such marks and other chars besides
    /// them (so <see cref="FoldedHash"/> names another, non-empty word); <see cref="Chars"/> then holds the folded chars.
    /// Symbols are never folded.</summary>
    public readonly bool Folded => _folded;

    /// <summary><see cref="CharKind.Word"/> or <see cref="CharKind.Symbol"/>.</summary>
    public CharKind Kind { get; private set; }

    /// <summary>Index of the current token's first char in the text.</summary>
    public int Start { get; private set; }

    /// <summary>Number of chars of the text the current token covers.</summary>
    public readonly int Length => _position - Start;

    /// <summary>The first <see cref="TokenBuffer.Capacity"/> chars of the current token, lower-cased.</summary>
    [UnscopedRef]
    public ReadOnlySpan<char> Chars => ((ReadOnlySpan<char>)_buffer)[.._length];

    /// <summary>Advances to the next token; false at the end of the text.</summary>
    public bool MoveNext() => _vectorized ? MoveNextVectorized() : MoveNextScalar();

    private bool MoveNextVectorized()
    {
        ReadOnlySpan<char> rest = _text[_position..];
        int skip = rest.IndexOfAnyExcept(AsciiSeparators);
        if (skip < 0)
        {
            _position = _text.Length;
            return false;
        }

        _position += skip;
        char first = _text[_position];
        if (!char.IsAscii(first))
        {
            return MoveNextScalar();
        }

        Start = _position;
        _length = 0;
        _bufferFull = false;
        _hadDiacritics = false;
        _folded = false;
        if (!char.IsAsciiLetterOrDigit(first))
        {
            uint symbolHash = StableHash.Add(StableHash.Seed, first);
            _buffer[0] = first;
            _length = 1;
            _position++;
            Kind = CharKind.Symbol;
            Hash = StableHash.Finish(symbolHash);
            FoldedHash = Hash;
            return true;
        }

        rest = _text[_position..];
        int run = rest.IndexOfAnyExcept(AsciiLettersAndDigits);
        if (run < 0)
        {
            run = rest.Length;
        }

        // JoinSpacedLetters: a letter alone may start a run of letters spaced or dotted apart ("F R E E", "f.r.e.e"),
        // read as one word; one comparison for a word of more than one char, two or three for a one-letter word.
        if (run == 1 && _joinLetters && run < rest.Length && char.IsAsciiLetter(first) && MayFollowLetterInRun(rest[1]) && TryReadJoinedRun())
        {
            return true;
        }

        uint hash = HashAsciiRun(rest[..run]);
        _position += run;
        _wordChars = run;
        if (_position < _text.Length && !char.IsAscii(_text[_position]))
        {
            // The word may go on with non-ASCII letters ("café"): finish it on the scalar path.
            hash = ContinueWordScalar(hash);
        }

        Kind = CharKind.Word;
        FinishWord(hash);
        return true;
    }

    private void FinishWord(uint hash)
    {
        // Folded when the word had marks to leave out and chars besides them; a symbol suffix after marks alone ("\u0301#")
        // does not count.
        _folded = _hadDiacritics && _wordChars > 0;
        Hash = StableHash.Finish(_symbolSuffixes ? AppendSymbolSuffix(hash) : hash);
        if (!_folded)
        {
            FoldedHash = Hash;
            return;
        }

        FoldedHash = StableHash.Finish(_foldedHash);
    }

    // "c#", "c++", "notepad++": one or two '#' or '+' (or their full-width forms, read as them) right after a word,
    // followed by no third such symbol and no char read as part of a word (a letter or digit; a split-script char or an
    // ideograph is a token of its own), are part of it ("a+b", "c+++" and "c++17" are not). Shared by both paths, so
    // they agree.
    private uint AppendSymbolSuffix(uint hash)
    {
        int end = _position;
        while (end < _text.Length && end - _position < 2 && IsSuffixSymbol(_text[end]))
        {
            end++;
        }

        if (end == _position || (end < _text.Length && (IsSuffixSymbol(_text[end]) || Read(end).Kind == CharKind.Word)))
        {
            return hash;
        }

        for (int i = _position; i < end; i++)
        {
            // After marks alone the suffix is not folded either: such a word reads as unfolded.
            hash = Append(hash, new Rune(_text[i]), _foldDiacritics && _wordChars > 0);
        }

        _position = end;
        return hash;
    }

    // '#' and '+', and their full-width forms where those are read as ASCII.
    private readonly bool IsSuffixSymbol(char c) => c is '#' or '+' || (_foldWidth && c is '\uFF03' or '\uFF0B');

    private uint HashAsciiRun(ReadOnlySpan<char> run)
    {
        Span<char> chunk = stackalloc char[TokenBuffer.Capacity];
        uint hash = StableHash.Seed;
        for (int offset = 0; offset < run.Length; offset += TokenBuffer.Capacity)
        {
            ReadOnlySpan<char> source = run.Slice(offset, Math.Min(TokenBuffer.Capacity, run.Length - offset));
            Span<char> lowered = offset == 0 ? _buffer : chunk;
            if (_lowercase)
            {
                Ascii.ToLower(source, lowered, out _);
            }
            else
            {
                source.CopyTo(lowered);
            }

            foreach (char c in lowered[..source.Length])
            {
                hash = StableHash.Add(hash, c);
            }

            if (offset == 0)
            {
                _length = source.Length;
            }
        }

        return hash;
    }

    private bool MoveNextScalar()
    {
        CharKind kind = CharKind.Separator;
        Rune rune = default;
        int width = 0;
        while (_position < _text.Length)
        {
            (rune, width, kind) = Read(_position);
            if (kind != CharKind.Separator)
            {
                break;
            }

            _position += width;
        }

        if (_position >= _text.Length)
        {
            return false;
        }

        Start = _position;
        ResetToken();
        uint hash = StableHash.Seed;
        if (kind == CharKind.Symbol)
        {
            hash = Append(hash, rune, fold: false);
            _position += width;
            Kind = CharKind.Symbol;
            Hash = StableHash.Finish(hash);
            FoldedHash = Hash;
            return true;
        }

        Kind = CharKind.Word;
        if (_joinLetters && _position + width < _text.Length && MayFollowLetterInRun(_text[_position + width]) && IsRunLetterAsRead(rune) && TryReadJoinedRun())
        {
            return true;
        }

        hash = ContinueWordScalar(hash);
        FinishWord(hash);
        return true;
    }

    // JoinSpacedLetters: the fewest letters a run of letters spaced or dotted apart holds.
    private const int MinRunLetters = 3;

    // The chars that can follow the first letter of a run: its separators, a combining mark (of a letter typed
    // decomposed) and a high surrogate (of a mark beyond the BMP); JoinedRunEnd decides. One table lookup for a word
    // that starts with a non-ASCII letter, so words of other scripts are not read twice.
    private static bool MayFollowLetterInRun(char c) =>
        IsRunSeparator(c) || (!char.IsAscii(c) && (char.IsHighSurrogate(c) || IsMark(CharUnicodeInfo.GetUnicodeCategory(c))));

    // A combining mark: one that belongs to the letter before it.
    private static bool IsMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    // The separators of a run: one space, '.', '-', '_', '*' or the middle dot (or a dot and a space, JoinedRunEnd).
    private static bool IsRunSeparator(char c) => c is ' ' or '.' or '-' or '_' or '*' or '\u00B7';

    // A letter that may stand alone in a run: of an alphabet (below U+0900: Latin, Greek, Cyrillic, Armenian, Hebrew,
    // Arabic; and Georgian), or a form the folds read as one (phonetic and small capitals, Latin and Greek extended,
    // full-width, mathematical); not a Hangul syllable, which is a word of its own, nor a letter of the abugidas from
    // Devanagari to Myanmar (U+0900–109F), where a letter with its vowel signs is a syllable and often a whole word
    // (Hindi "जो भी है", "में भी है": three words, not one).
    private static bool IsRunLetter(Rune rune) =>
        Rune.IsLetter(rune) && (rune.Value < AbugidaFirst || (uint)(rune.Value - 0x10A0) <= 0x10FF - 0x10A0 || (uint)(rune.Value - 0x1D00) <= 0x1FFF - 0x1D00
            || (uint)(rune.Value - 0xFF21) <= 0xFF5A - 0xFF21 || (uint)(rune.Value - 0x1D400) <= 0x1D7FF - 0x1D400);

    // A run letter as Append reads it: with NormalizeAccents a non-ASCII char is judged by its decomposition (and with
    // FoldCompatibilityForms by its fold), so a run reads alike typed in either form. A form that IsRunLetter passes over
    // but that reads as one letter with its marks is that letter (the Arabic presentation form ﺄ as أ: "x a ﺄ" joins as
    // "x a أ" does; the Kelvin sign as K, a Hebrew letter with dagesh U+FB31 as ב and the dagesh, as NFC and NFD text
    // hold them, review 48b), and a form that folds to several letters (ﻻ as "لا", ﬁ as "fi") is a word of its own, as
    // in the text NFKC gives.
    private readonly bool IsRunLetterAsRead(Rune rune) =>
        _decompose && !rune.IsAscii ? ReadsAsRunLetter(rune, _foldCompatibility) : IsRunLetter(rune);

    // Whether a char's decomposition as Append reads it (its compatibility fold with `fold`, else or where it has none its
    // canonical decomposition) is one run letter and its marks. Out of line: only a word whose first char is non-ASCII
    // and followed by a run separator, a mark or a surrogate gets here (review 48b: 2–5 % on text of such words alone).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ReadsAsRunLetter(Rune rune, bool fold)
    {
        if (CanonicalDecomposition.IsHangulSyllable(rune.Value))
        {
            return false;
        }

        Span<char> utf16 = stackalloc char[CanonicalDecomposition.MaxLength];
        int count = fold ? CompatibilityFold.Decompose(rune, utf16, lowercase: false) : CanonicalDecomposition.Decompose(rune, utf16);
        if (Rune.DecodeFromUtf16(utf16[..count], out Rune letter, out int width) != OperationStatus.Done || !IsRunLetter(letter))
        {
            return false;
        }

        for (int i = width; i < count; i++)
        {
            if (!IsMark(CharUnicodeInfo.GetUnicodeCategory(utf16[i])))
            {
                return false;
            }
        }

        return true;
    }

    // The first letter of the Brahmic abugidas (Devanagari); they run to the end of Myanmar (U+109F).
    private const int AbugidaFirst = 0x0900;

    // Where the letter at `index` ends (its combining marks with it) when it is a letter alone: a run letter whose
    // marks are followed by the end of the text or a char that is not read as part of a word (nor a format char, which
    // may join a word); otherwise -1.
    private readonly int SingleLetterEnd(int index)
    {
        if (index >= _text.Length)
        {
            return -1;
        }

        (Rune rune, int width, CharKind kind) = Read(index);
        if (kind != CharKind.Word || !IsRunLetterAsRead(rune))
        {
            return -1;
        }

        int end = index + width;
        while (end < _text.Length)
        {
            (Rune next, int nextWidth, CharKind nextKind) = Read(end);
            if (nextKind != CharKind.Word)
            {
                return !next.IsAscii && Rune.GetUnicodeCategory(next) == UnicodeCategory.Format ? -1 : end;
            }

            if (!IsMark(Rune.GetUnicodeCategory(next)))
            {
                return -1;
            }

            end += nextWidth;
        }

        return end;
    }

    // At a word's start: where a run of at least MinRunLetters letters alone, each but the last followed by the same
    // separator (one space, or one of . - _ * ·, or a dot and a space), ends, or -1. A run does not go on from a chain
    // ("www.a.b.c": the char before it is not its separator right after a word char; "*f*r*e*e*" and "-c-a-s-h-", with
    // the separator before the first letter too, are runs), and after its last letter that separator (but a space) is
    // part of it where no word char follows ("U.S.A.", "F. R. E. E.").
    private readonly int JoinedRunEnd()
    {
        int end = SingleLetterEnd(Start);
        if (end < 0 || end >= _text.Length || !IsRunSeparator(_text[end]))
        {
            return -1;
        }

        char separator = _text[end];
        if (separator != ' ' && Start > 0 && _text[Start - 1] == separator && FollowsWordChar(Start - 1))
        {
            return -1;
        }

        int separatorLength = separator == '.' && end + 1 < _text.Length && _text[end + 1] == ' ' ? 2 : 1;
        int letters = 1;
        while (end + separatorLength <= _text.Length && _text[end] == separator && (separatorLength == 1 || _text[end + 1] == ' '))
        {
            int next = SingleLetterEnd(end + separatorLength);
            if (next < 0)
            {
                break;
            }

            letters++;
            end = next;
        }

        if (letters < MinRunLetters)
        {
            return -1;
        }

        if (separator != ' ' && end < _text.Length && _text[end] == separator && (end + 1 == _text.Length || Read(end + 1).Kind != CharKind.Word))
        {
            end++;
        }

        return end;
    }

    // JoinSpacedLetters: a run of letters spaced or dotted apart read as the one word it spells, one token over the
    // run's chars. The letters (and their marks) go through Append as a word's chars do, so case, width, compatibility
    // forms and accents fold as in the word typed plainly, and a run's Cyrillic or Greek look-alikes read as Latin
    // letters where FoldConfusables reads the word they spell so (ReadsAsLatin); the separators are left out, and a symbol
    // suffix follows as after a word. Out of line: only a one-letter word followed by a separator (or a non-ASCII char)
    // gets here, and one that starts no run leaves the scanner as it was.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryReadJoinedRun()
    {
        int end = JoinedRunEnd();
        if (end < 0)
        {
            return false;
        }

        ResetToken();
        uint hash = StableHash.Seed;
        int position = Start;
        ReadOnlySpan<char> run = _text[Start..end];
        bool toLatin = _foldConfusables && _hasLatinLetter >= 0 && ConfusableLetters.MayHold(run) && ReadsAsLatin(run);
        while (position < end)
        {
            (Rune rune, int width, CharKind kind) = Read(position);
            if (kind == CharKind.Word)
            {
                hash = toLatin ? AppendLatin(hash, rune) : Append(hash, rune, _foldDiacritics);
            }

            position += width;
        }

        _position = end;
        Kind = CharKind.Word;
        FinishWord(hash);
        return true;
    }

    // Whether the char before `index` (a surrogate pair read whole) is read as part of a word.
    private readonly bool FollowsWordChar(int index)
    {
        if (index <= 0)
        {
            return false;
        }

        int before = index - 1;
        if (before > 0 && char.IsLowSurrogate(_text[before]) && char.IsHighSurrogate(_text[before - 1]))
        {
            before--;
        }

        return Read(before).Kind == CharKind.Word;
    }

    // A token read from its start: no chars in Chars, no marks folded.
    private void ResetToken()
    {
        _length = 0;
        _bufferFull = false;
        _hadDiacritics = false;
        _wordChars = 0;
        _folded = false;
    }

    private uint ContinueWordScalar(uint hash)
    {
        hash = ReadWordScalar(hash, toLatin: false);
        // A word with a Cyrillic or Greek char may be a Latin word with look-alikes in it ("frее" with a Cyrillic е):
        // one vectorized scan of the word's chars, and only for words that reach the scalar path (never an ASCII word
        // on the vectorized one). A text without a Latin letter (Russian, Greek) has no word to fold: after its first such
        // word, one comparison.
        if (_foldConfusables && _hasLatinLetter >= 0 && ConfusableLetters.MayHold(_text[Start.._position]))
        {
            hash = FoldConfusableWord(hash);
        }

        return hash;
    }

    // With FoldConfusables, for a word holding a char of the look-alike table's range: where ConfusableLetters.Classify
    // reads it as Latin (a look-alike and a Latin letter, and no other Cyrillic or Greek letter; or look-alikes alone in
    // Latin text), the word is read again from its start with each look-alike as its Latin letter, so its hash, Chars,
    // folded accents and symbol suffix are those of the word typed in Latin. Its chars read as word chars either way, so
    // it ends where it did. Out of line: only such words get here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private uint FoldConfusableWord(uint hash)
    {
        if (!ReadsAsLatin(_text[Start.._position]))
        {
            return hash;
        }

        _position = Start;
        ResetToken();
        return ReadWordScalar(StableHash.Seed, toLatin: true);
    }

    // With FoldConfusables, for a word (or a run of letters spaced apart, whose separators Classify passes over) holding
    // a char of the look-alike table's range: whether its look-alikes are read as Latin letters. The one rule for both,
    // so a run reads as the word it spells ("f r е е" as "frее" does, in any text).
    private bool ReadsAsLatin(ReadOnlySpan<char> word)
    {
        if (_hasLatinLetter == 0)
        {
            _hasLatinLetter = ConfusableLetters.HoldsLatinLetter(_text) ? (sbyte)1 : (sbyte)-1;
        }

        if (_hasLatinLetter < 0)
        {
            return false;
        }

        ConfusableWord classified = ConfusableLetters.Classify(word);
        return classified == ConfusableWord.Mixed || (classified == ConfusableWord.LookAlikesOnly && IsLatinWithLookAlikes());
    }

    private bool IsLatinWithLookAlikes()
    {
        if (_latinWithLookAlikes == 0)
        {
            _latinWithLookAlikes = ConfusableLetters.IsLatinWithLookAlikes(_text) ? (sbyte)1 : (sbyte)-1;
        }

        return _latinWithLookAlikes > 0;
    }

    private uint ReadWordScalar(uint hash, bool toLatin)
    {
        while (_position < _text.Length)
        {
            (Rune rune, int width, CharKind kind) = Read(_position);
            if (kind != CharKind.Word)
            {
                // A format char (never ASCII) may be skipped; any other char ends the word. One comparison for the
                // usual ASCII space or punctuation after a word.
                if (_skipFormatChars && !rune.IsAscii && kind == CharKind.Separator && SkipFormatRun(rune, width))
                {
                    continue;
                }

                break;
            }

            hash = toLatin ? AppendLatin(hash, rune) : Append(hash, rune, _foldDiacritics);
            _position += width;
        }

        return hash;
    }

    // A char of a word read as Latin (FoldConfusables): a look-alike as its Latin letter, a precomposed letter on a
    // look-alike that the table lacks (ў, Ύ, ὀ) as the Latin letter and its marks, as its NFD form reads; any other as it is.
    private uint AppendLatin(uint hash, Rune rune)
    {
        Rune latin = ConfusableLetters.ToLatin(rune);
        Span<char> chars = stackalloc char[CanonicalDecomposition.MaxLength];
        int count = latin == rune && rune.IsBmp ? ConfusableLetters.DecomposeToLatin((char)rune.Value, chars) : 0;
        if (count == 0)
        {
            return Append(hash, latin, _foldDiacritics);
        }

        for (int i = 0; i < count; i++)
        {
            hash = Append(hash, new Rune(chars[i]), _foldDiacritics);
        }

        return hash;
    }

    // With SkipFormatChars, at a separator that ends a word so far: whether it starts a run of format chars (Unicode Cf:
    // soft hyphen, zero-width and direction marks, bidi embeddings and isolates, U+FEFF) that a word char follows (as Read
    // reads it, so a split-script char or an ideograph, tokens of their own, does not); then the run is passed over, in
    // neither the hash nor Chars, and the word goes on. Every path finishes a word here, so they all agree. Out of line:
    // the word loop stays as small as it was.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SkipFormatRun(Rune rune, int width)
    {
        if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format)
        {
            return false;
        }

        int end = _position + width;
        while (end < _text.Length)
        {
            (Rune next, int nextWidth, CharKind kind) = Read(end);
            if (kind == CharKind.Word)
            {
                _position = end;
                return true;
            }

            if (kind != CharKind.Separator || next.IsAscii || Rune.GetUnicodeCategory(next) != UnicodeCategory.Format)
            {
                return false;
            }

            end += nextWidth;
        }

        return false;
    }

    private readonly (Rune Rune, int Width, CharKind Kind) Read(int index)
    {
        char c = _text[index];
        if (char.IsAscii(c))
        {
            return (new Rune(c), 1, CharClassifier.ClassifyAscii(c));
        }

        // Conjoining jamo (NFD Korean) are read as the syllable they spell, as NFC text holds it: L + V, then a T if one
        // follows (or an LV syllable + T). One comparison sends on every char below U+1100 (Latin, Greek, Cyrillic,
        // Arabic, Hebrew, Indic), two every other char but a leading jamo or a syllable, one more a syllable not
        // followed by a vowel or trailing jamo. Every path reads chars here, so they all see the same tokens and offsets (a token covers its jamo).
        int syllable;
        if (_composeHangul && ((uint)(c - HangulFirst) <= LeadLast - HangulFirst || (uint)(c - SyllableFirst) <= HangulLast - SyllableFirst) && index + 1 < _text.Length
            && (uint)(_text[index + 1] - JamoVowelFirst) <= JamoTrailLast - JamoVowelFirst
            && (syllable = CanonicalDecomposition.ComposeHangul(c, _text[index + 1])) >= 0)
        {
            int width = 2;
            int withTrail;
            if (index + 2 < _text.Length && (withTrail = CanonicalDecomposition.ComposeHangul(syllable, _text[index + 2])) >= 0)
            {
                syllable = withTrail;
                width = 3;
            }

            var composed = new Rune(syllable);
            return (composed, width, Classify(composed));
        }

        // Compatibility forms whose fold changes how a char is read (the rest fold in Append, through the decomposition):
        // an enclosed letter (a symbol) is read as the ASCII letter, and a kana followed by a voicing mark, full- or
        // half-width, as the voiced kana NFKC composes. Two comparisons send on every other char (one range from the
        // enclosed letters to the end of katakana, one from the half-width katakana on); a char in those ranges past the
        // enclosed letters (mostly kana) looks at the next char, and ComposeKana tells whether it is a kana.
        int folded;
        if (_foldCompatibility && ((uint)(c - EnclosedFirst) <= KatakanaLast - EnclosedFirst || c >= HalfWidthKanaFirst))
        {
            if (c <= EnclosedLast)
            {
                if ((folded = CompatibilityFold.EnclosedLetter(c)) >= 0)
                {
                    return (new Rune(folded), 1, CharKind.Word);
                }
            }
            else if (index + 1 < _text.Length && CompatibilityFold.IsVoicingMark(_text[index + 1])
                && (folded = CompatibilityFold.ComposeKana(c, _text[index + 1])) >= 0)
            {
                var voiced = new Rune(folded);
                return (voiced, 2, Classify(voiced));
            }
        }

        if (char.IsHighSurrogate(c) && index + 1 < _text.Length && char.IsLowSurrogate(_text[index + 1]))
        {
            var pair = new Rune(c, _text[index + 1]);
            if (_foldCompatibility && c == EnclosedHighSurrogate && (folded = CompatibilityFold.EnclosedLetter(pair.Value)) >= 0)
            {
                return (new Rune(folded), 2, CharKind.Word);
            }

            return (pair, 2, Classify(pair));
        }

        if (char.IsSurrogate(c))
        {
            // A lone surrogate is not text: drop it like whitespace.
            return (Rune.ReplacementChar, 1, CharKind.Separator);
        }

        var single = new Rune(c);
        return (single, 1, Classify(single));
    }

    // A non-ASCII code point's kind: a word char of a script written without spaces is a token of its own when asked.
    private readonly CharKind Classify(Rune rune)
    {
        CharKind kind = CharClassifier.Classify(rune);
        return kind == CharKind.Word && _splitUnspaced && CharClassifier.IsUnspacedScript(rune.Value) ? CharKind.Symbol : kind;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Append(uint hash, Rune rune, bool fold)
    {
        if (_lowercase)
        {
            rune = Rune.ToLowerInvariant(rune);
        }

        if (_foldWidth && (uint)(rune.Value - FullWidthFirst) <= FullWidthLast - FullWidthFirst)
        {
            // "Ａ" (lower-cased "ａ") as "a", "！" as "!": the full-width forms of ASCII sit 0xFEE0 above it.
            rune = new Rune(rune.Value - FullWidthOffset);
        }

        // Decomposed, "é" hashes as "e" + U+0301, as text typed decomposed does. ASCII comes back as it is, and Hangul
        // syllables are kept whole: as jamo a Korean word would be three times as long and its char n-grams would cover
        // a third of it.
        Span<char> utf16 = stackalloc char[CanonicalDecomposition.MaxLength];
        // Folding compatibility forms, the fold's chars come decomposed ("𝐀" as "a", "ﻻ" as "لا", "ｶ" as "カ").
        int count = !_decompose || CanonicalDecomposition.IsHangulSyllable(rune.Value) ? rune.EncodeToUtf16(utf16)
            : _foldCompatibility ? CompatibilityFold.Decompose(rune, utf16, _lowercase)
            : CanonicalDecomposition.Decompose(rune, utf16);
        if (!fold)
        {
            for (int i = 0; i < count; i++)
            {
                hash = StableHash.Add(hash, utf16[i]);
            }

            AppendToBuffer(utf16[..count]);
            return hash;
        }

        // Folding: the marks go into Hash but not into the folded word, whose hash is Hash's until the word's first mark
        // (the two are the same before it), nor into Chars (the folded word's char n-grams). Marks before any other char
        // of the word stay in Chars until one comes, so a word of marks alone reads as unfolded; at the word's first
        // other char they are dropped from Chars (they may have filled it).
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            char c = utf16[i];
            if (IsFoldedDiacritic(c) || (_foldAbjadMarks && (uint)(c - AbjadFirst) <= AbjadLast - AbjadFirst && IsAbjadMark(c)))
            {
                if (!_hadDiacritics)
                {
                    _hadDiacritics = true;
                    _foldedHash = hash;
                }

                hash = StableHash.Add(hash, c);
                if (_wordChars == 0)
                {
                    utf16[kept++] = c;
                }

                continue;
            }

            if (_wordChars == 0 && _hadDiacritics)
            {
                // The word's first char besides its leading marks: Chars so far held those marks alone.
                _length = 0;
                _bufferFull = false;
                kept = 0;
            }

            hash = StableHash.Add(hash, c);
            if (_hadDiacritics)
            {
                _foldedHash = StableHash.Add(_foldedHash, c);
            }

            _wordChars++;
            utf16[kept++] = c;
        }

        AppendToBuffer(utf16[..kept]);
        return hash;
    }

    // Appends the chars to Chars whole, or (once they do not fit) none of them nor any after: Chars stays a prefix of
    // the token.
    private void AppendToBuffer(scoped ReadOnlySpan<char> chars)
    {
        if (!_bufferFull && _length + chars.Length <= TokenBuffer.Capacity)
        {
            chars.CopyTo(((Span<char>)_buffer)[_length..]);
            _length += chars.Length;
        }
        else
        {
            _bufferFull = true;
        }
    }

    // The combining diacritical marks of Latin, Greek and Cyrillic letters (the blocks canonical decomposition puts
    // their accents in: U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF, U+FE20–FE2F), not the vowel signs and points of other
    // scripts, which spell their words. Ordered so that most chars (Cyrillic, CJK) leave after two or three comparisons.
    private static bool IsFoldedDiacritic(char c) =>
        c < 0x1AB0 ? (uint)(c - 0x0300) <= 0x036F - 0x0300
        : c < 0x1DC0 ? c <= 0x1AFF
        : c <= 0x1DFF || (uint)(c - 0xFE20) <= 0xFE2F - 0xFE20;

    // With FoldAbjadMarks, for a char from AbjadFirst to AbjadLast (the caller compares): whether it is one of the
    // optional marks of Arabic and Hebrew or the tatweel (AbjadMarks). Out of line, so the loop that folds Latin,
    // Greek and Cyrillic accents stays as small as it was (inlined, the bit test made every non-ASCII script 3–6 %
    // slower, the settings off or on).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsAbjadMark(char c) => (AbjadMarks[(c - AbjadFirst) >> 6] & (1UL << (c - AbjadFirst))) != 0;

    // The chars a Hangul syllable can start from: the leading jamo (U+1100–1112) and the precomposed syllables
    // (U+AC00–D7A3, an LV one taking a trailing jamo). Two ranges, so CJK ideographs and kana between them leave after
    // the comparisons (one range over both had made Chinese and Japanese 3–4 % slower: review 40b).
    private const char HangulFirst = '\u1100';
    private const char LeadLast = '\u1112';
    private const char SyllableFirst = '\uAC00';
    private const char HangulLast = '\uD7A3';

    // The jamo that can follow in a syllable: the vowels (U+1161 on) to the last trailing consonant.
    private const char JamoVowelFirst = '\u1161';
    private const char JamoTrailLast = '\u11C2';

    // The enclosed letters of the BMP (Ⓐ–Ⓩ, ⓐ–ⓩ), and the high surrogate of U+1F130–1F189 (squared and negative ones).
    private const char EnclosedFirst = '\u24B6';
    private const char EnclosedLast = '\u24E9';
    private const char EnclosedHighSurrogate = '\uD83C';

    // The chars a voicing mark can compose onto lie up to the end of katakana or from the half-width katakana on
    // (CompatibilityFold.ComposeKana tells which).
    private const char KatakanaLast = '\u30FF';
    private const char HalfWidthKanaFirst = '\uFF66';

    private const char AbjadFirst = '\u0591';
    private const char AbjadLast = '\u08FF';

    // The marks HashedNGramOptions.FoldAbjadMarks folds, one bit per char from AbjadFirst: Hebrew points and cantillation
    // (not the maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3 and nun hafukha U+05C6, which are punctuation and a letter),
    // Arabic harakat, Quranic annotation signs and the tatweel (U+0640, which only stretches a word).
    private static readonly ulong[] AbjadMarks = BitsOf(
        [
            (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5), (0x05C7, 0x05C7),
            (0x0610, 0x061A), (0x0640, 0x0640), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC), (0x06DF, 0x06E4),
            (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x08D3, 0x08E1), (0x08E3, 0x08FF),
        ]);

    private static ulong[] BitsOf(ReadOnlySpan<(int First, int Last)> ranges)
    {
        ulong[] bits = new ulong[((AbjadLast - AbjadFirst) >> 6) + 1];
        foreach ((int first, int last) in ranges)
        {
            for (int c = first; c <= last; c++)
            {
                bits[(c - AbjadFirst) >> 6] |= 1UL << (c - AbjadFirst);
            }
        }

        return bits;
    }
}
