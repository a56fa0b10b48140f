using TextClassification.Encoders;
using TextClassification.Tokenization;
using TextClassification.Training.Splitting;

namespace TextClassification.Training.Trainers;

/// <summary>
/// The texts the linear member (and naive Bayes on its features, or the SGD model standing in for them) learns from:
/// all of them, or, where their features would pass <see cref="LinearModelOptions.MaxEntries"/>, a stratified sample of
/// the training texts and every validation text. The validation texts come last, in the split's order, so the members'
/// validation probabilities line up with the word model's whichever texts the lane trains on.
/// </summary>
/// <remarks>
/// Why: the linear member's matrix holds every distinct feature of every text (an int and a float each). Char 3–5-grams
/// make about 1.2 of them per character of long texts, so 1.1 GB of 2–5 KB texts needed about 1.3 billion entries
/// (10 GB) besides the word model's own matrix; training passed 15 GB and was stopped (docs/benchmarks.md, "Session 38").
/// The word model still reads every text.
/// </remarks>
internal sealed record LinearLane(string[] Texts, int[] Targets, int[][]? LabelSets, (int[] Train, int[] Validation)? Split)
{
    // Texts measured for the estimate (evenly spaced): enough for a rate within a few percent, a few ms on short texts.
    private const int EstimateTexts = 512;

    // Below MaxEntries / this many characters in all, the estimate is not made: the shared sets' texts make at most 2.1
    // entries per character (sst2's short texts), so such data would need eight times that to reach the budget.
    private const int CharsPerEntryGate = 16;

    // The smallest share of the training texts a sample keeps, however large the data.
    private const double MinFraction = 0.05;

    /// <summary>The training texts the lane was sampled from, or 0 where it holds every text.</summary>
    public int SampledFrom { get; init; }

    /// <summary>The lane's entries over all texts as estimated, where it was sampled (0 otherwise).</summary>
    public long EstimatedEntries { get; init; }

    /// <summary>Whether the lane holds a sample of the training texts.</summary>
    public bool Sampled => SampledFrom > 0;

    /// <summary>Every text, as given.</summary>
    public static LinearLane All(string[] texts, int[] targets, int[][]? labelSets, (int[] Train, int[] Validation)? split) =>
        new(texts, targets, labelSets, split);

    /// <summary>
    /// Every text where their features (as <paramref name="tokenizer"/> makes them) stay within
    /// <paramref name="maxEntries"/> by an estimate on a few hundred texts; else the validation texts and the share of the
    /// training texts that fits (at least <see cref="MinFraction"/>), each label cut in the same proportion (seeded).
    /// </summary>
    public static LinearLane Choose(
        string[] texts,
        int[] targets,
        int[][]? labelSets,
        int classCount,
        (int[] Train, int[] Validation)? split,
        HashedNGramOptions tokenizer,
        NGramPooling pooling,
        long maxEntries,
        int seed,
        CancellationToken cancellationToken)
    {
        long chars = 0;
        foreach (string text in texts)
        {
            chars += text.Length;
        }

        if (chars <= maxEntries / CharsPerEntryGate)
        {
            return All(texts, targets, labelSets, split);
        }

        double perChar = EntriesPerChar(texts, tokenizer, pooling, cancellationToken);
        long estimate = (long)(perChar * chars);
        if (estimate <= maxEntries)
        {
            return All(texts, targets, labelSets, split);
        }

        int[] train = split?.Train ?? IndexRange.All(texts.Length);
        int[] validation = split?.Validation ?? [];
        double validationEntries = perChar * CharsOf(texts, validation);
        double fraction = Math.Clamp((maxEntries - validationEntries) / (estimate - validationEntries), MinFraction, 1);
        int[] kept = Sample(train, targets, labelSets, classCount, fraction, seed);
        if (kept.Length == train.Length)
        {
            return All(texts, targets, labelSets, split);
        }

        // The kept training texts in index order, then the validation texts in the split's order.
        int count = kept.Length + validation.Length;
        var laneTexts = new string[count];
        var laneTargets = new int[count];
        int[][]? laneSets = labelSets is null ? null : new int[count][];
        int k = 0;
        foreach (int index in (ReadOnlySpan<int>)[.. kept, .. validation])
        {
            laneTexts[k] = texts[index];
            laneTargets[k] = targets[index];
            if (laneSets is not null)
            {
                laneSets[k] = labelSets![index];
            }

            k++;
        }

        (int[] Train, int[] Validation)? laneSplit = split is null ? null : (IndexRange.From(0, kept.Length), IndexRange.From(kept.Length, validation.Length));
        return new LinearLane(laneTexts, laneTargets, laneSets, laneSplit) { SampledFrom = train.Length, EstimatedEntries = estimate };
    }

    // Entries (distinct features of a text, summed over texts) per character, measured on evenly spaced texts.
    private static double EntriesPerChar(string[] texts, HashedNGramOptions tokenizer, NGramPooling pooling, CancellationToken cancellationToken)
    {
        int count = Math.Min(texts.Length, EstimateTexts);
        var sample = new string[count];
        long chars = 0;
        for (int k = 0; k < count; k++)
        {
            sample[k] = texts[(int)((long)k * texts.Length / count)];
            chars += sample[k].Length;
        }

        FeatureMatrix matrix = FeatureMatrix.Build(sample, new HashedNGramFeaturizer(tokenizer), pooling, threads: 1, cancellationToken);
        return (double)matrix.EntryCount / Math.Max(1, chars);
    }

    // About `fraction` of each label's training texts (every label keeps at least one), in index order. Multi-label
    // targets stratify by one label of each set, so a label that only comes beside another could lose every text: the
    // first training text of each such label is added back.
    private static int[] Sample(int[] train, int[] targets, int[][]? labelSets, int classCount, double fraction, int seed)
    {
        var labels = new int[train.Length];
        for (int k = 0; k < train.Length; k++)
        {
            labels[k] = targets[train[k]];
        }

        // The splitter's first part keeps about 1 − secondFraction of each label, and every label.
        (int[] first, int[] rest) = StratifiedSplitter.Split(labels, classCount, 1 - fraction, seed);

        // Each label's share is rounded down, so many small labels left the sample under the fraction (5 of 124 texts
        // at 5 %, found by LinearLaneTests' property): the first of the rest make it up.
        int wanted = Math.Min(labels.Length, (int)Math.Ceiling((fraction * labels.Length) - 1e-9));
        if (first.Length < wanted && rest.Length > 0)
        {
            first = [.. first, .. rest.AsSpan(0, Math.Min(rest.Length, wanted - first.Length))];
            Array.Sort(first);
        }

        for (int k = 0; k < first.Length; k++)
        {
            first[k] = train[first[k]];
        }

        return labelSets is null ? first : WithEveryLabel(first, train, labelSets);
    }

    // The kept texts plus the first training text of each label no kept text has, in index order.
    private static int[] WithEveryLabel(int[] kept, int[] train, int[][] labelSets)
    {
        var covered = new HashSet<int>();
        foreach (int index in kept)
        {
            covered.UnionWith(labelSets[index]);
        }

        var added = new List<int>();
        foreach (int index in train)
        {
            foreach (int label in labelSets[index])
            {
                if (covered.Add(label))
                {
                    added.Add(index);
                    covered.UnionWith(labelSets[index]);
                    break;
                }
            }
        }

        if (added.Count == 0)
        {
            return kept;
        }

        int[] all = [.. kept, .. added];
        Array.Sort(all);
        return all;
    }

    private static long CharsOf(string[] texts, int[] indices)
    {
        long chars = 0;
        foreach (int index in indices)
        {
            chars += texts[index].Length;
        }

        return chars;
    }
}
