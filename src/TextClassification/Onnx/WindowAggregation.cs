using System.Numerics.Tensors;

namespace TextClassification.Onnx;

/// <summary>
/// How the probabilities of a long text's windows become the text's (<see cref="ChunkAggregation"/>): each label's mean
/// or maximum over the text's windows, the maximum renormalised to sum to 1 for single-label models. Vectorized with
/// <see cref="TensorPrimitives"/>, with the scalar reference beside it (property tests compare the two).
/// </summary>
internal static class WindowAggregation
{
    /// <summary>Writes each owner's aggregated probabilities into <paramref name="destination"/>
    /// (<c>owners × labels</c>, every owner having at least one window).</summary>
    /// <param name="probabilities">The windows' probabilities, <c>rows × labels</c> row-major.</param>
    /// <param name="owners">The text (owner) of each window row.</param>
    /// <param name="labels">Labels per row.</param>
    /// <param name="aggregation">Mean or max.</param>
    /// <param name="renormalizeMax">For max: scale each owner's maxima to sum to 1 (single-label models).</param>
    /// <param name="destination">Receives the owners' probabilities; its length gives the number of owners.</param>
    /// <param name="windows">Scratch: at least one int per owner.</param>
    public static void Aggregate(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> owners, int labels, ChunkAggregation aggregation, bool renormalizeMax, Span<float> destination, Span<int> windows)
    {
        int count = destination.Length / labels;
        windows = windows[..count];
        windows.Clear();
        bool max = aggregation == ChunkAggregation.Max;
        destination.Fill(max ? float.NegativeInfinity : 0f);
        for (int r = 0; r < owners.Length; r++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(r * labels, labels);
            Span<float> target = destination.Slice(owners[r] * labels, labels);
            if (max)
            {
                TensorPrimitives.Max(target, row, target);
            }
            else
            {
                TensorPrimitives.Add(target, row, target);
            }

            windows[owners[r]]++;
        }

        for (int o = 0; o < count; o++)
        {
            Span<float> target = destination.Slice(o * labels, labels);
            if (windows[o] <= 1)
            {
                continue;
            }

            if (!max)
            {
                TensorPrimitives.Multiply(target, 1f / windows[o], target);
            }
            else if (renormalizeMax)
            {
                TensorPrimitives.Multiply(target, 1f / TensorPrimitives.Sum(target), target);
            }
        }
    }

    /// <summary>The scalar reference of <see cref="Aggregate"/> (sums in double).</summary>
    /// <param name="probabilities">The windows' probabilities, <c>rows × labels</c> row-major.</param>
    /// <param name="owners">The text (owner) of each window row.</param>
    /// <param name="labels">Labels per row.</param>
    /// <param name="aggregation">Mean or max.</param>
    /// <param name="renormalizeMax">For max: scale each owner's maxima to sum to 1.</param>
    /// <param name="destination">Receives the owners' probabilities.</param>
    public static void AggregateScalar(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> owners, int labels, ChunkAggregation aggregation, bool renormalizeMax, Span<float> destination)
    {
        for (int o = 0; o < destination.Length / labels; o++)
        {
            int windows = 0;
            for (int c = 0; c < labels; c++)
            {
                double value = aggregation == ChunkAggregation.Max ? double.NegativeInfinity : 0;
                for (int r = 0; r < owners.Length; r++)
                {
                    if (owners[r] == o)
                    {
                        float p = probabilities[(r * labels) + c];
                        value = aggregation == ChunkAggregation.Max ? Math.Max(value, p) : value + p;
                        windows += c == 0 ? 1 : 0;
                    }
                }

                destination[(o * labels) + c] = (float)(aggregation == ChunkAggregation.Mean && windows > 1 ? value / windows : value);
            }

            if (aggregation == ChunkAggregation.Max && renormalizeMax && windows > 1)
            {
                double sum = 0;
                for (int c = 0; c < labels; c++)
                {
                    sum += destination[(o * labels) + c];
                }

                for (int c = 0; c < labels; c++)
                {
                    destination[(o * labels) + c] = (float)(destination[(o * labels) + c] / sum);
                }
            }
        }
    }
}
