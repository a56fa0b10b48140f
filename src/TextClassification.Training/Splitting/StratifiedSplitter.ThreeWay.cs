using TextClassification.Training.Data;

namespace TextClassification.Training.Splitting;

/// <summary>Three-way (train / validation / test) stratified splits.</summary>
public static partial class StratifiedSplitter
{
    /// <summary>
    /// Splits the indices <c>0..labels.Length-1</c> into train, validation and test parts holding about
    /// 1 − <paramref name="validationFraction"/> − <paramref name="testFraction"/>, <paramref name="validationFraction"/>
    /// and <paramref name="testFraction"/> of each class. Same seed → same split.
    /// </summary>
    /// <remarks>
    /// Effectively computes <see cref="Split(ReadOnlySpan{int}, int, double, int, ReadOnlySpan{int})"/> twice: the test
    /// part is cut from all rows, then the validation part from the rest with fraction
    /// <c>validationFraction / (1 − testFraction)</c> and a seed derived from
    /// <paramref name="seed"/>. So a class with a single row is always in the train part, and a class with at least
    /// three rows has at least one row in each part whose fraction is positive (with groups: three groups, and whole
    /// groups in each part). Every part is in ascending index order.
    /// </remarks>
    /// <param name="labels">The label index of each row.</param>
    /// <param name="classCount">The number of labels; every value of <paramref name="labels"/> must be in [0, classCount).</param>
    /// <param name="validationFraction">The share of each class for validation, ≥ 0.</param>
    /// <param name="testFraction">The share of each class for test, ≥ 0; the two fractions must add up to less than 1.</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <param name="groupLeaders">Empty, or groups of rows kept in one part, as
    /// <see cref="Split(ReadOnlySpan{int}, int, double, int, ReadOnlySpan{int})"/> takes them (for each row, the index of
    /// its group's first row).</param>
    /// <returns>The three parts; together they hold every index exactly once.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="classCount"/> is below 1, a fraction is negative or NaN, the fractions add up to 1 or more,
    /// or a label is outside [0, classCount).
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="groupLeaders"/> is not empty and not of that form.</exception>
    public static ThreeWaySplit<int> SplitThreeWay(ReadOnlySpan<int> labels, int classCount, double validationFraction, double testFraction, int seed, ReadOnlySpan<int> groupLeaders = default)
    {
        if (!(validationFraction >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Must be at least 0.");
        }

        if (!(testFraction >= 0) || !(validationFraction + testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction), testFraction, $"Must be at least 0, and validationFraction ({validationFraction}) + testFraction must be below 1.");
        }

        // Where a validation part is wanted, the test cut leaves a class of three or more groups two of them: it had
        // taken all but one at a test fraction of 0.5 and more, which left the validation part without the class.
        (int[] rest, int[] test) = Split(labels, classCount, testFraction, seed, groupLeaders, firstKeeps: validationFraction > 0 ? 2 : 1);

        var restLabels = new int[rest.Length];
        for (int i = 0; i < rest.Length; i++)
        {
            restLabels[i] = labels[rest[i]];
        }

        // A group is wholly in the rest or wholly in test, so its leader is in the rest too, at or before its rows.
        int[] restLeaders = [];
        if (!groupLeaders.IsEmpty)
        {
            var local = new int[labels.Length];
            restLeaders = new int[rest.Length];
            for (int i = 0; i < rest.Length; i++)
            {
                local[rest[i]] = i;
                restLeaders[i] = local[groupLeaders[rest[i]]];
            }
        }

        // A different seed for the second cut, so the two shuffles of a class are independent.
        double relativeValidation = Math.Min(validationFraction / (1 - testFraction), Math.BitDecrement(1.0));
        (int[] trainLocal, int[] validationLocal) = Split(restLabels, classCount, relativeValidation, unchecked((seed * 31) + 17), restLeaders);
        return new ThreeWaySplit<int>(MapBack(rest, trainLocal), MapBack(rest, validationLocal), test);
    }

    /// <summary>
    /// Splits labelled rows into stratified train, validation and test parts, as
    /// <see cref="SplitThreeWay(ReadOnlySpan{int}, int, double, double, int, ReadOnlySpan{int})"/> does for indices;
    /// classes are the distinct <see cref="LabeledText.Label"/> values in ordinal order, so the split depends only on
    /// the rows and the seed. Copies of a text (equal ignoring case) and texts inside a longer text (both found by
    /// <see cref="ContainedTexts.Leaders(IReadOnlyList{string})"/>) stay in one part, so no validation or test text
    /// was also trained on, whole or as part of a longer text.
    /// </summary>
    /// <param name="rows">The rows to split.</param>
    /// <param name="validationFraction">The share of each label for validation, ≥ 0.</param>
    /// <param name="testFraction">The share of each label for test, ≥ 0; the two must add up to less than 1.</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <returns>The three parts, each in the rows' original order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <exception cref="ArgumentException">A row's text or label is null (the row named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fractions are out of range (see the index overload).</exception>
    public static ThreeWaySplit<LabeledText> SplitThreeWay(IReadOnlyList<LabeledText> rows, double validationFraction, double testFraction, int seed) =>
        SplitThreeWay(rows, validationFraction, testFraction, seed, CancellationToken.None);

    /// <summary>As <see cref="SplitThreeWay(IReadOnlyList{LabeledText}, double, double, int)"/>, the grouping of copies
    /// and contained texts checking <paramref name="cancellationToken"/>: 1 to 3 s on a million rows, which
    /// <see cref="Tuning.AbstainTraining"/> ran through when canceled (review 49c), and which a library caller could not
    /// stop (review 53f).</summary>
    /// <param name="rows">The rows to split.</param>
    /// <param name="validationFraction">The share of each label for validation, ≥ 0.</param>
    /// <param name="testFraction">The share of each label for test, ≥ 0; the two must add up to less than 1.</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <param name="cancellationToken">Stops the grouping of copies and contained texts.</param>
    /// <returns>The three parts, each in the rows' original order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <exception cref="ArgumentException">A row's text or label is null (the row named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fractions are out of range (see the index overload).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ThreeWaySplit<LabeledText> SplitThreeWay(IReadOnlyList<LabeledText> rows, double validationFraction, double testFraction, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not { Text: not null, Label: not null })
            {
                throw new ArgumentException($"{Trainers.TrainingLabels.Where(rows[i], i)} has no text or no label.", nameof(rows));
            }
        }
        LabelIndex classOf = LabelIndex.Of(rows.Select(row => LabelSet.Canonical(row.Label)));
        var labels = new int[rows.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = classOf[LabelSet.Canonical(rows[i].Label)];
        }

        var texts = new string[rows.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = rows[i].Text;
        }

        ThreeWaySplit<int> split = SplitThreeWay(labels, Math.Max(1, classOf.Labels.Length), validationFraction, testFraction, seed, ContainedTexts.Leaders(texts, cancellationToken));
        return new ThreeWaySplit<LabeledText>(Select(rows, split.Train), Select(rows, split.Validation), Select(rows, split.Test));
    }

    private static int[] MapBack(int[] original, int[] local)
    {
        var mapped = new int[local.Length];
        for (int i = 0; i < local.Length; i++)
        {
            mapped[i] = original[local[i]];
        }

        return mapped;
    }

    private static LabeledText[] Select(IReadOnlyList<LabeledText> rows, IReadOnlyList<int> indices)
    {
        var selected = new LabeledText[indices.Count];
        for (int i = 0; i < selected.Length; i++)
        {
            selected[i] = rows[indices[i]];
        }

        return selected;
    }
}
