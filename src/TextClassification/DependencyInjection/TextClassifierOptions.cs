namespace TextClassification.DependencyInjection;

/// <summary>Where a registered classifier's model lives and how it is loaded.</summary>
public sealed class TextClassifierOptions
{
    /// <summary>A bundle folder (holding <c>textclassifier.json</c>), the manifest file itself, or a Hugging Face export
    /// folder (<c>config.json</c> + <c>model.onnx</c>) or its <c>config.json</c>. Relative paths are
    /// resolved against <see cref="AppContext.BaseDirectory"/> when no model (a bundle or an export) is there relative to the
    /// current directory, also where a folder of that name is (a web project's own <c>Models/</c>).
    /// A rooted path is read as given: the bundle must be deployed there. A <c>TextClassifierModel</c> item copies a
    /// bundle to the app's output folder (at its path in the project, <c>Models/&lt;ClassName or folder name&gt;</c> for a
    /// folder outside the project, or the item's <c>OutputPath</c>), which a relative path naming that path reads.
    /// Rooted means rooted on the system the app runs on: on Linux and macOS a Windows path (<c>C:\models\intent</c>,
    /// <c>\\server\share</c>) is relative, and no system expands <c>~</c> (the start-up error says so).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Load the whole model (weights included) during registration, so a corrupt bundle fails start-up.
    /// Default: false — only the manifest is checked at registration and the weights load on first resolution. The
    /// instance loaded at registration goes to the first service provider that resolves it and is disposed with that
    /// provider; another provider built from the same collection loads its own on first resolution. With <see cref="ReloadOnChange"/>
    /// it is the reloading classifier's first model, and the manifest is checked again when it is resolved: a bundle
    /// saved in between is loaded then.</summary>
    public bool EagerLoad { get; set; }

    /// <summary>Follow the bundle on disk: when its manifest is replaced (e.g. by <c>textclf train --out</c> or
    /// <see cref="TextClassifier.Save(string)"/> over the same folder) the new model is loaded and swapped in atomically, and a
    /// broken new bundle is logged and ignored (see <see cref="Reloading.ReloadingTextClassifier"/>). The registered
    /// singleton is then a <see cref="Reloading.ReloadingTextClassifier"/>, disposed with the container, logging
    /// through the container's <c>ILoggerFactory</c> when there is one. N-gram bundles only: for a Hugging Face export
    /// or an ONNX encoder plus a head, registration throws an <see cref="InvalidOperationException"/>. Default: false.</summary>
    public bool ReloadOnChange { get; set; }

    /// <summary>With <see cref="ReloadOnChange"/>: how changes are noticed (<see
    /// cref="Reloading.ReloadingTextClassifierOptions.UseFileSystemWatcher"/>, <see
    /// cref="Reloading.ReloadingTextClassifierOptions.Debounce"/>, <see
    /// cref="Reloading.ReloadingTextClassifierOptions.PollInterval"/>) and where they are logged (the container's
    /// <c>ILoggerFactory</c> when <see cref="Reloading.ReloadingTextClassifierOptions.Logger"/> is null). Copied at
    /// registration, and checked there with <see cref="ReloadOnChange"/>.</summary>
    public Reloading.ReloadingTextClassifierOptions Reload { get; set; } = new();

    /// <summary>The labels the model must have, in any order, each once; null (default) accepts any. Checked at
    /// registration against the manifest or <c>config.json</c>, so a model deployed with other labels fails start-up
    /// instead of the first request, and again when the model loads (a bundle replaced since). With
    /// <see cref="ReloadOnChange"/>, a new bundle with other labels (or the same in another order) is rejected and the
    /// current model keeps serving. The generated <c>Add&lt;Name&gt;Classifier</c> sets it to its enum's labels, and there
    /// the model must have them in the enum's order too (the enum's values are the model's indices): a model with the same
    /// labels in another order fails registration, naming the first index that differs.</summary>
    public IReadOnlyList<string>? ExpectedLabels { get; set; }

    /// <summary>Settings used when <see cref="ModelPath"/> is a Hugging Face export folder (ONNX), or the session
    /// settings of an encoder-plus-head bundle. Copied at registration, as <see cref="ExpectedLabels"/> is (later changes to
    /// the objects given do not reach the registration), and checked there when the model uses them.</summary>
    public Onnx.OnnxTextClassifierOptions Onnx { get; set; } = new();

    /// <summary>Tests only: with <see cref="ReloadOnChange"/> and <see cref="ExpectedLabels"/>, run after the reloading
    /// classifier's labels were checked and before they are pinned, where a reload may land.</summary>
    internal Action<Reloading.ReloadingTextClassifier>? AfterLabelsChecked { get; set; }
}
