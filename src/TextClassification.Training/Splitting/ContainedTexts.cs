using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TextClassification.Training.Splitting;

/// <summary>
/// Groups training rows whose texts overlap: copies of a text (<see cref="DuplicateTexts"/>) and texts found whole inside
/// a longer text, so a validation split can keep each group on one side.
/// </summary>
/// <remarks>
/// Some datasets hold pieces of their own texts: SST-2's training rows are the phrases of its training sentences (84 %
/// of the phrases of six or more words are inside another row), ATIS and SNIPS hold short queries inside longer ones.
/// A validation phrase whose sentence was trained on rewards memorising, and a validation split of such data cannot see
/// that the test texts are new sentences. Words are runs of non-white-space characters compared ignoring case; a text
/// joins the group of every longer text that holds its words in order and next to each other, when it has at least
/// <see cref="MinWords"/> words (shorter pieces, such as "a great movie", occur in many unrelated texts and would chain
/// them into one group); texts of that length with the same words (differing only in case or white space) are copies.
/// Texts are matched by 64-bit hashes of their word sequences (deterministic, so the same rows give the same groups in
/// every process). The work grows with the number of words and of distinct piece lengths per opening, not with how many
/// texts share an opening, so templated data ("I would like to know about …" ten thousand times) stays linear.
/// </remarks>
public static class ContainedTexts
{
    /// <summary>The fewest words a text needs to join the group of a longer text that holds it.</summary>
    public const int MinWords = 6;

    /// <summary>The most longer texts a text may lie inside and still join their group. A text inside more is a common
    /// phrase or a template ("i need help with my account" at the end of a thousand messages), not a piece of one
    /// text, and joining them all would make one group of texts that have nothing else in common. (On the shared
    /// datasets a piece lies inside at most 27 texts: SST-2's phrases inside their sentence and its larger phrases.)
    /// </summary>
    public const int MaxContainers = 64;

    // Odd multiplier of the polynomial hash over word hashes (mod 2^64).
    private const ulong Base = 0x9E3779B97F4A7C15UL;

    // log2 of the bits of the opening filter (2^22 bits, 512 KB).
    private const int OpeningBits = 22;

    /// <summary>
    /// For each text, the index of the first row of its group: copies of a text (equal ignoring case) and texts of at
    /// least <see cref="MinWords"/> words inside a longer text share a leader; every other text is its own leader.
    /// <c>leaders[i] ≤ i</c> and a leader is its own leader, the form
    /// <see cref="StratifiedSplitter.Split(ReadOnlySpan{int}, int, double, int, ReadOnlySpan{int})"/> takes.
    /// </summary>
    /// <param name="texts">The texts; null entries count as empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    public static int[] Leaders(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Leaders(texts, DuplicateTexts.Leaders(texts), out _);
    }

    /// <summary>As <see cref="Leaders(IReadOnlyList{string})"/>, from the copies' leaders already found
    /// (<see cref="DuplicateTexts.Leaders"/> of the same texts; not changed); <paramref name="inside"/> counts the texts
    /// found inside a longer one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] Leaders(IReadOnlyList<string> texts, ReadOnlySpan<int> copyLeaders, out int inside)
    {
        inside = 0;
        int[] parent = copyLeaders.ToArray();
        int count = texts.Count;

        // Pass 1: every text's word hashes (kept for pass 2), word count and whole-sequence hash, and the hash of the
        // first MinWords words of each text that long: the key a longer text holding it meets where it starts.
        var offsets = new int[count + 1];
        var wholeHashes = new ulong[count];
        var openingHashes = new ulong[count];
        var openings = new ulong[1 << (OpeningBits - 6)];
        var powers = new ulong[MinWords + 1];
        powers[0] = 1;
        for (int k = 1; k < powers.Length; k++)
        {
            powers[k] = unchecked(powers[k - 1] * Base);
        }

        uint[] wordHashes = ArrayPool<uint>.Shared.Rent(1024);
        char[] lower = ArrayPool<char>.Shared.Rent(256);
        ulong[] prefix = ArrayPool<ulong>.Shared.Rent(64);
        try
        {
            int used = 0;
            int pieces = 0;
            for (int i = 0; i < count; i++)
            {
                used = AppendWordHashes(texts[i], ref lower, ref wordHashes, used);
                offsets[i + 1] = used;
                ReadOnlySpan<uint> words = wordHashes.AsSpan(offsets[i], used - offsets[i]);
                ulong hash = 0;
                for (int k = 0; k < words.Length; k++)
                {
                    hash = unchecked((hash * Base) + words[k]);
                    if (k + 1 == MinWords)
                    {
                        openingHashes[i] = hash;
                        pieces++;
                        int slot = (int)(hash >> (64 - OpeningBits));
                        openings[slot >> 6] |= 1UL << slot;
                    }
                }

                wholeHashes[i] = hash;
            }

            if (pieces == 0)
            {
                return parent;
            }

            // One representative per distinct word sequence of MinWords+ words (its copies join its group now), and per
            // opening the distinct lengths of the representatives that open with it, as a linked list of nodes.
            var representative = new int[count];
            var pieceOf = new HashIndex(pieces);
            var lengthsOf = new HashIndex(pieces);
            var nodeLength = new int[pieces];
            var nodeNext = new int[pieces];
            int nodes = 0;
            for (int i = 0; i < count; i++)
            {
                int length = offsets[i + 1] - offsets[i];
                representative[i] = -1;
                if (length < MinWords)
                {
                    continue;
                }

                ref int rep = ref pieceOf.Slot(wholeHashes[i], length, out bool known);
                if (known)
                {
                    representative[i] = rep;
                    Union(parent, i, rep);
                    continue;
                }

                rep = i;
                representative[i] = i;
                ref int head = ref lengthsOf.Slot(openingHashes[i], 0, out bool opened);
                int node = opened ? head : -1;
                while (node >= 0 && nodeLength[node] != length)
                {
                    node = nodeNext[node];
                }

                if (node < 0)
                {
                    nodeLength[nodes] = length;
                    nodeNext[nodes] = opened ? head : -1;
                    head = nodes++;
                }
            }

            // Pass 2: every window of MinWords words of a longer text whose hash opens some piece; for each length of
            // the pieces with that opening, the window of that length from there is a piece when its hash is one.
            // Pairs are collected and joined after, once each piece's containers are counted: a piece inside more
            // than MaxContainers texts is a common phrase and joins none.
            var containers = new int[count];
            var lastContainer = new int[count];
            lastContainer.AsSpan().Fill(-1);
            var found = new List<(int Piece, int Container)>();
            for (int container = 0; container < count; container++)
            {
                // Copies of a text hold what it holds and are in its group already: each word sequence is read once,
                // so a sentence copied a hundred times counts as one container of its phrases.
                ReadOnlySpan<uint> words = wordHashes.AsSpan(offsets[container], offsets[container + 1] - offsets[container]);
                if (words.Length <= MinWords || copyLeaders[container] != container || representative[container] != container)
                {
                    continue;
                }

                if (prefix.Length <= words.Length)
                {
                    ArrayPool<ulong>.Shared.Return(prefix);
                    prefix = ArrayPool<ulong>.Shared.Rent(words.Length + 1);
                }

                prefix[0] = 0;
                for (int k = 0; k < words.Length; k++)
                {
                    prefix[k + 1] = unchecked((prefix[k] * Base) + words[k]);
                }

                for (int start = 0; start + MinWords <= words.Length; start++)
                {
                    ulong opening = unchecked(prefix[start + MinWords] - (prefix[start] * powers[MinWords]));
                    int slot = (int)(opening >> (64 - OpeningBits));
                    if ((openings[slot >> 6] & (1UL << slot)) == 0)
                    {
                        continue;
                    }

                    for (int node = lengthsOf.Find(opening, 0); node >= 0; node = nodeNext[node])
                    {
                        int length = nodeLength[node];
                        if (length >= words.Length || start + length > words.Length)
                        {
                            continue;
                        }

                        ulong window = unchecked(prefix[start + length] - (prefix[start] * Power(ref powers, length)));
                        int piece = pieceOf.Find(window, length);
                        // A container reaches a piece once per place it holds it; each container counts once.
                        if (piece >= 0 && lastContainer[piece] != container)
                        {
                            lastContainer[piece] = container;
                            found.Add((piece, container));
                            containers[piece]++;
                        }
                    }
                }
            }

            foreach ((int piece, int container) in found)
            {
                if (containers[piece] <= MaxContainers)
                {
                    Union(parent, piece, container);
                }
            }

            for (int i = 0; i < count; i++)
            {
                int rep = representative[i];
                inside += rep >= 0 && containers[rep] > 0 && containers[rep] <= MaxContainers ? 1 : 0;
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(wordHashes);
            ArrayPool<char>.Shared.Return(lower);
            ArrayPool<ulong>.Shared.Return(prefix);
        }

        for (int i = 0; i < count; i++)
        {
            parent[i] = Find(parent, i);
        }

        return parent;
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

    /// <summary><c>Base^length</c> (mod 2^64), from a table grown as needed.</summary>
    private static ulong Power(ref ulong[] powers, int length)
    {
        if (length >= powers.Length)
        {
            int old = powers.Length;
            Array.Resize(ref powers, Math.Max(length + 1, old * 2));
            for (int k = old; k < powers.Length; k++)
            {
                powers[k] = unchecked(powers[k - 1] * Base);
            }
        }

        return powers[length];
    }

    /// <summary>Open addressing from a (hash, length) key to an index; keys are only added.</summary>
    private readonly struct HashIndex
    {
        private readonly ulong[] _keys;
        private readonly int[] _lengths;
        private readonly int[] _values;
        private readonly bool[] _used;
        private readonly int _shift;

        /// <summary>A table with room for <paramref name="capacity"/> keys at a load of at most ½.</summary>
        public HashIndex(int capacity)
        {
            int bits = Math.Max(4, BitOperations.Log2((uint)capacity) + 2);
            _keys = new ulong[1 << bits];
            _lengths = new int[1 << bits];
            _values = new int[1 << bits];
            _used = new bool[1 << bits];
            _shift = 64 - bits;
        }

        /// <summary>The value stored for the key, adding the key (value 0) when <paramref name="found"/> is false.</summary>
        public ref int Slot(ulong key, int length, out bool found)
        {
            int mask = _keys.Length - 1;
            int slot = (int)(key >> _shift);
            while (_used[slot] && (_keys[slot] != key || _lengths[slot] != length))
            {
                slot = (slot + 1) & mask;
            }

            found = _used[slot];
            if (!found)
            {
                _used[slot] = true;
                _keys[slot] = key;
                _lengths[slot] = length;
            }

            return ref _values[slot];
        }

        /// <summary>The value stored for the key, or -1.</summary>
        public int Find(ulong key, int length)
        {
            int mask = _keys.Length - 1;
            for (int slot = (int)(key >> _shift); _used[slot]; slot = (slot + 1) & mask)
            {
                if (_keys[slot] == key && _lengths[slot] == length)
                {
                    return _values[slot];
                }
            }

            return -1;
        }
    }

    private static int Find(int[] parent, int row)
    {
        while (parent[row] != row)
        {
            parent[row] = parent[parent[row]];
            row = parent[row];
        }

        return row;
    }

    // The smaller index becomes the root, so every row's leader is at or before it.
    private static void Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a < b)
        {
            parent[b] = a;
        }
        else if (b < a)
        {
            parent[a] = b;
        }
    }
}
