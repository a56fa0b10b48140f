using TextClassification.Memory;

namespace TextClassification.Tests.Support;

/// <summary>
/// A fact that needs Linux with transparent huge pages available (<c>/sys/kernel/mm/transparent_hugepage/enabled</c>
/// not "never") and <see cref="LargeArrays"/>' advice switched on; shown as skipped elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class HugePageFactAttribute : FactAttribute
{
    private const string ModeFile = "/sys/kernel/mm/transparent_hugepage/enabled";

    public HugePageFactAttribute()
    {
        Skip = SkipReason();
    }

    private static string? SkipReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "transparent huge pages are a Linux feature";
        }

        if (!File.Exists(ModeFile))
        {
            return $"this kernel has no {ModeFile}";
        }

        if (File.ReadAllText(ModeFile).Contains("[never]", StringComparison.Ordinal))
        {
            return "transparent huge pages are off on this machine ([never])";
        }

        return LargeArrays.AdviceEnabled ? null : "huge-page advice is switched off (TEXTCLASSIFICATION_DISABLE_HUGE_PAGES)";
    }
}
