using System.Buffers;
using System.Globalization;
using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// One pass over a text doing Hugging Face's BertNormalizer (clean-up, CJK spacing, NFD accent stripping,
/// lower-casing), BertPreTokenizer (white space and punctuation splits) and WordPiece (greedy longest match) at once,
/// writing ids and offsets into a <see cref="TokenSink"/>. Two paths, one result: the vectorized path takes runs of
/// ASCII with <see cref="SearchValues{T}"/> scans and <see cref="Ascii.ToLower(ReadOnlySpan{char}, Span{char}, out int)"/>
/// and hands any word that touches a non-ASCII or control char to the scalar reference, which treats every code
/// point through <see cref="BertCharClassifier"/> and <see cref="CanonicalDecomposition"/>.
/// </summary>
internal ref struct WordPieceScanner
{
    private static readonly SearchValues<char> AsciiWhitespace = SearchValues.Create(" \t\n\r");

    // IndexOfAnyExceptInRange('\0', '\u007F') would do, but it allocates (96 B a call on .NET 10.0): a set does not.
    private static readonly SearchValues<char> AllAscii = SearchValues.Create(CreateAllAscii());

    private static readonly SearchValues<char> AsciiLettersAndDigits = SearchValues.Create(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly WordPieceModel _model;
    private readonly ReadOnlySpan<char> _text;

    // The current word, normalized: its chars and, per char, the original range of the code point it came from.
    private readonly Span<char> _word;
    private readonly Span<int> _sourceStart;
    private readonly Span<int> _sourceEnd;
    private readonly WordPieceBuffers _pieces;
    private TokenSink _sink;
    private int _wordLength;
    private int _wordRunes;
    private int _wordStart;
    private int _wordEnd;

    public WordPieceScanner(WordPieceModel model, ReadOnlySpan<char> text, Span<char> word, Span<int> sourceStart,
        Span<int> sourceEnd, WordPieceBuffers pieces, TokenSink sink)
    {
        _sink = sink;
        _model = model;
        _text = text;
        _word = word;
        _sourceStart = sourceStart;
        _sourceEnd = sourceEnd;
        _pieces = pieces;
        _wordStart = -1;
    }

    /// <summary>Tokenizes the whole text into the sink, stopping early once it is full; returns the token count.</summary>
    public int Run(bool vectorized)
    {
        // The ASCII fast path encodes clean-up's rules for C0 controls; without clean-up the scalar path decides.
        vectorized &= _model.CleanText;
        int position = 0;
        while (position < _text.Length && !_sink.IsDone)
        {
            if (vectorized && _wordStart < 0)
            {
                position = ScanAscii(position);
                if (position >= _text.Length || _sink.IsDone)
                {
                    break;
                }
            }

            position = StepScalar(position);
        }

        FlushWord();
        return _sink.Count;
    }

    // Handles the ASCII run starting at position while no word is pending; returns where the scalar path must take
    // over: a non-ASCII char, or the start of a word that goes on into one (or into a control char, which clean-up
    // removes without ending the word).
    private int ScanAscii(int position)
    {
        ReadOnlySpan<char> text = _text;
        int asciiEnd = text[position..].IndexOfAnyExcept(AllAscii);
        asciiEnd = asciiEnd < 0 ? text.Length : position + asciiEnd;
        while (position < asciiEnd && !_sink.IsDone)
        {
            char c = text[position];
            switch (BertCharClassifier.ClassifyAscii(c))
            {
                case BertCharKind.Whitespace:
                    int skip = text[position..asciiEnd].IndexOfAnyExcept(AsciiWhitespace);
                    position = skip < 0 ? asciiEnd : position + skip;
                    break;
                case BertCharKind.Control:
                    position++;
                    break;
                case BertCharKind.Punctuation:
                    if (_model.StartsSpecial(c) &&
                        _model.TryMatchSpecial(text[position..], out int specialId, out int specialLength))
                    {
                        _sink.Add(specialId, position, position + specialLength);
                        position += specialLength;
                        break;
                    }

                    _sink.Add(_model.AsciiIds[c], position, position + 1);
                    position++;
                    break;
                default:
                    int run = text[position..asciiEnd].IndexOfAnyExcept(AsciiLettersAndDigits);
                    int end = run < 0 ? asciiEnd : position + run;
                    if (end < text.Length && (end == asciiEnd || text[end] < ' ' || text[end] == '\u007F') &&
                        !AsciiWhitespace.Contains(text[end]))
                    {
                        return position;
                    }

                    EmitAsciiWord(position, end);
                    position = end;
                    break;
            }
        }

        return position;
    }

    private void EmitAsciiWord(int start, int end)
    {
        int length = end - start;
        if (length > _model.MaxInputCharsPerWord)
        {
            _sink.Add(_model.UnknownId, start, end);
            return;
        }

        ReadOnlySpan<char> source = _text[start..end];
        if (_model.Lowercase)
        {
            Ascii.ToLower(source, _word, out _);
        }
        else
        {
            source.CopyTo(_word);
        }

        WordPiece(_word[..length], start, mapped: false);
    }

    // The scalar reference: one code point of the original text.
    private int StepScalar(int position)
    {
        ReadOnlySpan<char> text = _text;
        char c = text[position];
        Rune rune;
        int width = 1;
        if (char.IsAscii(c))
        {
            rune = new Rune(c);
        }
        else if (char.IsHighSurrogate(c) && position + 1 < text.Length && char.IsLowSurrogate(text[position + 1]))
        {
            rune = new Rune(c, text[position + 1]);
            width = 2;
        }
        else if (char.IsSurrogate(c))
        {
            // A lone surrogate is not Unicode text (Hugging Face cannot even receive one): read it as U+FFFD, the
            // replacement a UTF-16 decoder makes, which clean-up then removes.
            rune = Rune.ReplacementChar;
        }
        else
        {
            rune = new Rune(c);
        }

        int next = position + width;
        if (_model.StartsSpecial(c) &&
            _model.TryMatchSpecial(text[position..], out int specialId, out int specialLength))
        {
            FlushWord();
            _sink.Add(specialId, position, position + specialLength);
            return position + specialLength;
        }

        BertCharKind kind = BertCharClassifier.Classify(rune);
        if (kind == BertCharKind.Control)
        {
            if (_model.CleanText)
            {
                return next;
            }

            kind = BertCharClassifier.IsWhitespace(rune.Value) ? BertCharKind.Whitespace : BertCharKind.Word;
        }

        if (kind == BertCharKind.Whitespace)
        {
            FlushWord();
            return next;
        }

        if (_model.HandleChineseCharacters && BertCharClassifier.IsChinese(rune.Value))
        {
            // handle_chinese_chars puts spaces around the ideograph before any other step.
            FlushWord();
            AppendNormalized(rune, position, next);
            FlushWord();
            return next;
        }

        AppendNormalized(rune, position, next);
        return next;
    }

    // strip_accents (NFD, drop Mn), then lowercase, then the pre-tokenizer's split on the normalized code points.
    private void AppendNormalized(Rune rune, int start, int end)
    {
        if (rune.IsAscii)
        {
            char c = (char)rune.Value;
            AppendClassified(new Rune(_model.Lowercase ? char.ToLowerInvariant(c) : c), start, end);
            return;
        }

        Span<char> decomposed = stackalloc char[CanonicalDecomposition.MaxLength];
        int count = _model.StripAccents ? CanonicalDecomposition.Decompose(rune, decomposed) : rune.EncodeToUtf16(decomposed);
        int index = 0;
        while (index < count)
        {
            Rune.DecodeFromUtf16(decomposed[index..count], out Rune part, out int consumed);
            index += consumed;
            if (_model.StripAccents && BertCharClassifier.IsNonSpacingMark(part))
            {
                continue;
            }

            if (!_model.Lowercase)
            {
                AppendClassified(part, start, end);
            }
            else if (part.Value == 0x130)
            {
                // Rust's char::to_lowercase applies SpecialCasing: U+0130 becomes "i\u0307", not "i".
                AppendClassified(new Rune('i'), start, end);
                AppendClassified(new Rune('\u0307'), start, end);
            }
            else
            {
                AppendClassified(Rune.ToLowerInvariant(part), start, end);
            }
        }
    }

    private void AppendClassified(Rune rune, int start, int end)
    {
        switch (BertCharClassifier.Classify(rune))
        {
            case BertCharKind.Whitespace:
                FlushWord();
                break;
            case BertCharKind.Punctuation:
                FlushWord();
                AppendRune(rune, start, end);
                FlushWord();
                break;
            default:
                AppendRune(rune, start, end);
                break;
        }
    }

    private void AppendRune(Rune rune, int start, int end)
    {
        if (_wordStart < 0)
        {
            _wordStart = start;
        }

        _wordEnd = end;
        _wordRunes++;
        if (_wordRunes > _model.MaxInputCharsPerWord)
        {
            return; // [UNK] whatever follows: stop storing.
        }

        int written = rune.EncodeToUtf16(_word[_wordLength..]);
        for (int i = 0; i < written; i++)
        {
            _sourceStart[_wordLength + i] = start;
            _sourceEnd[_wordLength + i] = end;
        }

        _wordLength += written;
    }

    private void FlushWord()
    {
        if (_wordStart < 0)
        {
            return;
        }

        if (_wordRunes > _model.MaxInputCharsPerWord)
        {
            _sink.Add(_model.UnknownId, _wordStart, _wordEnd);
        }
        else
        {
            WordPiece(_word[.._wordLength], 0, mapped: true);
        }

        _wordStart = -1;
        _wordLength = 0;
        _wordRunes = 0;
    }

    // Greedy longest-match-first, as tokenizers/src/models/wordpiece/mod.rs `tokenize`: a word any part of which
    // matches nothing is a single [UNK]. Pieces go to scratch first, so a failing word never leaves partial output.
    private void WordPiece(ReadOnlySpan<char> word, int offsetBase, bool mapped)
    {
        Span<int> ids = _pieces.Ids;
        Span<int> ends = _pieces.Ends;
        Span<uint> hashes = _pieces.Hashes;
        int count = 0;
        int start = 0;
        while (start < word.Length)
        {
            SpanLookupTable table = start == 0 ? _model.Initial : _model.Continuation;
            int limit = Math.Min(word.Length, start + table.MaxKeyLength);
            uint hash = SpanLookupTable.Seed;
            for (int i = start; i < limit; i++)
            {
                hash = SpanLookupTable.Add(hash, word[i]);
                hashes[i - start] = hash;
            }

            int found = -1;
            int end = limit;
            for (; end > start; end--)
            {
                if (end < word.Length && char.IsLowSurrogate(word[end]) && char.IsHighSurrogate(word[end - 1]))
                {
                    continue; // never split a surrogate pair: Hugging Face steps back one code point at a time
                }

                if (table.TryGetId(word[start..end], hashes[end - start - 1], out found))
                {
                    break;
                }
            }

            if (found < 0)
            {
                _sink.Add(_model.UnknownId, WordStart(offsetBase, mapped), WordEnd(offsetBase, mapped, word.Length));
                return;
            }

            ids[count] = found;
            ends[count] = end;
            count++;
            start = end;
        }

        int pieceStart = 0;
        for (int i = 0; i < count; i++)
        {
            int pieceEnd = ends[i];
            if (mapped)
            {
                _sink.Add(ids[i], _sourceStart[pieceStart], _sourceEnd[pieceEnd - 1]);
            }
            else
            {
                _sink.Add(ids[i], offsetBase + pieceStart, offsetBase + pieceEnd);
            }

            pieceStart = pieceEnd;
        }
    }

    private static string CreateAllAscii()
    {
        var chars = new char[128];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)i;
        }

        return new string(chars);
    }

    private readonly int WordStart(int offsetBase, bool mapped) => mapped ? _wordStart : offsetBase;

    private readonly int WordEnd(int offsetBase, bool mapped, int length) => mapped ? _wordEnd : offsetBase + length;
}

/// <summary>Scratch for one word's pieces (ids, end positions, prefix hashes), each <see cref="WordPieceModel.WordCapacity"/> long.</summary>
internal readonly ref struct WordPieceBuffers(Span<int> ids, Span<int> ends, Span<uint> hashes)
{
    public Span<int> Ids { get; } = ids;

    public Span<int> Ends { get; } = ends;

    public Span<uint> Hashes { get; } = hashes;
}
