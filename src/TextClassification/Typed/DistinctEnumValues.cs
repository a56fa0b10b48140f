namespace TextClassification;

/// <summary>The check that each enum value of a typed classifier's or prediction's label map stands for one label: a
/// value given twice answered for two labels (review 55f).</summary>
internal static class DistinctEnumValues
{
    // Up to this many values are compared pairwise, allocating nothing (a hand-written ITextClassifier<TLabel> may build
    // a Prediction<TLabel> per text through the public constructor); more go through a set.
    private const int PairwiseLimit = 32;

    /// <summary>Throws <see cref="ArgumentException"/> for <paramref name="parameterName"/> when a value of
    /// <paramref name="values"/> repeats an earlier one.</summary>
    public static void Require<TLabel>(IReadOnlyList<TLabel> values, string parameterName)
        where TLabel : struct, Enum
    {
        HashSet<TLabel>? seen = values.Count > PairwiseLimit ? new HashSet<TLabel>(values.Count) : null;
        for (int i = 0; i < values.Count; i++)
        {
            if (seen is null ? RepeatsEarlier(values, i) : !seen.Add(values[i]))
            {
                throw new ArgumentException($"{typeof(TLabel).Name}.{values[i]} is given twice (again at index {i}): each enum value stands for one label.", parameterName);
            }
        }
    }

    private static bool RepeatsEarlier<TLabel>(IReadOnlyList<TLabel> values, int index)
        where TLabel : struct, Enum
    {
        for (int j = 0; j < index; j++)
        {
            if (EqualityComparer<TLabel>.Default.Equals(values[j], values[index]))
            {
                return true;
            }
        }

        return false;
    }
}
