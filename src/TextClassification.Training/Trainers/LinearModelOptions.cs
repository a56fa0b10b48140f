using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Settings of the linear ensemble member of <see cref="NGramTrainer"/>: multinomial logistic regression on the first
/// model's TF-IDF n-gram features (one weight per feature and label, no embedding), L2-regularised and fitted to
/// convergence by L-BFGS. Unlike the SGD members it needs no validation split to know when to stop, which makes it the
/// steadiest member on small datasets.
/// </summary>
public sealed record LinearModelOptions
{
    /// <summary>The n-grams the linear member reads; null (the default) shares the first model's features (no second
    /// tokenization). Set e.g. char n-grams for a linear model on characters.</summary>
    public HashedNGramOptions? Tokenizer { get; init; }

    /// <summary>Inverse regularisation strength, as scikit-learn's <c>C</c>: the objective is
    /// <c>C · Σ loss + ½‖W‖²</c>. Larger fits the training data more closely.</summary>
    public double C { get; init; } = 10;

    /// <summary>Most L-BFGS iterations (each one pass over the data, plus line-search passes when a step is cut).</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when an iteration lowers the objective by less than this fraction of its value.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(C > 0 && double.IsFinite(C)))
        {
            throw new ArgumentOutOfRangeException(nameof(C), C, "Must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        Tokenizer?.Validate();
        if (!(Tolerance >= 0 && Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Must be in [0, 1).");
        }
    }
}
