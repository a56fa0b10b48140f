using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The counter-based generator behind the word model's initial embeddings.</summary>
public sealed class UniformInitializerTests
{
    [Property(MaxTest = 200)]
    public void The_vectorised_fill_equals_the_scalar_reference(int seed, uint start, PositiveInt rawLength, PositiveInt rawDimension)
    {
        int length = rawLength.Get % 300;
        float scale = 1f / (1 + (rawDimension.Get % 512));
        uint key = UniformInitializer.Key(seed);
        var vectorised = new float[length];
        var scalar = new float[length];

        UniformInitializer.Fill(vectorised, start, key, scale);
        UniformInitializer.FillScalar(scalar, start, key, scale);

        Assert.Equal(scalar, vectorised);
    }

    [Fact]
    public void The_vectorised_fill_equals_the_scalar_reference_at_every_width_edge_off_a_vector_boundary()
    {
        uint key = UniformInitializer.Key(11);
        foreach (int n in VectorEdges.Lengths)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                var vectorised = new float[offset + n + 1];
                var scalar = new float[offset + n + 1];
                vectorised[^1] = scalar[^1] = float.NaN;

                UniformInitializer.Fill(vectorised.AsSpan(offset, n), (uint)(offset * 3), key, 0.25f);
                UniformInitializer.FillScalar(scalar.AsSpan(offset, n), (uint)(offset * 3), key, 0.25f);

                Assert.Equal(scalar, vectorised);
                Assert.True(float.IsNaN(vectorised[^1]), $"length {n}, offset {offset}: wrote past the slice");
            }
        }
    }

    [Property(MaxTest = 100)]
    public void A_slice_filled_on_its_own_equals_the_same_slice_of_the_whole(int seed, PositiveInt rawLength, PositiveInt rawStart)
    {
        int length = 1 + (rawLength.Get % 200);
        int start = rawStart.Get % length;
        uint key = UniformInitializer.Key(seed);
        var whole = new float[length];
        UniformInitializer.Fill(whole, 0, key, 0.5f);

        var slice = new float[length - start];
        UniformInitializer.Fill(slice, (uint)start, key, 0.5f);

        Assert.Equal(whole[start..], slice);
    }

    [Theory]
    [InlineData(42, 64)]
    [InlineData(7, 16)]
    [InlineData(-3, 100)]
    public void Values_are_uniform_in_plus_minus_scale(int seed, int dimension)
    {
        float scale = 1f / dimension;
        var values = new float[1 << 18];
        UniformInitializer.Fill(values, 0, UniformInitializer.Key(seed), scale);

        double sum = 0;
        double squares = 0;
        var bins = new int[16];
        foreach (float v in values)
        {
            Assert.InRange(v, -scale, scale);
            Assert.True(v < scale);
            sum += v;
            squares += (double)v * v;
            bins[Math.Min(15, (int)((v + scale) / (2 * scale) * 16))]++;
        }

        // Uniform on [−s, s): mean 0 (standard error s/√(3n) ≈ 0.0011·s), variance s²/3.
        Assert.InRange(sum / values.Length / scale, -0.006, 0.006);
        Assert.InRange(squares / values.Length / (scale * scale), 0.33, 0.337);

        // Each sixteenth holds n/16 values, give or take about 0.5 % (more than ten standard errors).
        foreach (int count in bins)
        {
            Assert.InRange(count, 16_000, 16_768);
        }
    }

    [Fact]
    public void Neighbouring_values_and_nearby_seeds_are_uncorrelated()
    {
        const int N = 1 << 16;
        var first = new float[N + 1];
        var other = new float[N];
        UniformInitializer.Fill(first, 0, UniformInitializer.Key(1), 1f);
        UniformInitializer.Fill(other, 0, UniformInitializer.Key(2), 1f);

        double lagged = 0;
        double seeds = 0;
        for (int i = 0; i < N; i++)
        {
            lagged += first[i] * first[i + 1];
            seeds += first[i] * other[i];
        }

        // Correlation of independent uniforms: 0 ± about 0.004 (1/√N); the sums are over E[v²] = 1/3.
        Assert.InRange(lagged / N * 3, -0.02, 0.02);
        Assert.InRange(seeds / N * 3, -0.02, 0.02);
        Assert.NotEqual(first[..N], other);
    }
}
