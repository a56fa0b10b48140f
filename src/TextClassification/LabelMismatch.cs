namespace TextClassification;

/// <summary>How a model's labels differ from the labels expected of it (an enum's, a registration's, the serving
/// model's): the labels on one side only, and where the two agree as sets, the first index at which their orders part.
/// One wording for the typed classifiers, dependency injection and hot reload.</summary>
internal static class LabelMismatch
{
    /// <summary>The labels of <paramref name="model"/> that <paramref name="expected"/> lacks (in model order), and those of
    /// <paramref name="expected"/> that <paramref name="model"/> lacks (in expected order); both empty when the sets
    /// agree.</summary>
    public static (List<string> Unexpected, List<string> Missing) Compare(IReadOnlyList<string> model, IReadOnlyList<string> expected)
    {
        var notInModel = new HashSet<string>(expected, StringComparer.Ordinal);
        var inModel = new HashSet<string>(model, StringComparer.Ordinal);
        var unexpected = new List<string>();
        foreach (string label in model)
        {
            if (!notInModel.Remove(label))
            {
                unexpected.Add(label);
            }
        }

        var missing = new List<string>(notInModel.Count);
        foreach (string label in expected)
        {
            if (!inModel.Contains(label))
            {
                missing.Add(label);
            }
        }

        return (unexpected, missing);
    }

    /// <summary>The first index at which <paramref name="model"/> and <paramref name="expected"/> hold different labels
    /// (the shorter one's length where one continues the other), or -1 where they are the same list.</summary>
    public static int FirstDifference(IReadOnlyList<string> model, IReadOnlyList<string> expected)
    {
        int shared = Math.Min(model.Count, expected.Count);
        for (int i = 0; i < shared; i++)
        {
            if (!string.Equals(model[i], expected[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return model.Count == expected.Count ? -1 : shared;
    }

    /// <summary>"at index 1 the model has 'b', <paramref name="expectedName"/> 'c'", for the same labels in another order
    /// (<paramref name="index"/> from <see cref="FirstDifference"/>).</summary>
    public static string AtIndex(IReadOnlyList<string> model, IReadOnlyList<string> expected, int index, string expectedName) =>
        $"at index {index} the model has '{model[index]}', {expectedName} '{expected[index]}'";

    /// <summary>How many labels <see cref="List"/> names before it counts the rest.</summary>
    public const int Shown = 10;

    /// <summary>The labels as "[a, b, c]"; past <see cref="Shown"/>, the first ones and "… and N more": every label had
    /// been listed, tens of KB in one exception message (and log line) for a model of 1,000 labels (review 52c).</summary>
    public static string List(IReadOnlyList<string> labels)
    {
        if (labels.Count <= Shown)
        {
            return $"[{string.Join(", ", labels)}]";
        }

        var first = new string[Shown];
        for (int i = 0; i < Shown; i++)
        {
            first[i] = labels[i];
        }

        return $"[{string.Join(", ", first)}, … and {labels.Count - Shown} more]";
    }
}
