using TextClassification.Onnx;

namespace TextClassification.Training.Trainers;

/// <summary>What <see cref="EncoderHeadTrainer"/> produced.</summary>
/// <param name="Classifier">The encoder plus the trained head (owns the encoder: dispose it).</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="BestEpoch">The epoch whose weights were kept (lowest validation loss; the last without validation).</param>
/// <param name="ValidationAccuracy">Accuracy of the kept weights on the validation split (NaN without one).</param>
/// <param name="EmbeddedTexts">Distinct texts run through the encoder.</param>
/// <param name="CachedTexts">Distinct texts whose vectors came from the embedding cache.</param>
public sealed record EncoderHeadTrainingResult(EncoderHeadClassifier Classifier, int Epochs, int BestEpoch, double ValidationAccuracy, int EmbeddedTexts, int CachedTexts)
{
    /// <summary>Why the embedding cache (<see cref="EncoderHeadTrainerOptions.CacheDirectory"/>) could not be read or
    /// written, or null. Training goes on without it: the texts it could not give are embedded.</summary>
    public string? CacheProblem { get; init; }

    /// <summary>The file that holds this encoder's cached vectors (one per cache folder and encoder; it grows by a
    /// record per new text and is never pruned: delete it to free the space), or null without a cache.</summary>
    public string? CacheFile { get; init; }

    /// <summary>Training texts longer than the encoder reads: more tokens than its
    /// <see cref="Tokenization.WordPieceOptions.MaxLength"/> holds with its special tokens. Only their first tokens were
    /// embedded, as they are at prediction.</summary>
    public int TruncatedTexts { get; init; }
}
