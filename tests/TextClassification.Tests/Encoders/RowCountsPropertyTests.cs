using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;

namespace TextClassification.Tests.Encoders;

/// <summary>Merging repeated rows by hashing, against a dictionary that keeps first appearances.</summary>
public sealed class RowCountsPropertyTests
{
    [Property(MaxTest = 300)]
    public void Merge_keeps_first_appearances_and_counts_repeats(NonNegativeInt seed, byte rawLength, bool fewDistinct)
    {
        var random = new Random(seed.Get);
        int length = rawLength * 3;
        // Few distinct ids make long runs of repeats; many make probe chains collide across the whole table.
        int[] ids = Enumerable.Range(0, length).Select(_ => fewDistinct ? random.Next(8) : random.Next(int.MaxValue)).ToArray();
        // GroupBy yields groups in order of their keys' first appearance.
        var expected = ids.GroupBy(id => id).Select(group => (Row: group.Key, Count: group.Count())).ToList();

        int[] rows = [.. ids];
        int[] counts = new int[length];
        // Garbage in the scratch space: Merge must clear it itself.
        int[] scratch = Enumerable.Repeat(7, RowCounts.ScratchLength(length)).ToArray();

        int distinct = RowCounts.Merge(rows, counts, scratch);

        Assert.Equal(expected.Select(entry => entry.Row), rows[..distinct]);
        Assert.Equal(expected.Select(entry => entry.Count), counts[..distinct]);
    }
}
