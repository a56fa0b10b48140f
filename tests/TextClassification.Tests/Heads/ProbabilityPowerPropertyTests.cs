using FsCheck;
using FsCheck.Xunit;

namespace TextClassification.Tests.Heads;

/// <summary>The temperature's step (<see cref="ProbabilityPower"/>, <see cref="RootMean"/> at a temperature) against its
/// scalar reference, and what it must keep: the order of the labels, zeros, a sum of 1.</summary>
public sealed class ProbabilityPowerPropertyTests
{
    [Property(MaxTest = 300)]
    public void Vectorized_equals_the_scalar_reference(NonNegativeInt seed, byte rawLength, bool withZeros)
    {
        var random = new Random(seed.Get);
        float[] values = Probabilities(random, 1 + (rawLength % 120), withZeros);
        float exponent = (float)(0.2 + (random.NextDouble() * 4.8));
        float[] expected = [.. values];
        ProbabilityPower.ApplyScalar(expected, exponent);

        ProbabilityPower.Apply(values, exponent);

        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= 2e-6f + (2e-5f * expected[i]), $"label {i}: {values[i]} vs {expected[i]} (exponent {exponent})");
        }
    }

    [Property(MaxTest = 300)]
    public void The_order_of_the_labels_and_zeros_are_kept_and_the_sum_is_one(NonNegativeInt seed, byte rawLength, bool withZeros)
    {
        var random = new Random(seed.Get);
        float[] before = Probabilities(random, 1 + (rawLength % 120), withZeros);
        float[] after = [.. before];

        ProbabilityPower.Apply(after, (float)(0.2 + (random.NextDouble() * 4.8)));

        Assert.Equal(1.0, after.Sum(v => (double)v), 4);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.True(before[i] != 0f || after[i] == 0f, $"label {i}: 0 became {after[i]}");
            for (int j = 0; j < before.Length; j++)
            {
                // Strictly ordered labels stay ordered or tie (a float can round two close values alike); never swap.
                Assert.False(before[i] > before[j] && after[i] < after[j], $"labels {i} and {j}: {before[i]} > {before[j]} but {after[i]} < {after[j]}");
            }
        }
    }

    [Fact]
    public void A_temperature_under_one_sharpens_and_over_one_softens()
    {
        float[] sharp = [0.5f, 0.3f, 0.2f];
        float[] soft = [0.5f, 0.3f, 0.2f];

        ProbabilityPower.Apply(sharp, 1f / 0.5f); // T 0.5: squared, 0.25 / 0.09 / 0.04 over 0.38
        ProbabilityPower.Apply(soft, 1f / 2f); // T 2: square roots

        Assert.Equal(0.25 / 0.38, sharp[0], 5);
        Assert.Equal(0.04 / 0.38, sharp[2], 5);
        double roots = Math.Sqrt(0.5) + Math.Sqrt(0.3) + Math.Sqrt(0.2);
        Assert.Equal(Math.Sqrt(0.5) / roots, soft[0], 5);
        Assert.Equal(Math.Sqrt(0.2) / roots, soft[2], 5);
    }

    [Fact]
    public void All_zeros_stay_zero()
    {
        float[] values = new float[5];

        ProbabilityPower.Apply(values, 1.7f);
        RootMean.Finish(values, 0.6f);

        Assert.All(values, v => Assert.Equal(0f, v));
    }

    [Property(MaxTest = 200)]
    public void The_root_mean_at_temperature_one_is_the_root_mean_to_the_bit(NonNegativeInt seed, byte rawLength)
    {
        var random = new Random(seed.Get);
        float[] plain = Probabilities(random, 1 + (rawLength % 80), withZeros: true);
        float[] atOne = [.. plain];

        RootMean.Finish(plain);
        RootMean.Finish(atOne, 1f);

        Assert.Equal(plain, atOne);
    }

    [Property(MaxTest = 200)]
    public void The_root_mean_at_a_temperature_is_its_square_raised_to_one_over_t(NonNegativeInt seed, byte rawLength)
    {
        var random = new Random(seed.Get);
        float[] meanOfRoots = Probabilities(random, 1 + (rawLength % 80), withZeros: true);
        float temperature = (float)(0.4 + (random.NextDouble() * 2.1));
        float[] expected = [.. meanOfRoots];
        RootMean.Finish(expected);
        ProbabilityPower.ApplyScalar(expected, 1f / temperature);

        RootMean.Finish(meanOfRoots, temperature);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(meanOfRoots[i] - expected[i]) <= 2e-6f + (2e-5f * expected[i]), $"label {i}: {meanOfRoots[i]} vs {expected[i]} (T {temperature})");
        }
    }

    // Probabilities over n labels spread over many orders of magnitude (some near 1e-30), a few zeros if asked.
    private static float[] Probabilities(Random random, int n, bool withZeros)
    {
        float[] values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = withZeros && random.Next(5) == 0 ? 0f : (float)Math.Exp(-random.NextDouble() * 70);
        }

        if (values.Max() == 0f)
        {
            values[random.Next(n)] = 1f;
        }

        float sum = values.Sum();
        for (int i = 0; i < n; i++)
        {
            values[i] /= sum;
        }

        return values;
    }
}
