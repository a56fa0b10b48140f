namespace TextClassification.Tests.Support;

/// <summary>Where the shared real datasets are (<c>TEXTCLASSIFICATION_DATASETS</c>), or why they are not available.</summary>
public static class SharedDatasets
{
    public const string Variable = "TEXTCLASSIFICATION_DATASETS";

    /// <summary>The datasets folder, or null when the variable is unset or names no folder.</summary>
    public static string? Folder
    {
        get
        {
            string? folder = Environment.GetEnvironmentVariable(Variable);
            return !string.IsNullOrWhiteSpace(folder) && Directory.Exists(folder) ? folder : null;
        }
    }

    /// <summary>The skip reason when <see cref="Folder"/> is null.</summary>
    public static string? SkipReason
    {
        get
        {
            string? folder = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(folder))
            {
                return $"{Variable} is not set";
            }

            return Directory.Exists(folder) ? null : $"{Variable} names '{folder}', which does not exist";
        }
    }
}

/// <summary>A fact that shows as skipped (with the reason) when the shared datasets are not available. xunit 2.9 has no
/// dynamic skip, but an attribute's <see cref="FactAttribute.Skip"/> is read at discovery, so it is set here.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatasetFactAttribute : FactAttribute
{
    public DatasetFactAttribute()
    {
        Skip = SharedDatasets.SkipReason;
    }
}

/// <summary>The theory twin of <see cref="DatasetFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatasetTheoryAttribute : TheoryAttribute
{
    public DatasetTheoryAttribute()
    {
        Skip = SharedDatasets.SkipReason;
    }
}
