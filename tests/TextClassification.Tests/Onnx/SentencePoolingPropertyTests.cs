using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Pooling;

namespace TextClassification.Tests.Onnx;

/// <summary>A pooling input: hidden [B, S, D] and mask [B, S] with values in [-range, range].</summary>
public sealed record PoolingCase(int Batch, int Sequence, int Dimension, float[] Hidden, long[] Mask)
{
    public override string ToString() => $"PoolingCase(B={Batch}, S={Sequence}, D={Dimension}, mask=[{string.Join(",", Mask)}])";
}

public static class PoolingCaseArbitrary
{
    public static Arbitrary<PoolingCase> Cases() =>
        (from batch in Gen.Choose(1, 3)
         from sequence in Gen.Choose(1, 12)
         from dimension in Gen.Frequency((3, Gen.Choose(1, 40)), (1, Gen.Choose(0, 256).Select(d => Math.Max(1, d))))
         from range in Gen.Elements(1f, 10f, 1000f)
         from ints in Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000), batch * sequence * dimension)
         from mask in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(1L)), (1, Gen.Constant(0L))), batch * sequence)
         select new PoolingCase(batch, sequence, dimension, ints.Select(i => i / 1_000_000f * range).ToArray(), mask)).ToArbitrary();
}

/// <summary>The vectorized pooling against its scalar reference (relative tolerance 1e-5 of the row's magnitude).</summary>
[Properties(Arbitrary = [typeof(PoolingCaseArbitrary)], MaxTest = 300)]
public sealed class SentencePoolingPropertyTests
{
    [Property]
    public void Vectorized_pooling_matches_the_scalar_reference(PoolingCase c, bool cls, bool normalize)
    {
        SentencePoolingMode mode = cls ? SentencePoolingMode.Cls : SentencePoolingMode.Mean;
        float[] fast = new float[c.Batch * c.Dimension];
        float[] reference = new float[c.Batch * c.Dimension];

        SentencePooling.Pool(c.Hidden, c.Mask, c.Batch, c.Dimension, mode, normalize, fast);
        SentencePooling.PoolScalar(c.Hidden, c.Mask, c.Batch, c.Dimension, mode, normalize, reference);

        float scale = normalize ? 1f : Math.Max(1f, c.Hidden.Length == 0 ? 0f : c.Hidden.Max(Math.Abs));
        for (int i = 0; i < fast.Length; i++)
        {
            Assert.True(Math.Abs(fast[i] - reference[i]) <= 1e-5f * scale, $"[{i}] {fast[i]} vs {reference[i]}");
        }
    }

    [Property]
    public void Masked_positions_do_not_change_the_mean(PoolingCase c)
    {
        float[] before = new float[c.Batch * c.Dimension];
        SentencePooling.Pool(c.Hidden, c.Mask, c.Batch, c.Dimension, SentencePoolingMode.Mean, false, before);
        float[] changed = (float[])c.Hidden.Clone();
        for (int p = 0; p < c.Mask.Length; p++)
        {
            if (c.Mask[p] == 0)
            {
                changed.AsSpan(p * c.Dimension, c.Dimension).Fill(12345f);
            }
        }

        float[] after = new float[before.Length];
        SentencePooling.Pool(changed, c.Mask, c.Batch, c.Dimension, SentencePoolingMode.Mean, false, after);
        Assert.Equal(before, after);
    }

    [Property]
    public void Normalized_vectors_have_unit_norm_or_are_zero(PoolingCase c, bool cls)
    {
        float[] pooled = new float[c.Batch * c.Dimension];
        SentencePooling.Pool(c.Hidden, c.Mask, c.Batch, c.Dimension, cls ? SentencePoolingMode.Cls : SentencePoolingMode.Mean, true, pooled);
        for (int b = 0; b < c.Batch; b++)
        {
            double norm = Math.Sqrt(pooled.AsSpan(b * c.Dimension, c.Dimension).ToArray().Sum(v => (double)v * v));
            Assert.True(norm == 0 || Math.Abs(norm - 1) <= 1e-4, $"row {b} norm {norm}");
        }
    }

    [Fact]
    public void Every_dimension_from_1_to_256_matches_the_reference()
    {
        var random = new Random(7);
        for (int d = 1; d <= 256; d++)
        {
            const int s = 5;
            float[] hidden = Enumerable.Range(0, s * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            long[] mask = [1, 1, 0, 1, 0];
            float[] fast = new float[d];
            float[] reference = new float[d];
            SentencePooling.Pool(hidden, mask, 1, d, SentencePoolingMode.Mean, true, fast);
            SentencePooling.PoolScalar(hidden, mask, 1, d, SentencePoolingMode.Mean, true, reference);
            for (int j = 0; j < d; j++)
            {
                Assert.True(Math.Abs(fast[j] - reference[j]) <= 1e-5f, $"d={d} [{j}]");
            }
        }
    }
}
