using Microsoft.CodeAnalysis;

namespace TextClassification.SourceGen;

/// <summary>Every diagnostic the generator reports. Ids are stable (TCG = TextClassification Generator); list new ones
/// in AnalyzerReleases.Unshipped.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "TextClassification.SourceGen";

    public static readonly DiagnosticDescriptor MetadataFileMissing = new(
        "TCG001",
        "Model metadata file not found",
        "TextClassifierModel: the model metadata file '{0}' was not found or could not be read (expected a bundle folder with textclassifier.json, a textclassifier.json, or a Hugging Face config.json)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MetadataUnreadable = new(
        "TCG002",
        "Model metadata is not usable",
        "TextClassifierModel: '{0}' cannot be used: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoLabels = new(
        "TCG003",
        "Model has no labels",
        "TextClassifierModel: '{0}' names no labels; a classifier needs at least one",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor IdentifierCollision = new(
        "TCG004",
        "Two labels give the same enum member name",
        "TextClassifierModel: labels '{0}' and '{1}' both sanitise to '{2}'; '{1}' becomes '{3}' (suffixes follow model order, so a retrained model can move them): rename one of the labels, or keep the suffix with WarningsNotAsErrors or NoWarn TCG004",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidClassName = new(
        "TCG005",
        "Invalid ClassName",
        "TextClassifierModel '{1}': ClassName '{0}' is not a valid C# identifier; set the item's ClassName to a C# identifier, such as Intent (letters, digits and '_', not starting with a digit, no keyword)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        "TCG006",
        "Invalid Namespace",
        "TextClassifierModel '{1}': Namespace '{0}' is not a valid C# namespace; set the item's Namespace to a dotted C# name, such as MyApp.Models",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateLabel = new(
        "TCG007",
        "Label listed twice",
        "TextClassifierModel: label '{0}' appears more than once in '{1}'; a model's labels are distinct, and the runtime refuses a repeat too: train or export the model again, or remove the repeat",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateClassName = new(
        "TCG008",
        "Two models generate the same class",
        "TextClassifierModel: '{0}' and '{1}' both generate '{2}'; give one of them another ClassName or Namespace",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = new(
        "TCG009",
        "The project's C# version is too old for the generated code",
        "TextClassifierModel: '{0}': the generated classifier needs C# 9 or later, and this project compiles with C# {1}; raise or remove its LangVersion",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
