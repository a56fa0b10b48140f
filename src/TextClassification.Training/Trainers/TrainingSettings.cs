using System.Globalization;
using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>The <c>training.settings</c> a bundle records: the trainer's options in words and numbers.</summary>
internal static class TrainingSettings
{
    /// <summary>The linear and naive Bayes members in words, or "none"; for multi-label training what trains in their
    /// place.</summary>
    internal static string DescribeLinear(NGramTrainerOptions options)
    {
        if (options.LinearModel is not { } linear)
        {
            return "none";
        }

        HashedNGramOptions? own = linear.Tokenizer != options.Tokenizer ? linear.Tokenizer : null;
        string features = own is not null
            ? $"word n-grams 1-{own.WordNGrams} and char n-grams {own.CharNGramMin}-{own.CharNGramMax}{(own.CaseShapes ? " with case shapes" : "")}"
            : "the first model's features";
        if (options.MultiLabelDelimiter is not null)
        {
            // Logistic regression and naive Bayes are single-label: an SGD model (sigmoid per label) reads their features.
            return own is not null && own != options.EnsembleTokenizer
                ? $"multi-label: an SGD model on {features} in place of logistic regression and naive Bayes (single-label only)"
                : "multi-label: none (logistic regression and naive Bayes are single-label only)";
        }

        string naiveBayes = linear.NaiveBayes ? "; a multinomial naive Bayes member on the same features" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"logistic regression (L-BFGS, C {linear.C}{(linear.SmallDataTexts > 0 ? $" (C × {linear.SmallDataTexts} / n when trained on n < {linear.SmallDataTexts} texts: see linearC)" : "")}, up to {linear.MaxIterations} iterations, at most {linear.MaxWeights} weights, else {(linear.NaiveBayes ? "naive Bayes alone (an SGD model for multi-label)" : "an SGD model")}) on {features}{naiveBayes}");
    }

    /// <summary>The settings recorded in the bundle's manifest, with the epoch count that was trained.</summary>
    internal static Dictionary<string, string> Describe(NGramTrainerOptions options, int epochs)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dimension"] = options.Dimension.ToString(inv),
            ["pooling"] = options.Pooling.ToString(),
            ["learningRate"] = options.LearningRate.ToString(inv),
            ["learningRateDecay"] = options.LearningRateDecay.ToString(inv),
            ["epochs"] = epochs.ToString(inv),
            ["maxEpochs"] = options.MaxEpochs.ToString(inv),
            ["patience"] = options.Patience.ToString(inv),
            ["validationFraction"] = options.ValidationFraction.ToString(inv),
            ["refitOnAllData"] = options.RefitOnAllData ? "true" : "false",
            // Class weights do not apply to multi-label training (each label's sigmoid trains unweighted): record what
            // trained, not the option as given (a library caller's Balanced had been written for an unweighted model).
            ["classWeighting"] = (options.MultiLabelDelimiter is null ? options.ClassWeighting : ClassWeighting.None).ToString(),
            ["repeatedRows"] = options.RepeatedRows == RepeatedRowCounting.Sublinear
                ? "sublinear: a row given n times (same text and label) trained on round(1 + ln n) times"
                : "every copy trained on",
            ["seed"] = options.Seed.ToString(inv),
            ["ensemble"] = options.EnsembleTokenizer is { } second
                ? string.Create(inv, $"second model on word n-grams 1-{second.WordNGrams} and char n-grams {second.CharNGramMin}-{second.CharNGramMax}{(second.CaseShapes ? " with case shapes" : "")}")
                : options.LinearModel is null ? "one model: the word model alone" : "no second SGD model (the other members: linearModel)",
            ["linearModel"] = DescribeLinear(options),
        };
    }
}
