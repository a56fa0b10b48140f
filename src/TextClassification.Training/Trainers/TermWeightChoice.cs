using System.Numerics.Tensors;

namespace TextClassification.Training.Trainers;

/// <summary>
/// <see cref="TermWeighting.Auto"/>'s rule: the word model trained with the supervised weight is kept only where it is
/// clearly more accurate on the validation rows than the one trained with IDF. Of the rows where exactly one of the two
/// is right, b are the supervised model's and c the IDF model's; the supervised weight needs
/// <c>b − c ≥ 4 √(b + c)</c> (McNemar's statistic, about p &lt; 10⁻⁴) and <c>b − c ≥ 0.2 e</c> (e: the IDF model's
/// validation errors, so a fifth of them fixed). A validation split is not the test data: on trec6 (test questions from
/// another source) and sst2 (training rows nested inside each other) the supervised weight was up to 0.012 more accurate
/// on validation and 0.006–0.014 less on test; label-free text before a short question gave z 5.7–7.4 and a third to
/// two thirds of the errors fixed (docs/benchmarks.md, "Session 42").
/// </summary>
internal static class TermWeightChoice
{
    /// <summary>The least McNemar statistic <c>(b − c) / √(b + c)</c> that keeps the supervised weight.</summary>
    public const double MinStatistic = 4;

    /// <summary>The least share of the IDF model's validation errors the supervised weight must fix.</summary>
    public const double MinErrorShare = 0.2;

    /// <summary>Whether the supervised word model's validation probabilities (<paramref name="supervised"/>) clearly beat
    /// the IDF one's (<paramref name="idf"/>): both row-major, <paramref name="classes"/> per validation text, in the order
    /// of <paramref name="indices"/> (rows of <paramref name="targets"/>).</summary>
    public static bool PrefersSupervised(float[] idf, float[] supervised, int classes, int[] targets, int[] indices)
    {
        int onlySupervised = 0, onlyIdf = 0, idfErrors = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            int target = targets[indices[k]];
            bool idfRight = TensorPrimitives.IndexOfMax(idf.AsSpan(k * classes, classes)) == target;
            bool supervisedRight = TensorPrimitives.IndexOfMax(supervised.AsSpan(k * classes, classes)) == target;
            idfErrors += idfRight ? 0 : 1;
            onlySupervised += supervisedRight && !idfRight ? 1 : 0;
            onlyIdf += idfRight && !supervisedRight ? 1 : 0;
        }

        int gain = onlySupervised - onlyIdf;
        return gain > 0 && gain >= MinStatistic * Math.Sqrt(onlySupervised + onlyIdf) && gain >= MinErrorShare * idfErrors;
    }
}
