using System.Numerics;
using System.Runtime.Intrinsics;

namespace TextClassification.Tests.Support;

/// <summary>Inputs that make a vectorized path and its scalar reference part ways when one of them is wrong: lengths at
/// the edges of every vector width (0, 1, width − 1, width, width + 1, 2·width + 3 for 4, 8 and 16 floats), slices that
/// start off a vector boundary, and the special floats (NaN, ±∞, −0, subnormals, the largest finite values).</summary>
internal static class VectorEdges
{
    /// <summary>The lengths at the edges of 4-, 8- and 16-float vectors, and a few past two of the widest.</summary>
    public static readonly int[] Lengths = [.. Widths().SelectMany(w => new[] { 0, 1, w - 1, w, w + 1, (2 * w) + 3 }).Concat([63, 64, 65, 131]).Distinct().Order()];

    /// <summary>The floats a path may see that ordinary random values never give.</summary>
    public static readonly float[] Specials =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.Epsilon, -float.Epsilon, 1e-40f, -3e-39f,
        float.MaxValue, float.MinValue, 1f, -1f,
    ];

    /// <summary><see cref="Specials"/> without the largest finite values, whose products overflow in a separate multiply
    /// and add but not in a fused one (<c>MultiplyAddEstimate</c> may fuse): a path that may fuse and its unfused
    /// reference part ways there by design.</summary>
    public static readonly float[] NonOverflowingSpecials = [.. Specials.Where(v => !float.IsFinite(v) || Math.Abs(v) <= 1f)];

    /// <summary>A length: one of <see cref="Lengths"/> half the time, else anything up to 300.</summary>
    public static int Length(Random random) => random.Next(2) == 0 ? Lengths[random.Next(Lengths.Length)] : random.Next(301);

    /// <summary><paramref name="count"/> values in [−1, 1), with one in <paramref name="specialOneIn"/> drawn from
    /// <see cref="Specials"/> (none when 0), placed <paramref name="offset"/> floats into a longer array: the returned
    /// segment starts off a vector boundary when the offset is not a multiple of the width.</summary>
    public static ArraySegment<float> Values(Random random, int count, int offset, int specialOneIn = 0, float[]? specials = null)
    {
        specials ??= Specials;
        float[] backing = new float[offset + count + 3];
        for (int i = 0; i < backing.Length; i++)
        {
            backing[i] = specialOneIn > 0 && random.Next(specialOneIn) == 0
                ? specials[random.Next(specials.Length)]
                : (float)((random.NextDouble() * 2) - 1);
        }

        return new ArraySegment<float>(backing, offset, count);
    }

    /// <summary>Whether the vector paths run in this process at all (they do not under DOTNET_EnableHWIntrinsic=0).</summary>
    public static bool Accelerated => Vector128.IsHardwareAccelerated && Vector.IsHardwareAccelerated;

    private static int[] Widths() => [4, 8, 16];

    /// <summary>Asserts that no float of <paramref name="slice"/>'s array outside the slice changed from
    /// <paramref name="before"/> (a copy of the whole array), to the bit.</summary>
    public static void AssertOutsideUnchanged(float[] before, ArraySegment<float> slice)
    {
        for (int i = 0; i < before.Length; i++)
        {
            if (i < slice.Offset || i >= slice.Offset + slice.Count)
            {
                Xunit.Assert.True(BitConverter.SingleToInt32Bits(before[i]) == BitConverter.SingleToInt32Bits(slice.Array![i]), $"float {i} outside [{slice.Offset}, {slice.Offset + slice.Count}) changed: {before[i]} to {slice.Array![i]}");
            }
        }
    }

    /// <summary>As <see cref="Close(float, float, float, float, bool)"/> for doubles (sums and dot products).</summary>
    public static bool Close(double expected, double actual, double absolute, double relative) =>
        double.IsNaN(expected) || double.IsNaN(actual) ? double.IsNaN(expected) && double.IsNaN(actual)
        : double.IsInfinity(expected) || double.IsInfinity(actual) ? expected == actual
        : Math.Abs(expected - actual) <= absolute + (relative * Math.Abs(expected));

    /// <summary>Same float, NaN equal to NaN and −0 to +0 unless <paramref name="signOfZero"/>, else within
    /// <paramref name="absolute"/> plus <paramref name="relative"/> of the expected magnitude (an infinity must match
    /// exactly).</summary>
    public static bool Close(float expected, float actual, float absolute, float relative, bool signOfZero = false)
    {
        if (float.IsNaN(expected) || float.IsNaN(actual))
        {
            return float.IsNaN(expected) && float.IsNaN(actual);
        }

        if (float.IsInfinity(expected) || float.IsInfinity(actual))
        {
            return expected == actual;
        }

        if (signOfZero && expected == 0f && actual == 0f)
        {
            return float.IsNegative(expected) == float.IsNegative(actual);
        }

        return Math.Abs(expected - actual) <= absolute + (relative * Math.Abs(expected));
    }
}
