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
