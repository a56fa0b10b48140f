using System.Numerics.Tensors;

namespace TextClassification.Heads;

/// <summary>A dense layer <c>logits = W·x + b</c> with <c>W</c> stored row-major as [outputs × inputs], or the identity
/// <c>logits = x + b</c>, which stores no <c>W</c> (<see cref="IsIdentity"/>).</summary>
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

    private LinearHead(float[] bias)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bias.Length, 1, nameof(bias));
        Weights = null;
        Bias = bias;
        Inputs = bias.Length;
    }

    /// <summary>The identity (logits = x + b) of width <paramref name="size"/>: the head of the models whose table rows
    /// already hold per-label scores (the linear and naive Bayes ensemble members). The bias defaults to zeros. It keeps
    /// no weight matrix: a dense identity would hold size² floats and spend size² multiplications on every text.</summary>
    public static LinearHead Identity(int size, float[]? bias = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (bias is not null && bias.Length != size)
        {
            throw new ArgumentException($"The bias has {bias.Length} values; an identity head of width {size} needs {size}.", nameof(bias));
        }

        return new LinearHead(bias ?? new float[size]);
    }

    /// <summary>True when <paramref name="weights"/> ([<paramref name="size"/> × <paramref name="size"/>], row-major) is
    /// the identity matrix: ones on the diagonal, zeros elsewhere. Bundles written before the identity head had its own
    /// type (format version 5) store it densely; the loader gives them the identity again.</summary>
    public static bool IsIdentityMatrix(ReadOnlySpan<float> weights, int size)
    {
        if (weights.Length != (long)size * size)
        {
            return false;
        }

        for (int row = 0; row < size; row++)
        {
            ReadOnlySpan<float> values = weights.Slice(row * size, size);
            if (values[row] != 1f
                || values[..row].ContainsAnyExcept(0f)
                || values[(row + 1)..].ContainsAnyExcept(0f))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for the identity head (<see cref="Identity"/>), which has no <see cref="Weights"/>.</summary>
    public bool IsIdentity => Weights is null;

    /// <summary>Row-major [outputs × inputs]; null for the identity head.</summary>
    public float[]? Weights { get; }

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
        if (Weights is null)
        {
            // The dense identity's dot products, one 1 × x_o among zeros, give x_o exactly for finite inputs.
            TensorPrimitives.Add(input, Bias, logits[..Bias.Length]);
            return;
        }

        ReadOnlySpan<float> weights = Weights;
        for (int o = 0; o < Bias.Length; o++)
        {
            logits[o] = TensorPrimitives.Dot(weights.Slice(o * Inputs, Inputs), input) + Bias[o];
        }
    }
}
