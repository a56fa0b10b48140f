namespace TextClassification.Tests.Packaging;

/// <summary>What a Native AOT publish needs on this machine: Linux (the only platform these tests run it on) and a
/// clang to link with (the SDK's ILCompiler calls <c>clang</c>; Debian may have only <c>clang-14</c>).</summary>
public static class NativeToolchain
{
    /// <summary>The clang command on PATH (<c>clang</c>, else the newest <c>clang-N</c>), or null.</summary>
    public static string? Clang { get; } = FindClang();

    /// <summary>Why a Native AOT publish cannot run here, or null when it can.</summary>
    public static string? SkipReason =>
        !OperatingSystem.IsLinux() ? "Native AOT publishing is tested on Linux only"
        : Clang is null ? "no clang on PATH (Native AOT links with it; .ci/run installs Debian's clang)"
        : null;

    private static string? FindClang()
    {
        string? best = null;
        int bestVersion = -1;
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(folder, "clang")))
            {
                return "clang";
            }

            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(folder, "clang-*"))
            {
                string name = Path.GetFileName(file);
                if (int.TryParse(name.AsSpan("clang-".Length), out int version) && version > bestVersion)
                {
                    (best, bestVersion) = (name, version);
                }
            }
        }

        return best;
    }
}

/// <summary>A fact that shows as skipped (with the reason) where <see cref="NativeToolchain"/> cannot publish.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        Skip = NativeToolchain.SkipReason;
    }
}
