using System.Globalization;
using TextClassification.Bundles;
using TextClassification.Cli;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary>
/// Review 52c: a load takes a cancellation token, as a save does (a 753 MB bundle took 2.6 s to load, and Ctrl+C during
/// <c>textclf eval</c> or <c>predict</c> waited for it). The weights here are corrupt, so a load that read them would
/// fail on their hash: a canceled one throws with its token before it reads them.
/// </summary>
public sealed class CanceledLoadTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-canceled-load");

    public void Dispose() => _temp.Dispose();

    private string CorruptBundle()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small, "model");
        BundleEditing.FlipByte(BundleEditing.WeightFile(bundle, "embeddings"), 0, 0x40);
        return bundle;
    }

    private static CancellationTokenSource Canceled()
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source;
    }

    [Fact]
    public void Every_public_load_of_a_bundle_throws_with_a_canceled_token()
    {
        string bundle = CorruptBundle();
        using CancellationTokenSource canceled = Canceled();

        Assert.Equal(canceled.Token, Assert.ThrowsAny<OperationCanceledException>(() => ModelBundle.Load(bundle, canceled.Token)).CancellationToken);
        Assert.Equal(canceled.Token, Assert.ThrowsAny<OperationCanceledException>(() => TextClassifier.Load(bundle, canceled.Token)).CancellationToken);
        Assert.Equal(canceled.Token, Assert.ThrowsAny<OperationCanceledException>(() => TextClassifierLoader.Load(bundle, null, canceled.Token)).CancellationToken);
        Assert.Equal(canceled.Token, Assert.ThrowsAny<OperationCanceledException>(() => TextClassification.Reloading.ReloadingTextClassifier.Create(bundle, null, canceled.Token)).CancellationToken);
        // Without the cancellation the load reads the weights and finds them corrupt.
        Assert.Throws<BundleFormatException>(() => ModelBundle.Load(bundle, CancellationToken.None));
    }

    [Fact]
    public void Loading_an_export_throws_with_a_canceled_token_before_the_session_is_made()
    {
        using var export = new Onnx.TinyBertExport(["a", "b"]);
        using CancellationTokenSource canceled = Canceled();

        Assert.ThrowsAny<OperationCanceledException>(() => TextClassifierLoader.Load(export.Folder, null, canceled.Token));
    }

    [Fact]
    public void Reading_a_weight_file_looks_at_the_token()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small, "model");
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        string path = BundleEditing.WeightFile(bundle, "embeddings");
        using CancellationTokenSource canceled = Canceled();

        var error = Assert.ThrowsAny<OperationCanceledException>(() => BundleFiles.Read<float>(path, new FileInfo(path).Length / sizeof(float), manifest, canceled.Token));

        Assert.Equal(canceled.Token, error.CancellationToken);
    }

    [Fact]
    public void A_token_not_canceled_loads_the_same_model()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small, "model");
        using var source = new CancellationTokenSource();

        TextClassifier loaded = TextClassifier.Load(bundle, source.Token);

        foreach (string text in SyntheticData.Texts(10, seed: 3))
        {
            Assert.Equal(TestModels.Small.Classify(text).Scores, loaded.Classify(text).Scores);
        }
    }

    [Fact]
    public async Task Predict_canceled_before_its_model_is_read_exits_130_without_reading_it()
    {
        // The CLI's token reaches the load: canceled, predict had still read the whole model (here: found it corrupt, exit 1).
        string bundle = CorruptBundle();
        using CancellationTokenSource canceled = Canceled();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        int exitCode = await CliApp.RunAsync(["predict", bundle, "rain tomorrow"], output, error, TextReader.Null, canceled.Token);

        Assert.True(exitCode == ExitCodes.Canceled, $"exit {exitCode}: {error}");
        Assert.Empty(output.ToString());
    }
}
