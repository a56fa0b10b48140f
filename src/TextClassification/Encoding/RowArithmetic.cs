using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TextClassification.Encoders;

/// <summary>
/// Arithmetic on table rows, inlined into the callers' loops over features. Rows are short: as wide as the label count
/// for a linear member (often 2 to 20 floats) or the embedding width (64) for an SGD model, where a call into
/// TensorPrimitives costs more than the arithmetic. Each vectorised method has its scalar reference beside it
/// (<c>…Scalar</c>); property tests check that both agree.
/// </summary>
internal static class RowArithmetic
{
    /// <summary>Floats a table needs after its last row (and a residual after its width) for
    /// <see cref="GatherPadded"/> and <see cref="ScatterPadded"/>.</summary>
    public const int Padding = 8;

    /// <summary>The widest row <see cref="GatherPadded"/> and <see cref="ScatterPadded"/> take.</summary>
    public const int MaxPaddedWidth = 8;

    /// <summary><c>y[0..n) += a·x[0..n)</c> in 8- and 4-float vectors, then scalars; the caller guarantees both ranges are
    /// inside their arrays.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(ref float x, float a, ref float y, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            Vector256<float> scale = Vector256.Create(a);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                ref float target = ref Unsafe.Add(ref y, i);
                Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref Unsafe.Add(ref x, i)), scale, Vector256.LoadUnsafe(ref target)).StoreUnsafe(ref target);
            }
        }

        if (Vector128.IsHardwareAccelerated && n - i >= Vector128<float>.Count)
        {
            Vector128<float> scale = Vector128.Create(a);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                ref float target = ref Unsafe.Add(ref y, i);
                Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i)), scale, Vector128.LoadUnsafe(ref target)).StoreUnsafe(ref target);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref y, i) += a * Unsafe.Add(ref x, i);
        }
    }

    /// <summary>The scalar reference of <see cref="AddScaled"/>.</summary>
    public static void AddScaledScalar(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary><c>Σₖ inputs[k] · table[rows[k]·width ..][0..width)</c> for a width of at most
    /// <see cref="MaxPaddedWidth"/>, accumulated in registers: each row is read as a whole vector, so lanes past
    /// <paramref name="width"/> hold the next row's values and must be ignored, and the table needs
    /// <see cref="Padding"/> floats after its last row. Writes <see cref="Padding"/> floats to <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherPadded(ref float table, ReadOnlySpan<int> rows, ReadOnlySpan<float> inputs, int width, Span<float> sum)
    {
        ref float target = ref MemoryMarshal.GetReference(sum[..Padding]);
        if (width <= Vector128<float>.Count || !Vector256.IsHardwareAccelerated)
        {
            // One 4-float accumulator up to 4 labels; a second one for 5 to 8 where 8-float vectors are not accelerated
            // (it stays zero otherwise).
            Vector128<float> low = Vector128<float>.Zero;
            Vector128<float> high = Vector128<float>.Zero;
            bool wide = width > Vector128<float>.Count;
            for (int k = 0; k < rows.Length; k++)
            {
                ref float row = ref Unsafe.Add(ref table, rows[k] * width);
                Vector128<float> scale = Vector128.Create(inputs[k]);
                low = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref row), scale, low);
                if (wide)
                {
                    high = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, 4)), scale, high);
                }
            }

            low.StoreUnsafe(ref target);
            high.StoreUnsafe(ref Unsafe.Add(ref target, 4));
            return;
        }

        Vector256<float> accumulator = Vector256<float>.Zero;
        for (int k = 0; k < rows.Length; k++)
        {
            accumulator = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref Unsafe.Add(ref table, rows[k] * width)), Vector256.Create(inputs[k]), accumulator);
        }

        accumulator.StoreUnsafe(ref target);
    }

    /// <summary>The scalar reference of <see cref="GatherPadded"/>: writes the sums of the first
    /// <paramref name="width"/> lanes only.</summary>
    public static void GatherScalar(ReadOnlySpan<float> table, ReadOnlySpan<int> rows, ReadOnlySpan<float> inputs, int width, Span<float> sum)
    {
        sum[..width].Clear();
        for (int k = 0; k < rows.Length; k++)
        {
            AddScaledScalar(table.Slice(rows[k] * width, width), inputs[k], sum);
        }
    }

    /// <summary>The embedding width <see cref="GatherWide"/> takes: the n-gram models' default.</summary>
    public const int WideWidth = 64;

    /// <summary>
    /// <c>sum[0..64) = Σₖ (inputs[k]·scale) · table[rows[k]·64 ..][0..64)</c>, accumulated in eight 8-float registers and
    /// stored once: the SGD word model's forward pooling. Each lane gets the same fused multiply-adds in the same order as
    /// <see cref="AddScaled"/> called row after row into a zeroed sum, so the result is bit for bit the same; only the
    /// sum's store and reload per row are gone. The caller checks <see cref="Vector256.IsHardwareAccelerated"/>.
    /// </summary>
    public static void GatherWide(ref float table, ReadOnlySpan<int> rows, ReadOnlySpan<float> inputs, float scale, Span<float> sum)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        var s4 = Vector256<float>.Zero;
        var s5 = Vector256<float>.Zero;
        var s6 = Vector256<float>.Zero;
        var s7 = Vector256<float>.Zero;
        for (int k = 0; k < rows.Length; k++)
        {
            ref float row = ref Unsafe.Add(ref table, (nint)rows[k] * WideWidth);
            var a = Vector256.Create(inputs[k] * scale);
            s0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row), a, s0);
            s1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 8), a, s1);
            s2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 16), a, s2);
            s3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 24), a, s3);
            s4 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 32), a, s4);
            s5 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 40), a, s5);
            s6 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 48), a, s6);
            s7 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 56), a, s7);
        }

        StoreWide(sum, s0, s1, s2, s3, s4, s5, s6, s7);
    }

    // One 8-float block of a head row in HeadStepWide: the row's old values go into the hidden gradient (returned), then
    // the row takes its step along the hidden vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> StepBlock(ref float w, ref float h, nuint offset, Vector256<float> a, Vector256<float> step, Vector256<float> g)
    {
        Vector256<float> old = Vector256.LoadUnsafe(ref w, offset);
        Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref h, offset), step, old).StoreUnsafe(ref w, offset);
        return Vector256.MultiplyAddEstimate(old, a, g);
    }

    // Stores eight 8-float registers as the 64 floats of a wide row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWide(
        Span<float> row, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3, Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7)
    {
        ref float target = ref MemoryMarshal.GetReference(row[..WideWidth]);
        v0.StoreUnsafe(ref target);
        v1.StoreUnsafe(ref target, 8);
        v2.StoreUnsafe(ref target, 16);
        v3.StoreUnsafe(ref target, 24);
        v4.StoreUnsafe(ref target, 32);
        v5.StoreUnsafe(ref target, 40);
        v6.StoreUnsafe(ref target, 48);
        v7.StoreUnsafe(ref target, 56);
    }

    /// <summary>
    /// <c>table[rows[k]·64 ..][0..64) += (inputs[k]·scale) · gradient[0..64)</c> for every k: the SGD word model's update
    /// of a text's rows, with the gradient held in eight 8-float registers instead of reloaded for every row. The same
    /// fused multiply-adds as <see cref="AddScaled"/> row after row, so the same bits. Rows are updated one after another
    /// (a row may repeat). The caller checks <see cref="Vector256.IsHardwareAccelerated"/>.
    /// </summary>
    public static void ScatterWide(ref float table, ReadOnlySpan<int> rows, ReadOnlySpan<float> inputs, float scale, ReadOnlySpan<float> gradient)
    {
        ref float source = ref MemoryMarshal.GetReference(gradient[..WideWidth]);
        Vector256<float> g0 = Vector256.LoadUnsafe(ref source);
        Vector256<float> g1 = Vector256.LoadUnsafe(ref source, 8);
        Vector256<float> g2 = Vector256.LoadUnsafe(ref source, 16);
        Vector256<float> g3 = Vector256.LoadUnsafe(ref source, 24);
        Vector256<float> g4 = Vector256.LoadUnsafe(ref source, 32);
        Vector256<float> g5 = Vector256.LoadUnsafe(ref source, 40);
        Vector256<float> g6 = Vector256.LoadUnsafe(ref source, 48);
        Vector256<float> g7 = Vector256.LoadUnsafe(ref source, 56);
        for (int k = 0; k < rows.Length; k++)
        {
            ref float row = ref Unsafe.Add(ref table, (nint)rows[k] * WideWidth);
            var a = Vector256.Create(scale * inputs[k]);
            Vector256.MultiplyAddEstimate(g0, a, Vector256.LoadUnsafe(ref row)).StoreUnsafe(ref row);
            Vector256.MultiplyAddEstimate(g1, a, Vector256.LoadUnsafe(ref row, 8)).StoreUnsafe(ref row, 8);
            Vector256.MultiplyAddEstimate(g2, a, Vector256.LoadUnsafe(ref row, 16)).StoreUnsafe(ref row, 16);
            Vector256.MultiplyAddEstimate(g3, a, Vector256.LoadUnsafe(ref row, 24)).StoreUnsafe(ref row, 24);
            Vector256.MultiplyAddEstimate(g4, a, Vector256.LoadUnsafe(ref row, 32)).StoreUnsafe(ref row, 32);
            Vector256.MultiplyAddEstimate(g5, a, Vector256.LoadUnsafe(ref row, 40)).StoreUnsafe(ref row, 40);
            Vector256.MultiplyAddEstimate(g6, a, Vector256.LoadUnsafe(ref row, 48)).StoreUnsafe(ref row, 48);
            Vector256.MultiplyAddEstimate(g7, a, Vector256.LoadUnsafe(ref row, 56)).StoreUnsafe(ref row, 56);
        }
    }

    /// <summary>
    /// The head's part of an SGD step for an embedding width of 64: for every label c whose output gradient
    /// <c>gc = gradient[c]·weight</c> is not zero and <c>|gradient[c]|</c> is above <paramref name="negligible"/>,
    /// <c>hiddenGradient += gc · head[c]</c>, then <c>head[c] += (−rate·gc) · hidden</c> and <c>bias[c] −= rate·gc</c>.
    /// The hidden gradient stays in eight 8-float registers across the labels and each head row is loaded once for both
    /// updates (two <see cref="AddScaled"/> calls a label had loaded it twice and the hidden gradient once more); every
    /// lane gets the same fused multiply-adds in the same order, so the same bits. <paramref name="hiddenGradient"/> is
    /// overwritten. <paramref name="head"/> must hold <c>gradient.Length</c> rows of 64 (not checked), and none of the four
    /// buffers may overlap another. The caller checks <see cref="Vector256.IsHardwareAccelerated"/>.
    /// </summary>
    public static void HeadStepWide(
        ref float head, ReadOnlySpan<float> gradient, float weight, float negligible, float rate, ReadOnlySpan<float> hidden, Span<float> hiddenGradient, Span<float> bias)
    {
        ref float h = ref MemoryMarshal.GetReference(hidden[..WideWidth]);
        var g0 = Vector256<float>.Zero;
        var g1 = Vector256<float>.Zero;
        var g2 = Vector256<float>.Zero;
        var g3 = Vector256<float>.Zero;
        var g4 = Vector256<float>.Zero;
        var g5 = Vector256<float>.Zero;
        var g6 = Vector256<float>.Zero;
        var g7 = Vector256<float>.Zero;
        for (int c = 0; c < gradient.Length; c++)
        {
            float gc = gradient[c] * weight;
            if (gc == 0f || MathF.Abs(gradient[c]) <= negligible)
            {
                continue;
            }

            ref float w = ref Unsafe.Add(ref head, (nint)c * WideWidth);
            var a = Vector256.Create(gc);
            var step = Vector256.Create(-rate * gc);
            g0 = StepBlock(ref w, ref h, 0, a, step, g0);
            g1 = StepBlock(ref w, ref h, 8, a, step, g1);
            g2 = StepBlock(ref w, ref h, 16, a, step, g2);
            g3 = StepBlock(ref w, ref h, 24, a, step, g3);
            g4 = StepBlock(ref w, ref h, 32, a, step, g4);
            g5 = StepBlock(ref w, ref h, 40, a, step, g5);
            g6 = StepBlock(ref w, ref h, 48, a, step, g6);
            g7 = StepBlock(ref w, ref h, 56, a, step, g7);
            bias[c] -= rate * gc;
        }

        StoreWide(hiddenGradient, g0, g1, g2, g3, g4, g5, g6, g7);
    }

    /// <summary><c>table[rows[k]·width ..][0..width) += inputs[k] · residual</c> for every k, for a width of at most
    /// <see cref="MaxPaddedWidth"/>: each row is updated as a whole vector, so <paramref name="residual"/> must hold
    /// <see cref="Padding"/> floats, zero past <paramref name="width"/> (the next row then gets <c>+0</c>, which leaves it
    /// as it was), and the table needs <see cref="Padding"/> floats after its last row. Rows are updated one after
    /// another, so a row may repeat or neighbour another; the table must not be written by another thread meanwhile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScatterPadded(ref float table, ReadOnlySpan<int> rows, ReadOnlySpan<float> inputs, int width, ReadOnlySpan<float> residual)
    {
        ref float source = ref MemoryMarshal.GetReference(residual[..Padding]);
        if (width <= Vector128<float>.Count || !Vector256.IsHardwareAccelerated)
        {
            Vector128<float> low = Vector128.LoadUnsafe(ref source);
            Vector128<float> high = Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 4));
            bool wide = width > Vector128<float>.Count;
            for (int k = 0; k < rows.Length; k++)
            {
                ref float row = ref Unsafe.Add(ref table, rows[k] * width);
                Vector128<float> scale = Vector128.Create(inputs[k]);
                Vector128.MultiplyAddEstimate(low, scale, Vector128.LoadUnsafe(ref row)).StoreUnsafe(ref row);
                if (wide)
                {
                    ref float upper = ref Unsafe.Add(ref row, 4);
                    Vector128.MultiplyAddEstimate(high, scale, Vector128.LoadUnsafe(ref upper)).StoreUnsafe(ref upper);
                }
            }

            return;
        }

        Vector256<float> r = Vector256.LoadUnsafe(ref source);
        for (int k = 0; k < rows.Length; k++)
        {
            ref float row = ref Unsafe.Add(ref table, rows[k] * width);
            Vector256.MultiplyAddEstimate(r, Vector256.Create(inputs[k]), Vector256.LoadUnsafe(ref row)).StoreUnsafe(ref row);
        }
    }

    /// <summary>The scalar reference of <see cref="ScatterPadded"/>: touches the first <paramref name="width"/> floats of
    /// each row only.</summary>
    public static void ScatterScalar(Span<float> table, ReadOnlySpan<int> rows, ReadOnlySpan<float> inputs, int width, ReadOnlySpan<float> residual)
    {
        for (int k = 0; k < rows.Length; k++)
        {
            AddScaledScalar(residual[..width], inputs[k], table.Slice(rows[k] * width, width));
        }
    }
}
