using TextClassification.Reloading;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Reloading;

/// <summary>
/// Review 52d: <see cref="ReloadingTextClassifier.Dispose"/> while a reload runs. The background reload loaded without a
/// token, so Dispose waited for the whole load of a large bundle (seconds), and the model was swapped in all the same.
/// </summary>
public sealed class DisposeDuringReloadTests : IDisposable
{
    // A guard against a hang, not a timing assertion.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempFolder _temp = new("tc-dispose-reload");

    public void Dispose() => _temp.Dispose();

    private static ReloadingTextClassifierOptions Manual() => new() { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero };

    [Fact]
    public void Dispose_on_another_thread_cancels_the_load_in_flight_and_nothing_is_swapped_in()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var reloading = ReloadingTextClassifier.Create(bundle, Manual());
        TextClassifier before = reloading.Current;
        int raised = 0;
        reloading.Reloaded += (_, _) => Interlocked.Increment(ref raised);
        TestModels.SmallOtherSeed.Save(bundle);

        // The load in flight goes on until its token is canceled, as a large bundle's read does piece by piece.
        Thread? disposer = null;
        bool canceled = false;
        reloading.BeforeLoad = token =>
        {
            disposer = new Thread(reloading.Dispose);
            disposer.Start();
            canceled = token.WaitHandle.WaitOne(Patience);
        };

        bool swapped = reloading.Reload();

        Assert.True(disposer!.Join(Patience), "Dispose did not return");
        Assert.True(canceled, "Dispose did not cancel the load in flight");
        Assert.False(swapped);
        Assert.Same(before, reloading.Current);
        Assert.Equal(1, reloading.Generation);
        Assert.Equal(0, Volatile.Read(ref raised));
        Assert.Null(reloading.LastReloadError); // a canceled load is not a rejected bundle
        Assert.False(reloading.Reload());
    }
}
