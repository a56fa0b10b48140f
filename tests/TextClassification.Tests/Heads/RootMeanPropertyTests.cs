using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Heads;

/// <summary>The root mean's last step (<see cref="RootMean.Finish(Span{float})"/>, vectorized) against its scalar
/// reference, at the vector widths' edges, on slices off a vector boundary, with zeros, −0 and subnormals among the
/// labels.</summary>
public sealed class RootMeanPropertyTests
{
    [Property(MaxTest = 300)]
    public void Vectorized_equals_the_scalar_reference(NonNegativeInt seed, byte rawOffset, byte rawMembers, bool specials)
    {
        var random = new Random(seed.Get);
        int n = Math.Max(1, VectorEdges.Length(random));
        ArraySegment<float> values = MeanOfRoots(random, n, 1 + (rawMembers % 4), rawOffset % 17, specials);
        float[] input = [.. values];
        float[] expected = [.. values];
        float[] outside = [.. values.Array!];
        RootMean.FinishScalar(expected);

        RootMean.Finish(values);

        for (int i = 0; i < n; i++)
        {
            Assert.True(VectorEdges.Close(expected[i], values[i], 1e-7f, 1e-5f), $"label {i} of {n}: {input[i]} gave {values[i]}, reference {expected[i]}");
        }

        VectorEdges.AssertOutsideUnchanged(outside, values);
    }

    [Fact]
    public void All_zeros_stay_zero_in_both()
    {
        foreach (int n in VectorEdges.Lengths)
        {
            float[] vectorized = new float[n];
            float[] scalar = new float[n];

            RootMean.Finish(vectorized);
            RootMean.FinishScalar(scalar);

            Assert.All(vectorized, v => Assert.Equal(0f, v));
            Assert.All(scalar, v => Assert.Equal(0f, v));
        }
    }

    // The mean over a few members of each label's square-rooted probability, as the ensemble forms it (so at least one
    // label is at least 1/(M·√n)), placed `offset` floats into a longer array; with specials, some labels other than
    // the largest are 0, −0 or subnormal. (A mean of roots all subnormal, which no ensemble forms, squares to zeros in
    // float: the vectorized path then leaves zeros where the double reference rescales to 1/n.)
    private static ArraySegment<float> MeanOfRoots(Random random, int n, int members, int offset, bool specials)
    {
        ArraySegment<float> segment = VectorEdges.Values(random, n, offset);
        double[] sum = new double[n];
        for (int m = 0; m < members; m++)
        {
            double[] p = [.. Enumerable.Range(0, n).Select(_ => Math.Exp(-random.NextDouble() * 40))];
            double total = p.Sum();
            for (int i = 0; i < n; i++)
            {
                sum[i] += Math.Sqrt(p[i] / total);
            }
        }

        int largest = Array.IndexOf(sum, sum.Max());
        for (int i = 0; i < n; i++)
        {
            segment[i] = (float)(sum[i] / members);
            if (specials && i != largest && random.Next(4) == 0)
            {
                segment[i] = new[] { 0f, -0f, float.Epsilon, 1e-40f, 1e-20f }[random.Next(5)];
            }
        }

        return segment;
    }
}
