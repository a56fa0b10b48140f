using TextClassification.Bundles;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>
/// Checks, before any long work, that the paths a command will write can be written, so a mistyped <c>--out</c> or
/// <c>--metrics-json</c> fails in a moment with the option named, not after training (and not after the bundle was
/// already replaced). Failures are <see cref="IOException"/>s: <c>error: …</c> and exit code 1.
/// </summary>
internal static class OutputPaths
{
    /// <summary>The bundle folder <c>--out</c>: absent, empty, or a bundle (which is updated); its nearest existing
    /// parent folder must take new files.</summary>
    public static void RequireBundleFolder(string option, string path)
    {
        string full = RequireFolder(option, path);
        if (!ModelBundle.CanSaveInto(full))
        {
            throw new IOException($"{option} {path}: the folder is not empty and holds no {ModelBundle.ManifestFileName}; a bundle is only written into an empty folder or over another bundle.");
        }
    }

    /// <summary>A folder whose files the command's outputs must not replace, and what it is (for the message).</summary>
    /// <param name="Path">The folder.</param>
    /// <param name="Kind">What it is, for the message ("the bundle folder").</param>
    /// <param name="IsBundleFolder">The folder of the bundle the command writes or evaluates (not an encoder, not a
    /// Hugging Face export, whose loaders read files of many names): a metrics file may sit directly in it under a
    /// name that is none of the bundle's (<see cref="ModelBundle.IsFreeFileName"/>).</param>
    public readonly record struct ModelFolder(string Path, string Kind, bool IsBundleFolder = false);

    /// <summary>The folders of the model <paramref name="path"/> names (a bundle folder or its manifest, an encoder
    /// folder or its <c>.onnx</c> graph): its own folder and, for an encoder + head bundle, the encoder folders it may
    /// load. A metrics file written into the encoder had left a bundle that never loads (its <c>vocab.txt</c>, its
    /// <c>model.onnx</c>, an input bundle's manifest replaced), and the command succeeded.</summary>
    /// <param name="path">The model as the command line names it.</param>
    /// <param name="kind">What it is, for the message.</param>
    /// <param name="isBundleFolder">The command evaluates the model (<c>eval</c>): where its folder holds a bundle
    /// manifest, a metrics file may sit beside the bundle's files (<see cref="ModelFolder.IsBundleFolder"/>).</param>
    public static IReadOnlyList<ModelFolder> ModelFolders(string path, string kind, bool isBundleFolder = false)
    {
        if (OutputFile.FullPathOrNull(path) is not { } full)
        {
            return []; // relative, and the current folder is gone: loading the model says it is not found
        }

        string folder = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
        bool hasManifest = File.Exists(Path.Combine(folder, ModelBundle.ManifestFileName));
        var folders = new List<ModelFolder> { new(folder, kind, isBundleFolder && hasManifest) };
        if (hasManifest)
        {
            try
            {
                // Every folder the loader may fall back to, not only the first: the one it loads may be another.
                foreach (string encoder in ModelBundle.EncoderFolders(folder))
                {
                    folders.Add(new ModelFolder(encoder, "the encoder folder the model loads"));
                }
            }
            catch (Exception ex) when (ex is BundleFormatException or IOException or UnauthorizedAccessException)
            {
                // No encoder + head bundle, or its encoder is missing: loading it says so, and there is no encoder to replace.
            }
        }

        return folders;
    }

    /// <summary>The <c>--metrics-json</c> file and the <c>--report</c> folder of <c>train</c> and <c>eval</c>, each
    /// when given. The metrics file may not be one of the command's <paramref name="inputs"/> (data files, given as
    /// typed) nor lie inside one of <paramref name="modelFolders"/> (the bundle written or evaluated, an encoder the
    /// command or the model reads): it would replace a file there, and the command would still succeed.</summary>
    public static void RequireMetricsOutputs(string? metricsJson, string? report, IReadOnlyList<ModelFolder> modelFolders, params string?[] inputs)
    {
        if (metricsJson is not null)
        {
            RequireFile("--metrics-json", metricsJson);
            if (!Training.Evaluation.OutputFile.IsStream(metricsJson))
            {
                string target = RealPath(metricsJson);
                RequireNotAnInput(target, inputs, input => $"--metrics-json {metricsJson}: that is the input file {input}; the metrics would replace it. Write them to another file.");
                if (Holding(target, modelFolders) is { } folder && !BesideTheBundle(target, folder))
                {
                    // In a bundle folder a free name beside the bundle's files is taken (BesideTheBundle), so the
                    // message names one instead of sending the metrics out of the folder.
                    string remedy = folder.IsBundleFolder
                        ? $"Name a file beside the bundle's files, such as {Path.Combine(folder.Path, "metrics.json")}, or write them outside the folder."
                        : "Write them outside it.";
                    throw new IOException($"--metrics-json {metricsJson}: that lies inside {folder.Kind} {folder.Path}; the metrics could replace a file of the model. {remedy}");
                }
            }
        }

        if (report is not null)
        {
            string folder = RequireFolder("--report", report);
            foreach (string name in ReportWriter.FileNames)
            {
                // The report's four files replace what is there: a data file named metrics.json or report.html in that
                // folder would be lost, and the command would still succeed. A bundle's files have other names (the
                // manifest, hashed weight files), so a report may go into the bundle folder, as it always could.
                string written = Path.Combine(folder, name);
                if (Directory.Exists(written))
                {
                    // Found only when the fourth file was renamed into place, after the work: the other three were new
                    // by then and the report a mix of new and old files.
                    throw new IOException($"--report {report}: {written} is a folder, where the report writes its {name}; remove it or write the report to another folder.");
                }

                RequireNotAnInput(RealPath(written), inputs, input => $"--report {report}: {written} is the input file {input}; its {name} would replace it. Write the report to another folder.");
                RequireReplaceable("--report", report, written);

                // The metrics file named as one of the report's other files was written, then replaced by a plot or the
                // page, and the command still said it wrote the metrics there. Named metrics.json it gets the same bytes.
                if (name != ReportWriter.MetricsFileName && metricsJson is not null && !Training.Evaluation.OutputFile.IsStream(metricsJson)
                    && PathsEqual(RealPath(written), RealPath(metricsJson)))
                {
                    throw new IOException($"--metrics-json {metricsJson}: that is the {name} the report writes into --report {report}, which would replace the metrics. Name it {ReportWriter.MetricsFileName}, the report's own copy, or write it elsewhere.");
                }
            }
        }
    }

    /// <summary>The folder <paramref name="path"/> that the command writes into while it works (the embedding cache)
    /// may not be the bundle folder <paramref name="bundleFolder"/> nor lie inside it: the save takes a folder that
    /// holds nothing but a bundle, so it refused the folder after the whole training.</summary>
    public static void RequireOutsideBundle(string option, string path, string bundleFolder)
    {
        if (LiesInside(RealPath(path), bundleFolder))
        {
            throw new IOException($"{option} {path}: that lies inside the bundle folder --out {bundleFolder}, which holds the bundle's files only; give a folder outside it.");
        }
    }

    /// <summary>The folder <paramref name="path"/> that the command writes into while it works (the embedding cache)
    /// may not be one of <paramref name="modelFolders"/> (the <c>--encoder</c> folder, the encoders an input bundle
    /// loads) nor lie inside one: its files would become the model's, which the build copies into output folders and
    /// packages and stamps for the incremental build.</summary>
    public static void RequireOutsideModelFolders(string option, string path, IReadOnlyList<ModelFolder> modelFolders)
    {
        if (Holding(RealPath(path), modelFolders) is { } folder)
        {
            throw new IOException($"{option} {path}: that lies inside {folder.Kind} {folder.Path}; its files would travel with the model (the build copies the whole encoder folder). Give a folder outside it.");
        }
    }

    // The first of folders that is target (a real path) or holds it, or null.
    private static ModelFolder? Holding(string target, IReadOnlyList<ModelFolder> folders)
    {
        foreach (ModelFolder folder in folders)
        {
            if (LiesInside(target, folder.Path))
            {
                return folder;
            }
        }

        return null;
    }

    // Whether target (a real path) lies directly in a bundle folder under a name no file of the bundle has: a metrics file
    // there ("--out model --metrics-json model/metrics.json") replaces nothing of the model, as --report's metrics.json
    // in the bundle folder never did.
    private static bool BesideTheBundle(string target, ModelFolder folder)
    {
        string bundleFolder = Path.TrimEndingDirectorySeparator(RealPath(folder.Path));
        return folder.IsBundleFolder && Path.GetDirectoryName(target) is { } parent && PathsEqual(parent, bundleFolder) &&
            ModelBundle.IsFreeFileName(bundleFolder, Path.GetFileName(target));
    }

    /// <summary>Whether <paramref name="written"/> names the file <paramref name="input"/> names, with a symbolic link in
    /// either's folder or last part followed (as the metrics file is compared with the inputs).</summary>
    public static bool SameFile(string written, string input) => PathsEqual(RealPath(written), RealPath(input));

    // Throws the message made for the input that target (a real path) is.
    private static void RequireNotAnInput(string target, string?[] inputs, Func<string, string> message)
    {
        foreach (string? input in inputs)
        {
            if (input is not null && !Training.Evaluation.OutputFile.IsStream(input) && PathsEqual(target, RealPath(input)))
            {
                throw new IOException(message(input));
            }
        }
    }

    // Whether target (a real path) is the folder or lies in it.
    private static bool LiesInside(string target, string modelFolder)
    {
        string folder = Path.TrimEndingDirectorySeparator(RealPath(modelFolder));
        return PathsEqual(target, folder) || target.StartsWith(folder + Path.DirectorySeparatorChar, PathComparison);
    }

    // Letter case counts where the file system usually compares it (Linux), not on Windows and macOS.
    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool PathsEqual(string a, string b) => string.Equals(a, b, PathComparison);

    // The full path with a symbolic link in its last part or in its folder followed (a link elsewhere on the way is
    // compared as written).
    private static string RealPath(string path)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        try
        {
            string? folder = Path.GetDirectoryName(full);
            if (folder is not null && Directory.Exists(folder) && Directory.ResolveLinkTarget(folder, returnFinalTarget: true) is { } realFolder)
            {
                full = Path.Combine(realFolder.FullName, Path.GetFileName(full));
            }

            FileSystemInfo? target = File.Exists(full) ? File.ResolveLinkTarget(full, returnFinalTarget: true)
                : Directory.Exists(full) ? Directory.ResolveLinkTarget(full, returnFinalTarget: true) : null;
            return target?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a link loop: compared as written
        }
    }

    /// <summary>A folder the command creates or writes into (<c>--report</c>).</summary>
    /// <returns>The full path.</returns>
    public static string RequireFolder(string option, string path)
    {
        string full = FullPath(option, path);
        if (File.Exists(full))
        {
            throw new IOException($"{option} {path}: that is a file; give a folder.");
        }

        RequireWritable(option, path, Directory.Exists(full) ? full : Path.GetDirectoryName(full));
        return full;
    }

    /// <summary>A file the command creates or replaces (<c>--metrics-json</c>); <c>/dev/stdout</c> and other streams
    /// are written into, not checked.</summary>
    public static void RequireFile(string option, string path)
    {
        if (!string.IsNullOrWhiteSpace(path) && Training.Evaluation.OutputFile.IsStream(path))
        {
            return;
        }

        string full = FullPath(option, path);
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
        {
            throw new IOException($"{option} {path}: that names a folder; give a file path.");
        }

        RequireWritable(option, path, Path.GetDirectoryName(full));
        RequireReplaceable(option, path, full);
    }

    /// <summary>
    /// The console a command that writes <c>--metrics-json</c> to <paramref name="path"/> prints on: with the metrics on
    /// standard output (<c>/dev/stdout</c>, <c>/dev/fd/1</c>, <c>/proc/self/fd/1</c>), its tables and messages go to
    /// standard error, so <c>--metrics-json /dev/stdout | jq</c> reads the JSON alone (the tables came first and broke
    /// it); otherwise <paramref name="console"/> itself.
    /// </summary>
    public static CliConsole ForMetricsOn(CliConsole console, string? path) =>
        !string.IsNullOrWhiteSpace(path) && Training.Evaluation.OutputFile.IsStandardOutput(path)
            ? console with { Out = console.Error, OutIsTerminal = console.ErrorIsTerminal }
            : console;

    /// <summary>
    /// Runs <paramref name="write"/>, which writes the output that <paramref name="option"/> names at
    /// <paramref name="path"/> once the command's work is done (<paramref name="done"/>: what is already there, such as
    /// the saved bundle; null when nothing is). A failure the checks before the work could not foresee (a full disk, a
    /// device that refuses the bytes) is an <see cref="IOException"/> naming the option, the path, the reason and what
    /// was done; .NET's own message named the hidden temporary file the write goes through, and neither the option nor
    /// that the bundle had been saved.
    /// </summary>
    /// <returns>What <paramref name="write"/> returns.</returns>
    public static T Write<T>(string option, string path, string? done, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} {path}: could not write it ({Reason(ex)}){(done is null ? string.Empty : "; " + done)}.", ex);
        }
    }

    /// <summary>As <see cref="Write{T}(string, string, string?, Func{T})"/> for a write that returns nothing.</summary>
    public static void Write(string option, string path, string? done, Action write) =>
        Write(option, path, done, () =>
        {
            write();
            return true;
        });

    // The reason of a failed write without the path .NET appends (" : '/folder/.m.json.<guid>.tmp'").
    private static string Reason(Exception ex)
    {
        if (ex is UnauthorizedAccessException)
        {
            return "permission denied";
        }

        string message = ex.Message.ReplaceLineEndings(" ").Trim();
        int at = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return (at > 0 && message.EndsWith('\'') ? message[..at] : message).TrimEnd('.');
    }

    /// <summary>Says where the metrics went, unless they went to a stream (standard output, a pipe), where the line
    /// would mix with the JSON.</summary>
    public static void ReportMetricsWritten(CliConsole console, string path)
    {
        if (!Training.Evaluation.OutputFile.IsStream(path))
        {
            console.Out.WriteLine($"Wrote metrics to {Path.GetFullPath(path)}");
        }
    }

    // An empty path never gets here: the options refuse it when the command line is parsed (OptionChecks.NonEmptyPath).
    private static string FullPath(string option, string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new IOException($"{option} {path}: not a valid path ({ex.Message})", ex);
        }
        catch (IOException ex) when (!Path.IsPathRooted(path))
        {
            // .NET's "Unable to find the specified file." named neither the option nor the folder it could not find.
            throw new IOException($"{option} {path}: a relative path, but the current folder no longer exists (deleted, or moved away); give an absolute path, or run textclf from a folder that exists.", ex);
        }
    }

    // An existing file the output replaces (renames over) in a folder with the sticky bit (/tmp, a shared drop folder)
    // must be this user's: there only its owner (or the folder's) may replace it. Found only once the work was done, it
    // had failed with "could not write it (permission denied)" after training, and left a report of three new files and
    // another user's report.html. Ownership is asked by setting the file's mode to what it is, which only its owner may
    // (a link is replaced itself, and is let be).
    private static void RequireReplaceable(string option, string path, string file)
    {
        if (OperatingSystem.IsWindows() || Path.GetDirectoryName(file) is not { } folder)
        {
            return;
        }

        try
        {
            if (!File.Exists(file) || new FileInfo(file).LinkTarget is not null || (File.GetUnixFileMode(folder) & UnixFileMode.StickyBit) == 0)
            {
                return;
            }

            File.SetUnixFileMode(file, File.GetUnixFileMode(file));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"{option} {path}: {file} is another user's file in {folder}, a folder with the sticky bit where only its owner may replace it; write to another path, or have it removed.", ex);
        }
        catch (IOException)
        {
            // Gone meanwhile, or a file system without modes: the write finds out.
        }
    }

    // The nearest folder on the way to path that exists must be a folder (not a file) and take a new file: a file is
    // created there and deleted at once.
    private static void RequireWritable(string option, string path, string? folder)
    {
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new IOException($"{option} {path}: {existing} is a file, so no folder can be made under it.");
            }

            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            throw new IOException($"{option} {path}: no folder on the way to it exists.");
        }

        string probe = Path.Combine(existing, $".textclf-write-check-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string reason = ex switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "the file system takes no new files there",
                // Without the hidden probe file's path ("Read-only file system : '/m/.textclf-write-check-…'", env audit 40).
                _ => Reason(ex),
            };
            throw new IOException($"{option} {path}: cannot create files in {existing} ({reason}).", ex);
        }
    }
}
