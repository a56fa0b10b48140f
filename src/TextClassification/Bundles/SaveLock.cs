using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace TextClassification.Bundles;

/// <summary>
/// An exclusive lock on saving to one bundle folder, across the threads and processes of one user (in every session:
/// a shell, cron, a service): a named <see cref="Mutex"/> whose name is derived from the folder's full path with its
/// symbolic links resolved (saves through a link and through the real path take one lock), so nothing is written into
/// the folder. Where
/// named mutexes are not available (no writable temp folder, a platform without them) it falls back to a lock shared by
/// the threads of this process only. Released by <see cref="Dispose"/> on the thread that acquired it.
/// </summary>
internal sealed class SaveLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    private readonly Mutex? _mutex;
    private readonly SemaphoreSlim? _semaphore;

    private SaveLock(Mutex? mutex, SemaphoreSlim? semaphore)
    {
        _mutex = mutex;
        _semaphore = semaphore;
    }

    /// <summary>Waits up to <paramref name="wait"/> for the lock of <paramref name="folder"/> (a full path), or until
    /// <paramref name="cancellationToken"/> is canceled.</summary>
    /// <exception cref="IOException">Another save held the folder for all of <paramref name="wait"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled while waiting.</exception>
    public static SaveLock Acquire(string folder, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        string resolved = RealPath.Of(folder);
        Mutex? mutex = TryOpenNamed(resolved);
        if (mutex is null)
        {
            SemaphoreSlim semaphore = InProcess.GetOrAdd(Key(resolved), static _ => new SemaphoreSlim(1, 1));
            return semaphore.Wait(wait, cancellationToken) ? new SaveLock(null, semaphore) : throw Busy(folder, wait);
        }

        try
        {
            // The wait for another save (up to two minutes) ends at a cancellation too: Ctrl+C during train's save had
            // waited it out (review 51e). In slices, as a named mutex cannot be waited on beside another handle on Unix.
            if (!WaitOne(mutex, wait, cancellationToken))
            {
                throw Busy(folder, wait);
            }
        }
        catch (AbandonedMutexException)
        {
            // A process died while saving; its save left the old or the new manifest in place (the swap is atomic),
            // and this thread now owns the lock.
        }
        catch
        {
            mutex.Dispose();
            throw;
        }

        return new SaveLock(mutex, null);
    }

    // True when the mutex was taken within the wait; checks the token every 100 ms.
    private static bool WaitOne(Mutex mutex, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return mutex.WaitOne(wait);
        }

        long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long left = deadline - Environment.TickCount64;
            if (mutex.WaitOne(TimeSpan.FromMilliseconds(Math.Clamp(left, 0, 100))))
            {
                return true;
            }

            if (left <= 100)
            {
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_mutex is not null)
        {
            _mutex.ReleaseMutex();
            _mutex.Dispose();
        }

        _semaphore?.Release();
    }

    private static Mutex? TryOpenNamed(string folder)
    {
        // Named mutexes on Unix are files under the temp folder, named from this: a hash keeps the name short and valid.
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Key(folder))), 0, 16);
        try
        {
            // Not the default (this session only: on Linux a process started by cron, systemd or setsid is another
            // session, and two such saves of one folder would not take turns): every session of this user.
            return new Mutex(initiallyOwned: false, $"TextClassification.Save.{hash}", new NamedWaitHandleOptions { CurrentUserOnly = true, CurrentSessionOnly = false });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    // One folder, one key: Windows and macOS file systems ignore letter case (by default), so C:\Models and c:\models
    // must share a lock there.
    private static string Key(string folder) =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? folder.ToUpperInvariant() : folder;

    private static IOException Busy(string folder, TimeSpan wait) =>
        new($"Another save to '{folder}' has not finished in {wait.TotalSeconds:F0} s.");
}
