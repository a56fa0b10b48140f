using FsCheck;
using FsCheck.Xunit;
using TextClassification.Heads;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Heads;

/// <summary>The vectorized sigmoid (the multi-label head's activation) against its scalar reference, at the vector
/// widths' edges, on slices off a vector boundary, with NaN, ±∞, −0 and subnormal logits among them.</summary>
public sealed class SigmoidPropertyTests
{
    [Property(MaxTest = 300)]
    public void Vectorized_equals_the_scalar_reference(NonNegativeInt seed, byte rawOffset, bool specials, bool inPlace)
    {
        var random = new Random(seed.Get);
        int n = VectorEdges.Length(random);
        ArraySegment<float> logits = VectorEdges.Values(random, n, rawOffset % 17, specials ? 4 : 0);
        float[] expected = new float[n];
        Activations.SigmoidScalar(logits, expected);
        float[] before = [.. logits.Array!];

        ArraySegment<float> destination = inPlace ? logits : VectorEdges.Values(random, n, rawOffset % 5);
        float[] destinationBefore = [.. destination.Array!];
        Activations.Sigmoid(logits, destination);

        for (int i = 0; i < n; i++)
        {
            Assert.True(VectorEdges.Close(expected[i], destination[i], 1e-6f, 0f), $"[{i}] of {n}: sigmoid({before[logits.Offset + i]}) = {destination[i]}, reference {expected[i]}");
        }

        VectorEdges.AssertOutsideUnchanged(destinationBefore, destination);
    }

    [Fact]
    public void Special_logits_give_the_limits()
    {
        float[] logits = [float.NegativeInfinity, -0f, 0f, float.Epsilon, float.PositiveInfinity, float.NaN, -200f, 200f];
        float[] vectorized = new float[logits.Length];
        float[] scalar = new float[logits.Length];

        Activations.Sigmoid(logits, vectorized);
        Activations.SigmoidScalar(logits, scalar);

        float[] expected = [0f, 0.5f, 0.5f, 0.5f, 1f, float.NaN, 0f, 1f];
        Assert.Equal(expected, scalar);
        Assert.Equal(expected, vectorized);
    }
}
