namespace TextClassification.Bundles;

/// <summary>Paths with their symbolic links resolved: the save lock's key (a save through a link and one through the real
/// path are one folder), and the place an encoder + head bundle's relative encoder path is read from (the operating
/// system resolves <c>link/../x</c> from the link's target, not from the folder the link sits in).</summary>
internal static class RealPath
{
    /// <summary>
    /// <paramref name="fullPath"/> with its symbolic links resolved, outermost first, as far as the path exists (the rest
    /// is kept as given); a path whose links go round in circles is returned as far as it got after 40 of them.
    /// </summary>
    public static string Of(string fullPath)
    {
        string path = fullPath;
        for (int links = 0; links < 40; links++)
        {
            if (ResolveFirstLink(path) is not { } next)
            {
                return path;
            }

            path = next;
        }

        return path;
    }

    // The path with its outermost linked part replaced by the link's target, or null when no existing part is a link.
    private static string? ResolveFirstLink(string path)
    {
        string root = Path.GetPathRoot(path) ?? string.Empty;
        string[] parts = path[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        string current = root;
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            current = Path.Combine(current, parts[i]);
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null; // a part that cannot be read: the path as it stands
            }

            if (target is not null)
            {
                string resolved = Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root);
                string rest = string.Join(Path.DirectorySeparatorChar, parts[(i + 1)..]);
                return rest.Length == 0 ? resolved : Path.Combine(resolved, rest);
            }

            if (!Path.Exists(current))
            {
                return null;
            }
        }

        return null;
    }
}
