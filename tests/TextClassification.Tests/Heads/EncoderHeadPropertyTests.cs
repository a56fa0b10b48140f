using FsCheck;
using FsCheck.Xunit;
using TextClassification.Heads;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Heads;

/// <summary>The encoder head's forward pass (two vectorized <see cref="LinearHead"/>s and a vectorized ReLU) against a
/// double-precision loop, with hidden widths at the vector widths' edges.</summary>
public sealed class EncoderHeadPropertyTests
{
    [Property(MaxTest = 200)]
    public void Forward_equals_a_naive_loop_through_the_relu(NonNegativeInt seed, byte rawInputs, byte rawOutputs)
    {
        var random = new Random(seed.Get);
        int inputs = 1 + (rawInputs % 70);
        int width = Math.Max(1, VectorEdges.Length(random) % 140);
        int outputs = 1 + (rawOutputs % 9);
        float[] w1 = Values(random, width * inputs), b1 = Values(random, width);
        float[] w2 = Values(random, outputs * width), b2 = Values(random, outputs);
        float[] input = Values(random, inputs);
        var head = new EncoderHead(new LinearHead(w1, b1, inputs), new LinearHead(w2, b2, width));
        float[] logits = new float[outputs];

        head.Forward(input, logits);

        double[] hidden = new double[width];
        double hiddenMagnitude = 0;
        for (int j = 0; j < width; j++)
        {
            double sum = b1[j];
            for (int i = 0; i < inputs; i++)
            {
                sum += (double)w1[(j * inputs) + i] * input[i];
            }

            hidden[j] = Math.Max(0, sum);
            hiddenMagnitude = Math.Max(hiddenMagnitude, Math.Abs(sum));
        }

        for (int o = 0; o < outputs; o++)
        {
            double expected = b2[o];
            double magnitude = Math.Abs(b2[o]);
            for (int j = 0; j < width; j++)
            {
                expected += w2[(o * width) + j] * hidden[j];
                magnitude += Math.Abs(w2[(o * width) + j]) * (hiddenMagnitude + 1);
            }

            Assert.True(Math.Abs(logits[o] - expected) <= 1e-5 * Math.Max(1, magnitude), $"output {o} (width {width}): {logits[o]} vs {expected}");
        }
    }

    private static float[] Values(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1))];
}
