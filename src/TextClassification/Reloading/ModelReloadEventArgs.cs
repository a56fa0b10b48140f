namespace TextClassification.Reloading;

/// <summary>The outcome of one reload attempt of a <see cref="ReloadingTextClassifier"/>.</summary>
public sealed class ModelReloadEventArgs : EventArgs
{
    internal ModelReloadEventArgs(string manifestPath, TextClassifier? model, Exception? error, long generation)
    {
        ManifestPath = manifestPath;
        Model = model;
        Error = error;
        Generation = generation;
    }

    /// <summary>The manifest that was read.</summary>
    public string ManifestPath { get; }

    /// <summary>The model now serving, when the reload succeeded; null when it was rejected.</summary>
    public TextClassifier? Model { get; }

    /// <summary>Why the new bundle was rejected (the old model keeps serving); null on success.</summary>
    public Exception? Error { get; }

    /// <summary>True when the new model replaced the old one.</summary>
    public bool Succeeded => Error is null;

    /// <summary><see cref="ReloadingTextClassifier.Generation"/> after this attempt.</summary>
    public long Generation { get; }
}
