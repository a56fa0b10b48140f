using FsCheck;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Encoders;
using TextClassification.Tests.MultiLabel;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The linear ensemble member: L2-regularised logistic regression on the word model's features by L-BFGS.</summary>
public sealed class LinearMemberTests
{
    private static readonly List<string> Probe = SyntheticData.Texts(40, seed: 31);

    // Word and char 3–5-gram features in a small bucket space, for the members with features of their own.
    private static readonly HashedNGramOptions CharFeatures = new() { CharNGramMin = 3, CharNGramMax = 5, Buckets = 1 << 18 };

    private static NGramTrainerOptions WithLinear(int threads, bool ensemble) => TestModels.FastOptions(seed: 6) with
    {
        Threads = threads,
        LinearModel = new LinearModelOptions { Tokenizer = null, NaiveBayes = false },
        EnsembleTokenizer = ensemble ? CharFeatures : null,
    };

    private static readonly Lazy<TextClassifier> ThreeMembers = new(() => NGramTrainer.Train(TestModels.SmallData, WithLinear(threads: 2, ensemble: true)).Classifier);

    [Fact]
    public void Is_on_by_default_with_word_and_char_features()
    {
        LinearModelOptions? linear = new NGramTrainerOptions().LinearModel;

        Assert.NotNull(linear);
        Assert.True(linear.Tokenizer!.UsesCharNGrams);
    }

    [Fact]
    public void Labels_squared_count_toward_the_weight_limit()
    {
        // The text and label columns swapped: a label per row, texts of a few features. Features × labels fitted the
        // limit and the identity head's labels² (then stored densely) was left out of it; on sst2 (67k labels) labels²
        // overflowed an int and training ended in an IndexOutOfRangeException. The head keeps no matrix now, but an
        // L-BFGS fit over 67k labels would take hours: the measure keeps labels².
        List<LabeledText> rows = [.. Enumerable.Range(0, 400).Select(i => new LabeledText(i % 2 == 0 ? "0" : "1", $"phrase {i}", 0))];
        NGramTrainerOptions options = TestModels.FastOptions(seed: 6) with
        {
            LinearModel = new LinearModelOptions { Tokenizer = CharFeatures, MaxWeights = 100_000 },
        };

        TextClassifier model = NGramTrainer.Train(rows, options).Classifier;

        string leftOut = model.Training!.Settings![NGramTrainer.LinearModelLeftOutSetting];
        long weights = long.Parse(leftOut.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(weights, (400L * 400) + 1, 100_000 + (400L * 400)); // labels² plus fewer than 250 feature rows × labels
    }

    [Fact]
    public void Past_its_weight_limit_a_member_with_its_own_features_is_replaced_by_naive_bayes_on_them()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 6) with
        {
            LinearModel = new LinearModelOptions { Tokenizer = CharFeatures, MaxWeights = 10 },
        };

        NGramTrainingResult result = NGramTrainer.Train(TestModels.SmallData, options);
        TextClassifier model = result.Classifier;

        // The word model and naive Bayes on the char n-grams: label-wide rows, an identity head, its choice recorded.
        Assert.Equal(2, model.ModelCount);
        NGramModel naiveBayes = model.Members[1];
        Assert.True(naiveBayes.Featurizer.Options.UsesCharNGrams);
        Assert.Equal(model.Labels.Count, naiveBayes.Encoder.Dimension);
        Assert.All(naiveBayes.Head.Bias, bias => Assert.Equal(0f, bias));
        Assert.Contains(NGramTrainer.NaiveBayesSmoothingSetting, model.Training!.Settings!.Keys);
        // The manifest says why: how many weights the member would have needed, and what stands in for it.
        string leftOut = model.Training.Settings[NGramTrainer.LinearModelLeftOutSetting];
        Assert.Matches(@"^left out: \d+ weights \(features × labels, plus labels²\) would pass LinearModelOptions.MaxWeights \(10\); naive Bayes on its features stands in its place$", leftOut);
        var alone = new TextClassifier([.. model.Labels], [naiveBayes], training: null);
        int correct = TestModels.SmallData.Count(row => alone.Classify(row.Text).Label == row.Label);
        Assert.True(correct >= TestModels.SmallData.Count * 0.9, $"{correct} of {TestModels.SmallData.Count}");

        // It has an index of its own (no linear member to share one with), and survives a bundle round trip.
        using var temp = new TempFolder("tc-naive-bayes-alone");
        TextClassifier loaded = TextClassifier.Load(BundleEditing.SaveBundle(temp, model));
        Assert.False(loaded.Members[1].SharesFeaturesWith(loaded.Members[0]));
        Assert.Equal(TestModels.ScoresOf(model, Probe), TestModels.ScoresOf(loaded, Probe));
    }

    [Fact]
    public void Past_its_weight_limit_without_naive_bayes_it_becomes_an_sgd_model()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 6) with
        {
            LinearModel = new LinearModelOptions { Tokenizer = CharFeatures, MaxWeights = 10, NaiveBayes = false },
        };

        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, options).Classifier;

        Assert.Equal(2, model.ModelCount);
        Assert.True(model.Members[1].Featurizer.Options.UsesCharNGrams);
        Assert.Equal(options.Dimension, model.Members[1].Encoder.Dimension);
        Assert.EndsWith("an SGD model on its features stands in its place", model.Training!.Settings![NGramTrainer.LinearModelLeftOutSetting], StringComparison.Ordinal);
    }

    [Fact]
    public void Past_its_weight_limit_without_a_validation_split_naive_bayes_with_its_defaults_stands_in()
    {
        // Session 24: without a split naive Bayes had been left out too, and an SGD model stood in.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 6) with
        {
            ValidationFraction = 0,
            LinearModel = new LinearModelOptions { Tokenizer = CharFeatures, MaxWeights = 10 },
        };

        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, options).Classifier;

        Assert.Equal(2, model.ModelCount);
        Assert.True(model.Members[1].Featurizer.Options.UsesCharNGrams);
        Assert.Equal(model.Labels.Count, model.Members[1].Encoder.Dimension); // a label-wide table
        Assert.EndsWith("naive Bayes on its features stands in its place", model.Training!.Settings![NGramTrainer.LinearModelLeftOutSetting], StringComparison.Ordinal);
        Assert.True(model.Training.Settings.ContainsKey(NGramTrainer.NaiveBayesDefaultsSetting));
    }

    [Fact]
    public void Past_its_weight_limit_a_member_sharing_the_word_features_is_left_out()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 6) with { LinearModel = new LinearModelOptions { Tokenizer = null, MaxWeights = 10 } };

        Assert.Equal(1, NGramTrainer.Train(TestModels.SmallData, options).Classifier.ModelCount);
    }

    [Fact]
    public void Adds_a_member_whose_width_is_the_label_count_with_an_identity_head()
    {
        TextClassifier model = ThreeMembers.Value;
        int labels = model.Labels.Count;

        Assert.Equal(3, model.ModelCount);
        NGramModel linear = model.Members[2];
        Assert.Equal(labels, linear.Encoder.Dimension);
        Assert.Equal(model.Members[0].Featurizer.Options, linear.Featurizer.Options);
        Assert.True(linear.Head.IsIdentity);
        Assert.Null(linear.Head.Weights);
        Assert.Equal(labels, linear.Head.Inputs);
        Assert.Equal(labels, linear.Head.Outputs);
    }

    [Fact]
    public void Alone_it_classifies_its_training_data()
    {
        var single = new TextClassifier([.. ThreeMembers.Value.Labels], [ThreeMembers.Value.Members[2]], training: null);

        int correct = TestModels.SmallData.Count(row => single.Classify(row.Text).Label == row.Label);

        Assert.True(correct >= TestModels.SmallData.Count * 0.95, $"{correct} of {TestModels.SmallData.Count}");
    }

    [Fact]
    public void Scores_are_the_root_mean_of_three_members()
    {
        Assert.Equal(3, ThreeMembers.Value.ModelCount);
        Assert.Equal(EnsembleCombination.RootMean, ThreeMembers.Value.Combination);
        TestModels.AssertScoresCombineTheMembers(ThreeMembers.Value, Probe, tolerance: 1e-5);
    }

    [Fact]
    public void A_bundle_with_the_linear_member_shares_the_word_model_files_and_round_trips_exactly()
    {
        using var temp = new TempFolder("tc-linear");
        string bundle = BundleEditing.SaveBundle(temp, ThreeMembers.Value);

        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        TextClassifier loaded = TextClassifier.Load(bundle);

        Assert.Equal(2, manifest.Ensemble!.Count);
        Assert.Equal(manifest.Encoder.FeaturesFile, manifest.Ensemble[1].Encoder.FeaturesFile);
        Assert.Equal(3, loaded.ModelCount);
        Assert.Equal(TestModels.ScoresOf(ThreeMembers.Value, Probe), TestModels.ScoresOf(loaded, Probe));
    }

    [Fact]
    public void Does_not_depend_on_the_schedule_of_the_side_by_side_training()
    {
        TextClassifier sequential = NGramTrainer.Train(TestModels.SmallData, WithLinear(threads: 1, ensemble: true)).Classifier;

        Assert.Equal(TestModels.ScoresOf(ThreeMembers.Value, Probe), TestModels.ScoresOf(sequential, Probe));
    }

    [Fact]
    public void Gives_the_same_bits_on_any_number_of_threads()
    {
        // 600 texts: enough for the gradient to be summed in two slices. Before session 24 there was one slice per
        // thread, and one thread against three gave weights that differed in their last bits.
        List<LabeledText> rows = SyntheticData.Generate(perLabel: 200, seed: 77);
        NGramTrainerOptions options = new() { MaxEpochs = 2, Dimension = 16, Seed = 4 };

        TextClassifier one = NGramTrainer.Train(rows, options with { Threads = 1 }).Classifier;
        TextClassifier three = NGramTrainer.Train(rows, options with { Threads = 3 }).Classifier;

        Assert.Equal(3, one.ModelCount);
        Assert.Equal(one.Members[1].Encoder.Table, three.Members[1].Encoder.Table);
        Assert.Equal(one.Members[1].Head.Bias, three.Members[1].Head.Bias);
        Assert.Equal(TestModels.ScoresOf(one, Probe), TestModels.ScoresOf(three, Probe));
    }

    [Fact]
    public void Weaker_regularisation_fits_the_training_data_more_closely()
    {
        (FeatureMatrix matrix, int[] targets) = Matrix(TestModels.SmallData);
        int[] all = Enumerable.Range(0, targets.Length).ToArray();
        float[] weights = [1f, 1f, 1f];

        double DataLoss(double c)
        {
            (float[] table, float[] bias, _, _) = LinearModelTrainer.Train(matrix, all, targets, weights, 3, new LinearModelOptions { C = c }, 1, null, CancellationToken.None);
            // The unregularised loss at the fitted parameters: the objective with C → ∞.
            var probe = new LinearModelTrainer(matrix, all, targets, weights, 3, double.MaxValue / 1e10, 1);
            float[] parameters = [.. table, .. bias, .. new float[RowArithmetic.Padding]];
            return probe.Evaluate(parameters, new float[parameters.Length]);
        }

        Assert.True(DataLoss(100) < DataLoss(0.1));
    }

    [Fact]
    public void The_gradient_matches_finite_differences()
    {
        (FeatureMatrix matrix, int[] targets) = Matrix(TestModels.SmallData.Take(30).ToList());
        int[] all = Enumerable.Range(0, targets.Length).ToArray();
        var trainer = new LinearModelTrainer(matrix, all, targets, [1f, 2f, 0.5f], 3, c: 2, threads: 2);
        var random = new Random(3);
        float[] parameters = new float[trainer.ParameterCount];
        for (int k = 0; k < parameters.Length; k++)
        {
            parameters[k] = (float)((random.NextDouble() * 2) - 1);
        }

        float[] gradient = new float[parameters.Length];
        trainer.Evaluate(parameters, gradient);
        float[] scratch = new float[parameters.Length];
        for (int probe = 0; probe < 25; probe++)
        {
            int k = random.Next(parameters.Length);
            const float Step = 1e-2f;
            float saved = parameters[k];
            parameters[k] = saved + Step;
            double up = trainer.Evaluate(parameters, scratch);
            parameters[k] = saved - Step;
            double down = trainer.Evaluate(parameters, scratch);
            parameters[k] = saved;
            double numeric = (up - down) / (2 * Step);
            Assert.True(Math.Abs(numeric - gradient[k]) < 2e-3 + (0.01 * Math.Abs(numeric)), $"parameter {k}: analytic {gradient[k]}, numeric {numeric}");
        }
    }

    [Property(MaxTest = 60)]
    public void The_objective_and_gradient_equal_a_naive_double_precision_reference(NonNegativeInt seed, byte rawClasses, bool l2Pooling)
    {
        // Label counts on both sides of the padded (register) path's limit of 8, and past 16.
        int[] counts = [2, 3, 4, 5, 8, 9, 16, 17, 23];
        int classes = counts[rawClasses % counts.Length];
        var random = new Random(seed.Get);
        List<string> texts = SyntheticData.Texts(12 + random.Next(30), seed: random.Next());
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { Buckets = 1 << 12 });
        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, l2Pooling ? NGramPooling.TfIdf : NGramPooling.Mean, 2, CancellationToken.None);
        int[] targets = texts.Select(_ => random.Next(classes)).ToArray();
        int[] examples = Enumerable.Range(0, texts.Count).Where(_ => random.Next(4) > 0).DefaultIfEmpty(0).ToArray();
        float[] classWeights = Enumerable.Range(0, classes).Select(_ => 0.5f + (float)random.NextDouble()).ToArray();
        double c = 0.1 + (10 * random.NextDouble());
        var trainer = new LinearModelTrainer(matrix, examples, targets, classWeights, classes, c, threads: 1 + random.Next(3));
        float[] parameters = new float[trainer.ParameterCount];
        int weightCount = matrix.BucketsByRow.Length * classes;
        for (int k = 0; k < weightCount + classes; k++)
        {
            parameters[k] = (float)((random.NextDouble() * 2) - 1);
        }

        float[] gradient = new float[parameters.Length];
        double loss = trainer.Evaluate(parameters, gradient);
        (double expectedLoss, double[] expectedGradient) = NaiveObjective(matrix, examples, targets, classWeights, classes, c, parameters);

        Assert.True(Math.Abs(loss - expectedLoss) <= 1e-4 * (1 + Math.Abs(expectedLoss)), $"loss {loss} vs {expectedLoss}");
        for (int k = 0; k < expectedGradient.Length; k++)
        {
            Assert.True(Math.Abs(gradient[k] - expectedGradient[k]) <= 1e-4 + (1e-3 * Math.Abs(expectedGradient[k])), $"parameter {k}: {gradient[k]} vs {expectedGradient[k]}");
        }

        // The spare floats after the bias stay zero, so L-BFGS never moves them.
        Assert.All(gradient[(weightCount + classes)..], g => Assert.Equal(0f, g));
    }

    // (1/N) Σ w_y · CE(softmax(Wᵀx + b), y) + ‖W‖² / (2 C N), x the text's weights over their L2 norm (TF-IDF) or sum
    // (mean), written out in doubles one multiplication at a time.
    private static (double Loss, double[] Gradient) NaiveObjective(
        FeatureMatrix matrix, int[] examples, int[] targets, float[] classWeights, int classes, double c, float[] parameters)
    {
        int weights = matrix.BucketsByRow.Length * classes;
        double[] gradient = new double[weights + classes];
        double loss = 0;
        foreach (int i in examples)
        {
            int start = matrix.Offsets[i];
            int count = matrix.Offsets[i + 1] - start;
            double norm = 0;
            for (int k = 0; k < count; k++)
            {
                double w = matrix.Weights[start + k];
                norm += matrix.Pooling == NGramPooling.TfIdf ? w * w : w;
            }

            norm = matrix.Pooling == NGramPooling.TfIdf ? Math.Sqrt(norm) : norm;
            double[] z = new double[classes];
            for (int o = 0; o < classes; o++)
            {
                z[o] = parameters[weights + o];
                for (int k = 0; k < count; k++)
                {
                    z[o] += parameters[(matrix.RowIds[start + k] * classes) + o] * (norm > 0 ? matrix.Weights[start + k] / norm : 0);
                }
            }

            double max = z.Max();
            double sum = z.Sum(v => Math.Exp(v - max));
            double weight = classWeights[targets[i]];
            loss -= weight * ((z[targets[i]] - max) - Math.Log(sum));
            for (int o = 0; o < classes; o++)
            {
                double residual = weight * ((Math.Exp(z[o] - max) / sum) - (o == targets[i] ? 1 : 0));
                gradient[weights + o] += residual;
                for (int k = 0; k < count; k++)
                {
                    gradient[(matrix.RowIds[start + k] * classes) + o] += residual * (norm > 0 ? matrix.Weights[start + k] / norm : 0);
                }
            }
        }

        int n = examples.Length;
        double penalty = 0;
        for (int k = 0; k < gradient.Length; k++)
        {
            gradient[k] /= n;
            if (k < weights)
            {
                penalty += parameters[k] * (double)parameters[k];
                gradient[k] += parameters[k] / (c * n);
            }
        }

        return ((loss / n) + (penalty / (2 * c * n)), gradient);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void Multi_label_training_replaces_it_by_an_sgd_model_on_its_features_or_leaves_it_out(bool ownFeatures, int models)
    {
        List<LabeledText> rows = MultiLabelData.Generate(200, seed: 3);
        var linear = new LinearModelOptions { Tokenizer = ownFeatures ? new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 } : null };

        TextClassifier model = NGramTrainer.Train(rows, new NGramTrainerOptions { MultiLabelDelimiter = MultiLabelData.Delimiter, Threads = 2, Seed = 5, MaxEpochs = 5, LinearModel = linear }).Classifier;

        Assert.Equal(models, model.ModelCount);
        Assert.True(model.IsMultiLabel);
        Assert.All(model.Members, member => Assert.True(member.Sigmoid));
    }

    [Theory]
    [InlineData(0.0, 200, "C")]
    [InlineData(double.PositiveInfinity, 200, "C")]
    [InlineData(1.0, 0, "MaxIterations")]
    public void Bad_options_are_refused_by_name(double c, int iterations, string name)
    {
        var options = new NGramTrainerOptions { LinearModel = new LinearModelOptions { C = c, MaxIterations = iterations } };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public void Identical_tokenizers_train_one_model_not_two_copies()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 2) with { EnsembleTokenizer = TestModels.FastOptions(seed: 2).Tokenizer };

        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, options).Classifier;

        Assert.Equal(1, model.ModelCount);
    }

    private static (FeatureMatrix Matrix, int[] Targets) Matrix(IReadOnlyList<LabeledText> rows)
    {
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { Buckets = 1 << 16 });
        FeatureMatrix matrix = FeatureMatrix.Build(rows.Select(row => row.Text).ToList(), featurizer, NGramPooling.TfIdf, 1, CancellationToken.None);
        int[] targets = rows.Select(row => Array.IndexOf(SyntheticData.Labels, row.Label)).ToArray();
        return (matrix, targets);
    }
}
