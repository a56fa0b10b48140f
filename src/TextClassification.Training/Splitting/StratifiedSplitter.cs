namespace TextClassification.Training.Splitting;

/// <summary>Seeded stratified splits: each class is shuffled and cut in the same proportion.</summary>
public static partial class StratifiedSplitter
{
    /// <summary>
    /// Splits the indices <c>0..labels.Length-1</c> into a first and second part, putting about
    /// <paramref name="secondFraction"/> of each class in the second part. Classes with a single example stay in the
    /// first part. Both parts are returned in ascending index order. Same seed → same split.
    /// </summary>
    /// <param name="labels">The label index of each row.</param>
    /// <param name="classCount">The number of labels; every value of <paramref name="labels"/> must be in
    /// [0, classCount).</param>
    /// <param name="secondFraction">The share of each class for the second part, in [0, 1).</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <returns>The row indices of the first and the second part, each in ascending order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count, fraction or label is out of range.</exception>
    public static (int[] First, int[] Second) Split(ReadOnlySpan<int> labels, int classCount, double secondFraction, int seed) =>
        Split(labels, classCount, secondFraction, seed, groupLeaders: default);

    /// <summary>
    /// Splits as <see cref="Split(ReadOnlySpan{int}, int, double, int)"/> does, but keeps each group of rows on one
    /// side: rows that share a leader in <paramref name="groupLeaders"/> (for instance copies of one text, see
    /// <see cref="DuplicateTexts.Leaders(IReadOnlyList{string})"/>) all go where their leader goes, so no copy of a second-part row is in the
    /// first part. Groups are stratified by their leader's label and taken whole, in shuffled order, where they fit in
    /// the class's share of rows (where none fits, the smallest alone, so one large group of copies cannot flood the
    /// second part); a class whose rows form one group stays in the first part. Where every row is its own group (or
    /// <paramref name="groupLeaders"/> is empty) the split equals the ungrouped one for the same seed.
    /// </summary>
    /// <param name="labels">The label index of each row.</param>
    /// <param name="classCount">The number of labels; every value of <paramref name="labels"/> must be in [0, classCount).</param>
    /// <param name="secondFraction">The share of each class for the second part, in [0, 1).</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <param name="groupLeaders">Empty, or for each row the index of the first row of its group: <c>groupLeaders[i] ≤ i</c>,
    /// and a leader is its own leader.</param>
    /// <returns>The row indices of the first and the second part, each in ascending order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count, fraction or label is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="groupLeaders"/> has the wrong length or a row whose leader is
    /// not a leader at or before it.</exception>
    public static (int[] First, int[] Second) Split(ReadOnlySpan<int> labels, int classCount, double secondFraction, int seed, ReadOnlySpan<int> groupLeaders) =>
        Split(labels, classCount, secondFraction, seed, groupLeaders, firstKeeps: 1);

    // firstKeeps: how many of a class's groups the first part keeps at least, where the class has more groups than that
    // (else all but one): 2 where the first part is cut again (SplitThreeWay), so a class of three groups keeps one for
    // each part.
    private static (int[] First, int[] Second) Split(ReadOnlySpan<int> labels, int classCount, double secondFraction, int seed, ReadOnlySpan<int> groupLeaders, int firstKeeps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (!(secondFraction >= 0 && secondFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(secondFraction), secondFraction, "Must be in [0, 1).");
        }

        bool grouped = !groupLeaders.IsEmpty;
        if (grouped && groupLeaders.Length != labels.Length)
        {
            throw new ArgumentException($"Has {groupLeaders.Length} entries for {labels.Length} rows.", nameof(groupLeaders));
        }

        // Rows per group, counted at the leader (1 for every row when ungrouped).
        int[] groupSize = new int[labels.Length];
        var leadersByClass = new List<int>[classCount];
        var rowsByClass = new int[classCount];
        for (int c = 0; c < classCount; c++)
        {
            leadersByClass[c] = [];
        }

        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label at index {i} is outside [0, {classCount}).");
            }

            int leader = grouped ? groupLeaders[i] : i;
            if ((uint)leader > (uint)i || (grouped && groupLeaders[leader] != leader))
            {
                throw new ArgumentException($"Row {i}'s leader {leader} is not a leader at or before it.", nameof(groupLeaders));
            }

            if (leader == i)
            {
                leadersByClass[label].Add(i);
            }

            groupSize[leader]++;
            rowsByClass[labels[leader]]++;
        }

        var random = new Random(seed);
        var inSecond = new bool[labels.Length];
        int secondCount = 0;
        for (int c = 0; c < classCount; c++)
        {
            int[] shuffled = [.. leadersByClass[c]];
            random.Shuffle(shuffled);
            int groups = shuffled.Length;
            int take = groups < 2 ? 0 : (int)Math.Round(rowsByClass[c] * secondFraction, MidpointRounding.AwayFromZero);
            if (secondFraction > 0 && groups >= 2)
            {
                take = Math.Max(take, 1);
            }

            // Whole groups that fit, in shuffled order, never the last one (the first part keeps the class; the last
            // firstKeeps where it has more). When none fits, the smallest (the first of equals) alone: one large group of
            // copies never floods the second part.
            int taken = 0;
            int groupsTaken = 0;
            int smallest = -1;
            int kept = groups > firstKeeps ? firstKeeps : 1;
            for (int k = 0; k < groups && taken < take && groupsTaken < groups - kept; k++)
            {
                int size = groupSize[shuffled[k]];
                if (taken + size <= take)
                {
                    inSecond[shuffled[k]] = true;
                    taken += size;
                    groupsTaken++;
                }
                else if (smallest < 0 || size < groupSize[smallest])
                {
                    smallest = shuffled[k];
                }
            }

            if (taken == 0 && take > 0 && smallest >= 0)
            {
                inSecond[smallest] = true;
                taken = groupSize[smallest];
            }

            secondCount += taken;
        }

        var first = new int[labels.Length - secondCount];
        var second = new int[secondCount];
        int f = 0;
        int s = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (inSecond[grouped ? groupLeaders[i] : i])
            {
                second[s++] = i;
            }
            else
            {
                first[f++] = i;
            }
        }

        return (first, second);
    }
}
