namespace TextClassification.Training.Trainers;

/// <summary>Arrays of consecutive row indices, as the trainers pass row sets.</summary>
internal static class IndexRange
{
    /// <summary>0, 1, …, <paramref name="count"/> − 1.</summary>
    public static int[] All(int count) => From(0, count);

    /// <summary><paramref name="start"/>, <paramref name="start"/> + 1, … (<paramref name="count"/> of them).</summary>
    public static int[] From(int start, int count)
    {
        int[] range = new int[count];
        for (int k = 0; k < range.Length; k++)
        {
            range[k] = start + k;
        }

        return range;
    }
}
