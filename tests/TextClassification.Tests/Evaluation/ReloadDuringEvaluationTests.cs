using System.Collections;
using TextClassification.Reloading;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>Evaluating the reloading classifier that dependency injection gives while its bundle is replaced.</summary>
public sealed class ReloadDuringEvaluationTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-reload-eval");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_reload_in_the_middle_of_an_evaluation_leaves_it_scored_by_one_model()
    {
        // The second model knows the same texts under a renamed first label, so its labels come in another order: rows
        // scored through the wrapper after the swap got its probabilities under the first model's labels (accuracy
        // fell to about 0.13 in an outside user's run).
        string folder = _temp.Combine("model");
        TestModels.Small.Save(folder);
        string renamed = TestModels.SmallData[0].Label;
        TextClassifier other = TestModels.Train([.. TestModels.SmallData.Select(row => row.Label == renamed ? row with { Label = "zz " + renamed } : row)], seed: 7);
        using var reloading = ReloadingTextClassifier.Create(folder, new ReloadingTextClassifierOptions { UseFileSystemWatcher = false, PollInterval = Timeout.InfiniteTimeSpan });
        List<LabeledText> rows = [.. Enumerable.Repeat(TestModels.SmallData, 12).SelectMany(data => data)];
        double expected = ModelEvaluator.Evaluate(TestModels.Small, rows).Accuracy;
        McNemarResult same = ModelEvaluator.Compare(TestModels.Small, TestModels.Small, rows);

        // The swap happens when the scoring pass reads row 700 (the first pass over the rows reads the labels).
        var swapping = new SwapOnRead(rows, 700, () =>
        {
            other.Save(folder);
            Assert.True(reloading.Reload());
        });
        ClassificationMetrics metrics = ModelEvaluator.Evaluate(reloading, swapping);

        Assert.True(swapping.Swapped);
        Assert.Equal("zz " + renamed, reloading.Labels[^1]);
        Assert.Equal(expected, metrics.Accuracy);

        // McNemar's comparison takes each model once too: the first model against itself, whatever the wrapper holds.
        TestModels.Small.Save(folder);
        Assert.True(reloading.Reload());
        var swappingAgain = new SwapOnRead(rows, 700, () =>
        {
            other.Save(folder);
            Assert.True(reloading.Reload());
        });
        McNemarResult compared = ModelEvaluator.Compare(reloading, TestModels.Small, swappingAgain);
        Assert.True(swappingAgain.Swapped);
        Assert.Equal((same.OnlyFirstCorrect, same.OnlySecondCorrect), (compared.OnlyFirstCorrect, compared.OnlySecondCorrect));
    }

    // The rows, calling `swap` the second time row `at` is read (its first read is the check of every row's label).
    private sealed class SwapOnRead(List<LabeledText> rows, int at, Action swap) : IReadOnlyList<LabeledText>
    {
        private int _reads;

        public bool Swapped { get; private set; }

        public int Count => rows.Count;

        public LabeledText this[int index]
        {
            get
            {
                if (index == at && Interlocked.Increment(ref _reads) == 2)
                {
                    swap();
                    Swapped = true;
                }

                return rows[index];
            }
        }

        public IEnumerator<LabeledText> GetEnumerator() => rows.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
