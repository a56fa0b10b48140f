using System.Numerics.Tensors;

namespace TextClassification.Heads;

/// <summary>Output activations, vectorized with the scalar references beside them.</summary>
public static class Activations
{
    /// <summary>
    /// Numerically stable softmax: subtracts the maximum before exponentiating, so large logits never overflow.
    /// <paramref name="destination"/> may be the same span as <paramref name="logits"/>.
    /// </summary>
    /// <param name="logits">The raw scores.</param>
    /// <param name="destination">Receives the probabilities; at least as long as <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the logits.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        if (logits.IsEmpty)
        {
            return;
        }

        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, destination);
        TensorPrimitives.Exp(destination[..logits.Length], destination);
        float sum = TensorPrimitives.Sum(destination[..logits.Length]);
        TensorPrimitives.Multiply(destination[..logits.Length], 1f / sum, destination);
    }

    /// <summary>
    /// Logistic sigmoid of every logit, independently (the one-vs-all head of multi-label models): the outputs are
    /// per-label probabilities and do not sum to 1. <paramref name="destination"/> may be the same span as
    /// <paramref name="logits"/>.
    /// </summary>
    /// <param name="logits">The raw scores.</param>
    /// <param name="destination">Receives the probabilities; at least as long as <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the logits.</exception>
    public static void Sigmoid(ReadOnlySpan<float> logits, Span<float> destination)
    {
        // TensorPrimitives.Sigmoid throws on empty spans (unlike Exp, Add and the rest); no logits, nothing to write, as
        // Softmax and the scalar reference do.
        if (!logits.IsEmpty)
        {
            TensorPrimitives.Sigmoid(logits, destination);
        }
    }

    /// <summary>The scalar reference of <see cref="Sigmoid"/>: <c>1 / (1 + e^−x)</c> one logit at a time.</summary>
    /// <param name="logits">The raw scores.</param>
    /// <param name="destination">Receives the probabilities; at least as long as <paramref name="logits"/>.</param>
    public static void SigmoidScalar(ReadOnlySpan<float> logits, Span<float> destination)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] = 1f / (1f + MathF.Exp(-logits[i]));
        }
    }

    /// <summary>The scalar reference of <see cref="Softmax"/>.</summary>
    /// <param name="logits">The raw scores.</param>
    /// <param name="destination">Receives the probabilities; at least as long as <paramref name="logits"/>.</param>
    public static void SoftmaxScalar(ReadOnlySpan<float> logits, Span<float> destination)
    {
        if (logits.IsEmpty)
        {
            return;
        }

        float max = float.NegativeInfinity;
        foreach (float value in logits)
        {
            max = MathF.Max(max, value);
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] = MathF.Exp(logits[i] - max);
            sum += destination[i];
        }

        float scale = (float)(1.0 / sum);
        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] *= scale;
        }
    }
}
