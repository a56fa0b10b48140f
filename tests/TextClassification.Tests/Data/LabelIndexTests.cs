using TextClassification.Training.Data;

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
}
