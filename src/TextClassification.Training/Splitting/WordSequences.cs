using System.Buffers;
using System.Runtime.CompilerServices;

namespace TextClassification.Training.Splitting;

/// <summary>
/// The texts of a training set as sequences of 32-bit word hashes (words: runs of non-white-space, lower-cased), with a
/// 64-bit polynomial hash of every text and of its first <see cref="ContainedTexts.MinWords"/> words (its opening), and a
/// bit filter over the openings. Holds pooled buffers: dispose it.
/// </summary>
internal sealed class WordSequences : IDisposable
{
    // Odd multiplier of the polynomial hash over word hashes (mod 2^64).
    private const ulong Base = 0x9E3779B97F4A7C15UL;

    // log2 of the bits of the opening filter (2^22 bits, 512 KB).
    private const int OpeningBits = 22;

    private readonly int[] _offsets;
    private readonly ulong[] _wholeHashes;
    private readonly ulong[] _openingHashes;
    private readonly ulong[] _openingFilter = new ulong[1 << (OpeningBits - 6)];
    private ulong[] _powers = [1];
    private uint[] _words = [];
    private ulong[] _prefix = ArrayPool<ulong>.Shared.Rent(64);

    /// <summary>Reads every text once (null counts as empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public WordSequences(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        int count = texts.Count;
        _offsets = new int[count + 1];
        _wholeHashes = new ulong[count];
        _openingHashes = new ulong[count];
        // Locals in the loop (fields passed by reference would be read from memory on every word).
        uint[] wordHashes = ArrayPool<uint>.Shared.Rent(1024);
        ulong[] filter = _openingFilter;
        char[] lower = ArrayPool<char>.Shared.Rent(256);
        int openings = 0;
        try
        {
            int used = 0;
            for (int i = 0; i < count; i++)
            {
                if ((i & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                int start = used;
                used = AppendWordHashes(texts[i], ref lower, ref wordHashes, used);
                _offsets[i + 1] = used;
                ReadOnlySpan<uint> words = wordHashes.AsSpan(start, used - start);
                ulong hash = 0;
                for (int k = 0; k < words.Length; k++)
                {
                    hash = unchecked((hash * Base) + words[k]);
                    if (k + 1 == ContainedTexts.MinWords)
                    {
                        _openingHashes[i] = hash;
                        openings++;
                        int slot = (int)(hash >> (64 - OpeningBits));
                        filter[slot >> 6] |= 1UL << slot;
                    }
                }

                _wholeHashes[i] = hash;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
            _words = wordHashes;
        }

        Openings = openings;
        Power(ContainedTexts.MinWords);
    }

    /// <summary>The number of texts.</summary>
    public int Count => _wholeHashes.Length;

    /// <summary>The number of texts of <see cref="ContainedTexts.MinWords"/> words or more (each has an opening).</summary>
    public int Openings { get; }

    /// <summary>The word hashes of text <paramref name="text"/>.</summary>
    public ReadOnlySpan<uint> Words(int text) => _words.AsSpan(_offsets[text], _offsets[text + 1] - _offsets[text]);

    /// <summary>The number of words of text <paramref name="text"/>.</summary>
    public int Length(int text) => _offsets[text + 1] - _offsets[text];

    /// <summary>The hash of text <paramref name="text"/>'s whole word sequence.</summary>
    public ulong WholeHash(int text) => _wholeHashes[text];

    /// <summary>The hash of text <paramref name="text"/>'s first <see cref="ContainedTexts.MinWords"/> words (0 for a
    /// shorter text).</summary>
    public ulong OpeningHash(int text) => _openingHashes[text];

    /// <summary>False when no text opens with the words whose hash is <paramref name="opening"/>; true when one may.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayOpen(ulong opening)
    {
        int slot = (int)(opening >> (64 - OpeningBits));
        return (_openingFilter[slot >> 6] & (1UL << slot)) != 0;
    }

    /// <summary>Makes <paramref name="text"/> the current text of <see cref="Window"/>.</summary>
    public void Select(int text)
    {
        ReadOnlySpan<uint> words = Words(text);
        if (_prefix.Length <= words.Length)
        {
            ArrayPool<ulong>.Shared.Return(_prefix);
            _prefix = ArrayPool<ulong>.Shared.Rent(words.Length + 1);
        }

        _prefix[0] = 0;
        for (int k = 0; k < words.Length; k++)
        {
            _prefix[k + 1] = unchecked((_prefix[k] * Base) + words[k]);
        }
    }

    /// <summary>The hash of <paramref name="length"/> words of the selected text from word <paramref name="start"/>, in
    /// the form <see cref="WholeHash"/> and <see cref="OpeningHash"/> take.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Window(int start, int length) => unchecked(_prefix[start + length] - (_prefix[start] * Power(length)));

    /// <inheritdoc/>
    public void Dispose()
    {
        ArrayPool<uint>.Shared.Return(_words);
        ArrayPool<ulong>.Shared.Return(_prefix);
        _words = [];
        _prefix = [];
    }

    /// <summary><c>Base^length</c> (mod 2^64), from a table grown as needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Power(int length) => length < _powers.Length ? _powers[length] : GrowPowers(length);

    /// <summary>Grows the table of powers to hold <c>Base^length</c> and returns it.</summary>
    private ulong GrowPowers(int length)
    {
        int old = _powers.Length;
        Array.Resize(ref _powers, Math.Max(length + 1, old * 2));
        for (int k = old; k < _powers.Length; k++)
        {
            _powers[k] = unchecked(_powers[k - 1] * Base);
        }

        return _powers[length];
    }

    /// <summary>Appends a 32-bit hash of each of <paramref name="text"/>'s words (lower-cased) to
    /// <paramref name="wordHashes"/> from index <paramref name="used"/> (both pooled buffers grow as needed) and returns
    /// the new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AppendWordHashes(string? text, ref char[] lower, ref uint[] wordHashes, int used)
    {
        ReadOnlySpan<char> original = text;
        if (original.Length > lower.Length)
        {
            ArrayPool<char>.Shared.Return(lower);
            lower = ArrayPool<char>.Shared.Rent(original.Length);
        }

        // Lower-cased in one vectorised pass, then each word found by a scan and hashed as it is scanned.
        int length = original.ToLowerInvariant(lower);
        ReadOnlySpan<char> chars = lower.AsSpan(0, length);
        int i = 0;
        while (true)
        {
            while (i < chars.Length && IsWhiteSpace(chars[i]))
            {
                i++;
            }

            if (i == chars.Length)
            {
                return used;
            }

            // A multiplicative hash of the word's characters, one multiply each, mixed at the end.
            ulong hash = 0x9AE16A3B2F90404FUL;
            while (i < chars.Length && !IsWhiteSpace(chars[i]))
            {
                hash = unchecked((hash + chars[i]) * 0x87C37B91114253D5UL);
                i++;
            }

            if (used == wordHashes.Length)
            {
                uint[] larger = ArrayPool<uint>.Shared.Rent(wordHashes.Length * 2);
                wordHashes.AsSpan(0, used).CopyTo(larger);
                ArrayPool<uint>.Shared.Return(wordHashes);
                wordHashes = larger;
            }

            hash ^= hash >> 29;
            wordHashes[used++] = (uint)(hash ^ (hash >> 32));
        }
    }

    /// <summary><see cref="char.IsWhiteSpace(char)"/>, answered without a call for the printable ASCII characters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhiteSpace(char c) => (c <= ' ' || c >= '\u007F') && char.IsWhiteSpace(c);
}
