namespace TextClassification.Training.Splitting;

/// <summary>Seeded stratified splits: each class is shuffled and cut in the same proportion.</summary>
public static partial class StratifiedSplitter
{
    /// <summary>
    /// Splits the indices <c>0..labels.Length-1</c> into a first and second part, putting about
    /// <paramref name="secondFraction"/> of each class in the second part. Classes with a single example stay in the
    /// first part. Both parts are returned in ascending index order. Same seed → same split.
    /// </summary>
    public static (int[] First, int[] Second) Split(ReadOnlySpan<int> labels, int classCount, double secondFraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (!(secondFraction >= 0 && secondFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(secondFraction), secondFraction, "Must be in [0, 1).");
        }

        var byClass = new List<int>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            byClass[c] = [];
        }

        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label at index {i} is outside [0, {classCount}).");
            }

            byClass[label].Add(i);
        }

        var random = new Random(seed);
        var first = new List<int>(labels.Length);
        var second = new List<int>((int)(labels.Length * secondFraction) + classCount);
        foreach (List<int> members in byClass)
        {
            int[] shuffled = [.. members];
            random.Shuffle(shuffled);
            int take = members.Count < 2 ? 0 : (int)Math.Round(members.Count * secondFraction, MidpointRounding.AwayFromZero);
            take = Math.Min(take, Math.Max(0, members.Count - 1));
            if (secondFraction > 0 && members.Count >= 2)
            {
                take = Math.Max(take, 1);
            }

            second.AddRange(shuffled.AsSpan(0, take));
            first.AddRange(shuffled.AsSpan(take));
        }

        int[] firstArray = [.. first];
        int[] secondArray = [.. second];
        Array.Sort(firstArray);
        Array.Sort(secondArray);
        return (firstArray, secondArray);
    }
}
