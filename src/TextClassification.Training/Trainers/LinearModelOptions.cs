using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Settings of the linear ensemble member of <see cref="NGramTrainer"/> (part of the default ensemble): multinomial
/// logistic regression on TF-IDF n-gram features (one weight per feature and label, no embedding), L2-regularised and
/// fitted by L-BFGS from zero. Unlike the SGD members it needs no validation split and no seed, which makes it the
/// steadiest member.
/// </summary>
public sealed record LinearModelOptions
{
    /// <summary>The n-grams the linear member reads: by default word n-grams plus char 3–5-grams, which complement the
    /// word-only first model (char n-grams catch misspellings, inflections and codes that whole words miss), and the
    /// words' letter case (<see cref="HashedNGramOptions.CaseShapes"/>: capitals and capitalised words, which
    /// lower-casing hides). Null shares the first model's features (no second tokenization).</summary>
    public HashedNGramOptions? Tokenizer { get; init; } = new() { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true, UnspacedRunNGrams = true };

    /// <summary>
    /// Most weights (features × labels) the member may have: its table grows with the label count, and L-BFGS keeps about
    /// 20 vectors of that size while fitting. Past it, a member with features of its own is replaced by the naive Bayes
    /// member alone on them (see <see cref="NaiveBayes"/>; one counting pass, no optimiser memory). Where that member
    /// cannot be fitted (option off, or no validation split), and for multi-label training, which neither supports, the
    /// features get an SGD embedding model instead (whose size does not grow with the labels). A member sharing the first
    /// model's features is left out. At least 1.
    /// </summary>
    public long MaxWeights { get; init; } = 8_000_000;

    /// <summary>
    /// Most entries (distinct features of a text, summed over the texts it learns from) of the member's feature matrix,
    /// which takes 8 bytes an entry, and as much again where rows are merged for L-BFGS. Char 3–5-grams make about 1.2
    /// entries per character of long texts (about 5 of Chinese or Japanese text), so at the default (2 GB of entries) that
    /// is about 200 MB of English text (50 MB of CJK); at most <see cref="Array.MaxLength"/>; the
    /// eleven shared datasets need at most 7.4 million. Past it, an estimate on a few hundred texts sets the share of the
    /// training texts the member (and naive Bayes on its features) learns from: each label cut in the same proportion
    /// (seeded), at least a twentieth, every validation text kept; the word model still reads every text. The bundle's
    /// <c>training.settings.linearModelSample</c> says how many it learned from. At least 1.
    /// </summary>
    public long MaxEntries { get; init; } = 250_000_000;

    /// <summary>Inverse regularisation strength, as scikit-learn's <c>C</c>: the objective is
    /// <c>C · Σ loss + ½‖W‖²</c>. Larger fits the training data more closely. Positive and finite.</summary>
    public double C { get; init; } = 10;

    /// <summary>
    /// Below this many fitted texts, the member is fitted with C raised in proportion, to
    /// <c>C · SmallDataTexts / texts</c> (<see cref="EffectiveC"/>): its data term then weighs as much against the prior as
    /// it does with this many texts. With a fixed C and few texts the prior holds the weights near zero and the member's
    /// probabilities near uniform, so it adds little to the ensemble's average; ML.NET's SDCA likewise scales its L2
    /// penalty with the data. Default 5,000: on 500- and 2,000-text samples of the eleven shared datasets (five each) it
    /// lifted mean test accuracy by 0.0021 and 0.0011 (macro-F1 by 0.0047 and 0.0024), above the fixed C on 8 and 7 of
    /// the 11, below it on 2 (docs/benchmarks.md, "Session 11"). 0 keeps C fixed; not negative.
    /// </summary>
    public int SmallDataTexts { get; init; } = 5_000;

    /// <summary>Most L-BFGS iterations (each one pass over the data, plus line-search passes when a step is cut). The
    /// default 30 stops well before convergence at C = 10, which both bounds training time and acts as regularisation;
    /// chosen across the eleven shared datasets (docs/benchmarks.md), where it was as accurate as 50 or 200. At least
    /// 1.</summary>
    public int MaxIterations { get; init; } = 30;

    /// <summary>Stop when an iteration lowers the objective by less than this fraction of its value, in [0, 1).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Also add a multinomial naive Bayes member on the same features (default on): counted in one pass, its smoothing and
    /// a temperature that calibrates its probabilities chosen on the validation split by log loss. Naive Bayes errs
    /// differently from the discriminative members; averaged with them it lifted test accuracy on ten of the eleven shared
    /// datasets (docs/benchmarks.md). Without a validation split (see <see cref="NGramTrainerOptions.ValidationFraction"/>)
    /// it takes a default smoothing and temperature, with TF-IDF pooling only; it is left out for multi-label training.
    /// Past <see cref="MaxWeights"/> it stays, alone, in the linear member's
    /// place when that member has features of its own.
    /// </summary>
    public bool NaiveBayes { get; init; } = true;

    /// <summary>
    /// Most weights (features × labels) of the naive Bayes member's dense table. With thousands of labels it is the
    /// largest array of training: its counts take 8 bytes a weight while fitting (4 GB at the default) and the table 4
    /// bytes in memory and in the bundle. Past it the member is left out (where it would stand alone in the linear
    /// member's place, the SGD model on those features trains instead) and the bundle's
    /// <c>training.settings.naiveBayes</c> says so. From 1 to 536,870,911 (one float table of at most 2 GiB).
    /// </summary>
    public long MaxNaiveBayesWeights { get; init; } = 500_000_000;

    /// <summary>The C the member is fitted with on <paramref name="texts"/> texts: <see cref="C"/>, raised in proportion
    /// below <see cref="SmallDataTexts"/> texts.</summary>
    /// <param name="texts">The number of training texts.</param>
    /// <returns>The inverse regularisation strength to fit with.</returns>
    public double EffectiveC(int texts) => texts > 0 && texts < SmallDataTexts ? C * SmallDataTexts / texts : C;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(C > 0 && double.IsFinite(C)))
        {
            throw new ArgumentOutOfRangeException(nameof(C), C, "Must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfNegative(SmallDataTexts, nameof(SmallDataTexts));
        Tokenizer?.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWeights, 1, nameof(MaxWeights));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNaiveBayesWeights, 1, nameof(MaxNaiveBayesWeights));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntries, 1, nameof(MaxEntries));
        // The matrix is one array of entries: more than it can hold is no budget the member could keep to.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxEntries, Array.MaxLength, nameof(MaxEntries));
        // One float table of this many weights must fit a .NET array and one bundle file write (2 GiB).
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxNaiveBayesWeights, (long)int.MaxValue / sizeof(float), nameof(MaxNaiveBayesWeights));
        if (!(Tolerance >= 0 && Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Must be in [0, 1).");
        }
    }
}
