using System.Security.Cryptography;
using System.Text;

namespace TextClassification.Bundles;

/// <summary>
/// An exclusive lock on saving to one bundle folder, across the threads and processes of one user: a named
/// <see cref="Mutex"/> whose name is derived from the folder's full path, so nothing is written into the folder.
/// Released by <see cref="Dispose"/> on the thread that acquired it.
/// </summary>
internal sealed class SaveLock : IDisposable
{
    private readonly Mutex _mutex;

    private SaveLock(Mutex mutex) => _mutex = mutex;

    /// <summary>Waits up to <paramref name="wait"/> for the lock of <paramref name="folder"/> (a full path).</summary>
    /// <exception cref="IOException">Another save held the folder for all of <paramref name="wait"/>.</exception>
    public static SaveLock Acquire(string folder, TimeSpan wait)
    {
        // Named mutexes on Unix are files under the temp folder, named from this: a hash keeps it short and valid.
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder)), 0, 16);
        var mutex = new Mutex(initiallyOwned: false, $"TextClassification.Save.{hash}");
        try
        {
            if (!mutex.WaitOne(wait))
            {
                throw new IOException($"Another save to '{folder}' has not finished in {wait.TotalSeconds:F0} s.");
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

        return new SaveLock(mutex);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _mutex.ReleaseMutex();
        _mutex.Dispose();
    }
}
