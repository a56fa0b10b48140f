namespace TextClassification.SourceGen.Model;

/// <summary>The MSBuild metadata of one <c>TextClassifierModel</c> item as the compiler sees it on its AdditionalFiles
/// entry (<c>build_metadata.AdditionalFiles.TextClassifier*</c>).</summary>
/// <param name="MetadataPath">Path of the metadata file.</param>
/// <param name="ClassName">ClassName metadata, or empty.</param>
/// <param name="Namespace">Namespace metadata, or the project's RootNamespace, or empty.</param>
/// <param name="ModelPath">Output-relative folder the model is copied to, or empty.</param>
internal sealed record ModelItem(string MetadataPath, string ClassName, string Namespace, string ModelPath);
