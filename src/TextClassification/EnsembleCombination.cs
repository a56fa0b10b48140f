namespace TextClassification;

/// <summary>How a classifier of several n-gram models combines their probabilities (stored in the bundle manifest as
/// <c>ensembleCombination</c>).</summary>
public enum EnsembleCombination
{
    /// <summary>The arithmetic mean of the members' probabilities (bundles before format version 3, and multi-label
    /// models, whose per-label probabilities are independent).</summary>
    Mean = 0,

    /// <summary>
    /// The root mean, <c>(Σ √p / M)²</c> renormalised to sum to 1: a power mean between the arithmetic mean and the
    /// product of the members' probabilities, so a label all members find plausible beats one that a single member is
    /// sure of. The default for single-label ensembles trained since format version 3 (docs/benchmarks.md, "Session 14":
    /// mean test accuracy +0.0006 and macro-F1 +0.0016 over the eleven shared datasets and five seeds, no set more than
    /// 0.0003 lower).
    /// </summary>
    RootMean = 1,
}
