namespace TextClassification.Training.Trainers;

/// <summary>What the naive Bayes member counts of each text (<see cref="NaiveBayesTrainer"/>); chosen on the validation
/// split with the smoothing and the temperature.</summary>
internal enum NaiveBayesWeighting
{
    /// <summary>The inputs the pooling gives: TF-IDF weights, L2-normalised, or mean-pooling weights.</summary>
    Pooled,

    /// <summary>The TF-IDF pooling's weights without the IDF: sublinear term frequencies, L2-normalised. IDF turns down a
    /// word found in many texts, which is right for most words but wrong for a word that decides the label and is in a
    /// large share of the texts (the keyword of a label among many random words, or the slurs of a hate-speech set).
    /// The model's encoder still multiplies every input by its row's IDF at inference, so the member's table divides it
    /// out (<see cref="NaiveBayesTrainer.Table"/>): the label scores are the term-frequency model's up to one positive
    /// factor per text, which leaves its ranking of the labels unchanged. Only for TF-IDF pooling.</summary>
    TermFrequency,
}
