using TextClassification.Encoders;

namespace TextClassification.Training.Trainers;

/// <summary>The term weight of the SGD word model's TF-IDF inputs (<see cref="NGramTrainerOptions.TermWeighting"/>). It
/// applies to the word model's matrix only: the linear and naive Bayes members and a second SGD model keep the IDF.</summary>
public enum TermWeighting
{
    /// <summary>The inverse document frequency, <c>ln((1 + n) / (1 + df)) + 1</c>.</summary>
    Idf,

    /// <summary>
    /// A supervised weight: how far a feature's label distribution is from the training split's label shares π,
    /// <c>sqrt(KL(q ‖ π) + 0.001)</c> with <c>q_c = (n_c + π_c) / (n + 1)</c> (<c>n_c</c> training texts of label c
    /// holding the feature, <c>n</c> of any label). A training text's own entries use the counts without that text
    /// (leave-one-out), so a word seen in one training text is not weighted by the label it is about to be trained on;
    /// validation texts and new texts use the full counts, which the bundle stores in place of the IDF. It lifts the
    /// words that tell labels apart over rare words that do not (label-free text before a short question, where IDF
    /// gives the rare words of the lead the highest weights); on ordinary data it is about level with IDF, and it can
    /// lose where validation is not like the test data. Needs <see cref="NGramPooling.TfIdf"/> and single-label data.
    /// </summary>
    Supervised,

    /// <summary>The default. The word model is trained with both (<see cref="Idf"/> and <see cref="Supervised"/>) and the
    /// supervised one is kept only where it is clearly more accurate on the validation split: of the validation texts
    /// exactly one of the two gets right, b are the supervised model's and c the IDF model's, and it needs
    /// <c>b − c ≥ 4 √(b + c)</c> and <c>b − c</c> at least a fifth of the IDF model's validation errors. Otherwise, and
    /// without a validation split, TF-IDF pooling or single-label data, IDF. The bundle's <c>termWeighting</c> setting
    /// is <c>supervised</c> (with <c>termWeightingRequested</c> <c>auto</c>) where the supervised weight was kept.
    /// Costs a second word model's epoch search where it can choose (only the model kept is refitted on all the data).
    /// Where the supervised weight's training diverges (<see cref="TrainingDivergedException"/> after the learning-rate
    /// halvings), IDF is kept; under <see cref="Supervised"/> it fails.</summary>
    Auto,
}
