using FsCheck;
using FsCheck.Xunit;
using TextClassification.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Onnx;

/// <summary>The vectorized aggregation of window probabilities against its scalar reference: label counts at the vector
/// widths' edges, texts of one window and of many, windows of several texts interleaved, the destination off a vector
/// boundary, and the values a probability can take besides ordinary ones (0, −0, subnormals, 1, NaN from a NaN
/// logit).</summary>
public sealed class WindowAggregationPropertyTests
{
    private static readonly float[] ProbabilitySpecials = [float.NaN, 0f, -0f, float.Epsilon, 1e-40f, 1f];

    [Property(MaxTest = 400)]
    public void Vectorized_aggregation_equals_the_scalar_reference(NonNegativeInt seed, byte rawOffset, bool max, bool renormalize, bool specials)
    {
        var random = new Random(seed.Get);
        int labels = Math.Max(1, VectorEdges.Length(random) % 70);
        int texts = 1 + random.Next(5);
        // Every text has a window; the rest go to texts at random, interleaved.
        int[] owners = [.. Enumerable.Range(0, texts), .. Enumerable.Range(0, random.Next(12)).Select(_ => random.Next(texts))];
        random.Shuffle(owners);
        ArraySegment<float> probabilities = VectorEdges.Values(random, owners.Length * labels, rawOffset % 7, specials ? 6 : 0, ProbabilitySpecials);
        for (int i = 0; i < probabilities.Count; i++)
        {
            probabilities[i] = float.IsNegative(probabilities[i]) && probabilities[i] != 0 ? -probabilities[i] : probabilities[i];
        }

        ChunkAggregation aggregation = max ? ChunkAggregation.Max : ChunkAggregation.Mean;
        float[] expected = new float[texts * labels];
        ArraySegment<float> actual = VectorEdges.Values(random, texts * labels, rawOffset % 13);
        float[] outside = [.. actual.Array!];
        int[] windows = [.. Enumerable.Repeat(-5, texts + 2)]; // scratch holding garbage

        WindowAggregation.AggregateScalar(probabilities, owners, labels, aggregation, renormalize, expected);
        WindowAggregation.Aggregate(probabilities, owners, labels, aggregation, renormalize, actual, windows);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(VectorEdges.Close(expected[i], actual[i], 1e-6f, 1e-5f), $"[{i}] ({texts} texts, {owners.Length} windows, {labels} labels, {aggregation}, renormalize {renormalize}): {actual[i]} vs {expected[i]}");
        }

        VectorEdges.AssertOutsideUnchanged(outside, actual);
    }

    [Fact]
    public void One_window_is_the_text_as_it_is_and_two_are_averaged_or_maxed()
    {
        float[] probabilities = [0.2f, 0.8f, 0.6f, 0.4f, 0.1f, 0.9f];
        int[] owners = [0, 1, 0];
        float[] mean = new float[4];
        float[] max = new float[4];
        float[] maxRenormalized = new float[4];
        int[] windows = new int[2];

        WindowAggregation.Aggregate(probabilities, owners, 2, ChunkAggregation.Mean, true, mean, windows);
        WindowAggregation.Aggregate(probabilities, owners, 2, ChunkAggregation.Max, false, max, windows);
        WindowAggregation.Aggregate(probabilities, owners, 2, ChunkAggregation.Max, true, maxRenormalized, windows);

        Assert.Equal([0.15f, 0.85f, 0.6f, 0.4f], mean);
        Assert.Equal([0.2f, 0.9f, 0.6f, 0.4f], max);
        Assert.Equal(0.2f / 1.1f, maxRenormalized[0], 6);
        Assert.Equal(0.9f / 1.1f, maxRenormalized[1], 6);
        Assert.Equal([0.6f, 0.4f], maxRenormalized[2..]);
    }
}
