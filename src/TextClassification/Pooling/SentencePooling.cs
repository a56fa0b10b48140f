using System.Numerics.Tensors;

namespace TextClassification.Pooling;

/// <summary>
/// Sentence pooling over an encoder's <c>last_hidden_state</c>: masked mean or [CLS], then optional L2
/// normalisation — vectorized with <see cref="TensorPrimitives"/>, with the scalar references beside them
/// (tests compare the two at many lengths).
/// </summary>
public static class SentencePooling
{
    /// <summary>
    /// Pools a batch: <paramref name="hidden"/> is <c>[batch, sequence, dimension]</c> row-major,
    /// <paramref name="attentionMask"/> <c>[batch, sequence]</c>, <paramref name="destination"/> <c>[batch, dimension]</c>.
    /// </summary>
    /// <param name="hidden">Token vectors.</param>
    /// <param name="attentionMask">1 for tokens, 0 for padding.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="dimension">Vector length D.</param>
    /// <param name="mode">Mean or [CLS].</param>
    /// <param name="normalize">Scale each pooled vector to unit L2 norm (a zero vector stays zero).</param>
    /// <param name="destination">Receives the pooled vectors.</param>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    /// <remarks>Effectively computes, per row b, <c>sum_t mask[b,t]·h[b,t,:] / max(1, sum_t mask[b,t])</c> (or
    /// <c>h[b,0,:]</c>), then divides by its norm when asked.</remarks>
    public static void Pool(ReadOnlySpan<float> hidden, ReadOnlySpan<long> attentionMask, int batch, int dimension,
        SentencePoolingMode mode, bool normalize, Span<float> destination)
    {
        int sequence = CheckShape(hidden, attentionMask, batch, dimension, mode, destination);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> rowHidden = hidden.Slice(b * sequence * dimension, sequence * dimension);
            Span<float> output = destination.Slice(b * dimension, dimension);
            if (mode == SentencePoolingMode.Cls)
            {
                rowHidden[..dimension].CopyTo(output);
            }
            else
            {
                MeanMasked(rowHidden, attentionMask.Slice(b * sequence, sequence), output);
            }

            if (normalize)
            {
                L2Normalize(output);
            }
        }
    }

    /// <summary>The scalar reference of <see cref="Pool"/>.</summary>
    /// <param name="hidden">Token vectors.</param>
    /// <param name="attentionMask">1 for tokens, 0 for padding.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="dimension">Vector length D.</param>
    /// <param name="mode">Mean or [CLS].</param>
    /// <param name="normalize">Scale each pooled vector to unit L2 norm.</param>
    /// <param name="destination">Receives the pooled vectors.</param>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void PoolScalar(ReadOnlySpan<float> hidden, ReadOnlySpan<long> attentionMask, int batch, int dimension,
        SentencePoolingMode mode, bool normalize, Span<float> destination)
    {
        int sequence = CheckShape(hidden, attentionMask, batch, dimension, mode, destination);
        for (int b = 0; b < batch; b++)
        {
            int count = 0;
            for (int j = 0; j < dimension; j++)
            {
                destination[(b * dimension) + j] = 0f;
            }

            for (int t = 0; t < sequence; t++)
            {
                bool take = mode == SentencePoolingMode.Cls ? t == 0 : attentionMask[(b * sequence) + t] != 0;
                if (!take)
                {
                    continue;
                }

                count++;
                for (int j = 0; j < dimension; j++)
                {
                    destination[(b * dimension) + j] += hidden[(((b * sequence) + t) * dimension) + j];
                }
            }

            float scale = 1f / Math.Max(1, count);
            double squares = 0;
            for (int j = 0; j < dimension; j++)
            {
                destination[(b * dimension) + j] *= scale;
                squares += (double)destination[(b * dimension) + j] * destination[(b * dimension) + j];
            }

            if (normalize && squares > 0)
            {
                // In double: the inverse norm of a vector of float.MaxValue is below float's normal range.
                double inverse = 1.0 / Math.Sqrt(squares);
                for (int j = 0; j < dimension; j++)
                {
                    destination[(b * dimension) + j] = (float)(destination[(b * dimension) + j] * inverse);
                }
            }
        }
    }

    /// <summary>Masked mean of one sequence's vectors (<c>hidden</c> is <c>[mask.Length, destination.Length]</c>);
    /// all-zero mask gives a zero vector.</summary>
    /// <param name="hidden">Token vectors of one sequence.</param>
    /// <param name="attentionMask">1 for tokens, 0 for padding.</param>
    /// <param name="destination">Receives the mean.</param>
    public static void MeanMasked(ReadOnlySpan<float> hidden, ReadOnlySpan<long> attentionMask, Span<float> destination)
    {
        int dimension = destination.Length;
        destination.Clear();
        int count = 0;
        for (int t = 0; t < attentionMask.Length; t++)
        {
            if (attentionMask[t] != 0)
            {
                TensorPrimitives.Add(destination, hidden.Slice(t * dimension, dimension), destination);
                count++;
            }
        }

        if (count > 1)
        {
            TensorPrimitives.Multiply(destination, 1f / count, destination);
        }
    }

    /// <summary>Scales <paramref name="vector"/> to unit L2 norm in place; a zero vector stays zero, and one holding NaN
    /// is left as it is.</summary>
    /// <param name="vector">The vector.</param>
    public static void L2Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm is >= SmallestExactNorm and <= LargestExactNorm)
        {
            TensorPrimitives.Multiply(vector, 1f / norm, vector);
            return;
        }

        // Zero, NaN, or a sum of squares that left the range of a float: a vector of 1e20s had a norm of +∞ and became
        // zeros, one of 1e-30s a norm of 0 and stayed as it was (review 52b). Taken again in double, as PoolScalar does.
        double squares = 0;
        foreach (float value in vector)
        {
            squares += (double)value * value;
        }

        if (squares > 0)
        {
            double inverse = 1.0 / Math.Sqrt(squares);
            for (int j = 0; j < vector.Length; j++)
            {
                vector[j] = (float)(vector[j] * inverse);
            }
        }
    }

    // Norms whose float sum of squares neither overflowed nor lost more than about 1e-11 of itself to subnormal squares
    // (at most 2^-149 each, over a few thousand dimensions); outside them L2Normalize takes the norm in double.
    private const float SmallestExactNorm = 1e-15f;
    private const float LargestExactNorm = 1e18f;

    private static int CheckShape(ReadOnlySpan<float> hidden, ReadOnlySpan<long> attentionMask, int batch, int dimension, SentencePoolingMode mode, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (!Enum.IsDefined(mode))
        {
            // An undefined value pooled as Mean.
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Must be Mean or Cls.");
        }

        if (batch == 0)
        {
            return 0;
        }

        int sequence = attentionMask.Length / batch;
        if (sequence < 1 || attentionMask.Length != batch * sequence || hidden.Length != attentionMask.Length * dimension)
        {
            throw new ArgumentException($"hidden has {hidden.Length} values and the mask {attentionMask.Length}; expected [{batch}, S, {dimension}] and [{batch}, S].", nameof(hidden));
        }

        if (destination.Length < batch * dimension)
        {
            throw new ArgumentException($"destination needs {batch * dimension} values, has {destination.Length}.", nameof(destination));
        }

        return sequence;
    }
}
