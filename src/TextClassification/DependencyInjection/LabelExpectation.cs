namespace TextClassification.DependencyInjection;

/// <summary>The labels a registration expects of its model (<see cref="TextClassifierOptions.ExpectedLabels"/>), checked at
/// registration and again when the model loads.</summary>
/// <param name="Labels">The expected labels, each once.</param>
/// <param name="Name">What a mismatch calls them: the setting, or a generated classifier's enum.</param>
/// <param name="InOrder">Whether the model must list them in this order: a generated classifier's enum values are the
/// model's indices (its Scores are read as <c>scores[(int)IntentLabel.Refund]</c>). Otherwise any order.</param>
internal sealed record LabelExpectation(string[] Labels, string Name, bool InOrder)
{
    /// <summary>Throws when <paramref name="labels"/>, the model's at <paramref name="path"/>, are not the expected ones
    /// (or not in their order, where <see cref="InOrder"/>).</summary>
    /// <exception cref="InvalidOperationException">They are not; the message names <paramref name="path"/>, the labels on
    /// either side only, or the first index whose label differs.</exception>
    public void Require(string path, IReadOnlyList<string> labels)
    {
        (List<string> unexpected, List<string> missing) = LabelMismatch.Compare(labels, Labels);
        if (unexpected.Count > 0 || missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{path}: the model's labels are not {Name}: not expected: {LabelMismatch.List(unexpected)}; " +
                $"not in the model: {LabelMismatch.List(missing)}. Rebuild the project against the model that is deployed.");
        }

        int differs = InOrder ? LabelMismatch.FirstDifference(labels, Labels) : -1;
        if (differs >= 0)
        {
            throw new InvalidOperationException(
                $"{path}: the model's labels are {Name} in another order: {LabelMismatch.AtIndex(labels, Labels, differs, "the enum")}. " +
                "The enum's values are indices in its order (and Scores are in model order), so rebuild the project against the model that is deployed.");
        }
    }
}
