namespace TextClassification.Training.Evaluation;

/// <summary>The outcome of <see cref="McNemarTest.Compare"/>.</summary>
/// <param name="OnlyFirstCorrect">Rows the first classifier got right and the second wrong.</param>
/// <param name="OnlySecondCorrect">Rows the second classifier got right and the first wrong.</param>
/// <param name="PValue">The exact two-sided p-value of the hypothesis that both are equally accurate (1 when the
/// discordant counts are equal or zero): the smaller it is, the less the gap looks like chance.</param>
public readonly record struct McNemarResult(int OnlyFirstCorrect, int OnlySecondCorrect, double PValue)
{
    /// <summary>Rows exactly one of the two classifiers got right; only these inform the test.</summary>
    public int Discordant => OnlyFirstCorrect + OnlySecondCorrect;
}
