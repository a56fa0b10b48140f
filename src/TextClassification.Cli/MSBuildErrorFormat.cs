using System.Globalization;
using TextClassification.Bundles;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// Error lines in MSBuild's canonical format (<c>file(line,col): error TC1001: message</c>), which MSBuild's Exec
/// task recognises and reports as build errors at that position. Used when the environment variable
/// <see cref="VariableName"/> is <c>msbuild</c>, as the TextClassification.Training build targets set it.
/// </summary>
internal static class MSBuildErrorFormat
{
    /// <summary>The environment variable that selects the format.</summary>
    public const string VariableName = "TEXTCLF_ERROR_FORMAT";

    /// <summary>Code of errors with no more specific one.</summary>
    public const string GeneralCode = "TC1000";

    /// <summary>Code of malformed training or test data.</summary>
    public const string DataCode = "TC1001";

    /// <summary>Code of a missing or corrupt model bundle.</summary>
    public const string BundleCode = "TC1002";

    /// <summary>Code of a command line textclf cannot parse (at build time: the item's <c>TrainingArguments</c>).</summary>
    public const string UsageCode = "TC1003";

    /// <summary>Code of the warning for a data row that was skipped (empty text or label, a duplicate, …).</summary>
    public const string SkippedRowCode = "TC2001";

    /// <summary>Code of the warning that no text could be held out for validation.</summary>
    public const string NoValidationCode = "TC2002";

    /// <summary>Code of the warning that an abstain threshold rests on few held-out texts.</summary>
    public const string FewHeldOutCode = "TC2003";

    /// <summary>Code of the warning that <c>--allowed-labels</c> names labels no kept row carries.</summary>
    public const string AllowedLabelsCode = "TC2004";

    /// <summary>Code of the warning that test labels are not among the model's.</summary>
    public const string UnknownTestLabelsCode = "TC2005";

    /// <summary>Code of the warning that training labels differ only in letter case or in characters that do not show.</summary>
    public const string LookAlikeLabelsCode = "TC2006";

    /// <summary>Code of the warning that the label column looks like text (the columns swapped).</summary>
    public const string SwappedColumnsCode = "TC2007";

    /// <summary>Code of the warning that an option is ignored for this model.</summary>
    public const string IgnoredOptionCode = "TC2008";

    /// <summary>Code of the warning that the embedding cache could not be read or written (training went on without it).</summary>
    public const string EmbeddingCacheCode = "TC2009";

    /// <summary>Code of the warning that <c>--multi-label-delimiter</c> is in no label cell (every text has one label).</summary>
    public const string UnusedDelimiterCode = "TC2010";

    /// <summary>Code of the warning that a label of multi-label data is on every training text.</summary>
    public const string LabelOnEveryTextCode = "TC2011";

    /// <summary>Code of the warning that a column of <c>--label-columns</c> is set on no kept training row.</summary>
    public const string UnsetLabelColumnCode = "TC2012";

    /// <summary>True when the environment asks for MSBuild's format.</summary>
    public static bool IsRequested =>
        string.Equals(Environment.GetEnvironmentVariable(VariableName), "msbuild", StringComparison.OrdinalIgnoreCase);

    /// <summary>One canonical error line for <paramref name="ex"/>; <paramref name="message"/> is the plain message.
    /// Control characters are escaped, as on the plain <c>error: …</c> line: a data file's problem quotes its text (a
    /// header's column names), which would otherwise reach the terminal the build runs in.</summary>
    public static string Format(Exception ex, string message) => LabelSet.Escape(ex switch
    {
        DataFormatException data => string.Create(
            CultureInfo.InvariantCulture,
            $"{data.FilePath}{(data.LineNumber > 0 ? $"({data.LineNumber}{(data.ColumnNumber is int column ? "," + column.ToString(CultureInfo.InvariantCulture) : string.Empty)})" : string.Empty)}: error {DataCode}: {OneLine(data.Problem)}"),
        DataFileException file => $"{Path.GetFullPath(file.FilePath)}: error {DataCode}: {OneLine(file.Problem)}",
        BundleFormatException bundle when bundle.FilePath.Length > 0 => $"{bundle.FilePath}: error {BundleCode}: {message}",
        _ => $"textclf : error {GeneralCode}: {message}",
    });

    /// <summary>One canonical error line for a command line that does not parse.</summary>
    public static string Usage(string message) => $"textclf : error {UsageCode}: {OneLine(message)}";

    /// <summary>One canonical warning line for a skipped row of <paramref name="file"/>.</summary>
    public static string SkippedRow(string file, int line, string reason) => string.Create(
        CultureInfo.InvariantCulture, $"{file}({line}): warning {SkippedRowCode}: row skipped: {OneLine(reason)}");

    /// <summary>
    /// Writes a warning to <paramref name="error"/>: <c>warning: message</c>, or in MSBuild's format
    /// <c>file: warning TC2xxx: message</c> (<c>textclf : warning …</c> without <paramref name="file"/>), so a build can
    /// suppress it by its code (<c>NoWarn</c>, <c>MSBuildWarningsAsMessages</c>) and <c>-warnaserror</c> names it.
    /// </summary>
    public static void WriteWarning(TextWriter error, string code, string message, string? file = null) =>
        error.WriteLine(!IsRequested
            ? $"warning: {message}"
            : $"{(file is null ? "textclf :" : Path.GetFullPath(file) + ":")} warning {code}: {OneLine(message)}");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
