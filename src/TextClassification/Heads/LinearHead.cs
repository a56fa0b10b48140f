using System.Numerics.Tensors;

namespace TextClassification.Heads;

/// <summary>A dense layer <c>logits = W·x + b</c> with <c>W</c> stored row-major as [outputs × inputs].</summary>
internal sealed class LinearHead
{
    /// <summary>Wraps weights and bias (not copied; the trainer updates them in place).</summary>
    public LinearHead(float[] weights, float[] bias, int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if (weights.Length != (long)bias.Length * inputs)
        {
            throw new ArgumentException($"Weights have {weights.Length} floats; {bias.Length} outputs × {inputs} inputs need {(long)bias.Length * inputs}.", nameof(weights));
        }

        Weights = weights;
        Bias = bias;
        Inputs = inputs;
    }

    /// <summary>The identity (logits = x + b) of width <paramref name="size"/>: the head of the models whose table rows
    /// already hold per-label scores (the linear and naive Bayes ensemble members). The bias defaults to zeros.</summary>
    public static LinearHead Identity(int size, float[]? bias = null)
    {
        float[] weights = new float[size * size];
        for (int i = 0; i < size; i++)
        {
            weights[(i * size) + i] = 1f;
        }

        return new LinearHead(weights, bias ?? new float[size], size);
    }

    /// <summary>Row-major [outputs × inputs].</summary>
    public float[] Weights { get; }

    /// <summary>One per output.</summary>
    public float[] Bias { get; }

    /// <summary>Input width.</summary>
    public int Inputs { get; }

    /// <summary>Output width (number of labels).</summary>
    public int Outputs => Bias.Length;

    /// <summary>Writes the logits of <paramref name="input"/> into <paramref name="logits"/>.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> logits)
    {
        input = input[..Inputs];
        ReadOnlySpan<float> weights = Weights;
        for (int o = 0; o < Bias.Length; o++)
        {
            logits[o] = TensorPrimitives.Dot(weights.Slice(o * Inputs, Inputs), input) + Bias[o];
        }
    }
}
