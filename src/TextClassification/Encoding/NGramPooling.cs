namespace TextClassification.Encoders;

/// <summary>How an n-gram model pools the embedding rows of a text's features into one vector.</summary>
public enum NGramPooling
{
    /// <summary>Mean of the rows of every feature occurrence (fastText's pooling).</summary>
    Mean,

    /// <summary>
    /// Rows weighted by sublinear TF-IDF, <c>(1 + ln tf) · idf</c>, with the weights L2-normalised over the text's known
    /// features: frequent, uninformative n-grams count less and a text's length does not scale its vector.
    /// </summary>
    TfIdf,
}
