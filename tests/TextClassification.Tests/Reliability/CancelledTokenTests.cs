using TextClassification.Onnx;
using TextClassification.Reloading;
using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Reliability;

/// <summary>A token canceled before the call is seen at once by every classifier: the synchronous batch throws, even
/// for an empty batch, and the asynchronous calls return a task that is canceled already.</summary>
public sealed class CancelledTokenTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-cancelled");
    private readonly List<IDisposable> _owned = [];

    public static TheoryData<string> Kinds => ["n-gram", "reloading", "onnx", "encoder-head"];

    public void Dispose()
    {
        // The classifiers before the folders they were loaded from.
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_batch_throws_even_when_it_is_empty(string kind)
    {
        // An empty batch returned [] although the interface documents OperationCanceledException for a canceled token:
        // the only checks were before each text or chunk (an outside audit).
        ITextClassifier classifier = Create(kind);
        CancellationToken token = Cancelled();

        Assert.Equal(token, Assert.ThrowsAny<OperationCanceledException>(() => classifier.ClassifyBatch([], token)).CancellationToken);
        Assert.Equal(token, Assert.ThrowsAny<OperationCanceledException>(() => classifier.ClassifyBatch(["good movie", "bad film"], token)).CancellationToken);
        if (classifier is OnnxTextClassifier onnx)
        {
            Assert.Equal(token, Assert.ThrowsAny<OperationCanceledException>(() => onnx.ClassifyPairBatch([], [], token)).CancellationToken);
        }

        if (classifier is EncoderHeadClassifier head)
        {
            Assert.Equal(token, Assert.ThrowsAny<OperationCanceledException>(() => head.Encoder.Embed([], Span<float>.Empty, token)).CancellationToken);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_async_calls_return_a_task_canceled_already(string kind)
    {
        // ClassifyBatchAsync (every classifier) and the ONNX classifiers' ClassifyAsync returned Task.Run's task, which
        // becomes canceled only when a pool thread takes it: on a busy pool a request whose client had gone still waited.
        ITextClassifier classifier = Create(kind);
        CancellationToken token = Cancelled();

        Task<IReadOnlyList<Prediction>> batch = classifier.ClassifyBatchAsync(["good movie", "bad film"], token);
        Task<IReadOnlyList<Prediction>> empty = classifier.ClassifyBatchAsync([], token);
        ValueTask<Prediction> single = classifier.ClassifyAsync("good movie", token);

        Assert.True(batch.IsCanceled, $"ClassifyBatchAsync: {batch.Status}");
        Assert.True(empty.IsCanceled, $"ClassifyBatchAsync([]): {empty.Status}");
        Assert.True(single.IsCanceled, "ClassifyAsync");
        Assert.Equal(token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch)).CancellationToken);
        Assert.Equal(token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await single)).CancellationToken);
    }

    private static CancellationToken Cancelled() => new(canceled: true);

    private ITextClassifier Create(string kind)
    {
        switch (kind)
        {
            case "n-gram":
                return TestModels.Small;
            case "reloading":
                return Own(ReloadingTextClassifier.Create(
                    BundleEditing.SaveBundle(_temp, TestModels.Small),
                    new ReloadingTextClassifierOptions { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero }));
            case "onnx":
                TinyBertExport export = Own(new TinyBertExport(["neg", "pos"]));
                return Own(OnnxTextClassifier.Create(export.Folder));
            default:
                TinyBertExport encoder = Own(new TinyBertExport(["unused"], classifier: false));
                LabeledText[] examples = [new("good movie", "pos", 1), new("bad movie", "neg", 2)];
                return Own(EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(encoder.Folder), examples,
                    new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = 1 }).Classifier);
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
