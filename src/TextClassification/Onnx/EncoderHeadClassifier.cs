using TextClassification.Diagnostics;
using TextClassification.Heads;

namespace TextClassification.Onnx;

/// <summary>
/// A sentence encoder (<see cref="OnnxSentenceEncoder"/>) plus a head trained in .NET (linear or one hidden ReLU
/// layer) → softmax. Made by <c>TextClassification.Training</c>'s <c>EncoderHeadTrainer</c>. Thread-safe.
/// </summary>
public sealed class EncoderHeadClassifier : ITextClassifier, IBatchScorer, IDisposable
{
    private readonly string[] _labels;

    // A read-only view for Labels and every Prediction (the array itself could be cast back and changed).
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<string> _labelView;
    private readonly EncoderHead _head;

    // About this many texts are embedded at a time by a batch call.
    private const int ChunkTexts = 256;

    internal EncoderHeadClassifier(string[] labels, OnnxSentenceEncoder encoder, EncoderHead head)
    {
        if (head.Outputs != labels.Length || head.Inputs != encoder.Dimension)
        {
            throw new ArgumentException($"The head maps {head.Inputs} → {head.Outputs}; the encoder gives {encoder.Dimension} and there are {labels.Length} labels.", nameof(head));
        }

        _labels = labels;
        _labelView = Array.AsReadOnly(labels);
        Encoder = encoder;
        _head = head;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => _labelView;

    /// <summary>The encoder (owned: disposed with this classifier).</summary>
    public OnnxSentenceEncoder Encoder { get; }

    /// <summary>Width of the head's hidden ReLU layer; 0 for a linear head.</summary>
    public int HiddenSize => _head.Hidden?.Outputs ?? 0;

    internal EncoderHead Head => _head;

    /// <summary>Texts a batch call embeds at a time (whole encoder runs; <see cref="IBatchScorer.ChunkSize"/>).</summary>
    internal int ChunkSize => Encoder.RunRows * Math.Max(1, ChunkTexts / Encoder.RunRows);

    /// <inheritdoc />
    int IBatchScorer.ChunkSize => ChunkSize;

    /// <inheritdoc />
    public Prediction Classify(string text)
    {
        // A caller's mistake, not a failed classification: refused before anything is recorded (as in a batch).
        ArgumentNullException.ThrowIfNull(text);
        return TextClassificationTelemetry.Classified((Classifier: this, Text: text), static state => state.Classifier.Run([state.Text], CancellationToken.None)[0]);
    }

    /// <inheritdoc />
    public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        TextArguments.RequireNoNull(texts, nameof(texts)); // a caller's mistake, not a failed classification
        // Before anything is recorded, and for an empty batch too (the encoder checks it only before each chunk).
        cancellationToken.ThrowIfCancellationRequested();
        return TextClassificationTelemetry.ClassifiedBatch(
            (Classifier: this, Texts: texts, Token: cancellationToken),
            texts.Count,
            static state => state.Classifier.Run(state.Texts, state.Token));
    }

    // Embeds the texts and applies the head, a chunk of whole encoder runs at a time (so each run holds the texts it held
    // before, and the answers are the same): one array of every text's vector was texts × width floats, 3 GB for a
    // million texts of a 768-wide encoder, and past 2^31 values an unnamed OverflowException (review 50e).
    private Prediction[] Run(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            Encoder.Embed(texts, [], cancellationToken); // checks the token and that the encoder is not disposed
            return [];
        }

        int d = Encoder.Dimension;
        int chunk = Math.Min(texts.Count, ChunkSize);
        float[] vectors = new float[chunk * d];
        string[] chunkTexts = new string[chunk];
        var results = new Prediction[texts.Count];
        for (int start = 0; start < texts.Count; start += chunk)
        {
            int count = Math.Min(chunk, texts.Count - start);
            for (int i = 0; i < count; i++)
            {
                chunkTexts[i] = texts[start + i];
            }

            Encoder.Embed(count == chunk ? chunkTexts : chunkTexts[..count], vectors.AsSpan(0, count * d), cancellationToken);
            for (int i = 0; i < count; i++)
            {
                float[] scores = new float[_labels.Length];
                _head.Forward(vectors.AsSpan(i * d, d), scores);
                Activations.Softmax(scores, scores);
                results[start + i] = Prediction.Owned(_labelView, scores);
            }
        }

        return results;
    }

    /// <inheritdoc />
    public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A canceled token gives a task that is canceled already, as TextClassifier's does: Task.Run's stays queued
        // until a pool thread takes it.
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<Prediction>(cancellationToken)
            : new(Task.Run(() => Classify(text), cancellationToken));
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
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        if (probabilities.Length < _labels.Length)
        {
            throw new ArgumentException($"Needs room for {_labels.Length} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        float[] vector = Encoder.Embed(text.ToString());
        _head.Forward(vector, probabilities[.._labels.Length]);
        Activations.Softmax(probabilities[.._labels.Length], probabilities);
    }

    /// <inheritdoc />
    void IBatchScorer.ScoreBatch(IReadOnlyList<string> texts, Span<float> probabilities, int stride, CancellationToken cancellationToken)
    {
        TextArguments.RequireNoNull(texts, nameof(texts));
        Prediction.CopyScores(Run(texts, cancellationToken), probabilities, stride);
    }

    /// <summary>Releases the encoder's session.</summary>
    public void Dispose() => Encoder.Dispose();
}
