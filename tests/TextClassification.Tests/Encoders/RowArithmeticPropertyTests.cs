using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Encoders;

/// <summary>The vectorised row arithmetic against its scalar references, on random widths, rows and values.</summary>
public sealed class RowArithmeticPropertyTests
{
    [Property(MaxTest = 300)]
    public void AddScaled_equals_the_scalar_reference_and_writes_nothing_past_the_row(NonNegativeInt seed, byte rawWidth)
    {
        var random = new Random(seed.Get);
        int n = rawWidth % 100;
        float[] x = Values(random, n);
        float a = Value(random);
        float[] y = [.. Values(random, n), float.NaN, float.NaN];
        float[] expected = [.. y];

        RowArithmetic.AddScaledScalar(x, a, expected.AsSpan(0, n));
        RowArithmetic.AddScaled(ref MemoryMarshal.GetArrayDataReference(x), a, ref y[0], n);

        AssertClose(expected.AsSpan(0, n), y.AsSpan(0, n));
        Assert.True(float.IsNaN(y[n]) && float.IsNaN(y[n + 1]));
    }

    [Property(MaxTest = 400)]
    public void AddScaled_equals_the_scalar_reference_at_the_width_edges_off_a_vector_boundary_with_special_floats(NonNegativeInt seed, byte rawOffset, bool specials)
    {
        var random = new Random(seed.Get);
        int n = VectorEdges.Length(random);
        int oneIn = specials ? 5 : 0;
        ArraySegment<float> x = VectorEdges.Values(random, n, rawOffset % 7, oneIn, VectorEdges.NonOverflowingSpecials);
        ArraySegment<float> y = VectorEdges.Values(random, n, (rawOffset / 7) % 9, oneIn, VectorEdges.NonOverflowingSpecials);
        float a = specials && random.Next(4) == 0 ? VectorEdges.NonOverflowingSpecials[random.Next(VectorEdges.NonOverflowingSpecials.Length)] : Value(random);
        float[] expected = [.. y];
        float[] outside = [.. y.Array!];

        RowArithmetic.AddScaledScalar(x, a, expected);
        RowArithmetic.AddScaled(ref x.Array![x.Offset], a, ref y.Array![y.Offset], n);

        for (int i = 0; i < n; i++)
        {
            Assert.True(VectorEdges.Close(expected[i], y[i], 1e-6f, 1e-6f), $"[{i}] of {n}: {y[i]} vs {expected[i]} (a {a}, x {x[i]})");
        }

        VectorEdges.AssertOutsideUnchanged(outside, y);
    }

    [Property(MaxTest = 300)]
    public void GatherPadded_equals_the_scalar_reference_on_the_rows_width(NonNegativeInt seed, byte rawWidth, byte rawRows)
    {
        (Random random, int width, int rows) = Shape(seed, rawWidth, rawRows);
        float[] table = Table(random, rows, width);
        (int[] ids, float[] inputs) = Features(random, rows);
        float[] expected = new float[width];
        float[] actual = new float[RowArithmetic.Padding];

        RowArithmetic.GatherScalar(table, ids, inputs, width, expected);
        RowArithmetic.GatherPadded(ref table[0], ids, inputs, width, actual);

        AssertClose(expected, actual.AsSpan(0, width));
    }

    [Property(MaxTest = 300)]
    public void ScatterPadded_equals_the_scalar_reference_and_leaves_other_floats_as_they_were(NonNegativeInt seed, byte rawWidth, byte rawRows)
    {
        (Random random, int width, int rows) = Shape(seed, rawWidth, rawRows);
        float[] simd = Table(random, rows, width);
        float[] scalar = [.. simd];
        (int[] ids, float[] inputs) = Features(random, rows);
        float[] residual = new float[RowArithmetic.Padding];
        Values(random, width).CopyTo(residual, 0);

        RowArithmetic.ScatterScalar(scalar, ids, inputs, width, residual);
        RowArithmetic.ScatterPadded(ref simd[0], ids, inputs, width, residual);

        // Floats of rows not listed, and the padding, get +0 at most: unchanged. Listed rows agree within rounding.
        AssertClose(scalar, simd);
        var touched = new HashSet<int>(ids);
        for (int i = 0; i < simd.Length; i++)
        {
            if (i >= rows * width || !touched.Contains(i / width))
            {
                Assert.Equal(scalar[i], simd[i]);
            }
        }
    }

    [Property(MaxTest = 200)]
    public void GatherWide_equals_AddScaled_row_after_row_bit_for_bit_and_the_scalar_reference_within_rounding(NonNegativeInt seed, byte rawRows)
    {
        var random = new Random(seed.Get);
        int rows = 1 + (rawRows % 30);
        const int Width = RowArithmetic.WideWidth;
        float[] table = Values(random, rows * Width);
        (int[] ids, float[] inputs) = Features(random, rows);
        float scale = Value(random);

        float[] rowByRow = new float[Width];
        for (int k = 0; k < ids.Length; k++)
        {
            RowArithmetic.AddScaled(ref table[ids[k] * Width], inputs[k] * scale, ref rowByRow[0], Width);
        }

        float[] scaled = [.. inputs.Select(input => input * scale)];
        float[] reference = new float[Width];
        RowArithmetic.GatherScalar(table, ids, scaled, Width, reference);
        float[] wide = [.. Values(random, Width)]; // overwritten whole
        RowArithmetic.GatherWide(ref table[0], ids, inputs, scale, wide);

        Assert.Equal(rowByRow, wide);
        AssertClose(reference, wide);
    }

    [Property(MaxTest = 200)]
    public void ScatterWide_equals_AddScaled_row_after_row_bit_for_bit_and_leaves_other_rows_alone(NonNegativeInt seed, byte rawRows)
    {
        var random = new Random(seed.Get);
        int rows = 1 + (rawRows % 30);
        const int Width = RowArithmetic.WideWidth;
        float[] wide = Values(random, (rows + 1) * Width); // one row more, never listed
        float[] rowByRow = [.. wide];
        float[] scalar = [.. wide];
        (int[] ids, float[] inputs) = Features(random, rows);
        float[] gradient = Values(random, Width);
        float scale = Value(random);

        for (int k = 0; k < ids.Length; k++)
        {
            RowArithmetic.AddScaled(ref gradient[0], scale * inputs[k], ref rowByRow[ids[k] * Width], Width);
            RowArithmetic.AddScaledScalar(gradient, scale * inputs[k], scalar.AsSpan(ids[k] * Width, Width));
        }

        RowArithmetic.ScatterWide(ref wide[0], ids, inputs, scale, gradient);

        Assert.Equal(rowByRow, wide);
        AssertClose(scalar, wide);
        Assert.Equal(rowByRow.AsSpan(rows * Width).ToArray(), wide.AsSpan(rows * Width).ToArray());
    }

    // A table shape the padded methods take: 1 to 8 floats wide, 1 to 30 rows.
    private static (Random Random, int Width, int Rows) Shape(NonNegativeInt seed, byte rawWidth, byte rawRows) =>
        (new Random(seed.Get), 1 + (rawWidth % RowArithmetic.MaxPaddedWidth), 1 + (rawRows % 30));

    // Rows of random values followed by the padding, which holds values too (a table's neighbouring floats).
    [Property(MaxTest = 200)]
    public void HeadStepWide_equals_two_AddScaled_a_label_bit_for_bit_and_the_scalar_reference_within_rounding(NonNegativeInt seed, byte rawLabels, bool skipSome)
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            return; // the caller never takes the wide path there
        }

        var random = new Random(seed.Get);
        int labels = 1 + (rawLabels % 40);
        const int Width = RowArithmetic.WideWidth;
        float[] head = Values(random, labels * Width);
        float[] bias = Values(random, labels);
        float[] hidden = Values(random, Width);
        // Output gradients with zeros and tiny values among them, which the step leaves out when skipSome says so.
        float[] gradient = [.. Values(random, labels).Select((g, c) => c % 5 == 0 ? 0f : c % 3 == 0 ? g * 1e-4f : g)];
        float negligible = skipSome ? 1e-3f : 0f;
        float weight = 0.5f + (float)random.NextDouble();
        float rate = 0.1f + (float)random.NextDouble();

        float[] twoPassHead = [.. head], twoPassBias = [.. bias], twoPassGradient = new float[Width];
        float[] scalarHead = [.. head], scalarBias = [.. bias], scalarGradient = new float[Width];
        for (int c = 0; c < labels; c++)
        {
            float gc = gradient[c] * weight;
            if (gc == 0f || MathF.Abs(gradient[c]) <= negligible)
            {
                continue;
            }

            RowArithmetic.AddScaled(ref twoPassHead[c * Width], gc, ref twoPassGradient[0], Width);
            RowArithmetic.AddScaled(ref hidden[0], -rate * gc, ref twoPassHead[c * Width], Width);
            twoPassBias[c] -= rate * gc;
            RowArithmetic.AddScaledScalar(scalarHead.AsSpan(c * Width, Width), gc, scalarGradient);
            RowArithmetic.AddScaledScalar(hidden, -rate * gc, scalarHead.AsSpan(c * Width, Width));
            scalarBias[c] -= rate * gc;
        }

        float[] hiddenGradient = Values(random, Width); // overwritten whole
        RowArithmetic.HeadStepWide(ref head[0], gradient, weight, negligible, rate, hidden, hiddenGradient, bias);

        // Bits, so that −0 and +0 differ.
        Assert.Equal(Bits(twoPassGradient), Bits(hiddenGradient));
        Assert.Equal(Bits(twoPassHead), Bits(head));
        Assert.Equal(Bits(twoPassBias), Bits(bias));
        AssertClose(scalarGradient, hiddenGradient);
        AssertClose(scalarHead, head);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    private static float[] Table(Random random, int rows, int width) => Values(random, (rows * width) + RowArithmetic.Padding);

    // Ids with repeats and neighbours, in random order, each with an input weight.
    private static (int[] Ids, float[] Inputs) Features(Random random, int rows)
    {
        int count = random.Next(0, 3 * rows);
        int[] ids = new int[count];
        for (int k = 0; k < count; k++)
        {
            ids[k] = random.Next(rows);
        }

        return (ids, Values(random, count));
    }

    private static float[] Values(Random random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = Value(random);
        }

        return values;
    }

    private static float Value(Random random) => (float)((random.NextDouble() * 2) - 1);

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            // Fused and unfused multiply-adds round differently; sums of up to ~90 terms of magnitude <= 1.
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])) * 16, $"index {i}: {expected[i]} vs {actual[i]}");
        }
    }
}
