namespace TextClassification.DependencyInjection;

/// <summary>Where a registered classifier's model lives and how it is loaded.</summary>
public sealed class TextClassifierOptions
{
    /// <summary>A bundle folder (holding <c>textclassifier.json</c>) or the manifest file itself. Relative paths are
    /// resolved against <see cref="AppContext.BaseDirectory"/> when they do not exist relative to the current directory.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Load the whole model (weights included) during registration, so a corrupt bundle fails start-up.
    /// Default: false — only the manifest is checked at registration and the weights load on first resolution.</summary>
    public bool EagerLoad { get; set; }

    /// <summary>Settings used when <see cref="ModelPath"/> is a Hugging Face export folder (ONNX).</summary>
    public Onnx.OnnxTextClassifierOptions Onnx { get; set; } = new();
}
