namespace TextClassification.SourceGen.Model;

/// <summary>Everything needed to emit the code of one <c>TextClassifierModel</c> item: names, the labels, and the
/// diagnostics found on the way. Equatable, so an unchanged model file is never re-emitted.</summary>
/// <param name="Namespace">Namespace of the generated types.</param>
/// <param name="ClassName">Base name: <c>{ClassName}Label</c>, <c>{ClassName}Classifier</c>, <c>Add{ClassName}Classifier</c>.</param>
/// <param name="ModelPath">Path of the model relative to the app's output folder (the default of the DI helper).</param>
/// <param name="MetadataPath">The metadata file read (for diagnostics and doc comments).</param>
/// <param name="Members">The enum members, in model order; empty when the metadata could not be used.</param>
/// <param name="Diagnostics">Problems found; an error means nothing is emitted for this model.</param>
internal sealed record ModelToGenerate(
    string Namespace,
    string ClassName,
    string ModelPath,
    string MetadataPath,
    EquatableArray<LabelMember> Members,
    EquatableArray<DiagnosticInfo> Diagnostics);
