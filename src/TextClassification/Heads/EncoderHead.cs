using System.Buffers;
using System.Numerics.Tensors;

namespace TextClassification.Heads;

/// <summary>The head on sentence vectors: linear, or an MLP (dense → ReLU → dense) when <see cref="Hidden"/> is set.</summary>
internal sealed class EncoderHead
{
    private const int StackallocFloats = 1024;

    public EncoderHead(LinearHead? hidden, LinearHead output)
    {
        if (output.IsIdentity || hidden?.IsIdentity == true)
        {
            throw new ArgumentException("The layers of a head on sentence vectors are dense; the identity head belongs to n-gram members.", nameof(output));
        }

        if (hidden is not null && hidden.Outputs != output.Inputs)
        {
            throw new ArgumentException($"The hidden layer gives {hidden.Outputs} values but the output layer takes {output.Inputs}.", nameof(output));
        }

        Hidden = hidden;
        Output = output;
    }

    /// <summary>The ReLU layer of an MLP head; null for a linear head.</summary>
    public LinearHead? Hidden { get; }

    public LinearHead Output { get; }

    public int Inputs => Hidden?.Inputs ?? Output.Inputs;

    public int Outputs => Output.Outputs;

    /// <summary>Writes the logits of one sentence vector.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> logits)
    {
        if (Hidden is null)
        {
            Output.Forward(input, logits);
            return;
        }

        int width = Hidden.Outputs;
        float[]? rented = null;
        Span<float> hidden = width <= StackallocFloats ? stackalloc float[width] : (rented = ArrayPool<float>.Shared.Rent(width)).AsSpan(0, width);
        try
        {
            Hidden.Forward(input, hidden);
            TensorPrimitives.Max(hidden, 0f, hidden);
            Output.Forward(hidden, logits);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }
}
