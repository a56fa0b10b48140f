using System.Runtime.InteropServices;
using TextClassification.Training.Data;

namespace TextClassification.Training.Trainers;

/// <summary>Leaves out the copies of a repeated training row past what <see cref="RepeatedRowCounting.Sublinear"/>
/// counts.</summary>
internal static class CopyTrimming
{
    /// <summary>How many of <paramref name="copies"/> identical rows are trained on: round(1 + ln n), which is never more
    /// than n and grows by one each time n grows about e-fold.</summary>
    internal static int Kept(int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        return (int)Math.Floor(1.5 + Math.Log(copies));
    }

    /// <summary>The rows to train on, in their order: of each group of rows with the same text (ordinal) and label (as
    /// training reads it: trimmed, in normalization form C), the first <see cref="Kept"/> of the group's size.
    /// <paramref name="rows"/> itself when nothing is left out.</summary>
    /// <param name="rows">The training rows.</param>
    /// <param name="multiLabelDelimiter">For multi-label rows, the delimiter of their label cells: a cell is compared as
    /// the set of its labels (b|a and a|b are one group, as --dedupe compares them); null for single-label rows.</param>
    /// <param name="leftOut">How many rows were left out.</param>
    /// <param name="cancellationToken">Checked every 4,096 rows (the pass took 0.9 s on 1.35 million short rows, review
    /// 49c).</param>
    internal static IReadOnlyList<LabeledText> Trim(IReadOnlyList<LabeledText> rows, string? multiLabelDelimiter, out int leftOut, CancellationToken cancellationToken = default)
    {
        // One key per row (the label read once), numbered by group; each group's count of rows still to keep.
        var groupOf = new int[rows.Count];
        var groups = new Dictionary<(string Text, string Label), int>(rows.Count);
        var toKeep = new List<int>();
        for (int i = 0; i < rows.Count; i++)
        {
            if ((i & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ref int group = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, Key(rows[i], multiLabelDelimiter), out bool exists);
            if (!exists)
            {
                group = toKeep.Count;
                toKeep.Add(0);
            }

            groupOf[i] = group;
            toKeep[group]++;
        }

        leftOut = 0;
        if (toKeep.Count == rows.Count)
        {
            return rows;
        }

        for (int g = 0; g < toKeep.Count; g++)
        {
            toKeep[g] = Kept(toKeep[g]);
        }

        var kept = new List<LabeledText>(rows.Count);
        Span<int> left = CollectionsMarshal.AsSpan(toKeep);
        for (int i = 0; i < rows.Count; i++)
        {
            if (left[groupOf[i]] > 0)
            {
                left[groupOf[i]]--;
                kept.Add(rows[i]);
            }
        }

        leftOut = rows.Count - kept.Count;
        return leftOut == 0 ? rows : kept;
    }

    /// <summary>The rows <see cref="NGramTrainer"/> trains on as <paramref name="options"/> counts repeated rows:
    /// <see cref="Trim"/> with its multi-label delimiter under <see cref="RepeatedRowCounting.Sublinear"/>, else
    /// <paramref name="rows"/> as given.</summary>
    internal static IReadOnlyList<LabeledText> ForTraining(IReadOnlyList<LabeledText> rows, NGramTrainerOptions options, out int leftOut, CancellationToken cancellationToken = default)
    {
        leftOut = 0;
        return options.RepeatedRows == RepeatedRowCounting.Sublinear ? Trim(rows, options.MultiLabelDelimiter, out leftOut, cancellationToken) : rows;
    }

    // The label as training reads it (trimmed, form C: " spam" made in code is the label spam), so copies under both
    // spellings are one group. A label that cannot be read so (a lone surrogate) stays as given: training names it.
    private static (string Text, string Label) Key(LabeledText row, string? multiLabelDelimiter) =>
        (row.Text, CanonicalOrAsGiven(row.Label, multiLabelDelimiter));

    private static string CanonicalOrAsGiven(string label, string? multiLabelDelimiter)
    {
        if (label is null)
        {
            return label!;
        }

        try
        {
            if (multiLabelDelimiter is not null)
            {
                string[] set = LabelSet.ParseCell(label, multiLabelDelimiter, lowercase: false);
                Array.Sort(set, StringComparer.Ordinal);
                return string.Join(multiLabelDelimiter, set); // no label of a parsed cell holds the delimiter
            }

            return LabelSet.Canonical(label);
        }
        catch (ArgumentException)
        {
            return label;
        }
    }
}
