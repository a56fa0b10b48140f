namespace TextClassification.WebService.Models;

/// <summary>Body of <c>POST /classify</c>.</summary>
/// <param name="Text">The text to classify (required, at most <c>MaxTextLength</c> chars).</param>
/// <param name="TopK">How many best labels to list in <c>topK</c> (default 3).</param>
public sealed record ClassifyRequest(string? Text, int? TopK = null);

/// <summary>Body of <c>POST /classify/batch</c>.</summary>
/// <param name="Texts">The texts to classify, at most <c>MaxBatchSize</c>.</param>
/// <param name="TopK">How many best labels to list per text (default 3).</param>
public sealed record BatchClassifyRequest(IReadOnlyList<string?>? Texts, int? TopK = null);

/// <summary>One classified text.</summary>
/// <param name="Label">The most probable label (the best guess, also when the model abstained, and for a multi-label
/// model also when no label reaches its threshold: read <c>labels</c> there).</param>
/// <param name="Score">Its probability.</param>
/// <param name="Abstained">True when the score is below the model's confidence threshold: "none of these". Always
/// false for a multi-label model, whose "none of these" is an empty <c>labels</c>.</param>
/// <param name="Labels">The labels the model assigns (<see cref="Prediction.PredictedLabels"/>): the label, none when
/// the model abstained, and for a multi-label model every label whose probability reaches its threshold.</param>
/// <param name="Scores">Every label's probability: summing to 1 for a single-label model, independent per-label
/// (sigmoid) probabilities for a multi-label one.</param>
/// <param name="TopK">The most probable labels, best first (for a multi-label model, whether or not they reach their
/// thresholds).</param>
public sealed record PredictionResult(string Label, float Score, bool Abstained, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, float> Scores, IReadOnlyList<LabelScore> TopK)
{
    /// <summary>The response shape of a <see cref="Prediction"/>.</summary>
    public static PredictionResult From(Prediction prediction, int topK) =>
        new(prediction.Label, prediction.Score, prediction.Abstained, prediction.PredictedLabels, prediction.ToDictionary(), prediction.TopK(topK));
}

/// <summary>Response of <c>POST /classify</c>.</summary>
/// <param name="Model">The model that answered.</param>
/// <param name="Label">The most probable label (the best guess, also when the model abstained, and for a multi-label
/// model also when no label reaches its threshold: read <c>labels</c> there).</param>
/// <param name="Score">Its probability.</param>
/// <param name="Abstained">True when the score is below the model's confidence threshold: "none of these". Always
/// false for a multi-label model, whose "none of these" is an empty <c>labels</c>.</param>
/// <param name="Labels">The labels the model assigns (<see cref="Prediction.PredictedLabels"/>): the label, none when
/// the model abstained, and for a multi-label model every label whose probability reaches its threshold (possibly
/// none).</param>
/// <param name="Scores">Every label's probability: summing to 1 for a single-label model, independent per-label
/// (sigmoid) probabilities for a multi-label one.</param>
/// <param name="TopK">The most probable labels, best first (for a multi-label model, whether or not they reach their
/// thresholds).</param>
public sealed record ClassifyResponse(string Model, string Label, float Score, bool Abstained, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, float> Scores, IReadOnlyList<LabelScore> TopK)
{
    /// <summary>The response shape of a <see cref="Prediction"/> from <paramref name="model"/>.</summary>
    public static ClassifyResponse From(string model, Prediction prediction, int topK) =>
        new(model, prediction.Label, prediction.Score, prediction.Abstained, prediction.PredictedLabels, prediction.ToDictionary(), prediction.TopK(topK));
}

/// <summary>Response of <c>POST /classify/batch</c>: one result per text, in input order.</summary>
/// <param name="Model">The model that answered.</param>
/// <param name="Predictions">The results.</param>
public sealed record BatchClassifyResponse(string Model, IReadOnlyList<PredictionResult> Predictions);

/// <summary>Response of <c>GET /labels</c>.</summary>
/// <param name="Model">The model.</param>
/// <param name="Labels">Its labels, in model order.</param>
public sealed record LabelsResponse(string Model, IReadOnlyList<string> Labels);

/// <summary>One entry of <c>GET /models</c>.</summary>
/// <param name="Name">The route name.</param>
/// <param name="IsDefault">Whether <c>/classify</c> uses it.</param>
/// <param name="Source">The full path the model is loaded from (for the embedded quick-start model, the folder it is
/// trained into at start).</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Generation">1, plus one per hot reload.</param>
/// <param name="MultiLabel">True for a multi-label model: its scores are independent per-label (sigmoid) probabilities
/// that need not sum to 1, and a classify response's <c>labels</c> (every label at or above its threshold, possibly
/// none) is the answer rather than <c>label</c>.</param>
/// <param name="Thresholds">A multi-label model's threshold of each label, aligned with <c>labels</c> (recorded in the
/// bundle at training time); null for a single-label model.</param>
/// <param name="ConfidenceThreshold">A single-label model's confidence threshold (<c>train --abstain-*</c>): a text whose
/// score is below it is answered with <c>abstained</c> true, "none of these". Null for a model that never abstains.</param>
public sealed record ModelInfo(string Name, bool IsDefault, string Source, IReadOnlyList<string> Labels, long Generation, bool MultiLabel, IReadOnlyList<float>? Thresholds, float? ConfidenceThreshold = null);

/// <summary>The limits a client must keep to (the page splits a file's batch by them).</summary>
/// <param name="MaxBatchSize">Most texts per <c>/classify/batch</c> request.</param>
/// <param name="MaxTextLength">Most characters (UTF-16 code units) per text.</param>
/// <param name="MaxRequestBodyBytes">Most bytes per request body.</param>
/// <param name="MaxConcurrentBatches">Most <c>/classify/batch</c> requests classified at once.</param>
/// <param name="BatchQueueLimit">Most batch requests waiting for a place; past that they get 503 with Retry-After.</param>
public sealed record LimitsResponse(int MaxBatchSize, int MaxTextLength, long MaxRequestBodyBytes, int MaxConcurrentBatches, int BatchQueueLimit);
