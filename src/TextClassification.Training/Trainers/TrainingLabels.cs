using TextClassification.Training.Data;

namespace TextClassification.Training.Trainers;

/// <summary>The label vocabulary and target indices of a training set, single- or multi-label, and the class weights.</summary>
internal static class TrainingLabels
{
    /// <summary>The sorted distinct labels and each example's index into them.</summary>
    /// <exception cref="ArgumentException">No examples, an example without text or label (its line named), or fewer than
    /// two labels.</exception>
    internal static (string[] Labels, int[] Targets) Encode(IReadOnlyList<LabeledText> examples)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no training examples.", nameof(examples));
        }

        for (int i = 0; i < examples.Count; i++)
        {
            LabeledText example = examples[i];
            RequireTextAndLabel(example, i, nameof(examples));
            ThrowIfUnstorable(example, i, example.Label, nameof(examples));
        }

        // Trimmed and composed as the file readers do: in code, " spam" and "spam" were two labels.
        string[] canonical = new string[examples.Count];
        for (int i = 0; i < canonical.Length; i++)
        {
            canonical[i] = LabelSet.Canonical(examples[i].Label);
        }

        LabelIndex index = LabelIndex.Of(canonical).RequireTwo(nameof(examples));
        int[] targets = new int[examples.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = index[canonical[i]];
        }

        return (index.Labels, targets);
    }

    /// <summary>Refuses a row without a text or a label (a blank label is none).</summary>
    internal static void RequireTextAndLabel(LabeledText example, int index, string parameter)
    {
        if (example.Text is null || string.IsNullOrWhiteSpace(example.Label))
        {
            throw new ArgumentException($"{Where(example, index)} has no text or no label.", parameter);
        }
    }

    /// <summary>Refuses a multi-label row without a text or a label cell. A blank cell is a missing label (the reader
    /// skips such rows); only a cell of delimiters is the empty set (a white-space delimiter, such as ' ', makes a blank
    /// cell that holds it the empty set too).</summary>
    internal static void RequireTextAndLabelSet(LabeledText example, int index, string delimiter, string parameter)
    {
        if (example.Text is null || example.Label is null
            || (string.IsNullOrWhiteSpace(example.Label) && !example.Label.Contains(delimiter, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{Where(example, index)} has no text or no label.", parameter);
        }
    }

    // Multi-label: labels are the sorted distinct parts of every cell; Targets holds each example's first (smallest) label,
    // which the validation split stratifies on, or Labels.Length for an empty set: a cell of only delimiters is a text
    // none of the labels applies to (DatasetReadOptions.MultiLabelDelimiter), trained as a negative for every label and
    // stratified as a group of its own.
    internal static (string[] Labels, int[] Targets, int[][] LabelSets) EncodeSets(IReadOnlyList<LabeledText> examples, string delimiter)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no training examples.", nameof(examples));
        }

        var parsed = new string[examples.Count][];
        for (int i = 0; i < parsed.Length; i++)
        {
            LabeledText example = examples[i];
            RequireTextAndLabelSet(example, i, delimiter, nameof(examples));
            string[] parts = LabelSet.Parse(example.Label, delimiter);

            ThrowIfUnstorable(example, i, example.Label, nameof(examples));

            parsed[i] = parts;
        }

        LabelIndex index = LabelIndex.Of(parsed.SelectMany(parts => parts));
        if (index.Labels.Length == 0 || (index.Labels.Length == 1 && Array.TrueForAll(parsed, parts => parts.Length > 0)))
        {
            // One label is enough when some texts have none (a yes/no tag); one label on every text teaches nothing.
            string found = index.Labels.Length == 0 ? "no label at all" : $"only '{index.Labels[0]}', on every text";
            throw new ArgumentException(
                $"Multi-label training needs two labels, or one label and texts without it (a label cell of just the delimiter '{delimiter}'); the data has {found}.",
                nameof(examples));
        }

        int[] targets = new int[parsed.Length];
        int[][] sets = new int[parsed.Length][];
        for (int i = 0; i < parsed.Length; i++)
        {
            // Sorted by index: the thresholds' binary search and the loss's merge walk need it, and integer labels are
            // numbered by value, not in the ordinal order Parse sorts the parts in ("2|10" is indices 1 and 0).
            int[] set = new int[parsed[i].Length];
            for (int k = 0; k < set.Length; k++)
            {
                set[k] = index[parsed[i][k]];
            }

            Array.Sort(set);

            sets[i] = set;
            targets[i] = set.Length == 0 ? index.Labels.Length : set[0];
        }

        return (index.Labels, targets, sets);
    }

    /// <summary>Every class's loss weight: 1, or with <see cref="ClassWeighting.Balanced"/> the examples over (classes ×
    /// the class's examples), as scikit-learn's <c>class_weight="balanced"</c>.</summary>
    internal static float[] ClassWeights(int[] targets, int classes, ClassWeighting weighting)
    {
        float[] weights = new float[classes];
        Array.Fill(weights, 1f);
        if (weighting == ClassWeighting.Balanced)
        {
            int[] counts = Counts(targets, classes);
            for (int c = 0; c < classes; c++)
            {
                weights[c] = counts[c] == 0 ? 0f : (float)targets.Length / (classes * counts[c]);
            }
        }

        return weights;
    }

    /// <summary>How many of <paramref name="targets"/> (or of the rows <paramref name="indices"/> names) each class has.
    /// A multi-label text of no label (target = classes) counts for none.</summary>
    internal static int[] Counts(int[] targets, int classes, int[]? indices = null)
    {
        int[] counts = new int[classes];
        if (indices is null)
        {
            foreach (int target in targets)
            {
                Count(target);
            }
        }
        else
        {
            foreach (int i in indices)
            {
                Count(targets[i]);
            }
        }

        return counts;

        void Count(int target)
        {
            if ((uint)target < (uint)classes)
            {
                counts[target]++;
            }
        }
    }

    // A label a bundle cannot store as it was trained: a lone surrogate, or a line break, tab or other control character
    // (as the file readers refuse it): from code, "a\nb" was trained, saved and printed by predict and inspect across two
    // lines, and no test file could ever give it back.
    private static void ThrowIfUnstorable(LabeledText example, int index, string label, string paramName)
    {
        if (LoneSurrogate(label) is { } lone)
        {
            throw new ArgumentException($"{Where(example, index)} has a label with a lone surrogate ({lone}), which a bundle cannot store.", paramName);
        }

        if (LabelSet.HasControlCharacter(label.Trim()))
        {
            throw new ArgumentException($"{Where(example, index)} has a label holding a line break, tab or other control character; a label must be a single line of printable text.", paramName);
        }
    }

    /// <summary>Where <paramref name="label"/>'s first lone surrogate is ("U+D800 at 3"), or null. A label is saved in
    /// the bundle's UTF-8 manifest, where a lone surrogate would come back as U+FFFD: another label than the one
    /// trained.</summary>
    private static string? LoneSurrogate(string label) =>
        LoneSurrogates.IndexOf(label) is var k and >= 0 ? $"U+{(int)label[k]:X4} at {k}" : null;

    /// <summary>"Example from line 12" for a row read from a file (line numbers start at 1), else "Example 12" (its
    /// index in the list).</summary>
    internal static string Where(LabeledText example, int index) =>
        example.LineNumber > 0 ? $"Example from line {example.LineNumber}" : $"Example {index} (index in the list)";
}
