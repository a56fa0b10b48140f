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

    [Fact]
    public void No_Reloaded_event_is_raised_after_Dispose_returned()
    {
        // A reload swapped its model in and released the lock; Dispose, on another thread, took the lock and returned;
        // then the reload raised its event, to handlers that had been told nothing more would come.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var reloading = ReloadingTextClassifier.Create(bundle, Manual());
        bool disposed = false;
        var seenAfterDispose = new List<long>();
        reloading.Reloaded += (_, e) =>
        {
            if (Volatile.Read(ref disposed))
            {
                seenAfterDispose.Add(e.Generation);
            }
        };
        TestModels.SmallOtherSeed.Save(bundle);
        reloading.BeforeRaise = () =>
        {
            var disposer = new Thread(() =>
            {
                reloading.Dispose();
                Volatile.Write(ref disposed, true);
            });
            disposer.Start();
            Assert.True(disposer.Join(Patience), "Dispose did not return");
        };

        Assert.True(reloading.Reload()); // swapped in before Dispose was called
        Assert.Equal(2, reloading.Generation);
        Assert.Empty(seenAfterDispose);
    }

    [Fact]
    public void A_Reloaded_handler_may_call_Reload_and_Dispose()
    {
        // Handlers run outside the reload lock: one that reloads again, or disposes the classifier, neither deadlocks
        // nor sees an event after its Dispose.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var reloading = ReloadingTextClassifier.Create(bundle, Manual());
        var generations = new List<long>();
        reloading.Reloaded += (_, e) =>
        {
            generations.Add(e.Generation);
            if (e.Generation == 2)
            {
                TestModels.Small.Save(bundle, CancellationToken.None);
                Assert.True(reloading.Reload());
                reloading.Dispose();
                TestModels.SmallOtherSeed.Save(bundle, CancellationToken.None);
                Assert.False(reloading.Reload());
            }
        };
        TestModels.SmallOtherSeed.Save(bundle);

        Assert.True(reloading.Reload());
        Assert.Equal([2L, 3L], generations);
        Assert.Equal(3, reloading.Generation);
    }
}
