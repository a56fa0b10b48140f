using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

public sealed class McNemarTestTests
{
    [Theory]
    // b = 1, c = 4: P(X ≤ 1) = (1 + 5) / 32, doubled.
    [InlineData(1, 4, 12.0 / 32)]
    [InlineData(4, 1, 12.0 / 32)]
    // b = 0, c = 6: 2 · 1/64.
    [InlineData(0, 6, 2.0 / 64)]
    // b = 2, c = 8: 2 · (1 + 10 + 45) / 1024.
    [InlineData(2, 8, 112.0 / 1024)]
    // Equal counts, or none: nothing to tell them apart.
    [InlineData(3, 3, 1.0)]
    [InlineData(0, 0, 1.0)]
    // b = 0, c = 1: the doubled tail (1) is capped at 1.
    [InlineData(0, 1, 1.0)]
    public void Exact_p_values_match_the_binomial_tail_worked_by_hand(int onlyFirst, int onlySecond, double expected)
    {
        Assert.Equal(expected, McNemarTest.ExactPValue(onlyFirst, onlySecond), 12);
    }

    [Fact]
    public void Compare_counts_only_the_rows_exactly_one_classifier_gets_right()
    {
        int[] gold = [0, 1, 2, 0, 1, 2, 0, 1];
        int[] first = [0, 1, 2, 1, 1, 0, 2, 2]; // right on 0, 1, 2, 4
        int[] second = [0, 0, 2, 0, 1, 2, 0, 0]; // right on 0, 2, 3, 4, 5, 6

        McNemarResult result = McNemarTest.Compare(gold, first, second);

        // Only the first right on row 1; only the second on rows 3, 5, 6; rows 0, 2, 4 both, row 7 neither.
        Assert.Equal(1, result.OnlyFirstCorrect);
        Assert.Equal(3, result.OnlySecondCorrect);
        Assert.Equal(4, result.Discordant);
        Assert.Equal(2 * 5.0 / 16, result.PValue, 12);
    }

    [Fact]
    public void Large_counts_do_not_underflow()
    {
        // 2^-3000 underflows a double; the tail of 1400 vs 1600 does not (about 2.6e-4 by the normal approximation with
        // continuity correction: z = (200 - 1) / √3000 ≈ 3.63).
        double p = McNemarTest.ExactPValue(1400, 1600);

        Assert.InRange(p, 1e-4, 6e-4);
        Assert.Equal(1.0, McNemarTest.ExactPValue(5000, 5000));
        Assert.Equal(0.0, McNemarTest.ExactPValue(int.MaxValue, 5)); // the sum overflowed an int: NaN
        Assert.Equal(1.0, McNemarTest.ExactPValue(int.MaxValue, int.MaxValue));
    }

    [Fact]
    public void A_p_value_below_the_smallest_double_is_zero_as_documented()
    {
        // 2 · 2^-1000 ≈ 1.9e-301 is a double; 2 · 2^-2000 is not.
        Assert.Equal(Math.ScaleB(1, -999), McNemarTest.ExactPValue(0, 1000), 1e-310);
        Assert.Equal(0.0, McNemarTest.ExactPValue(0, 2000));
    }

    [Fact]
    public void Mismatched_lengths_name_the_argument()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => McNemarTest.Compare([0, 1], [0], [0, 1]));
        Assert.Equal("first", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => McNemarTest.Compare([0, 1], [0, 1], [1, 1, 1]));
        Assert.Equal("second", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.ExactPValue(-1, 3));
    }

    [Property(MaxTest = 300)]
    public Property Equals_the_tail_summed_in_exact_integers()
    {
        Gen<(int, int)> counts = from b in Gen.Choose(0, 150) from c in Gen.Choose(0, 150) select (b, c);
        return Prop.ForAll(counts.ToArbitrary(), pair =>
        {
            (int b, int c) = pair;
            double expected = ReferencePValue(b, c);
            double actual = McNemarTest.ExactPValue(b, c);
            Assert.True(Math.Abs(actual - expected) <= 1e-12 + (1e-9 * expected), $"b={b} c={c}: {actual} vs {expected}");
        });
    }

    [Property(MaxTest = 200)]
    public Property Is_symmetric_in_the_two_classifiers_and_ignores_row_order()
    {
        Gen<(int[] Gold, int[] First, int[] Second, int[] Order)> rows =
            from n in Gen.Choose(1, 80)
            from gold in Gen.ArrayOf(Gen.Choose(0, 2), n)
            from first in Gen.ArrayOf(Gen.Choose(0, 2), n)
            from second in Gen.ArrayOf(Gen.Choose(0, 2), n)
            from order in Gen.Shuffle(Enumerable.Range(0, n))
            select (gold, first, second, order.ToArray());
        return Prop.ForAll(rows.ToArbitrary(), sample =>
        {
            McNemarResult forward = McNemarTest.Compare(sample.Gold, sample.First, sample.Second);
            McNemarResult swapped = McNemarTest.Compare(sample.Gold, sample.Second, sample.First);
            McNemarResult shuffled = McNemarTest.Compare(
                Permute(sample.Gold, sample.Order), Permute(sample.First, sample.Order), Permute(sample.Second, sample.Order));

            Assert.Equal(forward.OnlyFirstCorrect, swapped.OnlySecondCorrect);
            Assert.Equal(forward.OnlySecondCorrect, swapped.OnlyFirstCorrect);
            Assert.Equal(forward.PValue, swapped.PValue);
            Assert.Equal(forward, shuffled);
            Assert.InRange(forward.PValue, double.Epsilon, 1.0);
        });
    }

    // min(1, 2 · Σ_{k ≤ min(b, c)} C(b + c, k) / 2^(b + c)), with the binomial coefficients as exact integers.
    private static double ReferencePValue(int b, int c)
    {
        int n = b + c;
        BigInteger tail = BigInteger.Zero;
        BigInteger coefficient = BigInteger.One;
        for (int k = 0; k <= Math.Min(b, c); k++)
        {
            tail += coefficient;
            coefficient = coefficient * (n - k) / (k + 1);
        }

        double ratio = Math.Exp(BigInteger.Log(tail * 2) - (n * Math.Log(2)));
        return Math.Min(1, ratio);
    }

    private static int[] Permute(int[] values, int[] order) => order.Select(i => values[i]).ToArray();
}
