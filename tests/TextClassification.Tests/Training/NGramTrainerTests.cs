using TextClassification.Encoders;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Splitting;
using TextClassification.Training.Trainers;
using Xunit.Abstractions;

namespace TextClassification.Tests.Training;

public sealed class NGramTrainerTests(ITestOutputHelper output)
{
    private static readonly List<string> Probe = SyntheticData.Texts(60, seed: 17);

    [Fact]
    public void Same_seed_gives_identical_weights_and_predictions()
    {
        TextClassifier first = TestModels.Train(TestModels.SmallData, seed: 3);
        TextClassifier second = TestModels.Train(TestModels.SmallData, seed: 3);

        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Members[0].Encoder.Table, second.Members[0].Encoder.Table);
        Assert.Equal(first.Members[0].Head.Weights, second.Members[0].Head.Weights);
        Assert.Equal(first.Members[0].Head.Bias, second.Members[0].Head.Bias);
        Assert.Equal(BucketsOf(first), BucketsOf(second));
        Assert.Equal(TestModels.ScoresOf(first, Probe), TestModels.ScoresOf(second, Probe));
    }

    [Fact]
    public void Thread_count_does_not_change_the_model()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3);

        TextClassifier one = NGramTrainer.Train(TestModels.SmallData, options with { Threads = 1 }).Classifier;
        TextClassifier four = NGramTrainer.Train(TestModels.SmallData, options with { Threads = 4 }).Classifier;

        Assert.Equal(TestModels.ScoresOf(one, Probe), TestModels.ScoresOf(four, Probe));
    }

    [Fact]
    public void Different_seeds_give_different_scores()
    {
        TextClassifier a = TestModels.Train(TestModels.SmallData, seed: 3);
        TextClassifier b = TestModels.Train(TestModels.SmallData, seed: 4);

        Assert.NotEqual(TestModels.ScoresOf(a, Probe), TestModels.ScoresOf(b, Probe));
    }

    [Fact]
    public void Learns_the_easy_synthetic_data()
    {
        NGramTrainingResult result = NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(seed: 1));

        ClassificationMetrics train = ModelEvaluator.Evaluate(result.Classifier, TestModels.SmallData);
        ClassificationMetrics heldOut = ModelEvaluator.Evaluate(result.Classifier, SyntheticData.Generate(perLabel: 30, seed: 999));
        output.WriteLine($"train accuracy {train.Accuracy:F3}, held-out accuracy {heldOut.Accuracy:F3}, epochs {result.Epochs}");

        Assert.Equal(SyntheticData.Labels, result.Classifier.Labels);
        Assert.True(train.Accuracy >= 0.95, $"training accuracy {train.Accuracy}");
        Assert.True(heldOut.Accuracy >= 0.9, $"held-out accuracy {heldOut.Accuracy}");
        Assert.Equal(TestModels.SmallData.Count, result.TrainExamples + result.ValidationExamples);
        Assert.True(result.ValidationExamples > 0);
        Assert.InRange(result.Epochs, 1, TestModels.FastOptions(1).MaxEpochs);
    }

    [Fact]
    public void Early_stopping_ends_once_the_validation_texts_are_fitted_perfectly()
    {
        // Every validation text right and a loss near zero: the loss still fell by more than 0.1 % an epoch, so the
        // search ran all its epochs and the refit as many again (an outside user's separable data: 100 s of 144).
        var rows = new List<LabeledText>();
        for (int i = 0; i < 200; i++)
        {
            rows.Add(new LabeledText($"alpha beta gamma item{i} delta", "first"));
            rows.Add(new LabeledText($"omega sigma kappa item{i} lambda", "second"));
        }

        NGramTrainingResult result = NGramTrainer.Train(rows, new NGramTrainerOptions { EnsembleTokenizer = null, LinearModel = null, MaxEpochs = 30 });

        Assert.Equal(1.0, result.ValidationAccuracy);
        Assert.InRange(result.Epochs, 1, 10);
    }

    [Fact]
    public void Balanced_class_weighting_raises_minority_recall()
    {
        List<LabeledText> train = SyntheticData.Imbalanced(majority: 600, minority: 30, seed: 5);
        List<LabeledText> test = SyntheticData.Imbalanced(majority: 300, minority: 300, seed: 6);
        NGramTrainerOptions options = TestModels.FastOptions(seed: 2) with { MaxEpochs = 10 };

        // Against unweighted training: the minority (30 of 630 texts) is a rare label, which BoostRareLabels would weigh too.
        double none = MinorityRecall(NGramTrainer.Train(train, options with { ClassWeighting = ClassWeighting.None, BoostRareLabels = false }).Classifier, test);
        double balanced = MinorityRecall(NGramTrainer.Train(train, options with { ClassWeighting = ClassWeighting.Balanced }).Classifier, test);
        output.WriteLine($"minority recall: none {none:F3}, balanced {balanced:F3}");

        Assert.True(balanced >= none, $"balanced {balanced} < none {none}");
        // The data is built so the cue is decisive only with weighting: a clear gap, not a tie at 0 or 1.
        Assert.True(balanced - none >= 0.2, $"balanced {balanced} vs none {none}");
    }

    [Theory]
    [InlineData("Pooling")]
    [InlineData("ClassWeighting")]
    public void Undefined_enum_options_are_refused_naming_the_option(string option)
    {
        NGramTrainerOptions options = option == "Pooling"
            ? new NGramTrainerOptions { Pooling = (NGramPooling)99 }
            : new NGramTrainerOptions { ClassWeighting = (ClassWeighting)99 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void One_label_only_is_rejected()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new LabeledText("text " + i, "only", i + 2)).ToList();

        var ex = Assert.Throws<ArgumentException>(() => NGramTrainer.Train(rows, TestModels.FastOptions(1)));

        Assert.Contains("only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_memory_example_without_text_or_label_is_named_by_its_index()
    {
        List<LabeledText> rows = [new("fine", "a", 0), new(null!, "b", 0), new("also fine", "b", 0)];
        List<LabeledText> noLabel = [new("fine", "a", 0), new("no label", null!, 0), new("read from a file", "b", 7)];
        List<LabeledText> fromFile = [new("fine", "a", 2), new("no label", "", 3)];

        Assert.Contains("Example 1 (index in the list) has no text or no label", Assert.Throws<ArgumentException>(() => NGramTrainer.Train(rows)).Message, StringComparison.Ordinal);
        Assert.Contains("Example 1 (index in the list)", Assert.Throws<ArgumentException>(() => ModelEvaluator.Evaluate(TestModels.Small, noLabel)).Message, StringComparison.Ordinal);
        Assert.Contains("Example from line 3 has no text or no label", Assert.Throws<ArgumentException>(() => NGramTrainer.Train(fromFile)).Message, StringComparison.Ordinal);

        // A blank label is no label (the reader trims labels and skips such rows), here and in every API that takes rows.
        List<LabeledText> blank = [new("fine", "a", 2), new("blank label", "  ", 4), new("also fine", "b", 5)];
        Assert.Contains("line 4 has no text or no label", Assert.Throws<ArgumentException>(() => NGramTrainer.Train(blank)).Message, StringComparison.Ordinal);
        Assert.Contains("line 4", Assert.Throws<ArgumentException>(() => ModelEvaluator.Compare(TestModels.Small, TestModels.Small, blank)).Message, StringComparison.Ordinal);
        Assert.Contains("Example 1 (index in the list)", Assert.Throws<ArgumentException>(() => ModelEvaluator.Compare(TestModels.Small, TestModels.Small, rows)).Message, StringComparison.Ordinal);
        Assert.Contains("Example 1 (index in the list)", Assert.Throws<ArgumentException>(() => StratifiedSplitter.SplitThreeWay(noLabel, 0.1, 0.1, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("Example 1 (index in the list)", Assert.Throws<ArgumentException>(() => AbstainCalibrator.Calibrate(TestModels.Small, noLabel, AbstainTarget.Precision(0.9))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_made_in_code_are_read_as_the_file_readers_give_them()
    {
        // " spam", "spam" and "spam " were three labels when made in code, while a file gave one (the reader trims and
        // composes labels); the generator then named them Spam, Spam_2 and Spam_3.
        List<LabeledText> rows = [];
        for (int i = 0; i < 12; i++)
        {
            rows.Add(new($"win a free prize number {i}", i % 3 == 0 ? " spam" : i % 3 == 1 ? "spam" : "spam\t", 0));
            rows.Add(new($"see you at lunch on day {i}", i % 2 == 0 ? "ham " : "ham", 0));
            rows.Add(new($"un café numéro {i}", i % 2 == 0 ? "caf\u00e9" : "cafe\u0301", 0));
        }

        TextClassifier classifier = NGramTrainer.Train(rows, TestModels.FastOptions(1)).Classifier;

        Assert.Equal(["café", "ham", "spam"], classifier.Labels);
        List<LabeledText> test = [new("win a free prize number 3", "  spam", 0), new("see you at lunch on day 5", "ham\n", 0)];
        ClassificationMetrics metrics = ModelEvaluator.Evaluate(classifier, test);
        Assert.Equal(["café", "ham", "spam"], metrics.Labels);
        Assert.Equal(1.0, metrics.Accuracy);
    }

    [Fact]
    public void A_label_with_a_lone_surrogate_is_refused_naming_the_example()
    {
        List<LabeledText> rows = [new("fine", "a", 0), new("broken label", "b\ud800", 0), new("emoji label", "c😀", 0)];

        var error = Assert.Throws<ArgumentException>(() => NGramTrainer.Train(rows));

        Assert.Contains("Example 1 (index in the list) has a label with a lone surrogate (U+D800 at 1)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\tb")]
    [InlineData("a\u0001")]
    public void A_label_with_a_line_break_tab_or_control_character_inside_is_refused_as_the_readers_refuse_it(string label)
    {
        // From code it was trained and saved; predict and inspect then printed it across lines, and no test file could
        // give it back. (Around the label, white space is trimmed as before.)
        List<LabeledText> rows = [new("fine text", "ok\n", 0), new("broken label", label, 0), new("more text", "ok", 0)];

        var error = Assert.Throws<ArgumentException>(() => NGramTrainer.Train(rows));

        Assert.Contains("Example 1 (index in the list) has a label holding a line break, tab or other control character", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NGramTrainer.Train(rows, TestModels.FastOptions(1) with { MultiLabelDelimiter = "|" }));
    }

    [Fact]
    public void A_bundle_trained_in_code_records_its_training_seconds_as_the_result_does()
    {
        // Only the CLI added training.seconds, so eval of a bundle trained in code reported trainSeconds null.
        NGramTrainingResult result = NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(1));

        Assert.Equal(result.Seconds, result.Classifier.Training!.Seconds);
        Assert.True(result.Seconds > 0);
    }

    [Fact]
    public void No_examples_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => NGramTrainer.Train([], TestModels.FastOptions(1)));
    }

    [Fact]
    public void Example_without_label_is_rejected()
    {
        List<LabeledText> rows = [.. TestModels.SmallData, new LabeledText("x", string.Empty, 999)];

        var ex = Assert.Throws<ArgumentException>(() => NGramTrainer.Train(rows, TestModels.FastOptions(1)));

        Assert.Contains("999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(1) with { Dimension = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(1) with { LearningRate = float.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(1) with { ValidationFraction = 0.95 }));
    }

    [Fact]
    public void Pre_cancelled_token_throws_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(1), null, cts.Token));
    }

    [Fact]
    public async Task A_cancelled_two_lane_training_carries_the_callers_token_so_its_task_ends_canceled()
    {
        // Two lanes (the word model beside the char members) run on a linked token; the exception must still carry the
        // caller's, or `task.IsCanceled` and `catch (...) when (e.CancellationToken == token)` take it for a failure.
        NGramTrainerOptions options = TestModels.FastOptions(1) with { EnsembleTokenizer = new() { Buckets = 1 << 16, CharNGramMin = 3, CharNGramMax = 4 }, Threads = 2 };
        using var before = new CancellationTokenSource();
        before.Cancel();
        var ex = Assert.ThrowsAny<OperationCanceledException>(() => NGramTrainer.Train(TestModels.SmallData, options, null, before.Token));
        Assert.Equal(before.Token, ex.CancellationToken);

        using var during = new CancellationTokenSource();
        var progress = new SynchronousProgress(report =>
        {
            if (report.Epoch >= 1)
            {
                during.Cancel();
            }
        });
        Task<NGramTrainingResult> task = Task.Run(() => NGramTrainer.Train(TestModels.SmallData, options with { MaxEpochs = 200 }, progress, during.Token), during.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled, $"the task ended {task.Status}");
    }

    [Fact]
    public void Cancelling_from_a_progress_report_stops_training()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(report =>
        {
            if (report.Phase == "training" && report.Epoch == 2)
            {
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(1), progress, cts.Token));
        Assert.DoesNotContain(progress.Reports, r => r.Phase == "done");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Progress_is_reported_in_order_and_reaches_one(bool refit)
    {
        var progress = new SynchronousProgress();

        NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(1) with { RefitOnAllData = refit }, progress);

        List<TrainingProgress> reports = progress.Reports;
        Assert.Equal("grouping repeated texts", reports[0].Phase); // said before the split is made (13 s on 2M texts)
        Assert.Equal("tokenizing", reports[1].Phase);
        Assert.Equal("done", reports[^1].Phase);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Contains(reports, r => r.Phase == "training");
        Assert.Equal(refit, reports.Any(r => r.Phase == "refitting"));
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Fraction >= reports[i - 1].Fraction, $"fraction went back from {reports[i - 1].Fraction} to {reports[i].Fraction}");
            Assert.InRange(reports[i].Fraction, 0, 1);
        }
    }

    [Fact]
    public void Without_validation_training_runs_every_epoch()
    {
        var progress = new SynchronousProgress();
        NGramTrainerOptions options = TestModels.FastOptions(1) with { ValidationFraction = 0, MaxEpochs = 5 };

        NGramTrainingResult result = NGramTrainer.Train(TestModels.SmallData, options, progress);

        Assert.Equal(5, result.Epochs);
        Assert.Equal(0, result.ValidationExamples);
        Assert.True(double.IsNaN(result.ValidationAccuracy));
        Assert.Equal(5, progress.Reports.Count(r => r.Phase == "training"));
    }

    [Fact]
    public void Copies_of_a_text_stay_out_of_validation_when_one_is_trained_on()
    {
        // Random labels: nothing generalises, so validation accuracy near 1 could only come from copies of validation
        // texts in the training part (memorised). Each text appears four times, in different letter case.
        var random = new Random(5);
        var rows = new List<LabeledText>();
        for (int t = 0; t < 150; t++)
        {
            string text = string.Join(' ', Enumerable.Range(0, 6).Select(_ => "w" + random.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            string label = random.Next(2) == 0 ? "a" : "b";
            rows.Add(new LabeledText(text, label, 0));
            rows.Add(new LabeledText(text.ToUpperInvariant(), label, 0));
            rows.Add(new LabeledText(text, label, 0));
            rows.Add(new LabeledText("W" + text[1..], label, 0));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
        NGramTrainerOptions options = TestModels.FastOptions(seed: 2) with { ValidationFraction = 0.2, RefitOnAllData = false };

        NGramTrainingResult result = NGramTrainer.Train(rows, options);

        Assert.Equal(450, result.RepeatedTexts);
        Assert.Equal(0, result.ValidationExamples % 4);
        Assert.InRange(result.ValidationExamples, 100, 140);
        Assert.True(result.ValidationAccuracy < 0.75, $"validation accuracy {result.ValidationAccuracy} on random labels: copies leaked");
    }

    [Fact]
    public void Phrases_of_a_sentence_stay_out_of_validation_when_the_sentence_is_trained_on()
    {
        // Random labels again, now on sentences and phrases cut from them (as SST-2's training rows are): a validation
        // phrase whose sentence was trained on would be answered from memory.
        var random = new Random(6);
        var rows = new List<LabeledText>();
        int phrases = 0;
        for (int t = 0; t < 120; t++)
        {
            string[] words = [.. Enumerable.Range(0, 14).Select(_ => "w" + random.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture))];
            string label = random.Next(2) == 0 ? "a" : "b";
            rows.Add(new LabeledText(string.Join(' ', words), label, 0));
            for (int p = 0; p < 4; p++)
            {
                int start = random.Next(0, 7);
                rows.Add(new LabeledText(string.Join(' ', words[start..(start + 6 + random.Next(0, 2))]), label, 0));
                phrases++;
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
        var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int distinctPhrases = rows.Count(row => row.Text.Split(' ').Length < 14 && distinct.Add(row.Text));
        // Every copy trained on: a phrase drawn twice from its sentence is still two of the phrases counted here.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 2) with { ValidationFraction = 0.2, RefitOnAllData = false, RepeatedRows = RepeatedRowCounting.Every };

        NGramTrainingResult result = NGramTrainer.Train(rows, options);

        Assert.Equal(phrases, result.TextsInsideOthers);
        Assert.Equal(phrases - distinctPhrases, result.RepeatedTexts);
        Assert.InRange(result.ValidationExamples, 80, 160);
        Assert.True(result.ValidationAccuracy < 0.75, $"validation accuracy {result.ValidationAccuracy} on random labels: phrases leaked");
    }

    [Fact]
    public void Counts_the_training_texts_past_max_tokens()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 2);
        int maxTokens = options.Tokenizer.MaxTokens;
        var rows = new List<LabeledText>(TestModels.SmallData)
        {
            new(string.Join(' ', Enumerable.Repeat("refund", maxTokens + 1)), TestModels.SmallData[0].Label, 0),
            new(string.Join(' ', Enumerable.Repeat("refund", maxTokens)), TestModels.SmallData[0].Label, 0),
            new(new string('!', maxTokens * 2), TestModels.SmallData[1].Label, 0),
        };

        NGramTrainingResult result = NGramTrainer.Train(rows, options);

        Assert.Equal(2, result.TruncatedTexts);
        Assert.Equal(0, NGramTrainer.Train(TestModels.SmallData, options).TruncatedTexts);
    }

    [Fact]
    public void Labels_whose_rows_are_all_one_text_train_as_without_validation()
    {
        // Each label's rows are copies of one text (in two letter cases): no group can be held out.
        var rows = new List<LabeledText>();
        for (int i = 0; i < 15; i++)
        {
            rows.Add(new LabeledText(i % 2 == 0 ? "hello there" : "Hello There", "greeting", i));
            rows.Add(new LabeledText("goodbye now", "farewell", i));
        }

        NGramTrainingResult result = NGramTrainer.Train(rows, TestModels.FastOptions(seed: 1) with { MaxEpochs = 4 });

        Assert.Equal(0, result.ValidationExamples);
        Assert.Equal(4, result.Epochs);
        Assert.Equal("farewell", result.Classifier.Classify("goodbye now").Label);
    }

    [Fact]
    public void Early_stopping_ends_when_the_validation_loss_only_creeps_down()
    {
        // 400 labels of three random texts each: the word model learns next to nothing on validation, while its loss
        // still falls a little every epoch. Each such fall used to count as progress, so all 40 epochs ran.
        var random = new Random(8);
        var rows = new List<LabeledText>();
        for (int label = 0; label < 400; label++)
        {
            for (int k = 0; k < 3; k++)
            {
                rows.Add(new LabeledText(string.Join(' ', Enumerable.Range(0, 6).Select(_ => $"w{random.Next(3000)}")), $"l{label}", rows.Count + 2));
            }
        }

        var progress = new SynchronousProgress();
        NGramTrainer.Train(rows, TestModels.FastOptions(seed: 2) with { MaxEpochs = 40, Patience = 3 }, progress);

        int searched = progress.Reports.Count(report => report.Phase == "training");
        Assert.True(searched < 20, $"{searched} epochs searched");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_learning_rate_too_high_for_the_data_is_halved_until_the_loss_stays_finite(bool ensemble)
    {
        // At rate 10 the first epoch's steps overflow the weights (a model trained on through that scores NaN
        // everywhere): the member trains again at half the rate, and the bundle says at which.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with
        {
            LearningRate = 10,
            LinearModel = ensemble ? new LinearModelOptions() : null,
        };
        var progress = new SynchronousProgress();

        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, options, progress).Classifier;

        Assert.Contains(progress.Reports, r => r.Phase == "diverged at learning rate 10: training again at 5");
        Assert.Matches(@"^word model (5|2\.5|1\.25): the loss overflowed at higher learning rates$", model.Training!.Settings![NGramTrainer.LearningRateLoweredSetting]);
        Assert.Equal("10", model.Training.Settings["learningRate"]);
        Assert.All(model.Classify(TestModels.SmallData[0].Text).Scores.ToArray(), score => Assert.True(float.IsFinite(score)));
        // A member that trains at the rate given records nothing.
        TextClassifier plain = NGramTrainer.Train(TestModels.SmallData, options with { LearningRate = new NGramTrainerOptions().LearningRate }).Classifier;
        Assert.False(plain.Training!.Settings!.ContainsKey(NGramTrainer.LearningRateLoweredSetting));
    }

    [Fact]
    public void A_member_that_diverges_after_three_halvings_stops_training_with_divergence_instead_of_returning_NaN_scores()
    {
        // Multi-label over 900 labels: the loss sums over every label, and even 10 / 8 overflows.
        var random = new Random(4);
        var rows = new List<LabeledText>();
        for (int i = 0; i < 1500; i++)
        {
            int[] labels = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(900)).Distinct().Order()];
            IEnumerable<string> words = Enumerable.Range(0, 12).Select(_ => $"w{random.Next(2000)}").Concat(labels.Select(l => $"kw{l}"));
            rows.Add(new LabeledText(string.Join(' ', words), string.Join('|', labels.Select(l => $"K{l}"))));
        }

        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with { LearningRate = 10, LinearModel = null, MultiLabelDelimiter = "|" };

        TrainingDivergedException diverged = Assert.Throws<TrainingDivergedException>(() => NGramTrainer.Train(rows, options));

        Assert.Equal(1.25f, diverged.LearningRate);
        Assert.Contains("learning rate 1.25", diverged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refit_whose_annealed_loss_rises_above_its_first_epochs_trains_again_with_the_search_schedule()
    {
        // Short texts of ten labels, half their words telling the label, at learning rate 1: the epoch search (its rate
        // decaying per epoch) trains stably, the annealed refit on all the data (its rate falling linearly from 1) is
        // thrown about (mean loss 1.90, then 5.86). The refit runs again with the search's schedule and says so.
        var random = new Random(1);
        var rows = new List<LabeledText>();
        for (int i = 0; i < 1000; i++)
        {
            int label = random.Next(10);
            IEnumerable<string> words = Enumerable.Range(0, 1 + random.Next(6))
                .Select(_ => random.NextDouble() < 0.5 ? $"l{label}w{random.Next(5)}" : $"v{random.Next(100)}");
            rows.Add(new LabeledText(string.Join(' ', words), $"c{label}", i + 2));
        }

        NGramTrainerOptions options = new() { LinearModel = null, LearningRate = 1, Seed = 42 };
        var progress = new SynchronousProgress();

        TextClassifier model = NGramTrainer.Train(rows, options, progress).Classifier;

        int restart = progress.Reports.FindIndex(r => r.Phase.StartsWith("the loss rose above its first epoch's", StringComparison.Ordinal));
        Assert.True(restart > 0, "no restart reported");
        List<TrainingProgress> before = progress.Reports.Take(restart).Where(r => r.Phase == "refitting" && r.EpochShare is null).ToList();
        List<TrainingProgress> after = progress.Reports.Skip(restart).Where(r => r.Phase == "refitting" && r.EpochShare is null).ToList();
        Assert.True(before[^1].TrainLoss > before[0].TrainLoss, "the annealed run stopped without its loss rising");
        Assert.Equal(Enumerable.Range(1, after[0].MaxEpochs), after.Select(r => r.Epoch));
        Assert.True(after[^1].TrainLoss < after[0].TrainLoss / 2, $"the second run's loss went {after[0].TrainLoss} to {after[^1].TrainLoss}");
        Assert.Equal(
            "word model: decaying (the annealed run's loss rose above its first epoch's)",
            model.Training!.Settings![NGramTrainer.RefitScheduleSetting]);
        // A stable refit stays annealed and records nothing.
        TextClassifier plain = NGramTrainer.Train(rows, options with { LearningRate = new NGramTrainerOptions().LearningRate }).Classifier;
        Assert.False(plain.Training!.Settings!.ContainsKey(NGramTrainer.RefitScheduleSetting));
    }

    private static double MinorityRecall(TextClassifier classifier, List<LabeledText> test)
    {
        List<LabeledText> minority = test.Where(r => r.Label == "minority").ToList();
        return minority.Count(r => classifier.Classify(r.Text).Label == "minority") / (double)minority.Count;
    }

    private static int[] BucketsOf(TextClassifier classifier)
    {
        int[] buckets = new int[classifier.Members[0].Encoder.Index.Count];
        classifier.Members[0].Encoder.Index.CopyBucketsByRow(buckets);
        return buckets;
    }
}

/// <summary>Records reports on the reporting thread (<see cref="Progress{T}"/> would post them asynchronously).</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value)
    {
        lock (Reports)
        {
            Reports.Add(value);
        }

        onReport?.Invoke(value);
    }
}
