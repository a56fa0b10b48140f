using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The training matrix against a reference built with dictionaries, and its bucket numbering.</summary>
public sealed class FeatureMatrixTests
{
    [Property(MaxTest = 100)]
    public void Build_equals_a_dictionary_reference(NonNegativeInt seed, bool tfIdf, bool chars, byte rawThreads)
    {
        var random = new Random(seed.Get);
        List<string> texts = SyntheticData.Texts(1 + random.Next(60), seed: random.Next());
        // A small bucket space makes repeats within a text (and collisions) common.
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { Buckets = 1 + random.Next(200), CharNGramMin = chars ? 3 : 0, CharNGramMax = chars ? 4 : 0 });
        NGramPooling pooling = tfIdf ? NGramPooling.TfIdf : NGramPooling.Mean;

        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, pooling, 1 + (rawThreads % 3), CancellationToken.None);

        AssertMatchesReference(texts, featurizer, tfIdf, matrix);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Build_spans_chunks_and_grows_their_buffers(int threads)
    {
        // Three chunks of texts (1,024 a chunk): the first of one-word texts, so the entry arrays sized from it are too
        // small and must grow; the others long enough (hundreds of char n-grams each) that a chunk's pooled buffer
        // outgrows its first size. A tiny bucket space makes repeats, which are merged, so the arrays hold unused room.
        var random = new Random(7);
        var texts = new List<string>();
        for (int i = 0; i < 2500; i++)
        {
            texts.Add(i < 1024 ? "word" + (i % 50) : string.Join(' ', SyntheticData.Texts(2 + random.Next(6), seed: i)));
        }

        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { Buckets = 5000, CharNGramMin = 3, CharNGramMax = 5 });
        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, NGramPooling.TfIdf, threads, CancellationToken.None);

        Assert.True(matrix.EntryCount < matrix.RowIds.Length, "some repeats were merged, so the arrays keep unused room");
        AssertMatchesReference(texts, featurizer, tfIdf: true, matrix);
    }

    // Reference: rows numbered by first appearance over all texts; per text, distinct rows in first-appearance order
    // with their counts; document frequencies over texts.
    private static void AssertMatchesReference(List<string> texts, HashedNGramFeaturizer featurizer, bool tfIdf, FeatureMatrix matrix)
    {
        var rowOf = new Dictionary<int, int>();
        var perText = new List<List<(int Row, int Count)>>();
        int[] buffer = new int[featurizer.MaxFeatures];
        foreach (string text in texts)
        {
            var rows = new List<int>();
            foreach (int bucket in buffer.AsSpan(0, featurizer.Extract(text, buffer)).ToArray())
            {
                if (!rowOf.TryGetValue(bucket, out int row))
                {
                    rowOf[bucket] = row = rowOf.Count;
                }

                rows.Add(row);
            }

            // GroupBy yields groups in order of their keys' first appearance.
            perText.Add(rows.GroupBy(row => row).Select(group => (group.Key, group.Count())).ToList());
        }

        int[] documentFrequency = new int[rowOf.Count];
        foreach (var entries in perText)
        {
            entries.ForEach(entry => documentFrequency[entry.Row]++);
        }

        Assert.Equal(rowOf.OrderBy(pair => pair.Value).Select(pair => pair.Key), matrix.BucketsByRow);
        Assert.Equal(texts.Count, matrix.Count);
        for (int t = 0; t < texts.Count; t++)
        {
            Assert.Equal(perText[t].Select(entry => entry.Row), matrix.Features(t).ToArray());
            float[] expected = perText[t].Select(entry => tfIdf
                ? (float)((1 + Math.Log(entry.Count)) * (Math.Log((1.0 + texts.Count) / (1.0 + documentFrequency[entry.Row])) + 1))
                : entry.Count).ToArray();
            float[] actual = matrix.FeatureWeights(t).ToArray();
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-5f * (1 + expected[k]), $"text {t}, entry {k}: {actual[k]}, expected {expected[k]}");
            }
        }

        Assert.Equal(matrix.Offsets[^1], matrix.EntryCount);
        Assert.Equal(perText.Sum(entries => entries.Count), matrix.EntryCount);
    }

    [Property(MaxTest = 100)]
    public void Array_and_dictionary_numbering_agree(NonNegativeInt seed, PositiveInt rawBuckets)
    {
        var random = new Random(seed.Get);
        int buckets = 1 + (rawBuckets.Get % 5000);
        var array = new BucketRows(buckets);
        var dictionary = new BucketRows(buckets, maxArrayBuckets: 0);
        for (int k = 0; k < 3000; k++)
        {
            int bucket = random.Next(buckets);
            // Prefetching (any bucket, even outside the space, as the numbering's look-ahead may ask) numbers nothing.
            int ahead = random.Next(-2, buckets + 2);
            array.Prefetch(ahead);
            dictionary.Prefetch(ahead);
            Assert.Equal(dictionary.RowOf(bucket), array.RowOf(bucket));
        }

        Assert.Equal(dictionary.Count, array.Count);
        Assert.Equal(dictionary.BucketsByRow(), array.BucketsByRow());
        Assert.Equal(array.Count, array.BucketsByRow().Distinct().Count());
    }
}
