using System.Numerics.Tensors;
using TextClassification.Bundles;

namespace TextClassification.Training.Trainers;

/// <summary>The ensemble's validation probabilities: the members' scores combined as the classifier combines them, and
/// their accuracy.</summary>
internal static class ValidationScores
{
    // The members' validation probabilities (each text's labels side by side) combined as the classifier combines them.
    internal static float[]? Combine(List<float[]> scores, EnsembleCombination combination, int classes)
    {
        if (scores.Count == 0)
        {
            return null;
        }

        bool roots = combination == EnsembleCombination.RootMean;
        float[] sum = [.. scores[0]];
        if (roots)
        {
            TensorPrimitives.Sqrt(sum, sum);
        }

        float[]? root = roots && scores.Count > 1 ? new float[sum.Length] : null;
        for (int m = 1; m < scores.Count; m++)
        {
            if (root is not null)
            {
                TensorPrimitives.Sqrt(scores[m], root);
                TensorPrimitives.Add(sum, root, sum);
            }
            else
            {
                TensorPrimitives.Add(sum, scores[m], sum);
            }
        }

        TensorPrimitives.Multiply(sum, 1f / scores.Count, sum);
        if (roots)
        {
            for (int start = 0; start < sum.Length; start += classes)
            {
                RootMean.Finish(sum.AsSpan(start, classes));
            }
        }

        return sum;
    }

    /// <summary>The share of the validation texts (<paramref name="indices"/>, in the order of <paramref name="scores"/>)
    /// whose highest score is their target; NaN for none.</summary>
    internal static double Accuracy(float[] scores, int classes, int[] targets, int[] indices)
    {
        int correct = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            if (TensorPrimitives.IndexOfMax(scores.AsSpan(k * classes, classes)) == targets[indices[k]])
            {
                correct++;
            }
        }

        return indices.Length == 0 ? double.NaN : (double)correct / indices.Length;
    }
}
