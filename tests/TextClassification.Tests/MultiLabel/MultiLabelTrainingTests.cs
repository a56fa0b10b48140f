using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.MultiLabel;

/// <summary>Trains one multi-label model for the class (a second of work) and checks training, runtime and bundles.</summary>
public sealed class MultiLabelModelFixture
{
    public MultiLabelModelFixture()
    {
        Train = MultiLabelData.Generate(400, seed: 11);
        Test = MultiLabelData.Generate(200, seed: 12);
        Result = NGramTrainer.Train(Train, Options);
    }

    public static NGramTrainerOptions Options { get; } = new() { MultiLabelDelimiter = MultiLabelData.Delimiter, Threads = 2, Seed = 5 };

    public List<LabeledText> Train { get; }

    public List<LabeledText> Test { get; }

    public NGramTrainingResult Result { get; }

    public TextClassifier Model => Result.Classifier;
}

public sealed class MultiLabelTrainingTests(MultiLabelModelFixture fixture) : IClassFixture<MultiLabelModelFixture>, IDisposable
{
    private readonly TempFolder _temp = new("tc-multilabel");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void No_temperature_is_fitted_and_a_bundle_with_one_is_refused()
    {
        // 1,200 rows: 120 validation texts, enough for a single-label model's temperature; per-label sigmoids keep theirs.
        NGramTrainingResult large = NGramTrainer.Train(MultiLabelData.Generate(1200, seed: 13), MultiLabelModelFixture.Options);
        Assert.Equal(1f, large.Classifier.Temperature);
        Assert.False(large.Classifier.Training!.Settings!.ContainsKey(NGramTrainer.TemperatureSetting));

        string bundle = BundleEditing.SaveBundle(_temp, fixture.Model);
        BundleEditing.EditManifest(bundle, manifest =>
        {
            manifest["formatVersion"] = 15;
            manifest["temperature"] = 0.7;
        });

        var error = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));
        Assert.Contains("'temperature' needs 'formatVersion' 15 and a single-label n-gram model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trains_a_sigmoid_model_over_the_split_labels_with_thresholds()
    {
        TextClassifier model = fixture.Model;

        Assert.True(model.IsMultiLabel);
        Assert.Equal(MultiLabelData.Labels, model.Labels);
        Assert.Equal(MultiLabelData.Labels.Length, model.Thresholds!.Count);
        Assert.All(model.Thresholds, t => Assert.InRange(t, 0f, 1f));
        Assert.Equal("|", model.Training!.Settings![NGramTrainer.MultiLabelDelimiterSetting]);
        Assert.True(model.Training.Metrics!.ContainsKey("validationMicroF1"));
        // The manifest describes what trained in the linear member's place, not logistic regression.
        Assert.StartsWith("multi-label: an SGD model on word n-grams", model.Training.Settings["linearModel"], StringComparison.Ordinal);
        Assert.Equal(2, model.ModelCount);
    }

    [Fact]
    public void Reaches_a_clearly_better_than_chance_micro_F1_on_held_out_data()
    {
        MultiLabelMetrics metrics = MultiLabelEvaluator.Evaluate(fixture.Model, fixture.Test, MultiLabelData.Delimiter);

        // Predicting every label gives micro-F1 ≈ 0.55 here (1.5 of 4 labels per text); the keywords make it easy.
        Assert.True(metrics.MicroF1 > 0.85, $"micro-F1 {metrics.MicroF1}");
        Assert.True(metrics.MacroF1 > 0.85, $"macro-F1 {metrics.MacroF1}");
        Assert.True(metrics.SubsetAccuracy > 0.6, $"subset accuracy {metrics.SubsetAccuracy}");
        Assert.True(metrics.HammingLoss < 0.1, $"Hamming loss {metrics.HammingLoss}");
    }

    [Fact]
    public void Texts_of_no_label_train_as_negatives_for_every_label_and_come_back_without_labels()
    {
        // A cell of only the delimiter is the empty set (the reader keeps such rows): filler-only texts here, which a
        // toxic-comment style set has in the majority. They must train, not be refused as "no label".
        var random = new Random(21);
        string[] filler = ["the", "a", "today", "very", "we", "they", "said", "about", "news", "is", "and", "of", "after"];
        List<LabeledText> rows = [.. fixture.Train];
        for (int i = 0; i < 150; i++)
        {
            rows.Add(new LabeledText(string.Join(' ', random.GetItems(filler, 5)), MultiLabelData.Delimiter, rows.Count + 2));
        }

        TextClassifier model = NGramTrainer.Train(rows, MultiLabelModelFixture.Options).Classifier;

        Assert.Equal(MultiLabelData.Labels, model.Labels);
        int empty = 0;
        for (int i = 0; i < 40; i++)
        {
            empty += model.Classify(string.Join(' ', random.GetItems(filler, 5))).PredictedLabels.Count == 0 ? 1 : 0;
        }

        Assert.True(empty >= 36, $"{empty} of 40 filler texts got no label");
        MultiLabelMetrics metrics = MultiLabelEvaluator.Evaluate(model, fixture.Test, MultiLabelData.Delimiter);
        Assert.True(metrics.MicroF1 > 0.85, $"micro-F1 {metrics.MicroF1}");

        // A blank cell is still a missing label, named by its line.
        ArgumentException blank = Assert.Throws<ArgumentException>(
            () => NGramTrainer.Train([.. rows, new LabeledText("a text", "  ", 999)], MultiLabelModelFixture.Options));
        Assert.Contains("line 999", blank.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_label_trains_when_some_texts_have_none_and_is_refused_when_every_text_has_it()
    {
        // A yes/no tag ("urgent" or nothing) is a multi-label set of one label; it must train. One label on every
        // text teaches nothing and is refused.
        var random = new Random(4);
        string[] filler = ["please", "help", "order", "account", "invoice", "thanks", "hello", "status"];
        var rows = new List<LabeledText>();
        for (int i = 0; i < 200; i++)
        {
            bool urgent = i % 3 == 0;
            string text = string.Join(' ', random.GetItems(filler, 5)) + (urgent ? " urgent asap" : string.Empty);
            rows.Add(new LabeledText(text, urgent ? "urgent" : MultiLabelData.Delimiter, i + 2));
        }

        TextClassifier model = NGramTrainer.Train(rows, MultiLabelModelFixture.Options).Classifier;

        Assert.Equal(["urgent"], model.Labels);
        Assert.Equal(["urgent"], model.Classify("hello please urgent asap").PredictedLabels);
        Assert.Empty(model.Classify("hello please order status").PredictedLabels);
        // With a white-space delimiter the empty set is a blank cell holding it: it trains the same, not as "no label".
        List<LabeledText> spaced = [.. rows.Select(row => row.Label == MultiLabelData.Delimiter ? row with { Label = " " } : row)];
        TextClassifier spacedModel = NGramTrainer.Train(spaced, MultiLabelModelFixture.Options with { MultiLabelDelimiter = " " }).Classifier;
        Assert.Equal(["urgent"], spacedModel.Labels);
        Assert.Empty(spacedModel.Classify("hello please order status").PredictedLabels);
        List<LabeledText> allTagged = [.. rows.Select(row => row with { Label = "urgent" })];
        ArgumentException ex = Assert.Throws<ArgumentException>(() => NGramTrainer.Train(allTagged, MultiLabelModelFixture.Options));
        Assert.Contains("needs two labels, or one label and texts without it (a label cell of just the delimiter '|'); the data has only 'urgent', on every text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_topic_texts_get_both_labels_and_scores_are_not_a_distribution()
    {
        Prediction both = fixture.Model.Classify("stock market shares and football match goal");
        Assert.Equal(["finance", "sports"], both.PredictedLabels);

        bool someRowDoesNotSumToOne = false;
        foreach (LabeledText row in fixture.Test.Take(50))
        {
            Prediction p = fixture.Model.Classify(row.Text);
            Assert.All(p.Scores, s => Assert.InRange(s, 0f, 1f));
            someRowDoesNotSumToOne |= Math.Abs(p.Scores.Sum() - 1f) > 0.05f;
        }

        Assert.True(someRowDoesNotSumToOne, "sigmoid outputs should be independent per label, not a softmax distribution");
    }

    [Fact]
    public void Predicted_labels_are_those_at_or_above_their_threshold()
    {
        TextClassifier model = fixture.Model.WithThresholds([0f, 1f, 0f, 1f]);
        Prediction p = model.Classify("stock market shares");

        Assert.Equal(["finance", "sports"], p.PredictedLabels);
        string shown = p.ToString();
        Assert.StartsWith($"finance ({p.ScoreOf("finance"):P1}), sports (", shown, StringComparison.Ordinal);

        // No label reaches its threshold: the text says so rather than naming the best label as the answer.
        Prediction none = fixture.Model.WithThresholds([1f, 1f, 1f, 1f]).Classify("zzz qqq");
        Assert.Empty(none.PredictedLabels);
        Assert.Equal($"no label (best: {none.Label}, {none.Score:P1})", none.ToString());
    }

    [Fact]
    public void Single_label_predictions_list_just_the_best_label()
    {
        Prediction p = TestModels.Small.Classify("stock market");

        Assert.False(TestModels.Small.IsMultiLabel);
        Assert.Null(TestModels.Small.Thresholds);
        Assert.Equal([p.Label], p.PredictedLabels);
        Assert.Throws<InvalidOperationException>(() => TestModels.Small.WithThresholds([0.5f, 0.5f, 0.5f]));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        TextClassifier again = NGramTrainer.Train(fixture.Train, MultiLabelModelFixture.Options).Classifier;

        Assert.Equal(fixture.Model.Thresholds, again.Thresholds);
        Assert.Equal(fixture.Model.Classify(fixture.Test[0].Text).Scores, again.Classify(fixture.Test[0].Text).Scores);
    }

    [Fact]
    public void Balanced_class_weights_do_not_apply_to_multi_label_training_and_the_manifest_records_none()
    {
        // NGramTrainerOptions.ClassWeighting does not apply to multi-label training (each label's sigmoid is trained
        // unweighted): the model is the same, and its record says what was trained, not the option as given.
        TextClassifier balanced = NGramTrainer.Train(fixture.Train, MultiLabelModelFixture.Options with { ClassWeighting = ClassWeighting.Balanced }).Classifier;

        Assert.Equal(fixture.Model.Thresholds, balanced.Thresholds);
        Assert.Equal(fixture.Model.Classify(fixture.Test[0].Text).Scores, balanced.Classify(fixture.Test[0].Text).Scores);
        Assert.Equal(nameof(ClassWeighting.None), fixture.Model.Training!.Settings!["classWeighting"]);
        Assert.Equal(nameof(ClassWeighting.None), balanced.Training!.Settings!["classWeighting"]);
    }

    [Fact]
    public void Bundle_round_trip_keeps_scores_thresholds_and_problem_type()
    {
        string bundle = BundleEditing.SaveBundle(_temp, fixture.Model);
        TextClassifier loaded = TextClassifier.Load(bundle);
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);

        Assert.Equal(ModelManifest.MultiLabel, manifest.ProblemType);
        Assert.Equal("sigmoid", manifest.Head.Activation);
        Assert.True(loaded.IsMultiLabel);
        Assert.Equal(fixture.Model.Thresholds, loaded.Thresholds);
        Assert.Equal(fixture.Model.ModelCount, loaded.ModelCount);
        foreach (LabeledText row in fixture.Test.Take(30))
        {
            Prediction before = fixture.Model.Classify(row.Text);
            Prediction after = loaded.Classify(row.Text);
            Assert.Equal(before.Scores, after.Scores);
            Assert.Equal(before.PredictedLabels, after.PredictedLabels);
        }
    }

    [Fact]
    public void Single_label_bundles_stay_singleLabel_softmax_without_thresholds()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string json = File.ReadAllText(BundleEditing.ManifestPath(bundle));

        Assert.Contains("\"problemType\": \"singleLabel\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("thresholds", json, StringComparison.Ordinal);
        Assert.Contains("\"activation\": \"softmax\"", json, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BrokenManifests => new()
    {
        { "missing", "'thresholds'" },
        { "count", "3 values but there are 4 labels" },
        { "range", "outside [0, 1]" },
        { "softmax", "sigmoid activation" },
        { "singleLabel", "softmax activation" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public void Invalid_multi_label_manifests_fail_to_load_with_a_clear_message(string damage, string expected)
    {
        string bundle = BundleEditing.SaveBundle(_temp, fixture.Model);
        BundleEditing.EditManifest(bundle, manifest =>
        {
            switch (damage)
            {
                case "missing":
                    manifest.Remove("thresholds");
                    break;
                case "count":
                    manifest["thresholds"] = new JsonArray(0.5, 0.5, 0.5);
                    break;
                case "range":
                    manifest["thresholds"] = new JsonArray(0.5, 1.5, 0.5, 0.5);
                    break;
                case "softmax":
                    manifest["head"]!["activation"] = "softmax";
                    break;
                case "singleLabel":
                    manifest["problemType"] = "singleLabel";
                    break;
            }
        });

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_on_a_single_label_manifest_are_rejected()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        BundleEditing.EditManifest(bundle, manifest => manifest["thresholds"] = new JsonArray(0.5, 0.5, 0.5));

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));
        Assert.Contains("'thresholds' belongs to 'multiLabel' models only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_label_only_paths_refuse_multi_label_models_and_options()
    {
        Assert.Throws<ArgumentException>(() => ModelEvaluator.Evaluate(fixture.Model, fixture.Test));
        Assert.Throws<ArgumentException>(() => fixture.Model.WithAbstain(new AbstainSection { Threshold = 0.5 }));
        Assert.Throws<ArgumentException>(() => TextClassification.Training.Tuning.NGramAutotuner.Tune(fixture.Train, TimeSpan.FromSeconds(1), MultiLabelModelFixture.Options));
        Assert.Throws<ArgumentException>(() => TextClassification.Training.Tuning.AbstainTraining.Train(
            fixture.Train, AbstainTarget.Coverage(0.9), MultiLabelModelFixture.Options));
    }

    [Fact]
    public void Threshold_choice_shrinks_each_labels_best_cut_toward_the_pooled_one_by_support()
    {
        // Two labels, four rows. Label 0: positives score 0.9 and 0.4, negatives 0.6 and 0.1 → its best F1 keeps the top
        // three (2·2/(3+2) = 0.8 vs 0.667 for the top one), so its own cut is (0.4 + 0.1)/2 = 0.25. Label 1 has no
        // positive. Pooled over all eight scores (0.9+ 0.7 0.6 0.4+ 0.3 0.2 0.1 0.1) the top one and the top four tie at
        // F1 0.667; the higher cut wins: (0.9 + 0.7)/2 = 0.8. Label 0 has support 2: (2·0.25 + 3·0.8)/(2 + 3) = 0.58.
        float[] scores = [0.9f, 0.2f, 0.6f, 0.3f, 0.4f, 0.1f, 0.1f, 0.7f];
        int[][] positives = [[0], [], [0], []];

        float[] thresholds = MultiLabelThresholds.Choose(scores, 2, positives);

        Assert.Equal(3f, MultiLabelThresholds.PriorSupport);
        Assert.Equal(0.58f, thresholds[0], 1e-6f);
        Assert.Equal(0.8f, thresholds[1], 1e-6f);
    }

    [Fact]
    public void A_NaN_score_is_below_every_cut_and_spreads_to_no_threshold()
    {
        // One label, three rows: 0.9 and 0.8 positive, then a NaN. Keeping both scored rows is the best cut (F1 1), and
        // it lies halfway to 0, as when nothing is below: 0.4 (the pooled cut is the same column's, so shrinking keeps
        // it). A NaN next to the cut must not pull it to 0 (−∞ clamped) nor to NaN.
        float[] thresholds = MultiLabelThresholds.Choose([0.9f, 0.8f, float.NaN], 1, [[0], [0], []]);
        Assert.Equal(0.4f, thresholds[0], 1e-6f);

        // Every score NaN: the default, not NaN.
        Assert.Equal(MultiLabelThresholds.Default, MultiLabelThresholds.Choose([float.NaN, float.NaN], 1, [[0], []])[0]);
    }

    [Fact]
    public void A_cut_between_neighbouring_floats_stays_above_the_lower_score()
    {
        // The positive scores the next float above the negative's 0.5. Their midpoint rounds to 0.5 itself (the sum's
        // halfway case rounds to the even 1.0), so the threshold sat on the negative's score and predicted it: micro-F1
        // 2/3 at the chosen cut instead of the 1 it was chosen for.
        const float low = 0.5f;
        float high = MathF.BitIncrement(low);
        int[][] positives = [[0], []];

        float[] thresholds = MultiLabelThresholds.Choose([high, low], 1, positives);

        Assert.True(thresholds[0] > low && thresholds[0] <= high, $"threshold {thresholds[0]:R} does not separate {high:R} from {low:R}");
        Assert.Equal(1.0, MultiLabelThresholds.MicroF1([high, low], 1, positives, thresholds));
    }

    [Fact]
    public void Shrinking_a_cut_toward_an_equal_pooled_cut_leaves_it_where_it_is()
    {
        // Two positives at the next float above the negative's 0.5: the label's own cut and the pooled one are both
        // that float, and their shrunk mean (2x + 3x) / 5 in floats rounded a float above it, so no row was predicted.
        const float low = 0.5f;
        float high = MathF.BitIncrement(low);
        float[] scores = [high, high, low];
        int[][] positives = [[0], [0], []];

        float[] thresholds = MultiLabelThresholds.Choose(scores, 1, positives);

        Assert.Equal(high, thresholds[0]);
        Assert.Equal(1.0, MultiLabelThresholds.MicroF1(scores, 1, positives, thresholds));
    }

    [Fact]
    public void A_label_with_one_low_scored_positive_does_not_get_a_cut_near_zero()
    {
        // 100 rows, 3 labels. Labels 0 and 1 are well separated (positives 0.9, negatives 0.1); label 2 has one positive
        // scoring 0.02, below most of its negatives (0.05). Its own best cut sits under 0.02 (F1 2/(100+1) beats 0 only by
        // keeping every row); shrunk toward the pooled 0.5 cut it must stay far above the negatives.
        const int rows = 100;
        float[] scores = new float[rows * 3];
        int[][] positives = new int[rows][];
        for (int r = 0; r < rows; r++)
        {
            bool first = r % 2 == 0;
            scores[r * 3] = first ? 0.9f : 0.1f;
            scores[(r * 3) + 1] = first ? 0.1f : 0.9f;
            scores[(r * 3) + 2] = r == 7 ? 0.02f : 0.05f;
            positives[r] = r == 7 ? [1, 2] : [first ? 0 : 1];
        }

        float[] thresholds = MultiLabelThresholds.Choose(scores, 3, positives);

        Assert.InRange(thresholds[0], 0.1f, 0.9f);
        Assert.InRange(thresholds[1], 0.1f, 0.9f);
        Assert.True(thresholds[2] > 0.3f, $"label 2's threshold {thresholds[2]} would predict it for every text");
    }

    [Fact]
    public void Micro_F1_at_per_label_thresholds_counts_every_row_and_label()
    {
        // Two labels, thresholds 0.5 and 0.8. Row 0 predicts {0} (gold {0}); row 1 predicts {0, 1} (gold {1}); row 2
        // predicts {} (gold {0}); row 3 predicts {} (gold {}). TP 2, predicted 3, gold 3: 2·2 / 6.
        float[] scores = [0.9f, 0.7f, 0.6f, 0.85f, 0.4f, 0.1f, 0.2f, 0.79f];
        int[][] positives = [[0], [1], [0], []];

        Assert.Equal(4.0 / 6, MultiLabelThresholds.MicroF1(scores, 2, positives, [0.5f, 0.8f]), 12);
        // At 0.5 for both the second label is also given to row 0 and row 3: TP 2, predicted 5.
        Assert.Equal(4.0 / 8, MultiLabelThresholds.MicroF1(scores, 2, positives, [0.5f, 0.5f]), 12);
        Assert.Equal(1.0, MultiLabelThresholds.MicroF1([0.1f], 1, [[]], [0.5f]));
    }

    [Fact]
    public void The_reported_validation_micro_F1_is_the_saved_ensembles_not_the_word_models()
    {
        // With the second model left out the ensemble is the word model; with it the number must be the pair's (it had
        // been the word model's alone at 0.5 for every choice).
        // Every third row's labels replaced by one of the others, so that no model is perfect on validation.
        List<LabeledText> rows = MultiLabelData.Generate(300, seed: 21);
        for (int i = 0; i < rows.Count; i += 3)
        {
            rows[i] = rows[i] with { Label = MultiLabelData.Labels[(i / 3) % MultiLabelData.Labels.Length] };
        }

        NGramTrainingResult pair = NGramTrainer.Train(rows, MultiLabelModelFixture.Options with { Seed = 9 });
        NGramTrainingResult alone = NGramTrainer.Train(rows, MultiLabelModelFixture.Options with { Seed = 9, LinearModel = null });

        Assert.Equal(2, pair.Classifier.ModelCount);
        Assert.Equal(1, alone.Classifier.ModelCount);
        Assert.True(alone.ValidationAccuracy != pair.ValidationAccuracy, $"{alone.ValidationAccuracy} {pair.ValidationAccuracy}");
        Assert.Equal(pair.ValidationAccuracy, pair.Classifier.Training!.Metrics!["validationMicroF1"]);
    }
}
