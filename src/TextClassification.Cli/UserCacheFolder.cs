namespace TextClassification.Cli;

/// <summary>
/// Where <c>textclf</c> keeps caches by default: a folder of the user's own, never a shared one. (The embedding cache sat
/// in <c>&lt;temp&gt;/textclf-embeddings</c>: on a machine with several users, whoever made that folder first could
/// plant vectors that everyone's heads were then trained on.)
/// </summary>
internal static class UserCacheFolder
{
    /// <summary>
    /// The folder <paramref name="name"/> in the user's cache: <c>$XDG_CACHE_HOME/textclf</c> (when absolute), else
    /// <c>$HOME/.cache/textclf</c> on Linux and macOS; <c>%LOCALAPPDATA%\textclf</c> on Windows. Null when the user has no
    /// home folder (no cache rather than a shared one).
    /// </summary>
    /// <param name="name">The cache's folder name.</param>
    /// <param name="environment">Reads an environment variable (a parameter so tests need not change the process's).</param>
    public static string? For(string name, Func<string, string?> environment)
    {
        string? root;
        if (OperatingSystem.IsWindows())
        {
            root = environment("LOCALAPPDATA");
        }
        else
        {
            string? xdg = environment("XDG_CACHE_HOME");
            string? home = environment("HOME");
            root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg
                : !string.IsNullOrEmpty(home) && Path.IsPathRooted(home) ? Path.Combine(home, ".cache")
                : null;
        }

        return string.IsNullOrEmpty(root) ? null : Path.Combine(root, "textclf", name);
    }
}
