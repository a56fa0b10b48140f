namespace TextClassification.Tests.Support;

/// <summary>Whether this process may create symbolic links (Windows needs developer mode or a privilege for them).</summary>
public static class SymbolicLinks
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Why links cannot be created here, or null when they can.</summary>
    public static string? SkipReason => Reason.Value;

    /// <summary>Makes <paramref name="linkFolder"/> hold, for every file of <paramref name="folder"/>, a symbolic link of the
    /// same name to it (as <c>cp -rs</c> does), and returns <paramref name="linkFolder"/>.</summary>
    public static string LinkEveryFile(string folder, string linkFolder)
    {
        Directory.CreateDirectory(linkFolder);
        foreach (string file in Directory.GetFiles(folder))
        {
            File.CreateSymbolicLink(Path.Combine(linkFolder, Path.GetFileName(file)), file);
        }

        return linkFolder;
    }

    /// <summary>Lays out the files of <paramref name="folder"/> as a Kubernetes ConfigMap or Secret volume does:
    /// <paramref name="volume"/> holds a timestamped folder with copies of the files, a <c>..data</c> link to that folder,
    /// and for every file a link of its name to <c>..data/name</c> (relative links). Returns <paramref name="volume"/>.</summary>
    public static string ConfigMapLayout(string folder, string volume, string version = "..2026_01_01_00_00_00.1")
    {
        Directory.CreateDirectory(Path.Combine(volume, version));
        Directory.CreateSymbolicLink(Path.Combine(volume, "..data"), version);
        foreach (string file in Directory.GetFiles(folder))
        {
            string name = Path.GetFileName(file);
            File.Copy(file, Path.Combine(volume, version, name));
            File.CreateSymbolicLink(Path.Combine(volume, name), Path.Combine("..data", name));
        }

        return volume;
    }

    private static string? Probe()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"tc-link-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "target"), "x");
            File.CreateSymbolicLink(Path.Combine(folder, "link"), "target");
            return File.ReadAllText(Path.Combine(folder, "link")) == "x" ? null : "a symbolic link here does not lead to its target";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return $"symbolic links cannot be created here ({ex.Message})";
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
