using FsCheck.Xunit;
using TextClassification.Heads;

namespace TextClassification.Tests.Heads;

public sealed class LinearHeadPropertyTests
{
    [Property(MaxTest = 300)]
    public void Forward_equals_a_naive_loop(byte inputsRaw, byte outputsRaw, int seed)
    {
        int inputs = (inputsRaw % 200) + 1;
        int outputs = (outputsRaw % 12) + 1;
        var random = new Random(seed);
        float[] weights = Enumerable.Range(0, inputs * outputs).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        float[] bias = Enumerable.Range(0, outputs).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        // Longer than Inputs: Forward must use only the first Inputs values.
        float[] input = Enumerable.Range(0, inputs + 5).Select(_ => (float)((random.NextDouble() * 10) - 5)).ToArray();
        var head = new LinearHead(weights, bias, inputs);
        float[] logits = new float[outputs];

        head.Forward(input, logits);

        Assert.Equal(outputs, head.Outputs);
        for (int o = 0; o < outputs; o++)
        {
            (double expected, double magnitude) = Output(weights, bias, input, inputs, o);
            Assert.True(Math.Abs(logits[o] - expected) <= 1e-5 * Math.Max(1, magnitude), $"output {o}: {logits[o]} vs {expected}");
        }
    }

    /// <summary>Output <paramref name="o"/> of a dense layer in doubles and a loop, and the sum of its terms' magnitudes
    /// (the scale of its rounding error).</summary>
    internal static (double Expected, double Magnitude) Output(float[] weights, float[] bias, IList<float> input, int inputs, int o)
    {
        double expected = bias[o];
        double magnitude = Math.Abs(bias[o]);
        for (int i = 0; i < inputs; i++)
        {
            expected += (double)weights[(o * inputs) + i] * input[i];
            magnitude += Math.Abs((double)weights[(o * inputs) + i] * input[i]);
        }

        return (expected, magnitude);
    }

    [Fact]
    public void Forward_on_a_known_matrix()
    {
        // [[1, 2], [3, 4], [-1, 0]] · [10, 20] + [0.5, -1, 2]
        var head = new LinearHead([1f, 2f, 3f, 4f, -1f, 0f], [0.5f, -1f, 2f], inputs: 2);
        float[] logits = new float[3];

        head.Forward([10f, 20f], logits);

        Assert.Equal([50.5f, 109f, -8f], logits);
    }

    [Property(MaxTest = 300)]
    public void The_identity_head_gives_what_the_dense_identity_matrix_gives(byte sizeRaw, int seed)
    {
        // The identity head's one vector add against its reference, the dense matrix older bundles stored: bit for bit.
        int size = (sizeRaw % 150) + 1;
        var random = new Random(seed);
        float[] bias = Enumerable.Range(0, size).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        float[] input = Enumerable.Range(0, size + 3).Select(_ => (float)((random.NextDouble() * 10) - 5)).ToArray();
        float[] dense = new float[size * size];
        for (int i = 0; i < size; i++)
        {
            dense[(i * size) + i] = 1f;
        }

        LinearHead identity = LinearHead.Identity(size, bias);
        float[] expected = new float[size];
        float[] actual = new float[size];
        new LinearHead(dense, bias, size).Forward(input, expected);
        identity.Forward(input, actual);

        Assert.True(identity.IsIdentity);
        Assert.Equal(size, identity.Inputs);
        Assert.Equal(expected, actual);
        Assert.True(LinearHead.IsIdentityMatrix(dense, size));
    }

    [Fact]
    public void Only_ones_on_the_diagonal_and_zeros_elsewhere_make_the_identity_matrix()
    {
        Assert.True(LinearHead.IsIdentityMatrix([1f, 0f, 0f, 1f], 2));
        Assert.True(LinearHead.IsIdentityMatrix([1f, -0f, 0f, 1f], 2)); // −0 is a zero
        Assert.False(LinearHead.IsIdentityMatrix([1f, 0f, 0f, 0.999f], 2));
        Assert.False(LinearHead.IsIdentityMatrix([1f, 1e-30f, 0f, 1f], 2));
        Assert.False(LinearHead.IsIdentityMatrix([1f, 0f, float.NaN, 1f], 2));
        Assert.False(LinearHead.IsIdentityMatrix([0f, 1f, 1f, 0f], 2)); // a permutation
        Assert.False(LinearHead.IsIdentityMatrix([1f, 0f, 0f], 2));
    }

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LinearHead(new float[5], new float[2], inputs: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearHead([], [], inputs: 0));
        Assert.Throws<ArgumentException>(() => LinearHead.Identity(3, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearHead.Identity(0));
    }
}
