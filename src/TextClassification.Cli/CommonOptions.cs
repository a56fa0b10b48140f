using System.CommandLine;
using TextClassification.Bundles;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>Options and helpers shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Skipped rows listed one by one before the rest are summarised.</summary>
    private const int SkippedRowsShown = 5;

    public static Option<string> TextColumn() => new("--text-column")
    {
        Description = "Name of the column (or JSON property) holding the text.",
        DefaultValueFactory = _ => "text",
        HelpName = "name",
    };

    public static Option<string> LabelColumn() => new("--label-column")
    {
        Description = "Name of the column (or JSON property) holding the label.",
        DefaultValueFactory = _ => "label",
        HelpName = "name",
    };

    public static Option<string?> MetricsJson() => new("--metrics-json")
    {
        Description = "Write the test metrics (accuracy, F1, confusion matrix, …) to this JSON file.",
        HelpName = "file",
    };

    public static Argument<string> BundleDirectory() => new("bundle-dir")
    {
        Description = "Model bundle folder (holding textclassifier.json).",
    };

    /// <summary>Reads a dataset and prints how many rows were kept and which were skipped.</summary>
    public static Dataset ReadDataset(CliConsole console, string path, string textColumn, string labelColumn, CancellationToken cancellationToken)
    {
        var options = new DatasetReadOptions { TextColumn = textColumn, LabelColumn = labelColumn };
        Dataset dataset = DatasetReader.Read(path, options, cancellationToken);
        TextWriter output = console.Out;
        output.WriteLine($"{path}: {dataset.Rows.Count} rows read, {dataset.Skipped.Count} skipped");
        for (int i = 0; i < Math.Min(SkippedRowsShown, dataset.Skipped.Count); i++)
        {
            SkippedRow row = dataset.Skipped[i];
            output.WriteLine($"  skipped line {row.LineNumber}: {row.Reason}");
        }

        if (dataset.Skipped.Count > SkippedRowsShown)
        {
            output.WriteLine($"  … and {dataset.Skipped.Count - SkippedRowsShown} more skipped rows");
        }

        return dataset;
    }

    /// <summary>Loads a model bundle, failing with a clear message when the folder does not exist at all.</summary>
    public static TextClassifier LoadBundle(string path)
    {
        RequireBundlePath(path);
        return TextClassifier.Load(path);
    }

    /// <summary>Reads a bundle's manifest, failing with a clear message when the folder does not exist at all.</summary>
    public static ModelManifest ReadManifest(string path)
    {
        RequireBundlePath(path);
        return ModelBundle.ReadManifest(path);
    }

    private static void RequireBundlePath(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new DirectoryNotFoundException($"Model bundle folder not found: {path}");
        }
    }
}
