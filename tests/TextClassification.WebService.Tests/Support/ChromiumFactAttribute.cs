namespace TextClassification.WebService.Tests.Support;

/// <summary>Debian's Chromium and ChromeDriver (installed by <c>.ci/run</c>), or the skip reason.</summary>
public static class Chromium
{
    public static string Browser => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static string Driver => Environment.GetEnvironmentVariable("CHROMEDRIVER_PATH") ?? "/usr/bin/chromedriver";

    public static string? SkipReason =>
        !File.Exists(Browser) ? $"Chromium not found at {Browser} (apt-get install chromium chromium-driver; .ci/run does)"
        : !File.Exists(Driver) ? $"ChromeDriver not found at {Driver} (apt-get install chromium-driver; .ci/run does)"
        : null;
}

/// <summary>A fact that shows as skipped, with the reason, when Chromium or ChromeDriver is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Skip = Chromium.SkipReason;
    }
}
