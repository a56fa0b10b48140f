using System.Buffers;
using System.Numerics.Tensors;
using TextClassification.Diagnostics;
using TextClassification.Heads;
using TextClassification.Tokenization;

namespace TextClassification.Onnx;

public sealed partial class OnnxTextClassifier
{
    /// <inheritdoc />
    public Prediction Classify(string text) => Classify(text, CancellationToken.None);

    // The token is checked between the runs of a long text's windows (ClassifyAsync's), as a batch checks it.
    private Prediction Classify(string text, CancellationToken cancellationToken)
    {
        // A caller's mistake, not a failed classification: refused before anything is recorded (as in a batch).
        ArgumentNullException.ThrowIfNull(text);
        return TextClassificationTelemetry.Classified((Classifier: this, Text: text, Token: cancellationToken), static state =>
        {
            float[] scores = new float[state.Classifier._labels.Length];
            state.Classifier.Score(state.Text, scores, state.Token);
            return Prediction.Owned(state.Classifier._labelView, scores, 0f, state.Classifier._thresholdView);
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        TextArguments.RequireNoNull(texts, nameof(texts)); // a caller's mistake, not a failed classification
        // Before anything is recorded, and for an empty batch too (the chunks check it only before each one).
        cancellationToken.ThrowIfCancellationRequested();
        return TextClassificationTelemetry.ClassifiedBatch(
            (Classifier: this, Texts: texts, Token: cancellationToken),
            texts.Count,
            static state => state.Classifier.ClassifyChunks(state.Texts, null, state.Token));
    }

    /// <summary>Classifies text pairs (<c>[CLS] a [SEP] b [SEP]</c>, token types 0 then 1, or as tokenizer.json's
    /// <c>TemplateProcessing</c> pair template lays them out; truncated longest first), for pair-classification models
    /// such as NLI or paraphrase detection. Sliding windows do not apply to pairs.</summary>
    /// <param name="texts">The first texts.</param>
    /// <param name="textPairs">The second texts, as many as <paramref name="texts"/>.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One prediction per pair, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or <paramref name="textPairs"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length or hold a null text.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The classifier was disposed.</exception>
    /// <exception cref="NotSupportedException">The export's tokenizer.json has a pair template this library does not
    /// build (the message names it); single texts still classify.</exception>
    public IReadOnlyList<Prediction> ClassifyPairBatch(IReadOnlyList<string> texts, IReadOnlyList<string> textPairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(textPairs);
        if (texts.Count != textPairs.Count)
        {
            throw new ArgumentException($"{texts.Count} texts but {textPairs.Count} text pairs.", nameof(textPairs));
        }

        TextArguments.RequireNoNull(texts, nameof(texts));
        TextArguments.RequireNoNull(textPairs, nameof(textPairs));
        if (Tokenizer.PairUnsupported is { } unsupported)
        {
            // Refused before anything is recorded: the export cannot encode pairs at all.
            throw new NotSupportedException(unsupported);
        }

        cancellationToken.ThrowIfCancellationRequested(); // as ClassifyBatch: an empty list too
        return TextClassificationTelemetry.ClassifiedBatch(
            (Classifier: this, Texts: texts, Pairs: textPairs, Token: cancellationToken),
            texts.Count,
            static state => state.Classifier.ClassifyChunks(state.Texts, state.Pairs, state.Token));
    }

    /// <inheritdoc />
    public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A canceled token gives a task that is canceled already, as TextClassifier's does: Task.Run's stays queued
        // until a pool thread takes it.
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<Prediction>(cancellationToken)
            : new ValueTask<Prediction>(Task.Run(() => Classify(text, cancellationToken), cancellationToken));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        // Checked at the call, as the synchronous batch does: inside the task they would fault it.
        TextArguments.RequireNoNull(texts, nameof(texts));
        return cancellationToken.IsCancellationRequested // canceled already, as ClassifyAsync's task
            ? Task.FromCanceled<IReadOnlyList<Prediction>>(cancellationToken)
            : Task.Run(() => ClassifyBatch(texts, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => Score(text, probabilities, CancellationToken.None);

    private void Score(ReadOnlySpan<char> text, Span<float> probabilities, CancellationToken cancellationToken)
    {
        if (probabilities.Length < _labels.Length)
        {
            throw new ArgumentException($"Needs room for {_labels.Length} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        using var rows = new WindowRows(Tokenizer, Tokenizer.Options.MaxLength);
        rows.Add(text, 0, _stride);
        RunRows(rows, probabilities[.._labels.Length], cancellationToken);
    }

    /// <inheritdoc />
    void IBatchScorer.ScoreBatch(IReadOnlyList<string> texts, Span<float> probabilities, int stride, CancellationToken cancellationToken)
    {
        TextArguments.RequireNoNull(texts, nameof(texts));
        Prediction.CopyScores(ClassifyChunks(texts, null, cancellationToken), probabilities, stride);
    }

    /// <summary>Texts a batch call runs at a time, with their windows (<see cref="IBatchScorer.ChunkSize"/>).</summary>
    internal int ChunkSize => _model.BatchSize(_options.MaxBatchSize);

    /// <inheritdoc />
    int IBatchScorer.ChunkSize => ChunkSize;

    // Its callers have checked the texts (TextArguments.RequireNoNull) before recording started.
    private Prediction[] ClassifyChunks(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs, CancellationToken cancellationToken)
    {
        // An empty batch makes no run, which is where a disposed session is found: it had answered [] (review 49a).
        _model.ThrowIfDisposed();
        var results = new Prediction[texts.Count];
        int chunk = ChunkSize;
        string[] chunkTexts = new string[Math.Min(chunk, texts.Count)];
        string[]? chunkPairs = pairs is null ? null : new string[chunkTexts.Length];
        using var batch = new TokenBatch();
        using var rows = new WindowRows(Tokenizer, Tokenizer.Options.MaxLength);
        for (int start = 0; start < texts.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(chunk, texts.Count - start);
            float[] scores = new float[count * _labels.Length];
            if (_stride > 0 && pairs is null)
            {
                rows.Clear();
                for (int i = 0; i < count; i++)
                {
                    rows.Add(texts[start + i], i, _stride);
                }

                RunRows(rows, scores, cancellationToken);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    chunkTexts[i] = texts[start + i];
                    if (chunkPairs is not null)
                    {
                        chunkPairs[i] = pairs![start + i];
                    }
                }

                if (chunkPairs is null)
                {
                    Tokenizer.EncodeBatch(chunkTexts.AsSpan(0, count), batch);
                }
                else
                {
                    Tokenizer.EncodeBatch(chunkTexts.AsSpan(0, count), chunkPairs.AsSpan(0, count), batch);
                }

                _model.Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, count, batch.SequenceLength, scores);
                for (int i = 0; i < count; i++)
                {
                    Activate(scores.AsSpan(i * _labels.Length, _labels.Length));
                }
            }

            for (int i = 0; i < count; i++)
            {
                results[start + i] = Prediction.Owned(_labelView, scores.AsSpan(i * _labels.Length, _labels.Length).ToArray(), 0f, _thresholdView);
            }
        }

        return results;
    }

    /// <summary>Runs the rows (windows) and writes each owner's aggregated probabilities into
    /// <paramref name="destination"/> (<c>owners × labels</c>).</summary>
    private void RunRows(WindowRows rows, Span<float> destination, CancellationToken cancellationToken = default)
    {
        int labels = _labels.Length;
        int size = rows.Count * labels;
        float[] logits = ArrayPool<float>.Shared.Rent(size);
        int[] windows = ArrayPool<int>.Shared.Rent(destination.Length / labels);
        try
        {
            // Windows of a long text can far outnumber a batch: lay out and run them MaxBatchSize rows at a time, so one
            // long document needs neither the inputs nor the activations of hundreds of windows at once, and a
            // cancellation is seen between batches.
            int sequence = rows.SequenceLength;
            int step = _model.BatchSize(_options.MaxBatchSize);
            for (int first = 0; first < rows.Count; first += step)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(step, rows.Count - first);
                rows.Layout(first, count);
                _model.Run(rows.InputIds, rows.AttentionMask, rows.TokenTypeIds, count, sequence, logits.AsMemory(first * labels, count * labels));
            }

            for (int r = 0; r < rows.Count; r++)
            {
                Activate(logits.AsSpan(r * labels, labels));
            }

            WindowAggregation.Aggregate(logits.AsSpan(0, size), rows.Owners, labels, _options.Aggregation, !IsMultiLabel, destination, windows);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(logits);
            ArrayPool<int>.Shared.Return(windows);
        }
    }

    private void Activate(Span<float> logits)
    {
        if (IsMultiLabel)
        {
            TensorPrimitives.Sigmoid(logits, logits);
        }
        else
        {
            Activations.Softmax(logits, logits);
        }
    }
}
