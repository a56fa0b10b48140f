using System.Buffers;
using System.Text;

namespace TextClassification.Tokenization;

/// <summary>
/// Turns text into hashed feature ids (buckets): one per token, one per word n-gram up to
/// <see cref="HashedNGramOptions.WordNGrams"/>, optionally skip-bigrams (<see cref="HashedNGramOptions.SkipBigrams"/>),
/// char n-grams of each word and a feature for each word's letter case (<see cref="HashedNGramOptions.CaseShapes"/>) —
/// the input side of a fastText-style model.
/// Allocation-free; thread-safe (no mutable state).
/// </summary>
public sealed class HashedNGramFeaturizer
{
    private const uint CharNGramSeed = 0x9747B28C;
    private const uint SkipBigramMark = 0x5C1F5C1F;
    private const uint UnspacedRunSeed = 0x2B0E5A17;
    private const int MaxCharNGramsPerWord = 24;
    private const int MaxCharNGramLength = 8; // HashedNGramOptions.Validate's bound on CharNGramMax

    // Tokens past MaxTokens that the start of a text read for markup must hold (Scanned).
    private const int MarkupTokenMargin = 16;

    private readonly HashedNGramOptions _options;
    private readonly bool _vectorized;
    private readonly int _perToken;
    private readonly bool _fold;
    private readonly bool _foldCompatibility;
    private readonly int _capitalsBucket;
    private readonly int _capitalizedBucket;

    /// <summary>Creates a featurizer; <paramref name="options"/> are validated.</summary>
    /// <param name="options">The tokenizer and hashing settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of
    /// range.</exception>
    public HashedNGramFeaturizer(HashedNGramOptions options)
        : this(options, vectorized: true)
    {
    }

    /// <summary>Creates a featurizer that uses the scalar reference scanner when <paramref name="vectorized"/> is false.</summary>
    internal HashedNGramFeaturizer(HashedNGramOptions options, bool vectorized)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _vectorized = vectorized;
        _capitalsBucket = StableHash.ToBucket(WordShape.Hash(WordShape.Capitals), options.Buckets);
        _capitalizedBucket = StableHash.ToBucket(WordShape.Hash(WordShape.Capitalized), options.Buckets);
        _fold = options.FoldDiacritics && options.NormalizeAccents;
        _foldCompatibility = options.FoldCompatibilityForms && options.NormalizeAccents;
        _perToken = options.WordNGrams + (options.SkipBigrams ? 1 : 0) + (options.UsesCharNGrams ? MaxCharNGramsPerWord : 0) + (options.CaseShapes ? 1 : 0) + (_fold ? 1 : 0);
        MaxFeatures = options.MaxTokens * _perToken;
    }

    /// <summary>The settings.</summary>
    public HashedNGramOptions Options => _options;

    /// <summary>Size of a buffer that always holds every feature of one text.</summary>
    public int MaxFeatures { get; }

    /// <summary>Size of a buffer that always holds every feature of a text of <paramref name="length"/> chars (a token
    /// takes at least one char): at most <see cref="MaxFeatures"/>, and far less for a short text, so a call rents
    /// what its text needs rather than what the longest text would.</summary>
    /// <param name="length">The text's length in chars.</param>
    /// <returns>The buffer size, in features.</returns>
    public int MaxFeaturesFor(int length) => (int)Math.Min(MaxFeatures, ((long)Math.Max(length, 0) + 1) * _perToken);

    /// <summary>
    /// Whether <paramref name="text"/> has more than <see cref="HashedNGramOptions.MaxTokens"/> tokens, so that
    /// <see cref="Extract"/> reads only its first <see cref="HashedNGramOptions.MaxTokens"/>. Every token takes at least
    /// one char, so a text no longer than that many chars is answered without scanning it.
    /// </summary>
    /// <param name="text">The text to check.</param>
    /// <returns>True when the text has more tokens than <see cref="Extract"/> reads.</returns>
    public bool ExceedsMaxTokens(ReadOnlySpan<char> text)
    {
        if (text.Length <= _options.MaxTokens)
        {
            return false;
        }

        using ScannedText scanned = Scanned(text);
        return HasMoreTokens(scanned.Text, _options.MaxTokens);
    }

    // Whether the text has more than `max` tokens.
    private bool HasMoreTokens(ReadOnlySpan<char> text, int max)
    {
        var scanner = new TextScanner(text, _options.Lowercase, _vectorized, _options.SplitUnspacedScripts, _options.NormalizeAccents, _options.SymbolSuffixes, foldWidth: _options.FoldWidth, composeHangul: _options.ComposeHangul, foldCompatibility: _options.FoldCompatibilityForms, skipFormatChars: _options.SkipFormatChars, foldConfusables: _options.FoldConfusables, joinLetters: _options.JoinSpacedLetters);
        int tokens = 0;
        while (scanner.MoveNext())
        {
            if (++tokens > max)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes the feature buckets of <paramref name="text"/> into <paramref name="features"/> and returns how many
    /// were written. Stops at <see cref="HashedNGramOptions.MaxTokens"/> tokens or when the buffer is full.
    /// </summary>
    /// <param name="text">The text to featurize.</param>
    /// <param name="features">Receives the bucket ids; <see cref="MaxFeatures"/> long to hold them all.</param>
    /// <returns>How many entries of <paramref name="features"/> were written.</returns>
    public int Extract(ReadOnlySpan<char> text, Span<int> features)
    {
        using ScannedText scanned = Scanned(text);
        return ExtractCore(scanned.Text, features);
    }

    // The text as the scanner reads it: with StripMarkup and a '<' or '&' in it, its markup read into a rented buffer.
    // Only the start of a long text is read, growing fourfold until it holds more than MaxTokens tokens (and a margin):
    // the scanner reads no further, and a text of megabytes had been read whole into a buffer of its size, which the
    // pool then kept. The start read is exactly the start of the whole reading (MarkupReader.Read looks at the whole
    // text), so the features are the same.
    private ScannedText Scanned(ReadOnlySpan<char> text)
    {
        if (!_options.StripMarkup || !MarkupReader.MayHaveMarkup(text))
        {
            return new ScannedText(text, null);
        }

        int limit = Math.Clamp(MarkupPrefixChars, 1, text.Length);
        while (true)
        {
            char[] rented = ArrayPool<char>.Shared.Rent(limit);
            int written = MarkupReader.Read(text, rented.AsSpan(0, limit), out bool complete);
            if (complete || CountsPastMaxTokens(rented.AsSpan(0, written)))
            {
                return new ScannedText(rented.AsSpan(0, written), rented);
            }

            ArrayPool<char>.Shared.Return(rented);
            limit = (int)Math.Min(text.Length, limit * 4L);
        }
    }

    /// <summary>Chars of a text with markup read at first (<see cref="Scanned"/>); tests set it low.</summary>
    internal int MarkupPrefixChars { get; init; } = 1 << 20;

    // Whether the start of a read text holds more tokens than Extract reads, with a margin so the last token read is
    // whole and followed by others.
    private bool CountsPastMaxTokens(ReadOnlySpan<char> start) => HasMoreTokens(start, _options.MaxTokens + MarkupTokenMargin);

    // A text to scan and the pooled buffer that holds it, if any, returned on Dispose.
    private readonly ref struct ScannedText(ReadOnlySpan<char> text, char[]? rented)
    {
        public ReadOnlySpan<char> Text { get; } = text;

        public void Dispose()
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private int ExtractCore(ReadOnlySpan<char> text, Span<int> features)
    {
        var scanner = new TextScanner(text, _options.Lowercase, _vectorized, _options.SplitUnspacedScripts, _options.NormalizeAccents, _options.SymbolSuffixes, _fold, _options.FoldWidth, _options.FoldAbjadMarks, _options.ComposeHangul, _options.FoldCompatibilityForms, _options.SkipFormatChars, _options.FoldConfusables, _options.JoinSpacedLetters);
        int maxN = _options.WordNGrams;
        int buckets = _options.Buckets;
        Span<uint> history = stackalloc uint[5];
        int count = 0;
        int tokens = 0;
        bool firstWord = true;
        uint oneBack = 0;
        uint twoBack = 0;
        bool runNGrams = _options.UnspacedRunNGrams && _options.UsesCharNGrams;
        Span<uint> run = stackalloc uint[MaxCharNGramLength];
        int runLength = 0;
        int runEnd = -1;
        while (tokens < _options.MaxTokens && count < features.Length && scanner.MoveNext())
        {
            // Folded, the word without its accents stands for it (in n-grams too), and the word as written follows.
            uint hash = scanner.FoldedHash;
            history[tokens % maxN] = hash;
            tokens++;
            features[count++] = StableHash.ToBucket(hash, buckets);
            if (_fold && scanner.Folded && count < features.Length)
            {
                features[count++] = StableHash.ToBucket(scanner.Hash, buckets);
            }

            // Word n-grams ending at this token: combine from the oldest token forward.
            for (int n = 2; n <= maxN && n <= tokens && count < features.Length; n++)
            {
                uint gram = history[(tokens - n) % maxN];
                for (int j = tokens - n + 1; j < tokens; j++)
                {
                    gram = StableHash.Combine(gram, history[j % maxN]);
                }

                features[count++] = StableHash.ToBucket(gram, buckets);
            }

            // The skip-bigram of the token two back and this one (the token between them left out).
            if (_options.SkipBigrams && tokens >= 3 && count < features.Length)
            {
                features[count++] = StableHash.ToBucket(StableHash.Combine(twoBack ^ SkipBigramMark, hash), buckets);
            }

            twoBack = oneBack;
            oneBack = hash;

            if (_options.UsesCharNGrams && scanner.Kind == CharKind.Word)
            {
                count += ExtractCharNGrams(scanner.Chars, features[count..]);
            }
            else if (runNGrams && IsUnspacedChar(text, scanner.Start))
            {
                // A char of a run written without spaces: the n-grams of the run's chars ending at it (at most
                // CharNGramMax - CharNGramMin + 1, fewer than a word's char n-grams, so MaxFeatures holds).
                runLength = scanner.Start == runEnd ? runLength + 1 : 1;
                runEnd = scanner.Start + scanner.Length;
                run[(runLength - 1) % MaxCharNGramLength] = hash;
                // From 2: the char itself is the token's own feature.
                for (int n = Math.Max(2, _options.CharNGramMin); n <= _options.CharNGramMax && n <= runLength && count < features.Length; n++)
                {
                    uint gram = UnspacedRunSeed;
                    for (int j = runLength - n; j < runLength; j++)
                    {
                        gram = StableHash.Combine(gram, run[j % MaxCharNGramLength]);
                    }

                    features[count++] = StableHash.ToBucket(gram, buckets);
                }
            }

            if (_options.CaseShapes && scanner.Kind == CharKind.Word)
            {
                char shape = WordShape.Of(text.Slice(scanner.Start, scanner.Length), firstWord, _foldCompatibility);
                if (shape != WordShape.None && count < features.Length)
                {
                    features[count++] = shape == WordShape.Capitals ? _capitalsBucket : _capitalizedBucket;
                }

                firstWord = false;
            }
        }

        return count;
    }

    // The char n-grams of the padded word "<word>", CharNGramMin to CharNGramMax chars, grouped by length (all the
    // shortest first, each group in order of position), at most MaxCharNGramsPerWord of them. FNV-1a is a left fold, so
    // the hash of an n-gram extends to the next length with one more char: each start position is hashed once across
    // all lengths and every n-gram is written to its slot in the grouped order. ExtractCharNGramsReference, which hashes
    // every n-gram from scratch, is the definition; a property test checks that both write the same buckets.
    internal int ExtractCharNGrams(ReadOnlySpan<char> word, Span<int> features)
    {
        Span<char> padded = stackalloc char[TokenBuffer.Capacity + 2];
        int length = Pad(word, padded);
        padded = padded[..length];

        int min = _options.CharNGramMin;
        int max = _options.CharNGramMax;
        // The whole padded word is the unigram's job, so n-grams are shorter than it.
        int longest = Math.Min(max, length - 1);
        if (longest < min)
        {
            return 0;
        }

        int limit = Math.Min(features.Length, MaxCharNGramsPerWord);
        // Where each length's group starts in the grouped order (index n - min), and how many fit under the limit.
        Span<int> groupStart = stackalloc int[MaxCharNGramLength + 1];
        int total = 0;
        for (int n = min; n <= longest; n++)
        {
            groupStart[n - min] = total;
            total += length - n + 1;
        }

        total = Math.Min(total, limit);
        int buckets = _options.Buckets;
        for (int start = 0; start + min <= length; start++)
        {
            uint hash = CharNGramSeed;
            for (int k = start; k < start + min - 1; k++)
            {
                hash = StableHash.Add(hash, padded[k]);
            }

            for (int n = min; n <= longest && start + n <= length; n++)
            {
                hash = StableHash.Add(hash, padded[start + n - 1]);
                int slot = groupStart[n - min] + start;
                if (slot >= total)
                {
                    // Later lengths' slots for this start lie further on.
                    break;
                }

                features[slot] = StableHash.ToBucket(StableHash.Finish(hash), buckets);
            }
        }

        return total;
    }

    /// <summary>The reference of the char n-grams of one word: every n-gram hashed from scratch, in the grouped order.</summary>
    internal int ExtractCharNGramsReference(ReadOnlySpan<char> word, Span<int> features)
    {
        Span<char> padded = stackalloc char[TokenBuffer.Capacity + 2];
        padded = padded[..Pad(word, padded)];

        int count = 0;
        int limit = Math.Min(features.Length, MaxCharNGramsPerWord);
        for (int n = _options.CharNGramMin; n <= _options.CharNGramMax; n++)
        {
            // The whole padded word is the unigram's job.
            for (int start = 0; start + n <= padded.Length && n < padded.Length; start++)
            {
                if (count == limit)
                {
                    return count;
                }

                uint hash = StableHash.Hash(padded.Slice(start, n), CharNGramSeed);
                features[count++] = StableHash.ToBucket(hash, _options.Buckets);
            }
        }

        return count;
    }

    // Writes "<word>" into padded and returns its length.
    private static int Pad(ReadOnlySpan<char> word, Span<char> padded)
    {
        padded[0] = '<';
        word.CopyTo(padded[1..]);
        padded[word.Length + 1] = '>';
        return word.Length + 2;
    }

    // Whether the token at `start` is a char of a script written without spaces: a CJK ideograph, or a letter or mark
    // of Thai, Lao, Myanmar, Khmer or kana (a token of its own under SplitUnspacedScripts).
    private static bool IsUnspacedChar(ReadOnlySpan<char> text, int start)
    {
        if (Rune.DecodeFromUtf16(text[start..], out Rune rune, out _) != System.Buffers.OperationStatus.Done || rune.IsAscii)
        {
            return false;
        }

        return CharClassifier.IsCjkIdeograph(rune.Value) || (CharClassifier.IsUnspacedScript(rune.Value) && CharClassifier.Classify(rune) == CharKind.Word);
    }
}
