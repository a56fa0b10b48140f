using System.Numerics.Tensors;

namespace TextClassification;

/// <summary>The last step of <see cref="EnsembleCombination.RootMean"/>: from the mean of the members' square-rooted
/// probabilities to probabilities.</summary>
internal static class RootMean
{
    /// <summary>Squares <paramref name="meanOfRoots"/> (one text's labels) in place and rescales it to sum to 1; all
    /// zeros stay zero.</summary>
    public static void Finish(Span<float> meanOfRoots)
    {
        TensorPrimitives.Multiply(meanOfRoots, meanOfRoots, meanOfRoots);
        float sum = TensorPrimitives.Sum(meanOfRoots);
        if (sum > 0f)
        {
            TensorPrimitives.Multiply(meanOfRoots, 1f / sum, meanOfRoots);
        }
    }
}
