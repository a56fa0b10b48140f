using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Training.Optimization;

namespace TextClassification.Tests.Training;

/// <summary>L-BFGS's fused vector passes against their scalar references, on random lengths and values.</summary>
public sealed class VectorKernelsPropertyTests
{
    [Property(MaxTest = 200)]
    public void ScaledAxpyDot_equals_the_scalar_reference_in_place_or_not(NonNegativeInt seed, ushort rawLength, bool inPlace, bool wIsY)
    {
        var random = new Random(seed.Get);
        int n = rawLength % 300;
        float[] q = Values(random, n);
        float[] y = Values(random, n);
        float[] w = Values(random, n);
        float a = (float)((random.NextDouble() * 4) - 2);
        float scale = random.Next(3) == 0 ? -1f : (float)(random.NextDouble() * 2);
        float[] expectedDestination = new float[n];
        double expected = VectorKernels.ScaledAxpyDotScalar(q, a, y, scale, expectedDestination, wIsY ? y : w);

        float[] destination = inPlace ? q : new float[n];
        double actual = VectorKernels.ScaledAxpyDot(q, a, y, scale, destination, wIsY ? y : w);

        // The destination is computed by the same float operations in both; only the order of the sum differs.
        Assert.Equal(expectedDestination, destination);
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * (1 + n), $"{actual} vs {expected}");
    }

    [Property(MaxTest = 200)]
    public void Differences_equals_the_scalar_reference(NonNegativeInt seed, ushort rawLength)
    {
        var random = new Random(seed.Get);
        int n = rawLength % 300;
        float[] candidate = Values(random, n);
        float[] point = Values(random, n);
        float[] candidateGradient = Values(random, n);
        float[] gradient = Values(random, n);
        float[] s = new float[n];
        float[] y = new float[n];
        float[] expectedS = new float[n];
        float[] expectedY = new float[n];

        (double sy, double yy, double gg) = VectorKernels.Differences(candidate, point, candidateGradient, gradient, s, y);
        (double expectedSy, double expectedYy, double expectedGg) = VectorKernels.DifferencesScalar(candidate, point, candidateGradient, gradient, expectedS, expectedY);

        Assert.Equal(expectedS, s);
        Assert.Equal(expectedY, y);
        Assert.True(Math.Abs(expectedSy - sy) <= 1e-9 * (1 + n), $"s·y {sy} vs {expectedSy}");
        Assert.True(Math.Abs(expectedYy - yy) <= 1e-9 * (1 + n), $"y·y {yy} vs {expectedYy}");
        Assert.True(Math.Abs(expectedGg - gg) <= 1e-9 * (1 + n), $"g·g {gg} vs {expectedGg}");
    }

    [Property(MaxTest = 300)]
    public void Both_kernels_equal_their_scalar_references_at_the_width_edges_off_a_vector_boundary_with_special_floats(NonNegativeInt seed, byte rawOffset)
    {
        var random = new Random(seed.Get);
        int n = VectorEdges.Length(random);
        ArraySegment<float> Next() => VectorEdges.Values(random, n, random.Next(rawOffset % 8 + 1), 6);
        ArraySegment<float> q = Next(), y = Next(), w = Next();
        float a = random.Next(3) == 0 ? VectorEdges.Specials[random.Next(VectorEdges.Specials.Length)] : (float)random.NextDouble();
        float[] expectedDestination = new float[n];
        ArraySegment<float> destination = Next();

        double expected = VectorKernels.ScaledAxpyDotScalar(q, a, y, 0.5f, expectedDestination, w);
        double actual = VectorKernels.ScaledAxpyDot(q, a, y, 0.5f, destination, w);

        Assert.Equal(Bits(expectedDestination), Bits([.. destination]));
        Assert.True(VectorEdges.Close(expected, actual, Tolerance(expectedDestination, w), 0), $"{actual} vs {expected}");

        ArraySegment<float> candidate = Next(), point = Next(), candidateGradient = Next(), gradient = Next(), s = Next(), change = Next();
        float[] expectedS = new float[n], expectedChange = new float[n];
        (double sy, double yy, double gg) = VectorKernels.Differences(candidate, point, candidateGradient, gradient, s, change);
        (double expectedSy, double expectedYy, double expectedGg) = VectorKernels.DifferencesScalar(candidate, point, candidateGradient, gradient, expectedS, expectedChange);

        Assert.Equal(Bits(expectedS), Bits([.. s]));
        Assert.Equal(Bits(expectedChange), Bits([.. change]));
        Assert.True(VectorEdges.Close(expectedSy, sy, Tolerance(expectedS, expectedChange), 0), $"s·y {sy} vs {expectedSy}");
        Assert.True(VectorEdges.Close(expectedYy, yy, Tolerance(expectedChange, expectedChange), 0), $"y·y {yy} vs {expectedYy}");
        Assert.True(VectorEdges.Close(expectedGg, gg, Tolerance([.. candidateGradient], [.. candidateGradient]), 0), $"g·g {gg} vs {expectedGg}");
    }

    // Another summation order of the float products in double: within a few double roundings of the products' magnitude
    // (near float.MaxValue, cancelling terms leave anything up to that).
    private static double Tolerance(float[] left, IReadOnlyList<float> right)
    {
        double magnitude = 0;
        for (int i = 0; i < left.Length; i++)
        {
            float product = left[i] * right[i];
            magnitude += float.IsFinite(product) ? Math.Abs(product) : 0;
        }

        return 1e-9 + (1e-12 * magnitude);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void Vectors_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => VectorKernels.ScaledAxpyDot(new float[3], 1, new float[4], 1, new float[3], new float[3]));
    }

    private static float[] Values(Random random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
