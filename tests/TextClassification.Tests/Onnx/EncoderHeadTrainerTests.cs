using TextClassification.Onnx;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Onnx;

/// <summary>Head training on sentence vectors: backpropagation against finite differences, learning separable data,
/// early stopping, and the encoder + head classifier end to end on the tiny ONNX encoder.</summary>
public sealed class EncoderHeadTrainerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Gradients_match_finite_differences(int hidden)
    {
        const int inputs = 5;
        const int classes = 3;
        var network = new EncoderHeadTrainer.HeadNetwork(inputs, hidden, classes, seed: 3);
        float[] x = [0.3f, -1.2f, 0.8f, 0.05f, -0.4f];
        const int target = 2;
        const float weight = 0.7f;
        network.ClearGradients();
        network.Backward(x, target, weight);
        float[][] analytic = [.. network.Gradients.Select(g => (float[])g.Clone())];

        for (int p = 0; p < network.Parameters.Length; p++)
        {
            for (int i = 0; i < network.Parameters[p].Length; i++)
            {
                float saved = network.Parameters[p][i];
                const float h = 1e-3f;
                network.Parameters[p][i] = saved + h;
                double plus = Loss(network, x, target, weight);
                network.Parameters[p][i] = saved - h;
                double minus = Loss(network, x, target, weight);
                network.Parameters[p][i] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[p][i]) <= 2e-3, $"parameter {p}[{i}]: numeric {numeric}, analytic {analytic[p][i]}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Learns_separable_clusters(int hidden)
    {
        (float[] vectors, int[] targets) = Clusters(600, dimension: 16, classes: 3, noise: 0.3f, seed: 5);
        var options = new EncoderHeadTrainerOptions { HiddenSize = hidden, LearningRate = 0.01f };

        var (head, epochs, bestEpoch, accuracy) = EncoderHeadTrainer.TrainHead(vectors, 16, targets, 3, options, null, default);

        Assert.InRange(bestEpoch, 1, epochs);
        Assert.True(accuracy >= 0.95, $"validation accuracy {accuracy}");
        Assert.Equal(hidden, head.Hidden?.Outputs ?? 0);
    }

    [Fact]
    public void Stops_early_when_validation_loss_stops_improving()
    {
        // Labels independent of the vectors: the validation loss cannot keep falling.
        (float[] vectors, _) = Clusters(400, dimension: 16, classes: 2, noise: 1f, seed: 9);
        var random = new Random(2);
        int[] targets = [.. Enumerable.Range(0, 400).Select(_ => random.Next(2))];
        var options = new EncoderHeadTrainerOptions { HiddenSize = 64, LearningRate = 0.01f, MaxEpochs = 40, Patience = 3 };

        var (_, epochs, bestEpoch, _) = EncoderHeadTrainer.TrainHead(vectors, 16, targets, 2, options, null, default);

        Assert.True(epochs < 40, $"ran all {epochs} epochs");
        Assert.Equal(bestEpoch + options.Patience, epochs);
    }

    [Fact]
    public void Copies_of_a_text_stay_out_of_validation_when_grouped()
    {
        // 120 texts' random vectors, each text four times, random labels per text: nothing generalises, so a high
        // validation accuracy can only come from copies of validation rows among the training rows.
        const int texts = 120;
        const int dimension = 32;
        var random = new Random(4);
        float[] distinct = [.. Enumerable.Range(0, texts * dimension).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        int[] labelOf = [.. Enumerable.Range(0, texts).Select(_ => random.Next(2))];
        int[] textOf = [.. Enumerable.Range(0, texts * 4).Select(i => i % texts)];
        float[] vectors = [.. textOf.SelectMany(t => distinct.AsSpan(t * dimension, dimension).ToArray())];
        int[] targets = [.. textOf.Select(t => labelOf[t])];
        int[] leaders = [.. textOf.Select(t => t)]; // rows 0..119 are the first copies
        var options = new EncoderHeadTrainerOptions { HiddenSize = 64, LearningRate = 0.01f, MaxEpochs = 40, ValidationFraction = 0.2 };

        double grouped = EncoderHeadTrainer.TrainHead(vectors, dimension, targets, 2, options, null, default, leaders).ValidationAccuracy;
        double leaked = EncoderHeadTrainer.TrainHead(vectors, dimension, targets, 2, options, null, default).ValidationAccuracy;

        Assert.True(grouped < 0.7, $"grouped validation accuracy {grouped} on random labels");
        Assert.True(leaked > grouped + 0.15, $"without groups {leaked}, grouped {grouped}: the copies should have leaked");
    }

    [Theory]
    [InlineData(3.0, 1.0, 0.75)]
    [InlineData(0.0, 2.0, 0.0)]
    [InlineData(2.0, 0.0, 1.0)]
    [InlineData(0.0, 0.0, 0.5)]
    [InlineData(double.PositiveInfinity, 1.0, 0.5)]
    public void The_embedding_takes_its_estimated_share_of_the_progress_bar(double embedding, double head, double share) =>
        Assert.Equal(share, EncoderHeadTrainer.EmbeddingShare(embedding, head), 12);

    [Theory]
    [InlineData(0.12092781970116111, 10)]
    [InlineData(0.036947029043117655, 20)]
    [InlineData(0.2850616321970419, 100)]
    public void The_epochs_progress_ends_at_exactly_one_whatever_share_the_embedding_took(double embeddingShare, int epochs)
    {
        // The share is estimated from measured seconds, so it is any double: for these the last epoch's fraction rounded
        // to 1.0000000000000002, and Train's "done" at 1 then stepped the bar back (a flaky failure of the test below).
        float[] vectors = [.. Enumerable.Range(0, 8 * 4).Select(i => (float)Math.Sin(i))];
        int[] targets = [0, 1, 0, 1, 0, 1, 0, 1];
        var reports = new List<TrainingProgress>();

        EncoderHeadTrainer.TrainHead(vectors, 4, targets, 2, new EncoderHeadTrainerOptions { HiddenSize = 4, MaxEpochs = epochs, ValidationFraction = 0 },
            new SynchronousProgress(reports.Add), CancellationToken.None, progressStart: embeddingShare);

        Assert.Equal(epochs, reports.Max(r => r.Epoch));
        Assert.All(reports, r => Assert.InRange(r.Fraction, embeddingShare, 1.0));
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public void Trains_on_the_tiny_onnx_encoder_and_classifies_consistently()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        string[] positive = ["good movie", "great film", "a very good plot", "the movie is great", "good and great"];
        string[] negative = ["bad movie", "awful film", "a very bad plot", "the movie is awful", "bad and awful"];
        var examples = new List<LabeledText>();
        for (int repeat = 0; repeat < 4; repeat++)
        {
            examples.AddRange(positive.Select((t, i) => new LabeledText(t, "pos", i)));
            examples.AddRange(negative.Select((t, i) => new LabeledText(t, "neg", i)));
        }

        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress(reports.Add);
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder);
        EncoderHeadTrainingResult result = EncoderHeadTrainer.Train(encoder, examples,
            new EncoderHeadTrainerOptions { HiddenSize = 16, LearningRate = 0.01f, ValidationFraction = 0 }, progress);
        using EncoderHeadClassifier classifier = result.Classifier;

        Assert.Equal(["neg", "pos"], classifier.Labels);
        Assert.Equal(40, result.Epochs);
        // One progress bar from 0 to 1: the embedding takes its estimated share, the epochs carry on from there (the
        // fraction went 0 → 1 over the embedding, then 0 → 1 again over the epochs, before session 48).
        TrainingProgress embedded = Assert.Single(reports, r => r.Phase == "embedding 10/10 texts");
        Assert.InRange(embedded.Fraction, 0.0, 1.0);
        Assert.True(embedded.Fraction < 1.0, $"the embedding filled the bar ({embedded.Fraction}) before any epoch");
        Assert.Equal(40, reports.Count(r => r.Phase == "training"));
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Fraction >= p.First.Fraction),
            string.Join(", ", reports.Select(r => $"{r.Phase} {r.Fraction:F3}")));
        Assert.Equal(1.0, reports[^1].Fraction, 12);
        // The reported loss is a mean per example (40 rows in batches of 32: a sum over the batches would be about
        // 2·ln 2 at the start), so the first epoch's is near ln 2 and it falls.
        TrainingProgress[] epochs = [.. reports.Where(r => r.Phase == "training")];
        Assert.InRange(epochs[0].TrainLoss, 0.3, 1.0);
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss, $"{epochs[^1].TrainLoss} after {epochs[0].TrainLoss}");
        Assert.Equal((10, 0), (result.EmbeddedTexts, result.CachedTexts));
        string[] texts = [.. positive, .. negative];
        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(texts);
        int correct = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            Prediction single = classifier.Classify(texts[i]);
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(single.Scores[c], batch[i].Scores[c], 1e-5f);
            }

            correct += batch[i].Label == (i < positive.Length ? "pos" : "neg") ? 1 : 0;
        }

        Assert.Throws<ArgumentNullException>(() => classifier.Classify(null!)); // as ITextClassifier documents

        // Ten training texts, distinct vectors: a 16-unit MLP fits them.
        Assert.True(correct >= 9, $"{correct}/10 training texts right");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Encoder_head_bundles_round_trip_and_load_through_dependency_injection(int hidden)
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-bundle");
        LabeledText[] examples = [new("good movie", "pos", 1), new("great film", "pos", 2), new("bad movie", "neg", 3), new("awful film", "neg", 4)];
        EncoderHeadTrainingResult result = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples,
            new EncoderHeadTrainerOptions { HiddenSize = hidden, ValidationFraction = 0, MaxEpochs = 3 });
        using EncoderHeadClassifier trained = result.Classifier;
        string bundle = folder.Combine("bundle");

        TextClassification.Bundles.ModelBundle.SaveEncoderHead(trained, export.Folder, bundle);

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        TextClassification.DependencyInjection.TextClassifierServiceCollectionExtensions.AddTextClassifier(services, o => o.ModelPath = bundle);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var resolved = (ITextClassifier)provider.GetService(typeof(ITextClassifier))!;
        Assert.IsType<EncoderHeadClassifier>(resolved);
        Assert.Equal(hidden, ((EncoderHeadClassifier)resolved).HiddenSize);
        Assert.Throws<TextClassification.Bundles.BundleFormatException>(() => TextClassifier.Load(bundle));
        foreach (LabeledText example in examples)
        {
            IReadOnlyList<float> expected = trained.Classify(example.Text).Scores;
            IReadOnlyList<float> actual = resolved.Classify(example.Text).Scores;
            Assert.Equal(expected, actual);
        }

        // Reloading applies to n-gram bundles only: refused at registration, not at the first resolution.
        var reloading = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var ex = Assert.Throws<InvalidOperationException>(() => TextClassification.DependencyInjection.TextClassifierServiceCollectionExtensions.AddTextClassifier(
            reloading, o => { o.ModelPath = bundle; o.ReloadOnChange = true; }));
        Assert.Contains("ReloadOnChange works with n-gram model bundles", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_moved_away_from_its_encoder_loads_the_copy_it_carries()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-carried");
        using EncoderHeadClassifier trained = TrainSentimentBundle(export, folder, epochs: 3, out string bundle);
        Assert.DoesNotContain('\\', TextClassification.Bundles.ModelBundle.ReadManifest(bundle).Encoder.Path!);
        Assert.Equal(Path.GetFullPath(export.Folder), TextClassification.Bundles.ModelBundle.EncoderFolder(bundle));

        // Deployed elsewhere (as the build copies it): the manifest's relative path leads nowhere.
        string deployed = folder.Combine("app", "deep", "er", "Models", "sentiment");
        TextClassification.Tests.Support.TempFolder.CopyFiles(bundle, deployed);
        var missing = Assert.Throws<TextClassification.Bundles.BundleFormatException>(() => TextClassifierLoader.Load(deployed));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(deployed, "encoder"), missing.Message, StringComparison.Ordinal);

        // With the encoder copied into its 'encoder' folder it loads and scores as the original.
        TextClassification.Tests.Support.TempFolder.CopyFiles(export.Folder, Path.Combine(deployed, TextClassification.Bundles.ModelBundle.CarriedEncoderFolderName));
        Assert.Equal(Path.Combine(deployed, "encoder"), TextClassification.Bundles.ModelBundle.EncoderFolder(deployed));
        using (var loaded = (EncoderHeadClassifier)TextClassifierLoader.Load(deployed))
        {
            Assert.Equal(trained.Classify("good film").Scores, loaded.Classify("good film").Scores);
        }

        // The carried copy is checked like the referenced folder: another encoder there is refused.
        File.AppendAllText(Path.Combine(deployed, "encoder", "vocab.txt"), "zebra\n");
        var changed = Assert.Throws<TextClassification.Bundles.BundleFormatException>(() => TextClassifierLoader.Load(deployed));
        Assert.Contains("is not the one the head was trained on", changed.Message, StringComparison.Ordinal);

        // A referenced folder that exists but holds another encoder does not hide a good carried copy.
        TextClassification.Tests.Support.TempFolder.CopyFiles(export.Folder, Path.Combine(bundle, "encoder"));
        File.AppendAllText(Path.Combine(export.Folder, "vocab.txt"), "zebra\n");
        using (var fromCopy = (EncoderHeadClassifier)TextClassifierLoader.Load(bundle))
        {
            Assert.Equal(trained.Classify("good film").Scores, fromCopy.Classify("good film").Scores);
        }
    }

    [Fact]
    public void Registration_refuses_a_bundle_whose_encoder_copy_lacks_its_graph_naming_the_folder()
    {
        // A web publish that copies *.json and *.txt content but not *.onnx leaves the carried encoder without its
        // graph: registration must say so at start-up, not the first request.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-partial");
        using EncoderHeadClassifier trained = TrainSentimentBundle(export, folder, epochs: 1, out string bundle);
        string deployed = folder.Combine("app", "a", "b", "Models", "sentiment");
        TextClassification.Tests.Support.TempFolder.CopyFiles(bundle, deployed);
        string carried = Path.Combine(deployed, TextClassification.Bundles.ModelBundle.CarriedEncoderFolderName);
        TextClassification.Tests.Support.TempFolder.CopyFiles(export.Folder, carried);
        File.Delete(Path.Combine(carried, "model.onnx"));

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var ex = Assert.Throws<TextClassification.Bundles.BundleFormatException>(
            () => TextClassification.DependencyInjection.TextClassifierServiceCollectionExtensions.AddTextClassifier(services, o => o.ModelPath = deployed));
        Assert.Contains($"'{carried}' lacks model.onnx", ex.Message, StringComparison.Ordinal);

        // Whole again, it registers.
        File.Copy(Path.Combine(export.Folder, "model.onnx"), Path.Combine(carried, "model.onnx"));
        TextClassification.DependencyInjection.TextClassifierServiceCollectionExtensions.AddTextClassifier(
            new Microsoft.Extensions.DependencyInjection.ServiceCollection(), o => o.ModelPath = deployed);
    }

    // A head on four sentiment texts over the export, saved as a bundle in folder/models/sentiment (the encoder referenced).
    private static EncoderHeadClassifier TrainSentimentBundle(TinyBertExport export, TextClassification.Tests.Support.TempFolder folder, int epochs, out string bundle)
    {
        LabeledText[] examples = [new("good movie", "pos", 1), new("great film", "pos", 2), new("bad movie", "neg", 3), new("awful film", "neg", 4)];
        EncoderHeadClassifier trained = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples,
            new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = epochs }).Classifier;
        bundle = folder.Combine("models", "sentiment");
        TextClassification.Bundles.ModelBundle.SaveEncoderHead(trained, export.Folder, bundle);
        return trained;
    }

    [Fact]
    public void Training_counts_the_texts_longer_than_the_encoder_reads()
    {
        // They were cut to the encoder's first tokens without a word (an outside check); the n-gram trainer counts its own.
        using var export = new TinyBertExport(["unused"], classifier: false);
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder); // the classifier trained owns it
        int fits = encoder.Tokenizer.Options.MaxLength - 2; // words of one token each, beside [CLS] and [SEP]
        string Words(string word, int count) => string.Join(' ', Enumerable.Repeat(word, count));
        var examples = new List<LabeledText>();
        for (int i = 0; i < 6; i++)
        {
            examples.Add(new LabeledText(Words("good", fits) + (i == 0 ? " movie" : string.Empty), "pos", i));
            examples.Add(new LabeledText(Words("bad", i + 1), "neg", i));
        }

        EncoderHeadTrainingResult result = EncoderHeadTrainer.Train(
            encoder, examples, new EncoderHeadTrainerOptions { HiddenSize = 8, ValidationFraction = 0, MaxEpochs = 2 });
        result.Classifier.Dispose();

        Assert.Equal(1, result.TruncatedTexts); // the one text of MaxLength - 1 words; exactly MaxLength - 2 fits
    }

    [Fact]
    public void Progress_ends_at_one_with_a_done_report_where_early_stopping_ends_the_epochs()
    {
        // Early stopping ended the reports at the last epoch's share of the bar (0.1 to 0.3 of it here), where the n-gram
        // trainer's end with "done" at 1: a C# caller's bar stopped short (review 49c; the CLI's filled it on return).
        using var export = new TinyBertExport(["unused"], classifier: false);
        string[] positive = ["good movie", "great film", "a very good plot", "the movie is great", "good and great", "good film"];
        string[] negative = ["bad movie", "awful film", "a very bad plot", "the movie is awful", "bad and awful", "bad film"];
        List<LabeledText> examples = [.. positive.Select((t, i) => new LabeledText(t, "pos", i)), .. negative.Select((t, i) => new LabeledText(t, "neg", i))];
        var reports = new List<TrainingProgress>();

        EncoderHeadTrainingResult result = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples,
            new EncoderHeadTrainerOptions { HiddenSize = 16, LearningRate = 1f, ValidationFraction = 0.3, Patience = 1 }, new SynchronousProgress(reports.Add));
        result.Classifier.Dispose();

        Assert.True(result.Epochs < 40, $"{result.Epochs} epochs: early stopping did not end the training");
        string seen = string.Join(", ", reports.Select(r => $"{r.Phase} {r.Fraction:F3}"));
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Fraction >= p.First.Fraction), seen);
        Assert.Equal(("done", 1.0), (reports[^1].Phase, reports[^1].Fraction));
        Assert.Single(reports, r => r.Phase == "done");
        // The done report carries the epochs run and the kept epoch's validation accuracy, as the result does.
        Assert.Equal((result.Epochs, result.ValidationAccuracy), (reports[^1].Epoch, reports[^1].ValidationAccuracy));
    }

    [Theory]
    [InlineData(11_184_811, 384)] // 11,184,811 × 384 wrapped to 128 floats: Forward then read past them
    [InlineData(int.MaxValue, 16)] // wrapped negative
    public void A_hidden_layer_too_wide_for_one_array_is_refused_naming_the_option(int hidden, int dimension)
    {
        // It failed deep inside (an unnamed ArgumentOutOfRangeException from a span, or Enumerable.Range's "count"), after
        // every text had been embedded (review 49c).
        (float[] vectors, int[] targets) = Clusters(40, dimension, classes: 2, noise: 0.3f, seed: 5);
        var options = new EncoderHeadTrainerOptions { HiddenSize = hidden };

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => EncoderHeadTrainer.TrainHead(vectors, dimension, targets, 2, options, null, default));
        Assert.Equal(nameof(EncoderHeadTrainerOptions.HiddenSize), refused.ParamName);

        using var export = new TinyBertExport(["unused"], classifier: false);
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder);
        List<LabeledText> examples = [new("good movie", "pos", 0), new("bad movie", "neg", 0)];
        int reports = 0;
        refused = Assert.Throws<ArgumentOutOfRangeException>(() => EncoderHeadTrainer.Train(
            encoder, examples, new EncoderHeadTrainerOptions { HiddenSize = int.MaxValue }, new SynchronousProgress(_ => reports++)));
        Assert.Equal(nameof(EncoderHeadTrainerOptions.HiddenSize), refused.ParamName);
        Assert.Equal(0, reports); // refused before embedding a text
    }

    [Fact]
    public void More_text_vectors_than_one_array_holds_are_refused_before_a_text_is_embedded()
    {
        // Every example's vector is kept in one float array of texts × the encoder's width: 32,768 texts of a 65,536-wide
        // encoder (2,147,483,648 values, as 2.8 million texts of a 768-wide BERT) wrapped the count negative and training
        // failed with an unnamed OverflowException ("Arithmetic operation resulted in an overflow", a stack trace from
        // textclf); a count that wrapped positive made an array of the wrong length.
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-wide");
        const int Width = 1 << 16;
        TableGraph.Write(folder.Path, Width, ["last_hidden_state"]);
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(folder.Path);
        LabeledText[] examples = [.. Enumerable.Range(0, 1 << 15).Select(i => new LabeledText($"text {i}", i % 2 == 0 ? "a" : "b", i + 2))];
        int reports = 0;

        var refused = Assert.Throws<ArgumentException>(() => EncoderHeadTrainer.Train(encoder, examples, progress: new SynchronousProgress(_ => reports++)));

        Assert.Equal("examples", refused.ParamName);
        Assert.Contains("32,768 texts of the encoder's 65,536-value vectors", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at most 32,767 texts", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, reports); // refused before embedding a text
    }

    [Fact]
    public void Distinct_texts_keep_one_copy_of_their_vectors()
    {
        // The vectors of the distinct texts were copied into a second array, one per example, also where every text is
        // distinct: twice texts × width floats at the peak (2 × 614 MB for 200,000 texts of a 768-wide encoder).
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-wide-train");
        const int Width = 4096;
        TableGraph.Write(folder.Path, Width, ["last_hidden_state"]);
        LabeledText[] examples = [.. Enumerable.Range(0, 2048).Select(i => new LabeledText($"{(i % 2 == 0 ? "good" : "bad")} movie {i}", i % 2 == 0 ? "pos" : "neg", i + 2))];
        var options = new EncoderHeadTrainerOptions { HiddenSize = 0, MaxEpochs = 1, ValidationFraction = 0 };
        EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(folder.Path), examples, options).Classifier.Dispose(); // warm up

        long bytes = TextClassification.Tests.Support.Allocations.Fewest(
            () => EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(folder.Path), examples, options).Classifier.Dispose(), attempts: 2);

        long vectors = examples.Length * Width * sizeof(float); // 32 MB
        Assert.True(bytes < vectors * 7 / 4, $"{bytes} B for {examples.Length} texts of {Width} values ({vectors} B of vectors)");
    }

    [Fact]
    public void Labels_are_checked_and_canonical_as_for_the_n_gram_trainer()
    {
        // A blank label became "" after trimming, which saved but then refused to load; " pos" is the label pos.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder);
        List<LabeledText> blank = [new("good movie", "pos", 0), new("bad movie", "neg", 0), new("a plot", " ", 0)];
        Assert.Contains("Example 2 (index in the list) has no text or no label", Assert.Throws<ArgumentException>(() => EncoderHeadTrainer.Train(encoder, blank)).Message, StringComparison.Ordinal);

        List<LabeledText> padded = [new("good movie", " pos", 0), new("bad movie", "neg", 0), new("great film", "pos ", 0), new("awful film", "neg", 0)];
        using EncoderHeadClassifier classifier = EncoderHeadTrainer.Train(encoder, padded, new EncoderHeadTrainerOptions { HiddenSize = 4, ValidationFraction = 0 }).Classifier;
        Assert.Equal(["neg", "pos"], classifier.Labels);
    }

    [Fact]
    public void The_fingerprint_follows_the_vocabulary_and_graph_not_the_files_line_endings()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        string vocab = Path.Combine(export.Folder, "vocab.txt");
        string Fingerprint()
        {
            using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder);
            return encoder.Fingerprint;
        }

        string original = Fingerprint();
        // transformers 4.34+ lists the standard special tokens in every export's added_tokens_decoder: nothing changes,
        // so bundles trained before those files were read still load (the fingerprint reads the tokenizer's options).
        string config = Path.Combine(export.Folder, "tokenizer_config.json");
        File.WriteAllText(config, """
            { "added_tokens_decoder": { "0": { "content": "[PAD]", "special": true }, "1": { "content": "[UNK]", "special": true },
              "2": { "content": "[CLS]", "special": true }, "3": { "content": "[SEP]", "special": true }, "4": { "content": "[MASK]", "special": true } } }
            """);
        Assert.Equal(original, Fingerprint());
        File.Delete(config);
        // A checkout with CRLF line endings (git core.autocrlf on Windows) reads the same tokens.
        File.WriteAllText(vocab, File.ReadAllText(vocab).ReplaceLineEndings("\r\n"));
        Assert.Equal(original, Fingerprint());
        // Another vocabulary is another encoder.
        File.AppendAllText(vocab, "[unused0]\r\n");
        string grown = Fingerprint();
        Assert.NotEqual(original, grown);
        // A special token added to the tokenizer's files makes "[unused0]" in a text one token, not four: other vectors,
        // another encoder (the fingerprint had read the special tokens as their list's type name only).
        File.WriteAllText(config, """
            { "added_tokens_decoder": { "0": { "content": "[PAD]", "special": true }, "1": { "content": "[UNK]", "special": true },
              "2": { "content": "[CLS]", "special": true }, "3": { "content": "[SEP]", "special": true }, "4": { "content": "[MASK]", "special": true },
              "30": { "content": "[unused0]", "special": true } } }
            """);
        Assert.NotEqual(grown, Fingerprint());
        File.Delete(config);
        Assert.Equal(grown, Fingerprint());
    }

    [Fact]
    public void Only_special_tokens_beyond_the_usual_ones_enter_the_fingerprint()
    {
        // Fingerprints held no special-token names before session 28: encoders with BERT's five (in any order, or some
        // of them) or their own named tokens (MPNet's <s> </s> <pad> <unk> <mask>) must keep theirs, or every head
        // trained on them is refused.
        Assert.DoesNotContain("|special", OnnxSentenceEncoder.SettingsText(new WordPieceOptions()), StringComparison.Ordinal);
        Assert.DoesNotContain("|special", OnnxSentenceEncoder.SettingsText(new WordPieceOptions { SpecialTokens = ["[SEP]", "[CLS]", "[PAD]", "[UNK]"] }), StringComparison.Ordinal);
        var mpnet = new WordPieceOptions
        {
            UnknownToken = "<unk>", ClassificationToken = "<s>", SeparatorToken = "</s>", PaddingToken = "<pad>",
            SpecialTokens = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
        };
        Assert.DoesNotContain("|special", OnnxSentenceEncoder.SettingsText(mpnet), StringComparison.Ordinal);

        string added = OnnxSentenceEncoder.SettingsText(new WordPieceOptions { SpecialTokens = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", "[USER]", "[BOT]"] });
        Assert.EndsWith("|special [BOT]\u0001[USER]", added, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedding_cache_is_keyed_by_encoder_and_text()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-cache");
        LabeledText[] first = [new("good movie", "pos", 1), new("bad movie", "neg", 2), new("good movie", "pos", 3)];
        LabeledText[] second = [.. first, new("awful film", "neg", 4)];
        var options = new EncoderHeadTrainerOptions { HiddenSize = 4, ValidationFraction = 0, MaxEpochs = 2, CacheDirectory = folder.Path };

        EncoderHeadTrainingResult a = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), first, options);
        EncoderHeadTrainingResult b = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), second, options);
        // A different encoder (other pooling) has another fingerprint: nothing is reused.
        EncoderHeadTrainingResult c = EncoderHeadTrainer.Train(
            OnnxSentenceEncoder.Create(export.Folder, new OnnxSentenceEncoderOptions { Pooling = TextClassification.Pooling.SentencePoolingMode.Cls }), first, options);
        EncoderHeadTrainingResult again = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), first, options);

        Assert.Equal((2, 0), (a.EmbeddedTexts, a.CachedTexts));
        Assert.Equal((1, 2), (b.EmbeddedTexts, b.CachedTexts));
        Assert.Equal((2, 0), (c.EmbeddedTexts, c.CachedTexts));
        Assert.Equal((0, 2), (again.EmbeddedTexts, again.CachedTexts));
        // Cached vectors are the encoder's vectors: the same seed trains the same head.
        Assert.Equal(a.Classifier.Classify("good movie").Scores, again.Classifier.Classify("good movie").Scores);
        Assert.NotEqual(a.Classifier.Encoder.Fingerprint, c.Classifier.Encoder.Fingerprint);
        foreach (var r in new[] { a, b, c, again })
        {
            r.Classifier.Dispose();
        }

        // A cache folder the trainer makes is its user's alone: its vectors are trained on as they are.
        if (!OperatingSystem.IsWindows())
        {
            string made = Path.Combine(folder.Path, "made", "cache");
            EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), first, options with { CacheDirectory = made }).Classifier.Dispose();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(made));
        }
    }

    [Theory]
    [InlineData(1e9f)]
    [InlineData(10.5f)]
    [InlineData(float.NaN)]
    [InlineData(0f)]
    public void A_learning_rate_outside_the_n_gram_trainers_range_is_refused(float learningRate)
    {
        // 1e9 trained a head that only saturated (validation accuracy 0.5) and said nothing; the CLI capped --lr at 10.
        using var export = new TinyBertExport(["unused"], classifier: false);
        LabeledText[] examples = [new("good movie", "pos", 1), new("bad movie", "neg", 2)];
        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => EncoderHeadTrainer.Train(encoder, examples, new EncoderHeadTrainerOptions { LearningRate = learningRate }));

        Assert.Equal(nameof(EncoderHeadTrainerOptions.LearningRate), ex.ParamName);
        EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples, new EncoderHeadTrainerOptions { LearningRate = 10, MaxEpochs = 1, ValidationFraction = 0 }).Classifier.Dispose();
    }

    [Fact]
    public void An_embedding_cache_past_2_GB_is_read_as_a_stream()
    {
        // The cache only grows; it was read whole into one array, so past 2 GB every training failed with .NET's "The
        // file is too long" naming neither the cache nor the option. A sparse file of 2.2 GB of zero records (keys no
        // text has) with the real records after it: read through to its end, its vectors are used.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-cache");
        (LabeledText[] examples, EncoderHeadTrainerOptions options, string cache) = CachedTwoTexts(export, folder);
        byte[] records = File.ReadAllBytes(cache);
        long zeros = 2_200_000_000L / (records.Length / 2) * (records.Length / 2); // whole records of the dimension
        using (var stream = new FileStream(cache, FileMode.Create))
        {
            stream.SetLength(zeros);
            stream.Seek(zeros, SeekOrigin.Begin);
            stream.Write(records);
        }

        EncoderHeadTrainingResult result = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples, options);

        result.Classifier.Dispose();
        Assert.Equal((0, 2), (result.EmbeddedTexts, result.CachedTexts));
        Assert.Null(result.CacheProblem);
    }

    [Fact]
    public void A_torn_last_record_is_left_out_and_a_cache_that_cannot_be_written_is_reported_not_fatal()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-cache");
        (LabeledText[] examples, EncoderHeadTrainerOptions options, string cache) = CachedTwoTexts(export, folder);
        using (var stream = new FileStream(cache, FileMode.Open))
        {
            stream.SetLength(stream.Length - 3); // a run killed while it wrote the second record
        }

        EncoderHeadTrainingResult torn = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples, options);
        // A cache folder that is a file: nothing can be written there.
        string file = folder.Combine("a-file");
        File.WriteAllText(file, "not a folder");
        EncoderHeadTrainingResult unwritable = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples, options with { CacheDirectory = file });

        torn.Classifier.Dispose();
        unwritable.Classifier.Dispose();
        Assert.Equal((1, 1), (torn.EmbeddedTexts, torn.CachedTexts));
        Assert.Null(torn.CacheProblem);
        Assert.Equal((2, 0), (unwritable.EmbeddedTexts, unwritable.CachedTexts));
        Assert.Contains("could not be written", unwritable.CacheProblem, StringComparison.Ordinal);
        Assert.Contains(file, unwritable.CacheProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoder_vector_holding_infinity_is_refused_naming_the_graph_and_the_line()
    {
        // An export that overflows for one text: its NaN vector made every validation loss NaN, no epoch counted as
        // better, and the untrained starting head was saved ("best 0", exit 0); in the training split it "diverged" at
        // every learning rate.
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-inf");
        float[] table = TableGraph.Table(4);
        table[Array.IndexOf(TinyBert.Vocabulary, "awful") * 4] = float.PositiveInfinity;
        TableGraph.Write(folder.Path, 4, ["last_hidden_state"], table);
        LabeledText[] examples = [new("good movie", "pos", 2), new("bad movie", "neg", 3), new("good film", "pos", 4), new("an awful film", "neg", 5)];

        var ex = Assert.Throws<TextClassification.Bundles.BundleFormatException>(() =>
            EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(folder.Path), examples, new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = 1 }));

        Assert.Equal(Path.Combine(folder.Path, "model.onnx"), ex.FilePath);
        Assert.Contains("NaN or infinity for the text on line 5 (\"an awful film\")", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_record_holding_NaN_is_left_out_and_its_text_embedded_again()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-onnx-cache");
        (LabeledText[] examples, EncoderHeadTrainerOptions options, string cache) = CachedTwoTexts(export, folder);
        byte[] records = File.ReadAllBytes(cache);
        BitConverter.GetBytes(float.NaN).CopyTo(records, 32); // the first record's first value
        File.WriteAllBytes(cache, records);

        EncoderHeadTrainingResult result = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples, options);

        result.Classifier.Dispose();
        Assert.Equal((1, 1), (result.EmbeddedTexts, result.CachedTexts));
        Assert.Contains("1 record with NaN or infinity", result.CacheProblem, StringComparison.Ordinal);
        Assert.All(result.Classifier.Head.Output.Weights!, w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void A_head_whose_validation_loss_was_never_finite_is_refused_not_kept_untrained()
    {
        // Finite training vectors, NaN validation vectors: the starting weights were restored as "the best".
        (float[] vectors, int[] targets) = Clusters(200, dimension: 8, classes: 2, noise: 0.3f, seed: 5);
        var options = new EncoderHeadTrainerOptions { ValidationFraction = 0.1, MaxEpochs = 10 };
        (_, int[] validation) = TextClassification.Training.Splitting.StratifiedSplitter.Split(targets, 2, options.ValidationFraction, options.Seed, [.. Enumerable.Range(0, 200)]);
        foreach (int row in validation)
        {
            vectors[row * 8] = float.NaN;
        }

        var ex = Assert.Throws<TrainingDivergedException>(() => EncoderHeadTrainer.TrainHead(vectors, 8, targets, 2, options, null, default, [.. Enumerable.Range(0, 200)]));

        Assert.Contains("validation loss was not a finite number in any of", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0.001f, ex.DefaultLearningRate);
    }

    [Fact]
    public void Divergence_names_the_encoder_heads_default_learning_rate()
    {
        // The CLI's hint quoted the n-gram trainer's 0.25 for an encoder head, whose default is 0.001.
        (float[] vectors, int[] targets) = Clusters(40, dimension: 4, classes: 2, noise: 0.3f, seed: 5);
        vectors[0] = float.NaN;

        var ex = Assert.Throws<TrainingDivergedException>(() =>
            EncoderHeadTrainer.TrainHead(vectors, 4, targets, 2, new EncoderHeadTrainerOptions { ValidationFraction = 0 }, null, default));

        Assert.Equal(new EncoderHeadTrainerOptions().LearningRate, ex.DefaultLearningRate);
        Assert.Equal(new NGramTrainerOptions().LearningRate, new TrainingDivergedException(1, 1f).DefaultLearningRate);
    }

    // Two texts trained on once with a cache in folder: the examples, the options and the cache file then written.
    private static (LabeledText[] Examples, EncoderHeadTrainerOptions Options, string Cache) CachedTwoTexts(TinyBertExport export, TextClassification.Tests.Support.TempFolder folder)
    {
        LabeledText[] examples = [new("good movie", "pos", 1), new("bad movie", "neg", 2)];
        var options = new EncoderHeadTrainerOptions { HiddenSize = 4, ValidationFraction = 0, MaxEpochs = 2, CacheDirectory = folder.Path };
        EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder), examples, options).Classifier.Dispose();
        return (examples, options, Assert.Single(Directory.GetFiles(folder.Path)));
    }

    private static double Loss(EncoderHeadTrainer.HeadNetwork network, float[] x, int target, float weight)
    {
        // Backward returns the weighted loss of the current weights (gradients are scratch here).
        network.ClearGradients();
        return network.Backward(x, target, weight);
    }

    private static (float[] Vectors, int[] Targets) Clusters(int count, int dimension, int classes, float noise, int seed)
    {
        var random = new Random(seed);
        float[][] centres = [.. Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())];
        float[] vectors = new float[count * dimension];
        int[] targets = new int[count];
        for (int i = 0; i < count; i++)
        {
            targets[i] = i % classes;
            for (int j = 0; j < dimension; j++)
            {
                vectors[(i * dimension) + j] = centres[targets[i]][j] + (noise * (float)(random.NextDouble() * 2 - 1));
            }
        }

        return (vectors, targets);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
