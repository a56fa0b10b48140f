using System.Buffers;
using TextClassification.Encoders;
using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// The training texts as rows of a compact table: every text's features become distinct row ids (in order of first
/// appearance within the text) with an input weight (CSR layout), and each distinct bucket gets a row in order of first
/// appearance, so the table holds only features that occur in the data. Weights are the term count (mean pooling) or
/// <c>(1 + ln tf) · idf</c> (TF-IDF pooling); the model normalises them per text over the rows it knows.
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

    /// <summary>Row ids of all texts back to back; only the first <see cref="EntryCount"/> are used.</summary>
    public int[] RowIds { get; }

    /// <summary>Input weight of each entry of <see cref="RowIds"/>; only the first <see cref="EntryCount"/> are used.</summary>
    public float[] Weights { get; }

    /// <summary>Number of entries (distinct rows of a text) over all texts.</summary>
    public int EntryCount => Offsets[^1];

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
            // A chunk's features go back to back into one pooled array (grown by doubling), handed back to the pool once
            // the chunk is numbered: no per-text arrays and no final copy.
            int start = chunk * ChunkSize;
            int end = Math.Min(texts.Count, start + ChunkSize);
            int[] counts = new int[end - start];
            int[] buckets = ArrayPool<int>.Shared.Rent(featurizer.MaxFeatures + ((end - start) * 32));
            int used = 0;
            for (int i = start; i < end; i++)
            {
                if (buckets.Length - used < featurizer.MaxFeatures)
                {
                    int[] grown = ArrayPool<int>.Shared.Rent(buckets.Length * 2);
                    buckets.AsSpan(0, used).CopyTo(grown);
                    ArrayPool<int>.Shared.Return(buckets);
                    buckets = grown;
                }

                int n = featurizer.Extract(texts[i], buckets.AsSpan(used, featurizer.MaxFeatures));
                counts[i - start] = n;
                used += n;
            }

            chunkBuckets[chunk] = buckets;
            chunkCounts[chunk] = counts;
        });

        long total = 0;
        foreach (int[] counts in chunkCounts)
        {
            foreach (int count in counts)
            {
                total += count;
            }
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"The data has {total} features, more than one array can hold; lower MaxTokens or disable char n-grams.");
        }

        // One pass in text order numbers the rows (first appearance) and merges each text's repeats into one entry
        // counted by its term frequency: a row seen earlier in the same text (lastText) adds to that entry (slot).
        var offsets = new int[texts.Count + 1];
        var rowIds = new int[total];
        var weights = new float[total];
        var rows = new BucketRows(featurizer.Options.Buckets);
        int[] lastText = new int[1024];
        int[] slot = new int[1024];
        Array.Fill(lastText, -1);
        int position = 0;
        int text = 0;
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] buckets = chunkBuckets[chunk];
            int cursor = 0;
            foreach (int count in chunkCounts[chunk])
            {
                offsets[text] = position;
                for (int k = 0; k < count; k++)
                {
                    int row = rows.RowOf(buckets[cursor++]);
                    if (row == lastText.Length)
                    {
                        int grown = row * 2;
                        Array.Resize(ref slot, grown);
                        Array.Resize(ref lastText, grown);
                        lastText.AsSpan(row).Fill(-1);
                    }

                    if (lastText[row] == text)
                    {
                        weights[slot[row]]++;
                        continue;
                    }

                    lastText[row] = text;
                    slot[row] = position;
                    rowIds[position] = row;
                    weights[position++] = 1;
                }

                text++;
            }

            ArrayPool<int>.Shared.Return(buckets);
            chunkBuckets[chunk] = [];
        }

        // Repeats merged, the texts hold fewer entries than features; the arrays keep their length (a copy of tens of MB
        // for a few percent of memory) and EntryCount says how much of them is used.
        offsets[text] = position;
        return WithPooling(offsets, rowIds, weights, rows.BucketsByRow(), pooling);
    }

    // Turns the term counts into the pooling's weights: kept as they are (mean pooling) or (1 + ln tf) · idf (TF-IDF).
    private static FeatureMatrix WithPooling(int[] offsets, int[] rowIds, float[] weights, int[] bucketsByRow, NGramPooling pooling)
    {
        if (pooling != NGramPooling.TfIdf)
        {
            return new FeatureMatrix(offsets, rowIds, weights, bucketsByRow, idf: null);
        }

        // Every entry is a distinct row of its text, so counting entries per row counts documents.
        int entries = offsets[^1];
        int[] documentFrequency = new int[bucketsByRow.Length];
        foreach (int row in rowIds.AsSpan(0, entries))
        {
            documentFrequency[row]++;
        }

        // scikit-learn's smoothed IDF: ln((1 + n) / (1 + df)) + 1.
        float[] idf = new float[bucketsByRow.Length];
        int n = offsets.Length - 1;
        for (int row = 0; row < idf.Length; row++)
        {
            idf[row] = (float)(Math.Log((1.0 + n) / (1.0 + documentFrequency[row])) + 1);
        }

        for (int k = 0; k < entries; k++)
        {
            weights[k] = EmbeddingBag.SublinearWeight((int)weights[k], idf[rowIds[k]]);
        }

        return new FeatureMatrix(offsets, rowIds, weights, bucketsByRow, idf);
    }
}
