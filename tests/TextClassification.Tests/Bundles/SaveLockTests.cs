using TextClassification.Bundles;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary><see cref="SaveLock"/>: one lock per folder, whatever path reaches it.</summary>
public sealed class SaveLockTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-save-lock");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_path_through_links_resolves_to_the_real_folder_and_a_missing_tail_is_kept()
    {
        string real = _temp.Combine("real");
        Directory.CreateDirectory(Path.Combine(real, "models"));
        string link = _temp.Combine("link");
        Directory.CreateSymbolicLink(link, real);
        string relative = _temp.Combine("relative");
        Directory.CreateSymbolicLink(relative, "link"); // a relative link to the link

        Assert.Equal(Path.Combine(RealPath.Of(real), "models"), RealPath.Of(Path.Combine(link, "models")));
        Assert.Equal(Path.Combine(RealPath.Of(real), "models", "new"), RealPath.Of(Path.Combine(relative, "models", "new")));
        Assert.Equal(_temp.Combine("absent", "bundle"), RealPath.Of(_temp.Combine("absent", "bundle")));
    }

    [Fact]
    public void A_save_through_a_link_waits_for_one_through_the_real_path()
    {
        // Two saves of one folder by two paths took two locks: one's sweep could delete the other's new weight files.
        string real = _temp.Combine("real");
        Directory.CreateDirectory(real);
        string link = _temp.Combine("link");
        Directory.CreateSymbolicLink(link, real);

        using SaveLock held = SaveLock.Acquire(Path.Combine(real, "bundle"), TimeSpan.FromSeconds(5));
        // Another thread (a named mutex is re-entrant for the thread that holds it, and must be released by it).
        Exception? error = null;
        var other = new Thread(() =>
        {
            try
            {
                using SaveLock second = SaveLock.Acquire(Path.Combine(link, "bundle"), TimeSpan.FromMilliseconds(200));
            }
            catch (IOException ex)
            {
                error = ex;
            }
        });
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(60)), "the second acquire never returned");

        Assert.IsType<IOException>(error);
        Assert.Contains(Path.Combine(link, "bundle"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_save_waiting_for_another_saves_lock_stops_when_its_token_is_canceled()
    {
        // The wait for another save's lock (up to two minutes) ignored the token: Ctrl+C during train's save waited it
        // out (review 51e). The 60 s join is only there to fail rather than hang; the wait ends at the cancellation.
        string bundle = _temp.Combine("bundle");
        using SaveLock held = SaveLock.Acquire(bundle, TimeSpan.FromSeconds(5));
        using var cancellation = new CancellationTokenSource();
        Exception? error = null;
        var saver = new Thread(() =>
        {
            try
            {
                ModelBundle.Save(TestModels.Small, bundle, cancellation.Token);
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }) { IsBackground = true };
        saver.Start();
        Thread.Sleep(200); // let it reach the wait (canceling earlier is caught by the save's first check, also fine)
        cancellation.Cancel();

        Assert.True(saver.Join(TimeSpan.FromSeconds(60)), "the save kept waiting after its token was canceled");
        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, canceled.CancellationToken);
        Assert.False(Directory.Exists(bundle) && Directory.EnumerateFileSystemEntries(bundle).Any(), "the canceled save wrote into the folder");
    }
}
