using System.Numerics.Tensors;

namespace TextClassification;

/// <summary>
/// Raises one text's probabilities (or the root mean's mean of roots) to a power and rescales them to sum to 1: the
/// step a temperature <c>T</c> takes (<c>p_i ∝ p_i^(1/T)</c>, the same as dividing log-probabilities by <c>T</c>). The
/// order of the labels within the text is kept, so the answer is the same; only how sure the probabilities say it is
/// changes.
/// </summary>
internal static class ProbabilityPower
{
    /// <summary>Raises <paramref name="values"/> (non-negative, not all zero for a change) to <paramref name="exponent"/>
    /// in place and rescales them to sum to 1; all zeros stay zero, and a zero stays zero. Vectorized through
    /// <see cref="TensorPrimitives"/>: <c>exp(e·(ln v − ln max))</c>, so the largest value becomes 1 before the sum and
    /// nothing overflows or underflows to all zeros.</summary>
    public static void Apply(Span<float> values, float exponent)
    {
        float max = TensorPrimitives.Max(values);
        if (!(max > 0f))
        {
            return;
        }

        TensorPrimitives.Log(values, values);
        TensorPrimitives.Subtract(values, MathF.Log(max), values);
        TensorPrimitives.Multiply(values, exponent, values);
        TensorPrimitives.Exp(values, values);
        TensorPrimitives.Multiply(values, 1f / TensorPrimitives.Sum(values), values);
    }

    /// <summary>The scalar reference of <see cref="Apply"/> in double precision, which tests compare the vectorized
    /// path with.</summary>
    internal static void ApplyScalar(Span<float> values, float exponent)
    {
        double max = 0;
        foreach (float value in values)
        {
            max = Math.Max(max, value);
        }

        if (!(max > 0))
        {
            return;
        }

        double sum = 0;
        Span<double> powered = values.Length <= 256 ? stackalloc double[values.Length] : new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            powered[i] = Math.Pow(values[i] / max, exponent);
            sum += powered[i];
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(powered[i] / sum);
        }
    }
}
