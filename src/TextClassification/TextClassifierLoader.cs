using TextClassification.Bundles;
using TextClassification.Onnx;

namespace TextClassification;

/// <summary>Loads any model folder this library runs: an n-gram bundle (<c>textclassifier.json</c>) or a Hugging
/// Face sequence-classification export (<c>model.onnx</c> + <c>config.json</c>), or an ONNX encoder + head bundle.</summary>
public static class TextClassifierLoader
{
    /// <summary>True when <paramref name="path"/> is a Hugging Face export folder rather than a bundle.</summary>
    /// <param name="path">A folder or manifest path.</param>
    /// <returns>Whether the folder has no bundle manifest but does have <c>config.json</c> and <c>model.onnx</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    public static bool IsHuggingFaceExport(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Directory.Exists(path)
            && !File.Exists(Path.Combine(path, ModelBundle.ManifestFileName))
            && OnnxTextClassifier.IsExportFolder(path);
    }

    /// <summary>Loads a bundle or a Hugging Face export folder.</summary>
    /// <param name="path">The folder (or a bundle's manifest path).</param>
    /// <param name="onnxOptions">Settings for a Hugging Face export; null for defaults.</param>
    /// <returns>The classifier (dispose it when it is <see cref="IDisposable"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file is missing, corrupt or inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="onnxOptions"/> is out of
    /// range.</exception>
    public static ITextClassifier Load(string path, OnnxTextClassifierOptions? onnxOptions = null)
    {
        if (IsHuggingFaceExport(path))
        {
            return OnnxTextClassifier.Create(path, onnxOptions);
        }

        return ModelBundle.IsEncoderHead(ModelBundle.ReadManifest(path))
            ? ModelBundle.LoadEncoderHead(path, onnxOptions?.Session)
            : ModelBundle.Load(path);
    }
}
