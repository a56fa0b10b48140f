using FsCheck;
using FsCheck.Xunit;
using TextClassification.Heads;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Heads;

/// <summary>Softmax and the dense and identity heads against their references at the vector widths' edges, on slices
/// that start off a vector boundary, with NaN, ±∞, −0 and subnormal values among ordinary ones.</summary>
public sealed class HeadEdgePropertyTests
{
    [Property(MaxTest = 300)]
    public void Softmax_equals_the_scalar_reference_at_the_edges(NonNegativeInt seed, byte rawOffset, bool specials, bool inPlace)
    {
        var random = new Random(seed.Get);
        int n = VectorEdges.Length(random);
        ArraySegment<float> logits = VectorEdges.Values(random, n, rawOffset % 17, specials ? 5 : 0);
        for (int i = 0; i < n; i++)
        {
            // Logits of a few units, as heads give, where the specials leave them.
            logits[i] = float.IsFinite(logits[i]) && Math.Abs(logits[i]) > 1e-30f ? logits[i] * 8f : logits[i];
        }

        float[] expected = new float[n];
        Activations.SoftmaxScalar(logits, expected);
        ArraySegment<float> destination = inPlace ? logits : VectorEdges.Values(random, n, rawOffset % 5);
        float[] outside = [.. destination.Array!];

        Activations.Softmax(logits, destination);

        for (int i = 0; i < n; i++)
        {
            Assert.True(VectorEdges.Close(expected[i], destination[i], 1e-6f, 1e-5f), $"[{i}] of {n}: {destination[i]} vs {expected[i]}");
        }

        VectorEdges.AssertOutsideUnchanged(outside, destination);
    }

    [Property(MaxTest = 300)]
    public void A_dense_head_equals_a_naive_loop_at_the_edges(NonNegativeInt seed, byte rawOffset, bool specials)
    {
        var random = new Random(seed.Get);
        int inputs = Math.Max(1, VectorEdges.Length(random));
        int outputs = 1 + random.Next(VectorEdges.Lengths.Length);
        float[] weights = [.. VectorEdges.Values(random, inputs * outputs, 0)];
        float[] bias = [.. VectorEdges.Values(random, outputs, 0)];
        ArraySegment<float> input = VectorEdges.Values(random, inputs, rawOffset % 17, specials ? 7 : 0, VectorEdges.NonOverflowingSpecials);
        float[] logits = new float[outputs];

        new LinearHead(weights, bias, inputs).Forward(input, logits);

        for (int o = 0; o < outputs; o++)
        {
            (double expected, double magnitude) = LinearHeadPropertyTests.Output(weights, bias, input, inputs, o);
            Assert.True(VectorEdges.Close(expected, logits[o], 1e-5 * Math.Max(1, magnitude), 0), $"output {o} of {outputs} ({inputs} inputs): {logits[o]} vs {expected}");
        }
    }

    [Property(MaxTest = 300)]
    public void The_identity_head_adds_its_bias_bit_for_bit_at_the_edges(NonNegativeInt seed, byte rawOffset)
    {
        var random = new Random(seed.Get);
        int size = Math.Max(1, VectorEdges.Length(random));
        float[] bias = [.. VectorEdges.Values(random, size, 0, 4)];
        ArraySegment<float> input = VectorEdges.Values(random, size, rawOffset % 17, 4);
        ArraySegment<float> logits = VectorEdges.Values(random, size, rawOffset % 3);
        float[] outside = [.. logits.Array!];

        LinearHead.Identity(size, bias).Forward(input, logits);

        for (int i = 0; i < size; i++)
        {
            float expected = input[i] + bias[i];
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(logits[i]) || (float.IsNaN(expected) && float.IsNaN(logits[i])), $"[{i}] of {size}: {input[i]} + {bias[i]} gave {logits[i]}");
        }

        VectorEdges.AssertOutsideUnchanged(outside, logits);
    }
}
