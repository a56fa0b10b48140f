using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TextClassification.Encoders;

/// <summary>
/// <c>y += a·x</c> over one table row. Rows of a linear member are as wide as the label count — often 2 to 15 floats —
/// where a plain loop beats a vectorised call per row; wider rows (embeddings) go through TensorPrimitives. Inlined so
/// the loop sits in the caller's loop over features.
/// </summary>
internal static class RowArithmetic
{
    /// <summary>Rows at least this wide use the vectorised path.</summary>
    public const int VectorizedWidth = 16;

    /// <summary><c>y[0..n) += a·x[0..n)</c>; the caller guarantees both ranges are inside their arrays.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(ref float x, float a, ref float y, int n)
    {
        if (n >= VectorizedWidth)
        {
            Span<float> target = MemoryMarshal.CreateSpan(ref y, n);
            TensorPrimitives.MultiplyAdd(MemoryMarshal.CreateReadOnlySpan(ref x, n), a, target, target);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref y, i) += a * Unsafe.Add(ref x, i);
        }
    }
}
