using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Fills an embedding table with fastText's initial values, uniform in [−scale, scale), from a counter-based
/// generator: the value at flat index i depends only on the seed and i (a Weyl sequence <c>(i + 1)·φ + key</c> put
/// through the <c>lowbias32</c> integer hash). So a table is filled eight floats at a time with AVX2, any slice can be
/// filled on its own, and the vectorised and scalar paths give the same bits.
/// </summary>
/// <remarks>
/// It replaced <see cref="Random.NextDouble"/> per float (session 11), which cost 40–150 ms per fill of sst2's
/// 5.4M-float table, twice per training (the search and the refit).
/// </remarks>
internal static class UniformInitializer
{
    private const uint Golden = 0x9E3779B9u;

    // A 24-bit integer times 2^-23 is exact in float, and so is subtracting 1: both paths round only at the final scaling.
    private const float TwoToMinus23 = 1f / (1 << 23);

    /// <summary>The generator's key for <paramref name="seed"/>: nearby seeds give unrelated keys.</summary>
    public static uint Key(int seed) => Hash((uint)seed ^ 0x5BD1E995u);

    /// <summary>Fills <paramref name="destination"/> with the values at flat indices
    /// <paramref name="start"/>, <paramref name="start"/> + 1, … of the table for <paramref name="key"/>.</summary>
    public static void Fill(Span<float> destination, uint start, uint key, float scale)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && destination.Length >= Vector256<float>.Count)
        {
            var step = Vector256.Create((uint)Vector256<float>.Count * Golden);
            var weyl = (Vector256.Create(start + 1) + Vector256<uint>.Indices) * Vector256.Create(Golden) + Vector256.Create(key);
            var scales = Vector256.Create(scale);
            ref float target = ref MemoryMarshal.GetReference(destination);
            for (; i <= destination.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<uint> h = Hash(weyl);
                Vector256<float> unit = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(h, 8).AsInt32());
                ((unit * TwoToMinus23 - Vector256<float>.One) * scales).StoreUnsafe(ref target, (nuint)i);
                weyl += step;
            }
        }

        FillScalar(destination[i..], start + (uint)i, key, scale);
    }

    /// <summary>The reference: the same values one at a time.</summary>
    public static void FillScalar(Span<float> destination, uint start, uint key, float scale)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            uint h = Hash(((start + (uint)i + 1) * Golden) + key);
            destination[i] = (((int)(h >> 8) * TwoToMinus23) - 1f) * scale;
        }
    }

    // Chris Wellons' lowbias32: a bijective 32-bit integer hash with near-ideal avalanche.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Hash(Vector256<uint> x)
    {
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= Vector256.Create(0x7FEB352Du);
        x ^= Vector256.ShiftRightLogical(x, 15);
        x *= Vector256.Create(0x846CA68Bu);
        x ^= Vector256.ShiftRightLogical(x, 16);
        return x;
    }
}
