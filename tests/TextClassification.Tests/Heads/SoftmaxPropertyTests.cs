using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Heads;

namespace TextClassification.Tests.Heads;

/// <summary>Finite logits of length 1..300 in a chosen range.</summary>
public sealed record Logits(float[] Values)
{
    public override string ToString() => $"Logits[{Values.Length}]({string.Join(", ", Values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))})";
}

public static class LogitsArbitrary
{
    public static Arbitrary<Logits> Logits() =>
        (from length in Gen.Frequency((3, Gen.Choose(1, 20)), (1, Gen.Choose(1, 300)))
         from range in Gen.Elements(1f, 10f, 50f, 1e4f, 1e30f)
         from ints in Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000), length)
         select new Logits(ints.Select(i => i / 1_000_000f * range).ToArray())).ToArbitrary();
}

[Properties(Arbitrary = [typeof(LogitsArbitrary)], MaxTest = 300)]
public sealed class SoftmaxPropertyTests
{
    [Property]
    public void Probabilities_are_in_the_unit_interval_and_sum_to_one(Logits logits)
    {
        float[] p = Softmax(logits.Values);

        Assert.All(p, value => Assert.InRange(value, 0f, 1f));
        Assert.InRange(p.Sum(v => (double)v), 1 - 1e-5, 1 + 1e-5);
    }

    [Property]
    public void Order_is_preserved(Logits logits)
    {
        float[] x = logits.Values;
        float[] p = Softmax(x);

        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                if (x[i] > x[j])
                {
                    Assert.True(p[i] >= p[j], $"x[{i}]={x[i]} > x[{j}]={x[j]} but p {p[i]} < {p[j]}");
                }
            }
        }
    }

    [Property]
    public void Adding_a_constant_changes_nothing(Logits logits, sbyte shift)
    {
        // Logits on a 1/1024 grid in [-20, 20] and an integer shift: x + c and (x + c) - max(x + c) are exact in float,
        // so subtracting the maximum must make the result bit-identical, not merely close.
        float[] x = logits.Values.Select(v => MathF.Round(Math.Clamp(v, -20f, 20f) * 1024f) / 1024f).ToArray();
        float[] shifted = x.Select(v => v + shift).ToArray();

        float[] p = Softmax(x);
        float[] q = Softmax(shifted);

        Assert.Equal(p, q);
    }

    [Property]
    public void Equals_the_scalar_reference(Logits logits)
    {
        float[] simd = Softmax(logits.Values);
        float[] scalar = new float[logits.Values.Length];
        Activations.SoftmaxScalar(logits.Values, scalar);

        for (int i = 0; i < simd.Length; i++)
        {
            Assert.True(Math.Abs(simd[i] - scalar[i]) <= 1e-6f, $"i={i}: {simd[i]} vs {scalar[i]}");
        }
    }

    [Property]
    public void Works_in_place(Logits logits)
    {
        float[] expected = Softmax(logits.Values);
        float[] buffer = (float[])logits.Values.Clone();

        Activations.Softmax(buffer, buffer);

        Assert.Equal(expected, buffer);
    }

    [Fact]
    public void Huge_logits_do_not_overflow()
    {
        float[][] cases =
        [
            [1e30f, -1e30f, 0f],
            [-1e30f, -1e30f],
            [1e30f, 1e30f, 1e30f, 1e30f],
            [float.MaxValue, 0f],
            [float.MinValue, float.MinValue / 2, 3f],
        ];

        foreach (float[] x in cases)
        {
            float[] p = Softmax(x);
            float[] s = new float[x.Length];
            Activations.SoftmaxScalar(x, s);

            Assert.All(p, v => Assert.False(float.IsNaN(v) || float.IsInfinity(v)));
            Assert.All(s, v => Assert.False(float.IsNaN(v) || float.IsInfinity(v)));
            Assert.InRange(p.Sum(), 1 - 1e-5f, 1 + 1e-5f);
        }

        Assert.Equal([1f, 0f, 0f], Softmax([1e30f, -1e30f, 0f]));
        Assert.Equal([0.5f, 0.5f], Softmax([-1e30f, -1e30f]));
        Assert.Equal([0.25f, 0.25f, 0.25f, 0.25f], Softmax([1e30f, 1e30f, 1e30f, 1e30f]));
    }

    [Fact]
    public void Empty_logits_write_nothing()
    {
        float[] destination = [7f];

        Activations.Softmax([], destination);
        Activations.SoftmaxScalar([], destination);

        Assert.Equal([7f], destination);
    }

    private static float[] Softmax(float[] logits)
    {
        float[] p = new float[logits.Length];
        Activations.Softmax(logits, p);
        return p;
    }
}
