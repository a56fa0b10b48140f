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

    /// <summary>The scalar reference of <see cref="Finish(Span{float})"/> in double precision, which tests compare the
    /// vectorized path with.</summary>
    internal static void FinishScalar(Span<float> meanOfRoots)
    {
        double sum = 0;
        foreach (float value in meanOfRoots)
        {
            sum += (double)value * value;
        }

        for (int i = 0; i < meanOfRoots.Length; i++)
        {
            meanOfRoots[i] = sum > 0 ? (float)((double)meanOfRoots[i] * meanOfRoots[i] / sum) : meanOfRoots[i] * meanOfRoots[i];
        }
    }

    /// <summary>As <see cref="Finish(Span{float})"/>, at a temperature: the square and the temperature's power
    /// <c>1/T</c> in one step, <c>(Σ √p / M)^(2/T)</c> rescaled to sum to 1. At <paramref name="temperature"/> 1 this is
    /// <see cref="Finish(Span{float})"/> to the bit.</summary>
    public static void Finish(Span<float> meanOfRoots, float temperature)
    {
        if (temperature == 1f)
        {
            Finish(meanOfRoots);
        }
        else
        {
            ProbabilityPower.Apply(meanOfRoots, 2f / temperature);
        }
    }
}
