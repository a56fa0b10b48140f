using Microsoft.Extensions.DependencyInjection;
using TextClassification.DependencyInjection;
using TextClassification.Tests.SourceGen.Generated;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.SourceGen;

/// <summary>The code the generator emitted into this test assembly (from SourceGen/Fixtures/topic), used for real.</summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void Enum_members_follow_model_order_and_carry_the_label()
    {
        Assert.Equal([TopicLabel.Finance, TopicLabel.Sports, TopicLabel.Weather], TopicLabels.Values);
        Assert.Equal(["finance", "sports", "weather"], TopicLabels.Labels);
        Assert.Equal(3, TopicLabels.Count);
        var attribute = (TextClassifierLabelAttribute)Attribute.GetCustomAttribute(
            typeof(TopicLabel).GetField(nameof(TopicLabel.Sports))!, typeof(TextClassifierLabelAttribute))!;
        Assert.Equal("sports", attribute.Label);
    }

    [Fact]
    public void Conversions_round_trip_and_reject_unknown_labels()
    {
        foreach (TopicLabel value in TopicLabels.Values)
        {
            Assert.True(TopicLabels.TryParseLabel(value.ToLabel(), out TopicLabel parsed));
            Assert.Equal(value, parsed);
        }

        Assert.False(TopicLabels.TryParseLabel("Sports", out _)); // ordinal: the member name is not the label
        Assert.False(TopicLabels.TryParseLabel(null, out _));
        Assert.Throws<ArgumentException>(() => TopicLabels.ParseLabel("politics"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((TopicLabel)42).ToLabel());
    }

    [Fact]
    public void Typed_classifier_agrees_with_the_untyped_model()
    {
        var classifier = new TopicClassifier(TestModels.Small);
        foreach (string text in SyntheticData.Texts(30, seed: 5))
        {
            Prediction untyped = TestModels.Small.Classify(text);
            Prediction<TopicLabel> typed = classifier.Classify(text);
            Assert.Equal(untyped.Label, typed.Label.ToLabel());
            Assert.Equal(untyped.Score, typed.Score);
            Assert.Equal(untyped.ScoreOf("weather"), typed.ScoreOf(TopicLabel.Weather));
        }

        IReadOnlyList<Prediction<TopicLabel>> batch = classifier.ClassifyBatch(["stock market rally", "goal in extra time"]);
        Assert.Equal(2, batch.Count);
        Assert.Equal(TestModels.Small.Classify("goal in extra time").Label, batch[1].Label.ToLabel());
    }

    [Fact]
    public void Typed_predictions_give_predicted_labels_and_top_k_as_enum_values()
    {
        // A multi-label prediction over the labels in another order than the enum (weather, finance, sports).
        TopicLabel[] order = [TopicLabel.Weather, TopicLabel.Finance, TopicLabel.Sports];
        var multi = new Prediction(["weather", "finance", "sports"], [0.7f, 0.2f, 0.6f], 0f, [0.5f, 0.5f, 0.5f]);
        var typed = new Prediction<TopicLabel>(multi, order);

        Assert.Equal([TopicLabel.Weather, TopicLabel.Sports], typed.PredictedLabels);
        // Made once and read-only, so what one reader does to it no other sees.
        Assert.Same(typed.PredictedLabels, typed.PredictedLabels);
        Assert.Throws<NotSupportedException>(() => ((IList<TopicLabel>)typed.PredictedLabels)[0] = TopicLabel.Finance);
        Assert.Equal([new(TopicLabel.Weather, 0.7f), new(TopicLabel.Sports, 0.6f)], typed.TopK(2));
        // Deconstructs as the tuples it returned before, and as Prediction.TopK's LabelScore.
        (TopicLabel best, float bestScore) = typed.TopK(1)[0];
        Assert.Equal((TopicLabel.Weather, 0.7f), (best, bestScore));
        Assert.Equal(3, typed.TopK(10).Count);

        // Single-label: the label, or none when the prediction abstained.
        Assert.Equal([TopicLabel.Finance], new Prediction<TopicLabel>(new Prediction(["weather", "finance", "sports"], [0.1f, 0.8f, 0.1f]), order).PredictedLabels);
        Assert.Empty(new Prediction<TopicLabel>(new Prediction(["weather", "finance", "sports"], [0.3f, 0.4f, 0.3f], 0.9f), order).PredictedLabels);
        // Mapped by position, not by label text: label strings unlike the enum's (a custom classifier's) still map to the
        // enum value at the same position. (A label given twice is refused by Prediction itself.)
        var repeated = new Prediction<TopicLabel>(new Prediction(["a", "c", "b"], [0.1f, 0.6f, 0.3f]), [TopicLabel.Weather, TopicLabel.Finance, TopicLabel.Sports]);
        Assert.Equal(TopicLabel.Finance, repeated.Label);
        Assert.Equal([TopicLabel.Finance], repeated.PredictedLabels);
        Assert.Equal([new(TopicLabel.Finance, 0.6f), new(TopicLabel.Sports, 0.3f), new(TopicLabel.Weather, 0.1f)], repeated.TopK(3));
    }

    [Fact]
    public async Task ClassifyBatchAsync_agrees_with_ClassifyBatch_also_through_the_default_implementation()
    {
        var classifier = new TopicClassifier(TestModels.Small);
        string[] texts = ["stock market rally", "goal in extra time", "rain and wind tomorrow"];
        TopicLabel[] expected = [.. classifier.ClassifyBatch(texts).Select(p => p.Label)];

        IReadOnlyList<Prediction<TopicLabel>> direct = await classifier.ClassifyBatchAsync(texts);
        // An implementation written before the method existed gets the interface's default.
        ITextClassifier<TopicLabel> older = new OlderTypedClassifier(classifier);
        IReadOnlyList<Prediction<TopicLabel>> viaDefault = await older.ClassifyBatchAsync(texts);

        Assert.Equal(expected, direct.Select(p => p.Label));
        Assert.Equal(expected, viaDefault.Select(p => p.Label));
        Assert.Equal(direct[1].Scores, viaDefault[1].Scores);
    }

    [Fact]
    public async Task ClassifyAsync_refuses_null_at_the_call_and_gives_a_canceled_task_for_a_canceled_token()
    {
        var classifier = new TopicClassifier(TestModels.Small);

        // Thrown by the call (an async method faulted its task instead, unlike the untyped classifiers).
        Assert.Throws<ArgumentNullException>(() => { _ = classifier.ClassifyAsync(null!).AsTask(); });
        Task<Prediction<TopicLabel>> canceled = classifier.ClassifyAsync("goal", new CancellationToken(canceled: true)).AsTask();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        Assert.True(canceled.IsCanceled);
        Assert.Equal(TopicLabel.Sports, (await classifier.ClassifyAsync("goal in extra time")).Label);
    }

    [Fact]
    public void ClassifyBatchAsync_refuses_a_null_list_or_text_at_the_call()
    {
        // The typed classifier's and the interface default's async methods faulted their tasks instead, and the untyped
        // classifiers checked the list but not its texts at the call (an outside review).
        var classifier = new TopicClassifier(TestModels.Small);
        ITextClassifier<TopicLabel> older = new OlderTypedClassifier(classifier);
        string[] withNull = ["goal", null!];

        Assert.Throws<ArgumentNullException>(() => { _ = classifier.ClassifyBatchAsync(null!); });
        Assert.Throws<ArgumentNullException>(() => { _ = classifier.ClassifyBatchAsync(withNull); });
        Assert.Throws<ArgumentNullException>(() => { _ = older.ClassifyBatchAsync(null!); });
        Assert.Throws<ArgumentNullException>(() => { _ = older.ClassifyBatchAsync(withNull); });
        Assert.Throws<ArgumentNullException>(() => { _ = TestModels.Small.ClassifyBatchAsync(withNull); });
    }

    // Implements every member but ClassifyBatchAsync, as code compiled against an earlier version would.
    private sealed class OlderTypedClassifier(ITextClassifier<TopicLabel> inner) : ITextClassifier<TopicLabel>
    {
        public IReadOnlyList<TopicLabel> Labels => inner.Labels;

        public ITextClassifier Untyped => inner.Untyped;

        public Prediction<TopicLabel> Classify(string text) => inner.Classify(text);

        public IReadOnlyList<Prediction<TopicLabel>> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            inner.ClassifyBatch(texts, cancellationToken);

        public ValueTask<Prediction<TopicLabel>> ClassifyAsync(string text, CancellationToken cancellationToken = default) =>
            inner.ClassifyAsync(text, cancellationToken);

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => inner.Score(text, probabilities);
    }

    [Fact]
    public void Typed_classifier_refuses_a_model_with_the_enum_labels_in_another_order()
    {
        // The enum's values are the model's indices ((int)TopicLabel.Sports == 1), so a model with the same labels in
        // another order made scores[(int)TopicLabel.Sports] read another label's score: it had been accepted (labels were
        // matched as a set). The trainer sorts labels, so such a model is made by permuting a real one.
        var reordered = new ReorderedClassifier(TestModels.Small, [2, 0, 1]);
        Assert.Equal(["weather", "finance", "sports"], reordered.Labels);

        var ex = Assert.Throws<InvalidOperationException>(() => new TopicClassifier(reordered));

        Assert.Contains("another order", ex.Message, StringComparison.Ordinal);
        Assert.Contains("index 0", ex.Message, StringComparison.Ordinal); // the first position that differs
        Assert.Contains("'weather'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'finance'", ex.Message, StringComparison.Ordinal);
        // A hand-written typed classifier (the base class's public constructor) is held to the same order.
        Assert.Throws<InvalidOperationException>(() => new HandmadeTopicClassifier(reordered));
        // In the enum's order it is accepted, and Scores line up with the enum's values.
        var inOrder = new TopicClassifier(new ReorderedClassifier(TestModels.Small, [0, 1, 2]));
        Prediction<TopicLabel> p = inOrder.Classify("goal in extra time");
        Assert.Equal(TestModels.Small.Classify("goal in extra time").ScoreOf("sports"), p.Scores[(int)TopicLabel.Sports]);
    }

    [Fact]
    public void Typed_classifier_rejects_a_model_with_other_labels()
    {
        var rows = TestModels.SmallData.Select(r => r with { Label = r.Label == "sports" ? "politics" : r.Label }).ToList();
        TextClassifier other = TestModels.Train(rows, seed: 7);
        var ex = Assert.Throws<InvalidOperationException>(() => new TopicClassifier(other));
        Assert.Contains("politics", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sports", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reads_every_model_kind_and_owns_what_it_loads()
    {
        // An n-gram bundle.
        using var folder = new TempFolder();
        string bundle = folder.Combine("topic");
        TestModels.Small.Save(bundle);
        using (TopicClassifier ngram = TopicClassifier.Load(bundle))
        {
            Assert.Equal(TestModels.Small.Classify("sunny and warm").Label, ngram.Classify("sunny and warm").Label.ToLabel());
        }

        // A Hugging Face export with the enum's labels, in its order: disposing the typed classifier releases the ONNX
        // session it loaded.
        using var export = new Onnx.TinyBertExport(["finance", "sports", "weather"]);
        TopicClassifier onnx = TopicClassifier.Load(export.Folder);
        using (var untyped = TextClassification.Onnx.OnnxTextClassifier.Create(export.Folder))
        {
            Prediction expected = untyped.Classify("the market fell");
            Prediction<TopicLabel> actual = onnx.Classify("the market fell");
            Assert.Equal(expected.Label, actual.Label.ToLabel());
            Assert.Equal(expected.ScoreOf("finance"), actual.ScoreOf(TopicLabel.Finance));
        }

        onnx.Dispose();
        Assert.Throws<ObjectDisposedException>(() => onnx.Classify("the market fell"));

        // One built on a classifier the caller passed in (or dependency injection) leaves it alone.
        var shared = TextClassification.Onnx.OnnxTextClassifier.Create(export.Folder);
        new TopicClassifier(shared).Dispose();
        Assert.Equal(3, shared.Classify("rain tomorrow").Scores.Count);
        shared.Dispose();

        // Other labels: refused, naming them.
        using var other = new Onnx.TinyBertExport(["weather", "finance", "politics"]);
        var ex = Assert.Throws<InvalidOperationException>(() => TopicClassifier.Load(other.Folder));
        Assert.Contains("politics", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(other.Folder + ": ", ex.Message, StringComparison.Ordinal); // which model did not match

        // The enum's labels in another order: refused too, naming the first index that differs.
        using var reordered = new Onnx.TinyBertExport(["finance", "weather", "sports"]);
        var order = Assert.Throws<InvalidOperationException>(() => TopicClassifier.Load(reordered.Folder));
        Assert.StartsWith(reordered.Folder + ": ", order.Message, StringComparison.Ordinal);
        Assert.Contains("index 1", order.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTopicClassifier_refuses_at_registration_a_model_with_the_enum_labels_in_another_order()
    {
        // Registration compared the labels as a set, so this export passed it (and the typed classifier mapped by label,
        // leaving Scores in the model's order under enum values that are the other order's indices).
        using var export = new Onnx.TinyBertExport(["finance", "weather", "sports"]);
        var services = new ServiceCollection();

        var ex = Assert.Throws<InvalidOperationException>(() => services.AddTopicClassifier(o => o.ModelPath = export.Folder));

        Assert.StartsWith(export.Folder + ": the model's labels are those of ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(TextClassifierOptions['", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ExpectedLabels) in another order: at index 1 the model has 'weather', the enum 'sports'.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("labels of those of", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);

        // An untyped registration's ExpectedLabels still take any order (its scores are read by label).
        services.AddTextClassifier(o =>
        {
            o.ModelPath = export.Folder;
            o.ExpectedLabels = TopicLabels.Labels;
        });
        Assert.NotEmpty(services);
    }

    [Fact]
    public void AddTopicClassifier_registers_one_lazily_loaded_singleton()
    {
        using var folder = new TempFolder();
        string bundle = folder.Combine("topic");
        TestModels.Small.Save(bundle);
        var services = new ServiceCollection();
        services.AddTopicClassifier(o => o.ModelPath = bundle);
        using ServiceProvider provider = services.BuildServiceProvider();
        TopicClassifier classifier = provider.GetRequiredService<TopicClassifier>();
        Assert.Same(classifier, provider.GetRequiredService<ITextClassifier<TopicLabel>>());
        Assert.Equal(TestModels.Small.Classify("sunny and warm").Label, classifier.Classify("sunny and warm").Label.ToLabel());
    }

    [Fact]
    public void AddTopicClassifier_names_the_model_path_when_its_labels_do_not_match()
    {
        using var folder = new TempFolder();
        string bundle = folder.Combine("other");
        TestModels.Train([new("a fine day", "sunny", 1), new("rain again", "rainy", 2), new("clouds", "rainy", 3), new("bright sun", "sunny", 4)], seed: 1).Save(bundle);
        var services = new ServiceCollection();

        // At registration (the manifest is read there anyway), not at the first request.
        var ex = Assert.Throws<InvalidOperationException>(() => services.AddTopicClassifier(o => o.ModelPath = bundle));

        Assert.StartsWith(bundle + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rainy", ex.Message, StringComparison.Ordinal);
        // Review 51a: the other side is the enum compiled in, named as such; the message named only
        // TextClassifierOptions['….TopicClassifier'].ExpectedLabels, a setting the app never wrote.
        Assert.Contains(
            $"the model's labels are not those of {typeof(TopicLabel).FullName}, the enum the build generated for {typeof(TopicClassifier).FullName} " +
            $"(TextClassifierOptions['{typeof(TopicClassifier).FullName}'].ExpectedLabels): not expected: [",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Empty(services);
        // A key of a typed classifier written by hand is not called generated.
        var handmade = Assert.Throws<InvalidOperationException>(() => services.AddKeyedTextClassifier(typeof(HandmadeTopicClassifier), o =>
        {
            o.ModelPath = bundle;
            o.ExpectedLabels = TopicLabels.Labels;
        }));
        Assert.Contains($"the model's labels are not TextClassifierOptions['{typeof(HandmadeTopicClassifier).FullName}'].ExpectedLabels: not expected: [", handmade.Message, StringComparison.Ordinal);

        // A model that changed after registration is still caught when the classifier is built, naming the path.
        using var original = new TempFolder();
        string replaced = original.Combine("topic");
        TestModels.Small.Save(replaced);
        services.AddTopicClassifier(o => o.ModelPath = replaced);
        Directory.Delete(replaced, recursive: true);
        TestModels.Train([new("a fine day", "sunny", 1), new("rain again", "rainy", 2), new("clouds", "rainy", 3), new("bright sun", "sunny", 4)], seed: 1).Save(replaced);
        using ServiceProvider provider = services.BuildServiceProvider();
        var late = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITextClassifier<TopicLabel>>());
        Assert.StartsWith(replaced + ": ", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTopicClassifier_fails_at_registration_when_the_default_model_is_missing()
    {
        Assert.Equal("Models/topic", TopicClassifier.DefaultModelPath);
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTopicClassifier());
        // Looked for under the app's folder, where the build copies the model, not under the current directory.
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "Models/topic"), ex.Message, StringComparison.Ordinal);
        // Review 51a: that path is rooted, and the hint for a rooted path said a TextClassifierModel item does not put
        // the bundle there, while the item copies it to exactly that folder of the app.
        Assert.DoesNotContain("does not put it there", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "Models/topic does not exist. It is in the app's folder, where the build copies a TextClassifierModel item's bundle (at the path it has in the " +
            "project, Models/<its ClassName or folder name> for a folder outside the project, or the item's OutputPath): build the app again, and deploy " +
            "that folder with the app (it is in the build and publish output).",
            ex.Message,
            StringComparison.Ordinal);
    }
}

/// <summary>A typed classifier written by hand (no [GeneratedCode]), as a registration key.</summary>
internal sealed class HandmadeTopicClassifier(ITextClassifier inner) : TypedTextClassifier<TopicLabel>(inner, TopicLabels.Values, TopicLabels.Labels);

/// <summary>A real classifier whose labels (and scores) are presented in another order.</summary>
internal sealed class ReorderedClassifier(ITextClassifier inner, int[] order) : ITextClassifier
{
    public IReadOnlyList<string> Labels { get; } = order.Select(i => inner.Labels[i]).ToArray();

    public Prediction Classify(string text)
    {
        float[] scores = new float[order.Length];
        Score(text, scores);
        return new Prediction(Labels, scores);
    }

    public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        texts.Select(Classify).ToArray();

    public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(Classify(text));

    public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Task.FromResult(ClassifyBatch(texts, cancellationToken));

    public void Score(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        Span<float> original = stackalloc float[order.Length];
        inner.Score(text, original);
        for (int i = 0; i < order.Length; i++)
        {
            probabilities[i] = original[order[i]];
        }
    }
}
