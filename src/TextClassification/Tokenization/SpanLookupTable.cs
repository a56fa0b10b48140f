using System.Runtime.CompilerServices;

namespace TextClassification.Tokenization;

/// <summary>
/// A read-only open-addressing hash table from UTF-16 strings to ids, looked up by span so the tokenizer never builds
/// a string. Keys live back to back in one char array; each slot keeps the key's full hash, so a probe compares chars
/// only on a hash match. Built once, then immutable (safe on any number of threads).
/// </summary>
internal sealed class SpanLookupTable
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    // A one-hash Bloom filter over 2^18 bits (32 KiB, cache-resident): greedy WordPiece probes every prefix length
    // of a word from the longest down and most probes miss, so a miss is usually answered without touching the
    // slot array (about a megabyte for a BERT vocabulary, and a cache miss per probe).
    private const int FilterBits = 18;

    private readonly ulong[] _filter;
    private readonly Slot[] _slots;
    private readonly char[] _chars;
    private readonly int _mask;

    private SpanLookupTable(Slot[] slots, char[] chars, int maxKeyLength, ulong[] filter)
    {
        _filter = filter;
        _slots = slots;
        _chars = chars;
        _mask = slots.Length - 1;
        MaxKeyLength = maxKeyLength;
    }

    /// <summary>Length in chars of the longest key (no longer prefix needs a lookup).</summary>
    public int MaxKeyLength { get; }

    /// <summary>The initial hash state.</summary>
    public const uint Seed = FnvOffset;

    /// <summary>Adds one char to a hash state (FNV-1a over UTF-16 code units, so prefixes hash incrementally).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint state, char c) => (state ^ c) * FnvPrime;

    /// <summary>The hash state of a whole key.</summary>
    public static uint Hash(ReadOnlySpan<char> key)
    {
        uint state = Seed;
        foreach (char c in key)
        {
            state = Add(state, c);
        }

        return state;
    }

    /// <summary>Builds a table from (key, id) pairs; a later duplicate key replaces the earlier id, like a dictionary
    /// insert in the reference implementation.</summary>
    public static SpanLookupTable Create(IReadOnlyList<(string Key, int Id)> entries)
    {
        int capacity = 16;
        while (capacity < entries.Count * 2)
        {
            capacity *= 2;
        }

        long totalChars = 0;
        foreach ((string key, _) in entries)
        {
            totalChars += key.Length;
        }

        var slots = new Slot[capacity];
        var chars = new char[totalChars];
        int mask = capacity - 1;
        int used = 0;
        int maxKeyLength = 0;
        foreach ((string key, int id) in entries)
        {
            uint hash = Hash(key);
            int index = (int)(Mix(hash) & (uint)mask);
            while (true)
            {
                ref Slot slot = ref slots[index];
                if (!slot.Used)
                {
                    key.CopyTo(chars.AsSpan(used));
                    slot = new Slot(hash, id, used, key.Length);
                    used += key.Length;
                    maxKeyLength = Math.Max(maxKeyLength, key.Length);
                    break;
                }

                if (slot.Hash == hash && chars.AsSpan(slot.Start, slot.Length).SequenceEqual(key))
                {
                    slot = slot with { Id = id };
                    break;
                }

                index = (index + 1) & mask;
            }
        }

        var filter = new ulong[(1 << FilterBits) / 64];
        foreach (Slot slot in slots)
        {
            if (slot.Used)
            {
                int bit = FilterBit(slot.Hash);
                filter[bit >> 6] |= 1UL << bit;
            }
        }

        return new SpanLookupTable(slots, chars, maxKeyLength, filter);
    }

    /// <summary>Looks <paramref name="key"/> up given its hash state from <see cref="Add"/>/<see cref="Hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetId(ReadOnlySpan<char> key, uint hash, out int id)
    {
        int bit = FilterBit(hash);
        if ((_filter[bit >> 6] & (1UL << bit)) == 0)
        {
            id = -1;
            return false;
        }

        Slot[] slots = _slots;
        int index = (int)(Mix(hash) & (uint)_mask);
        while (true)
        {
            Slot slot = slots[index];
            if (!slot.Used)
            {
                id = -1;
                return false;
            }

            if (slot.Hash == hash && slot.Length == key.Length &&
                _chars.AsSpan(slot.Start, slot.Length).SequenceEqual(key))
            {
                id = slot.Id;
                return true;
            }

            index = (index + 1) & _mask;
        }
    }

    /// <summary>Looks <paramref name="key"/> up.</summary>
    public bool TryGetId(ReadOnlySpan<char> key, out int id) => TryGetId(key, Hash(key), out id);

    // FNV's low bits are weak for short keys; a multiply-shift spreads the high bits into the index.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint hash) => (hash * 0x9E3779B1u) ^ (hash >> 15);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FilterBit(uint hash) => (int)((hash * 0x85EBCA77u) >> (32 - FilterBits));

    private readonly record struct Slot(uint Hash, int Id, int Start, int Length)
    {
        // The empty string is a valid key (an empty vocab.txt line), so occupancy cannot be read off Length.
        public bool Used { get; init; } = true;
    }
}
