namespace TextClassification.Bundles;

/// <summary>The file a path leads to through its symbolic links. On .NET a <see cref="FileInfo"/> of a link describes
/// the link itself: its <see cref="FileInfo.Length"/> is the length of the target path the link stores and its times
/// are the link's, and <see cref="FileSystemInfo.Exists"/> is true for a link whose target is gone. Bundles are often
/// made of links (<c>cp -rs</c>, a Kubernetes ConfigMap or Secret volume, whose every file links into <c>..data/</c>),
/// and their sizes must be measured on the files the links lead to.</summary>
internal static class FileTarget
{
    /// <summary>The file <paramref name="path"/> names, its symbolic links followed to the end; the path's own
    /// <see cref="FileInfo"/> when it is not a link. <see cref="FileSystemInfo.Exists"/> is false when the path is
    /// missing or a link's final target is (a dangling link), or when it leads to a folder.</summary>
    /// <exception cref="IOException">The links cannot be followed (they go round in circles).</exception>
    public static FileInfo Of(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null
            ? info
            : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? new FileInfo(path);
    }

    /// <summary>Why <paramref name="path"/>, whose <paramref name="target"/> (from <see cref="Of"/>) does not exist, has
    /// no file: "the file is missing", or, for a dangling link, where the link leads. "Missing" alone sent operators
    /// looking for a file that is there, as a link.</summary>
    public static string Missing(string path, FileInfo target) =>
        string.Equals(target.FullName, Path.GetFullPath(path), StringComparison.Ordinal) ? "the file is missing"
        : Directory.Exists(target.FullName) ? $"the file is a symbolic link to the folder {target.FullName}, not to a file"
        : $"the file is a symbolic link to {target.FullName}, which does not exist (a dangling link)";
}
