using TextClassification.Encoders;
using TextClassification.Memory;
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

    /// <summary>This matrix's texts and rows with other entry weights and term weights (<see cref="SupervisedTermWeights"/>);
    /// the offsets, row ids and buckets are shared.</summary>
    internal FeatureMatrix WithTermWeights(float[] weights, float[] idf) => new(Offsets, RowIds, weights, BucketsByRow, idf);

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

    /// <summary>Tokenizes every text (in parallel, in chunks the texts decide so the result does not depend on scheduling) and
    /// numbers the buckets in text order.</summary>
    public static FeatureMatrix Build(
        IReadOnlyList<string> texts, HashedNGramFeaturizer featurizer, NGramPooling pooling, int threads, CancellationToken cancellationToken,
        int charBudget = FeatureChunk.CharBudget)
    {
        // Waves of up to `threads` chunks: a wave is featurized in parallel, then numbered in text order, and its buffers
        // are refilled by the next wave. The raw features never exist for all texts at once: on a machine where fresh
        // memory is slow to fault in, tens of MB of them cost more than featurizing.
        List<int> starts = FeatureChunk.Starts(texts, charBudget);
        int chunkCount = Math.Max(0, starts.Count - 1);
        var chunks = new FeatureChunk[Math.Clamp(threads, 1, Math.Max(1, chunkCount))];
        for (int k = 0; k < chunks.Length; k++)
        {
            chunks[k] = new FeatureChunk(featurizer);
        }

        try
        {
            var numbering = new Numbering(texts.Count, featurizer.Options.Buckets);
            for (int first = 0; first < chunkCount; first += chunks.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int wave = Math.Min(chunks.Length, chunkCount - first);
                if (wave == 1)
                {
                    chunks[0].Fill(texts, starts[first], starts[first + 1]);
                }
                else
                {
                    var options = new ParallelOptions { MaxDegreeOfParallelism = wave, CancellationToken = cancellationToken };
                    Parallel.For(0, wave, options, k => chunks[k].Fill(texts, starts[first + k], starts[first + k + 1]));
                }

                for (int k = 0; k < wave; k++)
                {
                    numbering.Add(chunks[k]);
                }
            }

            return numbering.ToMatrix(pooling);
        }
        finally
        {
            foreach (FeatureChunk chunk in chunks)
            {
                chunk.Dispose();
            }
        }
    }

    // One pass in text order numbers the rows (first appearance) and merges each text's repeats into one entry counted
    // by its term frequency: a row seen earlier in the same text (lastText) adds to that entry (slot).
    private sealed class Numbering(int textCount, int buckets)
    {
        // How many features ahead the bucket map's slot is prefetched (BucketRows.Prefetch).
        private const int PrefetchDistance = 32;

        private readonly int[] _offsets = LargeArrays.Zeroed<int>(textCount + 1);
        private readonly BucketRows _rows = new(buckets);
        private int[] _rowIds = [];
        private float[] _weights = [];
        // Per row: the last text that held it and that text's entry for it, side by side so one cache line serves both.
        private RowState[] _state = NewState(1024);
        private int _position;
        private int _text;
        private long _features;

        public void Add(FeatureChunk chunk)
        {
            EnsureCapacity(chunk.Features, chunk.Texts);
            ReadOnlySpan<int> buckets = chunk.Buckets;
            int cursor = 0;
            foreach (int count in chunk.Counts.AsSpan(0, chunk.Texts))
            {
                _offsets[_text] = _position;
                for (int k = 0; k < count; k++)
                {
                    if (cursor + PrefetchDistance < buckets.Length)
                    {
                        _rows.Prefetch(buckets[cursor + PrefetchDistance]);
                    }

                    int row = _rows.RowOf(buckets[cursor++]);
                    if (row == _state.Length)
                    {
                        _state = LargeArrays.Resized(_state, row * 2L);
                        _state.AsSpan(row).Fill(RowState.Unseen);
                    }

                    ref RowState state = ref _state[row];
                    if (state.LastText == _text)
                    {
                        _weights[state.Slot]++;
                        continue;
                    }

                    state = new RowState(_text, _position);
                    _rowIds[_position] = row;
                    _weights[_position++] = 1;
                }

                _text++;
            }
        }

        // The arrays keep their capacity (the estimate's margin, and the repeats merged away): copying tens of MB down to
        // the entries used would cost more than a tail that is never touched. EntryCount says how much is used.
        public FeatureMatrix ToMatrix(NGramPooling pooling)
        {
            _offsets[_text] = _position;
            return WithPooling(_offsets, _rowIds, _weights, _rows.BucketsByRow(), pooling);
        }

        private static RowState[] NewState(int length)
        {
            RowState[] state = LargeArrays.Zeroed<RowState>(length);
            Array.Fill(state, RowState.Unseen);
            return state;
        }

        private readonly record struct RowState(int LastText, int Slot)
        {
            // A row no text has held yet.
            public static RowState Unseen => new(-1, 0);
        }

        // Room for a chunk of `features` more entries. The first chunk sizes the arrays for all the texts at its rate of
        // features per text, plus a tenth: pages past the entries written are never touched, so the margin costs address
        // space, not memory. A chunk beyond the estimate grows them by at least a quarter.
        private void EnsureCapacity(int features, int texts)
        {
            long seen = _features + features;
            long needed = _position + (long)features;
            _features = seen;
            if (needed <= _rowIds.Length)
            {
                return;
            }

            if (needed > Array.MaxLength)
            {
                throw new InvalidOperationException($"The data has more than {Array.MaxLength} features, more than one array can hold; lower MaxTokens or disable char n-grams.");
            }

            int done = _text + texts;
            long estimate = (long)Math.Ceiling((double)seen / done * _offsets.Length * 1.1);
            long capacity = Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(estimate, _rowIds.Length + (_rowIds.Length / 4))));
            int[] rowIds = LargeArrays.Zeroed<int>(capacity);
            float[] weights = LargeArrays.Zeroed<float>(capacity);
            _rowIds.AsSpan(0, _position).CopyTo(rowIds);
            _weights.AsSpan(0, _position).CopyTo(weights);
            (_rowIds, _weights) = (rowIds, weights);
        }
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
        int[] documentFrequency = LargeArrays.Zeroed<int>(bucketsByRow.Length);
        foreach (int row in rowIds.AsSpan(0, entries))
        {
            documentFrequency[row]++;
        }

        // scikit-learn's smoothed IDF: ln((1 + n) / (1 + df)) + 1.
        float[] idf = LargeArrays.Zeroed<float>(bucketsByRow.Length);
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
