using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Data;

/// <summary><see cref="LabelIndex"/>: the order labels are numbered in.</summary>
public sealed class LabelIndexTests
{
    [Fact]
    public void Integer_labels_are_ordered_by_value()
    {
        string[] ids = [.. Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        LabelIndex index = LabelIndex.Of(ids.Reverse().Concat(ids));

        Assert.Equal(ids, index.Labels);
        Assert.Equal(10, index["10"]);
        Assert.Equal(["-3", "-1", "01", "1", "2"], LabelIndex.Of(["2", "1", "-1", "01", "-3"]).Labels);
    }

    [Fact]
    public void Other_labels_are_ordered_by_ordinal()
    {
        Assert.Equal(["1", "10", "2", "x"], LabelIndex.Of(["x", "2", "10", "1"]).Labels);
        Assert.Equal(["+1", "1", "2"], LabelIndex.Of(["2", "1", "+1"]).Labels);
        Assert.Equal(["1", "1.5", "2"], LabelIndex.Of(["2", "1.5", "1"]).Labels);
        Assert.Equal(["1", "10000000000000000000", "2"], LabelIndex.Of(["2", "10000000000000000000", "1"]).Labels);
        Assert.Equal(["-", "1"], LabelIndex.Of(["1", "-"]).Labels);
    }

    [Fact]
    public void Label_sets_of_integer_labels_come_out_sorted_by_index()
    {
        // "2|10" parses in ordinal order ("10", "2"), but "2" is index 0: the set must still be sorted (the thresholds'
        // binary search and the loss's merge walk read it so).
        (string[] labels, int[] targets, int[][] sets) = TrainingLabels.EncodeSets(
            [new("a", "2|10"), new("b", "10"), new("c", "2|9|10")], "|");

        Assert.Equal(["2", "9", "10"], labels);
        Assert.Equal([0, 2], sets[0]);
        Assert.Equal([0, 1, 2], sets[2]);
        Assert.Equal([0, 2, 0], targets);
    }
}
