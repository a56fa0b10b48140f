using TextClassification.Bundles;
using TextClassification.Onnx;

namespace TextClassification;

/// <summary>Loads any model folder this library runs: an n-gram bundle (<c>textclassifier.json</c>) or a Hugging
/// Face sequence-classification export (<c>model.onnx</c> + <c>config.json</c>), or an ONNX encoder + head bundle.</summary>
public static class TextClassifierLoader
{
    /// <summary>True when <paramref name="path"/> is a Hugging Face export folder, or its <c>config.json</c>, rather than
    /// a bundle.</summary>
    /// <param name="path">A folder, a manifest path, or an export's <c>config.json</c>.</param>
    /// <returns>Whether the folder has no bundle manifest but does have <c>config.json</c> and <c>model.onnx</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    public static bool IsHuggingFaceExport(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ExportFolderOf(path) is not null;
    }

    /// <summary>The Hugging Face export folder <paramref name="path"/> names (the folder, or the folder of its
    /// <c>config.json</c>, as a <c>TextClassifierModel</c> item may name it), or null where it names none. The
    /// <c>config.json</c> had been read as a bundle manifest, and the error quoted the JSON reader's view of the
    /// manifest type's missing properties.</summary>
    internal static string? ExportFolderOf(string path)
    {
        string folder = File.Exists(path) && string.Equals(Path.GetFileName(path), HuggingFaceConfig.FileName, StringComparison.Ordinal)
            ? Path.GetDirectoryName(Path.GetFullPath(path))!
            : path;
        return Directory.Exists(folder)
            && !File.Exists(Path.Combine(folder, ModelBundle.ManifestFileName))
            && OnnxTextClassifier.IsExportFolder(folder)
            ? folder
            : null;
    }

    /// <summary>Loads a bundle or a Hugging Face export folder.</summary>
    /// <param name="path">The folder (or a bundle's manifest path, or an export's <c>config.json</c>).</param>
    /// <param name="onnxOptions">Settings for a Hugging Face export; null for defaults.</param>
    /// <returns>The classifier (dispose it when it is <see cref="IDisposable"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file is missing, corrupt or inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="onnxOptions"/> is out of
    /// range.</exception>
    public static ITextClassifier Load(string path, OnnxTextClassifierOptions? onnxOptions = null) =>
        Load(path, onnxOptions, CancellationToken.None);

    /// <summary>As <see cref="Load(string, OnnxTextClassifierOptions?)"/>, stopping when
    /// <paramref name="cancellationToken"/> is canceled: an n-gram bundle looks at it before each file and between 16 MiB
    /// pieces of a large one (<see cref="ModelBundle.Load(string, CancellationToken)"/>); an ONNX model before and after
    /// its session is made (ONNX Runtime's own loading cannot be interrupted; a session made meanwhile is
    /// disposed).</summary>
    /// <param name="path">The folder (or a bundle's manifest path, or an export's <c>config.json</c>).</param>
    /// <param name="onnxOptions">Settings for a Hugging Face export; null for defaults.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <returns>The classifier (dispose it when it is <see cref="IDisposable"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file is missing, corrupt or inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="onnxOptions"/> is out of
    /// range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ITextClassifier Load(string path, OnnxTextClassifierOptions? onnxOptions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (ExportFolderOf(path) is { } export)
        {
            OnnxTextClassifier onnx = OnnxTextClassifier.Create(export, onnxOptions);
            if (cancellationToken.IsCancellationRequested)
            {
                onnx.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return onnx;
        }

        return ModelBundle.IsEncoderHead(ModelBundle.ReadManifest(path))
            ? ModelBundle.LoadEncoderHead(path, onnxOptions?.Session, cancellationToken)
            : ModelBundle.Load(path, cancellationToken);
    }
}
