using System.Numerics;

namespace TextClassification.Training.Splitting;

/// <summary>Open addressing from a (hash, length) key to an index; keys are only added.</summary>
internal readonly struct HashIndex
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
