using TextClassification.Bundles;
using TextClassification.Tests.Cli;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Tests.Training;

public sealed class NGramAutotunerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    private static readonly Lazy<AutotuneResult> Tuned = new(() => NGramAutotuner.Tune(TestModels.SmallData, Generous, TestModels.FastOptions(3)));

    [Fact]
    public void Starts_from_the_given_options_and_keeps_the_best_completed_trial()
    {
        AutotuneResult result = Tuned.Value;

        Assert.Equal("start", result.Trials[0].Change);
        Assert.Equal(TestModels.FastOptions(3), result.Trials[0].Options);
        Assert.True(result.Trials.Count > 1, "the search should try more than the start");
        Assert.All(result.Trials, trial => Assert.True(trial.Completed, $"{trial.Change} was cut off under a 5-minute budget"));
        // Replay the rule: a trial replaces the best only when it wins by more than one standard error.
        AutotuneTrial winner = result.Trials[0];
        foreach (AutotuneTrial trial in result.Trials.Skip(1))
        {
            if (trial.ValidationAccuracy > winner.ValidationAccuracy + NGramAutotuner.Margin(winner.ValidationAccuracy, trial.ValidationExamples))
            {
                winner = trial;
            }
        }

        Assert.Equal(winner.ValidationAccuracy, result.BestValidationAccuracy);
        Assert.Equal(winner.Options, result.Best);
        Assert.All(result.Trials, trial => Assert.Equal(30, trial.ValidationExamples)); // 20 % of 50 per label, 3 labels
    }

    [Theory]
    [InlineData(4, 9)] // these three runs each have a trial that beats the kept accuracy by less than the margin
    [InlineData(2, 3)]
    [InlineData(5, 2)]
    public void Progress_reports_the_kept_settings_accuracy_which_never_goes_down(int mod, int seed)
    {
        // Every mod-th label moved to the next label: trials then differ, and some land within the margin of the best.
        string[] labels = [.. TestModels.SmallData.Select(row => row.Label).Distinct().Order(StringComparer.Ordinal)];
        var noisy = TestModels.SmallData
            .Select((row, i) => i % mod == 0 ? row with { Label = labels[(Array.IndexOf(labels, row.Label) + 1) % labels.Length] } : row)
            .ToList();
        var reported = new List<double>();
        var progress = new SynchronousProgress(report =>
        {
            if (report.Phase == "autotune" && report.EpochShare is null)
            {
                reported.Add(report.ValidationAccuracy);
            }
        });

        AutotuneResult result = NGramAutotuner.Tune(noisy, Generous, TestModels.FastOptions(seed), progress);

        Assert.Equal(result.Trials.Count, reported.Count);
        AutotuneTrial winner = result.Trials[0];
        for (int i = 0; i < result.Trials.Count; i++)
        {
            AutotuneTrial trial = result.Trials[i];
            if (i > 0 && trial.ValidationAccuracy > winner.ValidationAccuracy + NGramAutotuner.Margin(winner.ValidationAccuracy, trial.ValidationExamples))
            {
                winner = trial;
            }

            Assert.Equal(winner.ValidationAccuracy, reported[i]);
            if (i > 0)
            {
                Assert.True(reported[i] >= reported[i - 1], $"trial {i + 1} reported {reported[i]} after {reported[i - 1]}");
            }
        }
    }

    [Fact]
    public void A_trial_reports_while_it_runs_and_the_search_fraction_never_goes_down()
    {
        // A trial said nothing until it ended: on a large set the first could take the whole budget with no sign of life.
        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress(reports.Add);

        AutotuneResult result = NGramAutotuner.TuneWithTrialLimit(TestModels.SmallData, TimeSpan.FromMinutes(10), TestModels.FastOptions(3), progress, maxTrials: 2, default);

        List<TrainingProgress> during = [.. reports.Where(r => r.Phase == "autotune" && r.EpochShare is not null)];
        Assert.NotEmpty(during);
        Assert.All(during, r => Assert.InRange(r.EpochShare!.Value, 0, 1));
        // The first trial's reports name it and carry no kept accuracy yet; the second's carry the first's.
        Assert.Contains(during, r => r.Epoch == 1 && double.IsNaN(r.ValidationAccuracy));
        Assert.Contains(during, r => r.Epoch == 2 && r.ValidationAccuracy == result.Trials[0].ValidationAccuracy);
        Assert.Equal(2, reports.Count(r => r.Phase == "autotune" && r.EpochShare is null));
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Fraction >= reports[i - 1].Fraction, $"report {i} ({reports[i].Phase}) went from {reports[i - 1].Fraction} to {reports[i].Fraction}");
        }

        Assert.Equal(1, reports[^1].Fraction);
        // Reporting changes no trial: the same scores and settings as a search that nobody watches.
        AutotuneResult quiet = NGramAutotuner.TuneWithTrialLimit(TestModels.SmallData, TimeSpan.FromMinutes(10), TestModels.FastOptions(3), progress: null, maxTrials: 2, default);
        Assert.Equal(quiet.Trials.Select(t => t.ValidationAccuracy), result.Trials.Select(t => t.ValidationAccuracy));
        Assert.Equal(quiet.Best, result.Best);
    }

    [Fact]
    public void An_infinite_or_huge_budget_sets_no_limit_and_a_negative_one_is_refused()
    {
        foreach (TimeSpan budget in new[] { Timeout.InfiniteTimeSpan, TimeSpan.MaxValue })
        {
            AutotuneResult result = NGramAutotuner.Tune(TestModels.SmallData, budget, TestModels.FastOptions(3));

            Assert.All(result.Trials, trial => Assert.True(trial.Completed));
            Assert.Equal("unlimited", result.Final.Classifier.Training!.Settings!["autotuneBudgetSeconds"]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => NGramAutotuner.Tune(TestModels.SmallData, TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void Axes_the_budget_left_untried_are_named_and_a_full_search_leaves_none()
    {
        Assert.Empty(Tuned.Value.UntriedAxes);

        // A budget that ends after the start and one trial: every axis but the first is untried.
        AutotuneResult cut = NGramAutotuner.TuneWithTrialLimit(TestModels.SmallData, Generous, TestModels.FastOptions(3), progress: null, maxTrials: 2, default);
        Assert.Equal(2, cut.Trials.Count);
        Assert.Equal(["char n-grams", "lr", "word n-grams", "dim", "pooling", "buckets"], cut.UntriedAxes);

        // One that ends after the start: no axis was tried.
        AutotuneResult none = NGramAutotuner.TuneWithTrialLimit(TestModels.SmallData, Generous, TestModels.FastOptions(3), progress: null, maxTrials: 1, default);
        Assert.Single(none.Trials);
        Assert.Equal(["second model", "char n-grams", "lr", "word n-grams", "dim", "pooling", "buckets"], none.UntriedAxes);
    }

    [Fact]
    public void A_second_model_tried_by_the_search_reads_text_as_the_caller_s_tokenizer_does()
    {
        // The start reads text without the settings of bundle versions 4 and later and keeps markup and letter case:
        // the trials' new second models must read it so too, with the default second model's n-grams.
        NGramTrainerOptions start = TestModels.FastOptions(3);
        start = start with { Tokenizer = start.Tokenizer with { StripMarkup = false, Lowercase = false, MaxTokens = 500 } };

        AutotuneResult result = NGramAutotuner.TuneWithTrialLimit(TestModels.SmallData, Generous, start, progress: null, maxTrials: 3, default);

        Assert.Equal(["start", "second model linear chars", "second model sgd chars"], result.Trials.Select(trial => trial.Change));
        HashedNGramOptions linear = result.Trials[1].Options.LinearModel!.Tokenizer!;
        HashedNGramOptions sgd = result.Trials[2].Options.EnsembleTokenizer!;
        HashedNGramOptions grams = new LinearModelOptions().Tokenizer!;
        foreach (HashedNGramOptions second in new[] { linear, sgd })
        {
            Assert.Equal(start.Tokenizer with
            {
                WordNGrams = grams.WordNGrams,
                CharNGramMin = 3,
                CharNGramMax = 5,
                Buckets = grams.Buckets,
                CaseShapes = true,
                SkipBigrams = grams.SkipBigrams,
                UnspacedRunNGrams = grams.UnspacedRunNGrams,
            }, second);
        }

        // A caller's own second model is where the reading comes from when there is one.
        NGramTrainerOptions own = start with { LinearModel = new LinearModelOptions { Tokenizer = grams with { FoldDiacritics = false, FoldWidth = false } } };
        HashedNGramOptions fromOwn = NGramAutotuner.SecondTokenizer(own);
        Assert.False(fromOwn.FoldDiacritics);
        Assert.False(fromOwn.FoldWidth);
        Assert.True(fromOwn.Lowercase);
        Assert.True(fromOwn.StripMarkup);
    }

    [Fact]
    public void A_second_model_brought_back_in_a_later_pass_reads_text_as_the_caller_s_own_second_model()
    {
        // The caller's second model turns folds off; 'second model none' won the first pass, so a later pass searches
        // from settings without a second model. The one it brings back must still read as the caller's (review 41: it
        // read as the first model, the folds back on), and keep the caller's linear settings.
        HashedNGramOptions grams = new LinearModelOptions().Tokenizer!;
        NGramTrainerOptions start = TestModels.FastOptions(3) with
        {
            LinearModel = new LinearModelOptions { Tokenizer = grams with { FoldDiacritics = false, FoldWidth = false }, MaxEntries = 12_345 },
        };
        NGramTrainerOptions noneWon = start with { LinearModel = null, EnsembleTokenizer = null };

        NGramTrainerOptions linear = NGramAutotuner.WithNewSecondModel(noneWon, start, linear: true);
        NGramTrainerOptions sgd = NGramAutotuner.WithNewSecondModel(noneWon, start, linear: false);

        Assert.Equal(NGramAutotuner.SecondTokenizer(start), linear.LinearModel!.Tokenizer);
        Assert.False(linear.LinearModel.Tokenizer!.FoldDiacritics);
        Assert.Equal(12_345, linear.LinearModel.MaxEntries);
        Assert.False(sgd.EnsembleTokenizer!.FoldDiacritics);
        Assert.False(sgd.EnsembleTokenizer.FoldWidth);
        // The first pass (searched from the start) is unchanged.
        Assert.Equal(start with { EnsembleTokenizer = null, LinearModel = start.LinearModel! with { Tokenizer = NGramAutotuner.SecondTokenizer(start) } },
            NGramAutotuner.WithNewSecondModel(start, start, linear: true));
    }

    [Fact]
    public void Data_too_small_for_a_validation_split_is_not_scored_and_not_called_cut_off()
    {
        LabeledText[] two = [new("hello there", "a", 2), new("goodbye now", "b", 3)];

        AutotuneResult result = NGramAutotuner.Tune(two, Generous, TestModels.FastOptions(1));

        AutotuneTrial start = Assert.Single(result.Trials);
        Assert.True(start.Completed);
        Assert.False(start.CutOff);
        Assert.True(double.IsNaN(start.ValidationAccuracy));
        Assert.Equal(TestModels.FastOptions(1), result.Best);
    }

    [Fact]
    public void When_the_start_wins_the_final_model_is_the_plain_trainer_s_model()
    {
        AutotuneResult result = Tuned.Value;

        // The synthetic data is separable, so the start scores 1.0 and nothing can beat it by a margin.
        Assert.Equal(1.0, result.Trials[0].ValidationAccuracy);
        Assert.Equal(result.Trials[0].Options, result.Best);
        TextClassifier plain = NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(3)).Classifier;
        List<string> texts = SyntheticData.Texts(30, seed: 8);
        Assert.Equal(TestModels.ScoresOf(plain, texts), TestModels.ScoresOf(result.Final.Classifier, texts));
    }

    [Fact]
    public void The_search_tries_skip_bigrams_and_records_the_choice()
    {
        AutotuneTrial skips = Assert.Single(Tuned.Value.Trials, trial => trial.Change == "word n-grams 2 + skip-bigrams");
        string recorded = Tuned.Value.Final.Classifier.Training!.Settings!["skipBigrams"];

        Assert.True(skips.Options.Tokenizer.SkipBigrams);
        Assert.Equal(2, skips.Options.Tokenizer.WordNGrams);
        Assert.Equal(Tuned.Value.Best.Tokenizer.SkipBigrams ? "true" : "false", recorded);
        Assert.All(Tuned.Value.Trials.Where(trial => trial.Change.StartsWith("word n-grams", StringComparison.Ordinal) && trial != skips),
            trial => Assert.False(trial.Options.Tokenizer.SkipBigrams));
    }

    [Fact]
    public void Trials_never_repeat_a_configuration()
    {
        IReadOnlyList<AutotuneTrial> trials = Tuned.Value.Trials;

        Assert.Equal(trials.Count, trials.Select(trial => trial.Options).Distinct().Count());
    }

    [Fact]
    public void The_final_model_records_the_search_in_its_manifest()
    {
        using var temp = new TempFolder("tc-autotune");
        TextClassifier model = Tuned.Value.Final.Classifier;
        string bundle = BundleEditing.SaveBundle(temp, model);

        ModelManifest manifest = ModelBundle.ReadManifest(bundle);

        Assert.Equal("ngram-sgd-autotune", manifest.Training!.Trainer);
        Assert.Equal("true", manifest.Training.Settings!["autotune"]);
        Assert.Equal(Tuned.Value.Trials.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), manifest.Training.Settings["autotuneTrials"]);
        Assert.Equal(Tuned.Value.BestValidationAccuracy, manifest.Training.Metrics!["autotuneValidationAccuracy"]);
        Assert.Equal(Tuned.Value.Best.Tokenizer.WordNGrams, manifest.Tokenizer.WordNGrams);
        Assert.Equal(TestModels.ScoresOf(model, SyntheticData.Texts(20, seed: 5)), TestModels.ScoresOf(TextClassifier.Load(bundle), SyntheticData.Texts(20, seed: 5)));
    }

    [Fact]
    public void The_manifest_counts_the_trials_as_the_summary_does_and_names_what_the_budget_cut()
    {
        // The budget ends while the second trial runs (cut off, as the clock would), so only the start finished. The
        // manifest said autotuneTrials 2 where textclf train printed "1 trial and 1 cut off", and did not say that the
        // search was cut short.
        using var budgetEnds = new CancellationTokenSource();
        var progress = new SynchronousProgress(report =>
        {
            if (report.Phase == "autotune" && report.Epoch == 2 && report.EpochShare is not null)
            {
                budgetEnds.Cancel();
            }
        });

        AutotuneResult cut = NGramAutotuner.TuneWithTrialLimit(TestModels.SmallData, Generous, TestModels.FastOptions(3), progress, int.MaxValue, default, budgetEnds.Token);

        Assert.Equal([true, false], cut.Trials.Select(trial => trial.Completed));
        IReadOnlyDictionary<string, string> settings = cut.Final.Classifier.Training!.Settings!;
        Assert.Equal("1", settings["autotuneTrials"]);
        Assert.Equal("1", settings["autotuneTrialsCutOff"]);
        Assert.Equal(string.Join(", ", cut.UntriedAxes), settings["autotuneUntried"]);
        Assert.StartsWith("second model, char n-grams", settings["autotuneUntried"], StringComparison.Ordinal);

        // A search that ran to its end names neither.
        IReadOnlyDictionary<string, string> full = Tuned.Value.Final.Classifier.Training!.Settings!;
        Assert.False(full.ContainsKey("autotuneTrialsCutOff"));
        Assert.False(full.ContainsKey("autotuneUntried"));
    }

    [Fact]
    public void The_final_results_seconds_count_the_search_too()
    {
        AutotuneResult tuned = Tuned.Value;

        Assert.True(tuned.SearchSeconds > 0);
        Assert.True(tuned.Final.Seconds > tuned.SearchSeconds, $"{tuned.Final.Seconds} s in all, {tuned.SearchSeconds} s searching");
        Assert.True(tuned.Final.Seconds >= tuned.Trials.Sum(trial => trial.Seconds));
    }

    [Fact]
    public void A_trial_whose_training_diverges_is_marked_and_never_chosen()
    {
        // Starting at rate 10 every trial that keeps it diverges; the lr axis (0.25, 0.5, 0.1) then trains.
        AutotuneResult tuned = NGramAutotuner.Tune(TestModels.SmallData, Generous, TestModels.FastOptions(3) with { LearningRate = 10 });

        AutotuneTrial start = tuned.Trials[0];
        Assert.True(start.Diverged);
        Assert.True(double.IsNaN(start.ValidationAccuracy));
        Assert.NotEqual(10f, tuned.Best.LearningRate);
        Assert.Contains(tuned.Trials, trial => !trial.Diverged && trial.ValidationAccuracy > 0.8);
        Assert.All(tuned.Final.Classifier.Classify(TestModels.SmallData[0].Text).Scores, score => Assert.True(float.IsFinite(score)));
    }

    [Fact]
    public void Every_finished_trial_is_reported_with_its_change_and_own_score_and_a_running_one_with_its_change()
    {
        // A log (stderr redirected) said only "autotune trial 4: validation accuracy of the settings kept 0.9090": not
        // the setting tried nor its score, nor that trials had diverged (review 57f). Starting at rate 10 the first
        // trials diverge, so both kinds of end are reported.
        var reports = new List<TrainingProgress>();
        AutotuneResult tuned = NGramAutotuner.Tune(TestModels.SmallData, Generous, TestModels.FastOptions(3) with { LearningRate = 10 }, new SynchronousProgress(reports.Add));

        List<TrainingProgress> ends = [.. reports.Where(r => r.Phase == "autotune" && r.EpochShare is null)];
        Assert.Equal(tuned.Trials.Count(t => t.Completed), ends.Count);
        Assert.Contains(ends, r => r.Trial!.Diverged);
        for (int i = 0; i < ends.Count; i++)
        {
            Assert.Equal(i + 1, ends[i].Epoch);
            Assert.Same(tuned.Trials[i], ends[i].Trial);
            Assert.Equal(tuned.Trials[i].Change, ends[i].TrialChange);
        }

        List<TrainingProgress> running = [.. reports.Where(r => r.Phase == "autotune" && r.EpochShare is not null)];
        Assert.NotEmpty(running);
        Assert.All(running, r =>
        {
            Assert.Null(r.Trial);
            Assert.Equal(tuned.Trials[r.Epoch - 1].Change, r.TrialChange);
        });
        Assert.All(reports.Where(r => r.Phase != "autotune"), r => Assert.True(r.Trial is null && r.TrialChange is null));
    }

    [Fact]
    public void Same_seed_and_data_give_the_same_search_and_model()
    {
        AutotuneResult again = NGramAutotuner.Tune(TestModels.SmallData, Generous, TestModels.FastOptions(3));

        Assert.Equal(Tuned.Value.Trials.Select(t => (t.Options, t.ValidationAccuracy, t.Epochs)), again.Trials.Select(t => (t.Options, t.ValidationAccuracy, t.Epochs)));
        List<string> texts = SyntheticData.Texts(30, seed: 6);
        Assert.Equal(TestModels.ScoresOf(Tuned.Value.Final.Classifier, texts), TestModels.ScoresOf(again.Final.Classifier, texts));
    }

    [Theory]
    [InlineData(0.9, 100, 0.0424)]
    [InlineData(0.5, 1000, 0.0224)]
    [InlineData(1.0, 50, 0.0)]
    [InlineData(0.8, 0, 0.0)]
    public void The_margin_is_one_standard_error_of_a_difference_of_accuracies(double accuracy, int examples, double expected)
    {
        Assert.Equal(expected, NGramAutotuner.Margin(accuracy, examples), 4);
    }

    [Fact]
    public void A_non_positive_budget_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NGramAutotuner.Tune(TestModels.SmallData, TimeSpan.Zero));
    }

    [Fact]
    public void A_cancelled_token_stops_the_search()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        var ex = Assert.ThrowsAny<OperationCanceledException>(() => NGramAutotuner.Tune(TestModels.SmallData, Generous, TestModels.FastOptions(3), cancellationToken: source.Token));
        // The caller's token, not the budget's linked one the trials run on.
        Assert.Equal(source.Token, ex.CancellationToken);
    }

    [Fact]
    public void A_token_cancelled_while_a_trial_runs_ends_the_search_with_the_caller_s_token()
    {
        // Canceled from a dedicated thread once the second trial reports that it runs: the search must end there, not
        // take the trial for one the budget cut off and go on to other trials or the final training.
        using var source = new CancellationTokenSource();
        using var secondTrialRuns = new ManualResetEventSlim();
        using var cancelled = new ManualResetEventSlim();
        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress(report =>
        {
            lock (reports)
            {
                reports.Add(report);
            }

            if (report.Phase == "autotune" && report.Epoch == 2 && report.EpochShare is not null)
            {
                secondTrialRuns.Set();
                cancelled.Wait(TimeSpan.FromSeconds(30));
            }
        });
        var canceller = new Thread(() =>
        {
            secondTrialRuns.Wait(TimeSpan.FromSeconds(60));
            source.Cancel();
            cancelled.Set();
        });
        canceller.Start();

        var ex = Assert.ThrowsAny<OperationCanceledException>(() => NGramAutotuner.Tune(TestModels.SmallData, Generous, TestModels.FastOptions(3), progress, source.Token));
        canceller.Join();

        Assert.True(secondTrialRuns.IsSet, "the second trial never reported");
        Assert.Equal(source.Token, ex.CancellationToken);
        lock (reports)
        {
            Assert.DoesNotContain(reports, report => report.Phase != "autotune" || report.Epoch > 2);
            Assert.DoesNotContain(reports, report => report.Epoch == 2 && report.EpochShare is null);
        }
    }
}

public sealed class AutotuneCliTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void Train_with_autotune_prints_the_trials_and_records_them_in_the_bundle()
    {
        string bundle = fixture.NewPath("tuned");

        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", bundle, "--autotune", "--time-budget", "2m");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Autotune:", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"Chose: second model (linear|sgd|none), lr ", result.Out);
        Assert.Matches(@"A change is kept only when it beats the kept settings by more than the standard error .* on \d+ validation texts", result.Out);
        Assert.Matches(@"Final model: trained on all the data with those settings, \d+ epochs? \(at most \d+\)", result.Out);
        Assert.Contains("autotune trial 1", result.Error, StringComparison.Ordinal);
        IReadOnlyDictionary<string, string> settings = ModelBundle.ReadManifest(bundle).Training!.Settings!;
        Assert.Equal("true", settings["autotune"]);
        Assert.Contains(settings["secondModel"], new[] { "linear", "sgd", "none" });
    }

    [Theory]
    [InlineData("--time-budget", "30s")]
    [InlineData("--autotune", "--time-budget", "soon")]
    [InlineData("--autotune", "--time-budget", "0s")]
    public void Bad_autotune_arguments_exit_with_usage_error(params string[] extra)
    {
        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", fixture.NewPath("never"), .. extra]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--time-budget", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1m30s")]
    [InlineData("1h15m")]
    public void A_budget_of_minutes_and_seconds_is_read(string budget)
    {
        // Without --autotune the budget is refused for that reason alone: it was read (it had been 'expects a number').
        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", fixture.NewPath("never"), "--time-budget", budget]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--time-budget is the budget of --autotune; add --autotune.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("expects", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_past_a_week_is_refused_as_too_long_not_as_unreadable()
    {
        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", fixture.NewPath("never"), "--autotune", "--time-budget", "99999999999s"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--time-budget is at most a week", result.Error, StringComparison.Ordinal);
    }
}
