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
