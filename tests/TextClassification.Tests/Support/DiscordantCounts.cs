using TextClassification.Training.Data;

namespace TextClassification.Tests.Support;

/// <summary>McNemar's discordant counts worked out text by text with <see cref="ITextClassifier.Classify"/>, the
/// reference <c>ModelEvaluator.Compare</c> is checked against.</summary>
internal static class DiscordantCounts
{
    /// <summary>How many examples only <paramref name="first"/> gets right, and how many only <paramref name="second"/> does.</summary>
    public static (int OnlyFirst, int OnlySecond) TextByText(ITextClassifier first, ITextClassifier second, IEnumerable<LabeledText> examples)
    {
        int onlyFirst = 0, onlySecond = 0;
        foreach (LabeledText example in examples)
        {
            bool firstRight = first.Classify(example.Text).Label == example.Label;
            bool secondRight = second.Classify(example.Text).Label == example.Label;
            onlyFirst += firstRight && !secondRight ? 1 : 0;
            onlySecond += secondRight && !firstRight ? 1 : 0;
        }

        return (onlyFirst, onlySecond);
    }
}
