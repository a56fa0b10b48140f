using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>Rows drawn from a few texts and labels, so some (text, label) pairs repeat many times and some once.</summary>
public sealed record CopiesCase(LabeledText[] Rows)
{
    public override string ToString() => $"CopiesCase([{string.Join(", ", Rows.Select(row => $"{row.Text}/{row.Label}"))}])";
}

public static class CopiesCaseArbitrary
{
    public static Arbitrary<CopiesCase> CopiesCase() =>
        (from texts in Gen.Choose(1, 12)
         from length in Gen.Choose(0, 400)
         from rows in Gen.ArrayOf(
             from text in Gen.Frequency((8, Gen.Constant(0)), (3, Gen.Choose(0, texts - 1)))
             from label in Gen.Frequency((6, Gen.Constant("a")), (1, Gen.Elements("b", "A", "a ")))
             select new LabeledText(text == 0 ? "often" : "text " + text, label, 0),
             length)
         select new CopiesCase(rows)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(CopiesCaseArbitrary)], MaxTest = 300)]
public sealed class CopyTrimmingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(10, 3)]
    [InlineData(20, 4)]
    [InlineData(200, 6)]
    [InlineData(int.MaxValue, 22)]
    public void Kept_is_one_plus_the_log_of_the_copies_rounded(int copies, int kept) =>
        Assert.Equal(kept, CopyTrimming.Kept(copies));

    [Fact]
    public void Kept_never_passes_the_copies_and_never_falls()
    {
        for (int n = 1; n <= 5000; n++)
        {
            Assert.InRange(CopyTrimming.Kept(n), CopyTrimming.Kept(Math.Max(1, n - 1)), n);
        }
    }

    [Property]
    public void Each_row_group_keeps_its_first_copies_in_order(CopiesCase sample)
    {
        IReadOnlyList<LabeledText> kept = CopyTrimming.Trim(sample.Rows, multiLabelDelimiter: null, out int leftOut);

        // The rows kept are the rows given, in their order, minus the later copies of each group: the same text, and
        // the same label as training reads it ("a " is a; "A" is another label).
        static (string, string) Key(LabeledText row) => (row.Text, row.Label.Trim());
        var sizes = sample.Rows.GroupBy(Key).ToDictionary(group => group.Key, group => group.Count());
        var taken = new Dictionary<(string, string), int>();
        var expected = new List<LabeledText>();
        foreach (LabeledText row in sample.Rows)
        {
            int before = taken.GetValueOrDefault(Key(row));
            if (before < CopyTrimming.Kept(sizes[Key(row)]))
            {
                expected.Add(row);
            }

            taken[Key(row)] = before + 1;
        }

        Assert.Equal(expected, kept);
        Assert.Equal(sample.Rows.Length - expected.Count, leftOut);
        Assert.Equal(sizes.Count, kept.Select(Key).Distinct().Count());
    }

    [Property]
    public void Rows_without_copies_come_back_as_given(CopiesCase sample)
    {
        LabeledText[] distinct = [.. sample.Rows.DistinctBy(row => (row.Text, row.Label.Trim()))];

        IReadOnlyList<LabeledText> kept = CopyTrimming.Trim(distinct, multiLabelDelimiter: null, out int leftOut);

        Assert.Same(distinct, kept);
        Assert.Equal(0, leftOut);
    }
}

/// <summary><see cref="NGramTrainerOptions.RepeatedRows"/> in training.</summary>
public sealed class RepeatedRowTrainingTests
{
    // Twenty distinct texts a label, and one "alpha" text of label b given 300 times: counting every copy, "alpha" is
    // b's word far more than a's; counted sublinearly (6 copies), a's twenty alpha texts outweigh it.
    private static List<LabeledText> Rows()
    {
        var rows = new List<LabeledText>();
        for (int i = 0; i < 20; i++)
        {
            rows.Add(new LabeledText($"alpha report number{i} filed", "a", 0));
            rows.Add(new LabeledText($"beta ticket item{i} opened", "b", 0));
        }

        for (int i = 0; i < 300; i++)
        {
            rows.Add(new LabeledText("alpha beta gamma", "b", 0));
        }

        return rows;
    }

    private static NGramTrainerOptions Options(RepeatedRowCounting counting) =>
        TestModels.FastOptions(seed: 3) with { LinearModel = new LinearModelOptions(), RepeatedRows = counting };

    [Fact]
    public void Sublinear_counting_leaves_out_the_surplus_copies_and_says_so()
    {
        NGramTrainingResult result = NGramTrainer.Train(Rows(), Options(RepeatedRowCounting.Sublinear));

        Assert.Equal(300 - CopyTrimming.Kept(300), result.SurplusCopies);
        Assert.Equal(40 + CopyTrimming.Kept(300), result.TrainExamples + result.ValidationExamples);
        Assert.StartsWith("sublinear", result.Classifier.Training!.Settings!["repeatedRows"], StringComparison.Ordinal);
        Assert.Equal("a", result.Classifier.Classify("alpha").Label);
    }

    [Fact]
    public void Every_copy_counts_when_asked()
    {
        NGramTrainingResult result = NGramTrainer.Train(Rows(), Options(RepeatedRowCounting.Every));

        Assert.Equal(0, result.SurplusCopies);
        Assert.Equal(340, result.TrainExamples + result.ValidationExamples);
        Assert.Equal("every copy trained on", result.Classifier.Training!.Settings!["repeatedRows"]);
        TextClassifier sublinear = NGramTrainer.Train(Rows(), Options(RepeatedRowCounting.Sublinear)).Classifier;
        Assert.True(
            ScoreOfB(result.Classifier) > ScoreOfB(sublinear) + 0.05,
            $"b for \"alpha\": {ScoreOfB(result.Classifier)} counting every copy, {ScoreOfB(sublinear)} sublinearly");
    }

    private static float ScoreOfB(TextClassifier classifier) =>
        classifier.Classify("alpha").ScoreOf("b");

    [Fact]
    public void Abstaining_training_trims_the_copies_once()
    {
        // It trims before its calibration split; the two trainings after it trimmed again (300 copies trained 3 times,
        // not 6), while SurplusCopies reported the first trim alone.
        NGramTrainingResult plain = NGramTrainer.Train(Rows(), Options(RepeatedRowCounting.Sublinear));
        (NGramTrainingResult result, _) = TextClassification.Training.Tuning.AbstainTraining.Train(
            Rows(), TextClassification.Training.Evaluation.AbstainTarget.Precision(0.9), Options(RepeatedRowCounting.Sublinear));

        Assert.Equal(300 - CopyTrimming.Kept(300), result.SurplusCopies);
        Assert.Equal(plain.TrainExamples + plain.ValidationExamples, result.TrainExamples + result.ValidationExamples);
        Assert.StartsWith("sublinear", result.Classifier.Training!.Settings!["repeatedRows"], StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_label_copies_compare_their_label_sets()
    {
        // "b|a" and "a|b" are one set (--dedupe compares them so); as cells they were two groups.
        var rows = new List<LabeledText>();
        for (int i = 0; i < 10; i++)
        {
            rows.Add(new LabeledText("storm warning for the coast", "weather|alert", 0));
            rows.Add(new LabeledText("storm warning for the coast", " alert | weather ", 0));
        }

        IReadOnlyList<LabeledText> asSets = CopyTrimming.Trim(rows, "|", out int setsLeftOut);
        IReadOnlyList<LabeledText> asCells = CopyTrimming.Trim(rows, multiLabelDelimiter: null, out int cellsLeftOut);

        Assert.Equal(CopyTrimming.Kept(20), asSets.Count);
        Assert.Equal(20 - CopyTrimming.Kept(20), setsLeftOut);
        Assert.Equal(2 * CopyTrimming.Kept(10), asCells.Count);
        Assert.Equal(20 - asCells.Count, cellsLeftOut);
    }

    [Fact]
    public void Copies_under_two_spellings_of_one_label_are_one_group()
    {
        // Training reads " b" as b; trimming compared the labels as given, so 20 + 20 copies counted as two groups.
        var rows = new List<LabeledText>(Rows().Take(40));
        for (int i = 0; i < 20; i++)
        {
            rows.Add(new LabeledText("alpha beta gamma", "b", 0));
            rows.Add(new LabeledText("alpha beta gamma", " b\u0020", 0));
        }

        IReadOnlyList<LabeledText> kept = CopyTrimming.Trim(rows, multiLabelDelimiter: null, out int leftOut);

        Assert.Equal(40 - CopyTrimming.Kept(40), leftOut);
        Assert.Equal(40 + CopyTrimming.Kept(40), kept.Count);
    }

    [Fact]
    public void An_undefined_counting_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (new NGramTrainerOptions() with { RepeatedRows = (RepeatedRowCounting)7 }).Validate());

        Assert.Equal(nameof(NGramTrainerOptions.RepeatedRows), error.ParamName);
    }

    [Fact]
    public void Trimming_and_grouping_copies_check_the_cancellation_token()
    {
        // Both passes run before training's first look at the token: 0.9 s and 1 to 3 s on 1.35 million rows, during
        // which a canceled training (and an encoder head's, through the grouping) ran on (review 49c).
        List<LabeledText> rows = [new("a text", "a"), new("a text", "a"), new("a text", "a"), new("another text", "b")];
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => CopyTrimming.Trim(rows, multiLabelDelimiter: null, out _, canceled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => TextClassification.Training.Splitting.ContainedTexts.Leaders([.. rows.Select(r => r.Text)], canceled.Token));
    }
}
