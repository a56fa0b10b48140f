using System.Runtime.CompilerServices;

namespace TextClassification.Tokenization;

/// <summary>
/// Process- and platform-independent hashing for features (never <see cref="string.GetHashCode()"/>, which is
/// randomised per process). FNV-1a over UTF-16 code units, finished with the MurmurHash3 32-bit finaliser.
/// </summary>
internal static class StableHash
{
    /// <summary>FNV-1a offset basis.</summary>
    public const uint Seed = 2166136261;

    private const uint Prime = 16777619;

    /// <summary>Adds one UTF-16 code unit to a running FNV-1a hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint hash, char c) => (hash ^ c) * Prime;

    /// <summary>Hashes a span of chars (FNV-1a, then <see cref="Finish"/>).</summary>
    public static uint Hash(ReadOnlySpan<char> chars, uint seed = Seed)
    {
        uint h = seed;
        foreach (char c in chars)
        {
            h = Add(h, c);
        }

        return Finish(h);
    }

    /// <summary>MurmurHash3 fmix32: spreads FNV's weak low bits over the whole word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }

    /// <summary>Combines the hash of an n-gram prefix with the next token's hash (order-sensitive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Combine(uint prefix, uint next) => Finish((prefix * 116049371u) + next + 0x9E3779B9u);

    /// <summary>Maps a hash onto [0, buckets) without division (Lemire's multiply-shift range reduction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ToBucket(uint hash, int buckets) => (int)(((ulong)hash * (uint)buckets) >> 32);
}
