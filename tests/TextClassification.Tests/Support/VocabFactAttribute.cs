namespace TextClassification.Tests.Support;

/// <summary>Where the real bert-base-uncased vocabulary is (<c>TEXTCLASSIFICATION_VOCAB</c>), or why it is not available.</summary>
public static class SharedVocab
{
    public const string Variable = "TEXTCLASSIFICATION_VOCAB";

    /// <summary>The vocab.txt path, or null when the variable is unset or names no file.</summary>
    public static string? Path
    {
        get
        {
            string? path = Environment.GetEnvironmentVariable(Variable);
            return !string.IsNullOrWhiteSpace(path) && File.Exists(path) ? path : null;
        }
    }

    /// <summary>The skip reason when <see cref="Path"/> is null.</summary>
    public static string? SkipReason
    {
        get
        {
            string? path = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(path))
            {
                return $"{Variable} is not set";
            }

            return File.Exists(path) ? null : $"{Variable} names '{path}', which does not exist";
        }
    }
}

/// <summary>A fact that shows as skipped when the real vocabulary is not available (see <see cref="DatasetFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class VocabFactAttribute : FactAttribute
{
    public VocabFactAttribute()
    {
        Skip = SharedVocab.SkipReason;
    }
}

/// <summary>A fact that needs both the real vocabulary and the shared datasets.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class VocabAndDatasetFactAttribute : FactAttribute
{
    public VocabAndDatasetFactAttribute()
    {
        Skip = SharedVocab.SkipReason ?? SharedDatasets.SkipReason;
    }
}
