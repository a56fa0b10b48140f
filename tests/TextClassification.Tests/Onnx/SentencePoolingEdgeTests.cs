using FsCheck;
using FsCheck.Xunit;
using TextClassification.Pooling;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Onnx;

/// <summary>The vectorized pooling against its scalar reference where the two part ways when one is wrong: dimensions at
/// the vector widths' edges, hidden states starting off a vector boundary, special floats, and vectors so large or so
/// small that their sum of squares leaves the range of a float.</summary>
public sealed class SentencePoolingEdgeTests
{
    // Magnitudes of the token vectors: ordinary ones, and ones whose squares overflow or underflow a float.
    private static readonly float[] Magnitudes = [1f, 1e-30f, 1e-22f, 1e-19f, 1e19f, 1e25f, 1e35f];

    [Property(MaxTest = 400)]
    public void Vectorized_pooling_equals_the_scalar_reference_at_the_edges(NonNegativeInt seed, byte rawOffset, bool cls, bool normalize, bool specials)
    {
        var random = new Random(seed.Get);
        int dimension = Math.Max(1, VectorEdges.Length(random));
        int batch = 1 + random.Next(3);
        int sequence = 1 + random.Next(4);
        float magnitude = Magnitudes[random.Next(Magnitudes.Length)];
        ArraySegment<float> hidden = VectorEdges.Values(random, batch * sequence * dimension, rawOffset % 17, specials ? 6 : 0);
        for (int i = 0; i < hidden.Count; i++)
        {
            hidden[i] *= magnitude;
        }

        long[] mask = [.. Enumerable.Range(0, batch * sequence).Select(_ => random.Next(4) == 0 ? 0L : 1L)];
        SentencePoolingMode mode = cls ? SentencePoolingMode.Cls : SentencePoolingMode.Mean;
        float[] expected = new float[batch * dimension];
        ArraySegment<float> actual = VectorEdges.Values(random, batch * dimension, rawOffset % 5);
        float[] outside = [.. actual.Array!];

        SentencePooling.PoolScalar(hidden, mask, batch, dimension, mode, normalize, expected);
        SentencePooling.Pool(hidden, mask, batch, dimension, mode, normalize, actual);

        for (int i = 0; i < expected.Length; i++)
        {
            // Normalized values are at most 1: an absolute tolerance; means keep the magnitude of their inputs.
            Assert.True(
                VectorEdges.Close(expected[i], actual[i], normalize ? 1e-6f : 0f, 1e-5f),
                $"[{i}] of {batch}×{dimension} (magnitude {magnitude}, {mode}, normalize {normalize}): {actual[i]} vs {expected[i]}");
        }

        VectorEdges.AssertOutsideUnchanged(outside, actual);
    }

    [Theory]
    [InlineData(1e-30f)]
    [InlineData(1e-22f)]
    [InlineData(1e-20f)]
    [InlineData(1e20f)]
    [InlineData(1e30f)]
    [InlineData(float.MaxValue)]
    public void A_nonzero_finite_vector_of_any_magnitude_normalizes_to_unit_length(float value)
    {
        foreach (int dimension in VectorEdges.Lengths.Where(n => n > 0))
        {
            float[] vector = [.. Enumerable.Range(0, dimension).Select(i => i % 3 == 0 ? -value : value)];

            SentencePooling.L2Normalize(vector);

            double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
            Assert.True(Math.Abs(norm - 1) <= 1e-5, $"{dimension} × ±{value}: norm {norm} after normalizing");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_row_whose_mask_is_all_zero_pools_to_zeros_by_mean_and_to_its_first_vector_by_cls(bool normalize)
    {
        // Three rows of 4 positions, dimension 9 (one 8-float vector and a tail); the middle row is padding only.
        const int dimension = 9;
        float[] hidden = [.. Enumerable.Range(0, 3 * 4 * dimension).Select(i => (i % 7) - 3f + (i / 100f))];
        long[] mask = [1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
        foreach (SentencePoolingMode mode in Enum.GetValues<SentencePoolingMode>())
        {
            float[] fast = [.. Enumerable.Repeat(float.NaN, 3 * dimension)];
            float[] reference = new float[3 * dimension];

            SentencePooling.Pool(hidden, mask, 3, dimension, mode, normalize, fast);
            SentencePooling.PoolScalar(hidden, mask, 3, dimension, mode, normalize, reference);

            float[] middle = fast[dimension..(2 * dimension)];
            if (mode == SentencePoolingMode.Mean)
            {
                Assert.All(middle, v => Assert.Equal(0f, v));
            }
            else
            {
                // [CLS] is position 0 whatever the mask says.
                Assert.NotEqual(0f, middle[0]);
            }

            for (int i = 0; i < fast.Length; i++)
            {
                Assert.True(VectorEdges.Close(reference[i], fast[i], 1e-6f, 1e-5f), $"{mode} [{i}]: {fast[i]} vs {reference[i]}");
            }
        }
    }

    [Fact]
    public void A_zero_vector_stays_zero_and_a_vector_with_NaN_is_left_as_it_is()
    {
        foreach (int dimension in VectorEdges.Lengths)
        {
            float[] zero = new float[dimension];
            SentencePooling.L2Normalize(zero);
            Assert.All(zero, v => Assert.Equal(0f, v));

            if (dimension > 0)
            {
                float[] withNaN = [.. Enumerable.Repeat(2f, dimension)];
                withNaN[dimension / 2] = float.NaN;
                SentencePooling.L2Normalize(withNaN);
                Assert.Equal(dimension - 1, withNaN.Count(v => v == 2f));
            }
        }
    }
}
