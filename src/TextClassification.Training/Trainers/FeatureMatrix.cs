using TextClassification.Encoders;
using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// The training texts as rows of a compact table: every text's features become distinct row ids with an input weight
/// (CSR layout), and each distinct bucket gets a row in order of first appearance, so the table holds only features
/// that occur in the data. Weights are the term count (mean pooling) or <c>(1 + ln tf) · idf</c> (TF-IDF pooling);
/// the model normalises them per text over the rows it knows.
/// </summary>
internal sealed class FeatureMatrix
{
    private FeatureMatrix(int[] offsets, int[] rowIds, float[] weights, int[] bucketsByRow, float[]? idf)
    {
        Offsets = offsets;
        RowIds = rowIds;
        Weights = weights;
        BucketsByRow = bucketsByRow;
        Idf = idf;
    }

    /// <summary>Text i's row ids are <c>RowIds[Offsets[i]..Offsets[i+1]]</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Row ids of all texts back to back.</summary>
    public int[] RowIds { get; }

    /// <summary>Input weight of each entry of <see cref="RowIds"/>.</summary>
    public float[] Weights { get; }

    /// <summary>The bucket of each row.</summary>
    public int[] BucketsByRow { get; }

    /// <summary>Inverse document frequency of each row (TF-IDF pooling), or null (mean pooling).</summary>
    public float[]? Idf { get; }

    /// <summary>How the weights were made.</summary>
    public NGramPooling Pooling => Idf is null ? NGramPooling.Mean : NGramPooling.TfIdf;

    /// <summary>Number of texts.</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>Row ids of text <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Features(int index) => RowIds.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>Input weights of text <paramref name="index"/>, parallel to <see cref="Features"/>.</summary>
    public ReadOnlySpan<float> FeatureWeights(int index) => Weights.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>Tokenizes every text (in parallel, in fixed chunks so the result does not depend on scheduling) and
    /// numbers the buckets in text order.</summary>
    public static FeatureMatrix Build(
        IReadOnlyList<string> texts, HashedNGramFeaturizer featurizer, NGramPooling pooling, int threads, CancellationToken cancellationToken)
    {
        const int ChunkSize = 1024;
        int chunkCount = (texts.Count + ChunkSize - 1) / ChunkSize;
        var chunkBuckets = new int[chunkCount][];
        var chunkCounts = new int[chunkCount][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(0, chunkCount, options, chunk =>
        {
            int start = chunk * ChunkSize;
            int end = Math.Min(texts.Count, start + ChunkSize);
            int[] buffer = new int[featurizer.MaxFeatures];
            var buckets = new List<int>((end - start) * 32);
            int[] counts = new int[end - start];
            for (int i = start; i < end; i++)
            {
                int n = featurizer.Extract(texts[i], buffer);
                counts[i - start] = n;
                buckets.AddRange(buffer.AsSpan(0, n));
            }

            chunkBuckets[chunk] = [.. buckets];
            chunkCounts[chunk] = counts;
        });

        long total = 0;
        foreach (int[] buckets in chunkBuckets)
        {
            total += buckets.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"The data has {total} features, more than one array can hold; lower MaxTokens or disable char n-grams.");
        }

        var offsets = new int[texts.Count + 1];
        var rowIds = new int[total];
        var rowOfBucket = new Dictionary<int, int>();
        var bucketsByRow = new List<int>();
        int position = 0;
        int text = 0;
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            int[] buckets = chunkBuckets[chunk];
            int cursor = 0;
            foreach (int count in chunkCounts[chunk])
            {
                offsets[text++] = position;
                for (int k = 0; k < count; k++)
                {
                    int bucket = buckets[cursor++];
                    if (!rowOfBucket.TryGetValue(bucket, out int row))
                    {
                        row = bucketsByRow.Count;
                        rowOfBucket.Add(bucket, row);
                        bucketsByRow.Add(bucket);
                    }

                    rowIds[position++] = row;
                }
            }

            chunkBuckets[chunk] = [];
        }

        offsets[text] = position;
        return Compact(offsets, rowIds, [.. bucketsByRow], pooling);
    }

    // Sorts each text's rows, merges repeats into one entry weighted by its count, then applies the pooling's weights.
    private static FeatureMatrix Compact(int[] offsets, int[] rowIds, int[] bucketsByRow, NGramPooling pooling)
    {
        var weights = new float[rowIds.Length];
        int[] documentFrequency = new int[bucketsByRow.Length];
        int write = 0;
        for (int i = 0; i + 1 < offsets.Length; i++)
        {
            int start = offsets[i];
            Span<int> rows = rowIds.AsSpan(start, offsets[i + 1] - start);
            rows.Sort();
            offsets[i] = write;
            for (int k = 0; k < rows.Length;)
            {
                int end = k + 1;
                while (end < rows.Length && rows[end] == rows[k])
                {
                    end++;
                }

                rowIds[write] = rows[k];
                weights[write++] = end - k;
                documentFrequency[rows[k]]++;
                k = end;
            }
        }

        offsets[^1] = write;
        float[]? idf = null;
        if (pooling == NGramPooling.TfIdf)
        {
            // scikit-learn's smoothed IDF: ln((1 + n) / (1 + df)) + 1.
            idf = new float[bucketsByRow.Length];
            int n = offsets.Length - 1;
            for (int row = 0; row < idf.Length; row++)
            {
                idf[row] = (float)(Math.Log((1.0 + n) / (1.0 + documentFrequency[row])) + 1);
            }

            for (int k = 0; k < write; k++)
            {
                weights[k] = EmbeddingBag.SublinearWeight((int)weights[k], idf[rowIds[k]]);
            }
        }

        return new FeatureMatrix(offsets, rowIds[..write], weights[..write], bucketsByRow, idf);
    }
}
