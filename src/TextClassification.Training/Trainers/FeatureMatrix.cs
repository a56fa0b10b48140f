using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// The training texts as rows of a compact table: every text's features become row ids (CSR layout), and each distinct
/// bucket gets a row in order of first appearance, so the table holds only features that occur in the data.
/// </summary>
internal sealed class FeatureMatrix
{
    private FeatureMatrix(int[] offsets, int[] rowIds, int[] bucketsByRow)
    {
        Offsets = offsets;
        RowIds = rowIds;
        BucketsByRow = bucketsByRow;
    }

    /// <summary>Text i's row ids are <c>RowIds[Offsets[i]..Offsets[i+1]]</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Row ids of all texts back to back.</summary>
    public int[] RowIds { get; }

    /// <summary>The bucket of each row.</summary>
    public int[] BucketsByRow { get; }

    /// <summary>Number of texts.</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>Row ids of text <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Features(int index) => RowIds.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>Tokenizes every text (in parallel, in fixed chunks so the result does not depend on scheduling) and
    /// numbers the buckets in text order.</summary>
    public static FeatureMatrix Build(IReadOnlyList<string> texts, HashedNGramFeaturizer featurizer, int threads, CancellationToken cancellationToken)
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
        return new FeatureMatrix(offsets, rowIds, [.. bucketsByRow]);
    }
}
