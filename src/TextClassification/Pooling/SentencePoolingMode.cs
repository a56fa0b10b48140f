namespace TextClassification.Pooling;

/// <summary>How token vectors <c>[S, D]</c> become one sentence vector <c>[D]</c>.</summary>
public enum SentencePoolingMode
{
    /// <summary>The mean of the vectors whose attention mask is non-zero.</summary>
    Mean,

    /// <summary>The first ([CLS]) vector.</summary>
    Cls,
}
