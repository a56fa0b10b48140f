using Microsoft.CodeAnalysis;

namespace TextClassification.Tests.SourceGen;

/// <summary>Every TCG diagnostic: id, severity, location, and whether code is still generated.</summary>
public sealed class GeneratorDiagnosticsTests
{
    private const string Path = "/repo/Models/intent/textclassifier.json";

    [Fact]
    public void A_language_version_before_CSharp_9_is_TCG009_and_CSharp_9_compiles_the_code()
    {
        // Under LangVersion 8 the generated code failed to compile inside the generated file (CS8400), naming no cause.
        const string Json = "{ \"labels\": [\"billing\", \"refund\"] }";
        GeneratorOutcome old = GeneratorHarness.Run([(new TestAdditionalText(Path, Json), new ModelItemOptions())], language: Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8);
        GeneratorOutcome nine = GeneratorHarness.Run([(new TestAdditionalText(Path, Json), new ModelItemOptions())], language: Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9);

        Diagnostic d = old.Single("TCG009");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("needs C# 9 or later, and this project compiles with C# 8.0", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(old.Result.GeneratedTrees);
        Assert.Empty(old.CompileErrors);
        Assert.NotEmpty(nine.Result.GeneratedTrees);
        Assert.Empty(nine.CompileErrors);
    }

    [Fact]
    public void Missing_file_is_TCG001_at_the_file()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, json: null);
        Diagnostic d = outcome.Single("TCG001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(Path, d.Location.GetLineSpan().Path);
        Assert.Empty(outcome.Result.GeneratedTrees);
    }

    [Theory]
    [InlineData("{ \"labels\": [\"a\", }", 1, 19, "invalid JSON")]
    [InlineData("{\n  \"labels\": [\"a\"]\n  \"x\": 1 }", 3, 3, "expected ',' or '}'")]
    [InlineData("", 1, 1, "unexpected end")]
    [InlineData("[\"a\"]", 1, 1, "not a JSON object")]
    [InlineData("{ \"labels\": \"a\" }", 1, 13, "'labels' is not an array")]
    [InlineData("{ \"labels\": [\"a\", 1] }", 1, 19, "must be a string")]
    [InlineData("{ \"format\": \"textclassifier\" }", 1, 1, "neither a 'labels' array")]
    [InlineData("{ \"id2label\": { \"0\": \"a\", \"2\": \"b\" } }", 1, 32, "keys must be the ids 0 to 1")]
    [InlineData("{ \"id2label\": { \"zero\": \"a\" } }", 1, 25, "found 'zero'")]
    [InlineData("{ \"labels\": [\"a\\u12\"] }", 1, 17, "four hex digits")]
    [InlineData("{ \"labels\": [\"\", \"pos\"] }", 1, 14, "a label is empty")] // the runtime refuses it too
    [InlineData("{ \"labels\": [\"pos\", \"\\ud800x\"] }", 1, 21, "label 1 holds a lone surrogate")] // System.Text.Json refuses to read it
    [InlineData("{ \"id2label\": { \"0\": \"a\", \"1\": \"\\udc00\" } }", 1, 32, "entry '1' holds a lone surrogate")]
    [InlineData("{ \"id2label\": { \"0\": \"\\ud800x\", \"0\": \"a\", \"1\": \"b\" } }", 1, 22, "entry '0' holds a lone surrogate")]
    // What the runtime's bundle validation refuses before it reads the labels (review 48: the enum was generated and the
    // app failed at its first Load()): a bundle of a newer format, or of another 'format'.
    [InlineData("{ \"format\": \"textclassifier\", \"formatVersion\": 16, \"labels\": [\"a\", \"b\"] }", 1, 48, "'formatVersion' is 16, and this TextClassification package reads 1 to 15")]
    [InlineData("{ \"formatVersion\": 0, \"labels\": [\"a\"] }", 1, 20, "'formatVersion' is 0")]
    [InlineData("{ \"formatVersion\": 15.5, \"labels\": [\"a\"] }", 1, 20, "'formatVersion' is not a whole number")]
    [InlineData("{ \"formatVersion\": \"15\", \"labels\": [\"a\"] }", 1, 20, "'formatVersion' is not a whole number")]
    [InlineData("{ \"format\": \"onnx\", \"labels\": [\"a\"] }", 1, 13, "'format' is not \"textclassifier\"")] // replaced by a later copy of its key, yet the runtime cannot read the file
    public void Unusable_metadata_is_TCG002_at_the_problem(string json, int line, int column, string message)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, json);
        Diagnostic d = outcome.Single("TCG002");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        FileLinePositionSpan span = d.Location.GetLineSpan();
        Assert.Equal(Path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Contains(message, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(outcome.Result.GeneratedTrees);
    }

    [Fact]
    public void Deep_nesting_is_TCG002_not_a_crash()
    {
        string json = "{ \"x\": " + new string('[', 100_000) + new string(']', 100_000) + ", \"labels\": [\"a\"] }";
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, json);
        Assert.Contains("nesting deeper than", outcome.Single("TCG002").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"labels\": [] }")]
    [InlineData("{ \"id2label\": {} }")]
    public void No_labels_is_TCG003(string json)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, json);
        Assert.Equal(DiagnosticSeverity.Error, outcome.Single("TCG003").Severity);
        Assert.Empty(outcome.Result.GeneratedTrees);
    }

    [Fact]
    public void Labels_sanitising_alike_are_TCG004_warnings_resolved_in_model_order()
    {
        const string Json = """{ "labels": ["billing issue", "billing-issue", "BillingIssue2", "billing_issue"] }""";
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, Json);
        Diagnostic[] warnings = outcome.Diagnostics.Where(d => d.Id == "TCG004").ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
        Assert.Equal(30, warnings[0].Location.GetLineSpan().StartLinePosition.Character); // the second label
        Assert.Contains("'billing issue' and 'billing-issue' both sanitise to 'BillingIssue'; 'billing-issue' becomes 'BillingIssue_2'", warnings[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(outcome.CompileErrors);
        INamedTypeSymbol label = outcome.Output.GetTypeByMetadataName("MyApp.Ml.IntentLabel")!;
        Assert.Equal(
            ["BillingIssue=0", "BillingIssue_2=1", "BillingIssue2=2", "BillingIssue_3=3"],
            label.GetMembers().OfType<IFieldSymbol>().Select(f => $"{f.Name}={f.ConstantValue}"));
    }

    [Theory]
    [InlineData("1Intent")]
    [InlineData("class")]
    [InlineData("My Intent")]
    public void Invalid_class_name_is_TCG005(string className)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, "{ \"labels\": [\"a\"] }", new ModelItemOptions(className));
        Assert.Equal(DiagnosticSeverity.Error, outcome.Single("TCG005").Severity);
        Assert.Empty(outcome.Result.GeneratedTrees);
    }

    [Fact]
    public void Invalid_namespace_is_TCG006()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, "{ \"labels\": [\"a\"] }", new ModelItemOptions(Namespace: "My App"));
        Assert.Equal(DiagnosticSeverity.Error, outcome.Single("TCG006").Severity);
        Assert.Empty(outcome.Result.GeneratedTrees);
    }

    [Fact]
    public void Repeated_label_is_TCG007_at_the_repeat()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, "{ \"labels\": [\"a\", \"b\", \"a\"] }");
        Diagnostic d = outcome.Single("TCG007");
        Assert.Equal(23, d.Location.GetLineSpan().StartLinePosition.Character);
        Assert.Empty(outcome.Result.GeneratedTrees);
    }

    [Theory]
    [InlineData("TCG004", "{ \"labels\": [\"a b\", \"a-b\"] }", "Intent", "MyApp.Ml", "rename one of the labels, or keep the suffix with WarningsNotAsErrors or NoWarn TCG004")]
    [InlineData("TCG005", "{ \"labels\": [\"a\"] }", "My Intent", "MyApp.Ml", "set the item's ClassName to a C# identifier, such as Intent")]
    [InlineData("TCG006", "{ \"labels\": [\"a\"] }", "Intent", "My App", "set the item's Namespace to a dotted C# name, such as MyApp.Models")]
    [InlineData("TCG007", "{ \"labels\": [\"a\", \"a\"] }", "Intent", "MyApp.Ml", "the runtime refuses a repeat too: train or export the model again, or remove the repeat")]
    public void Diagnostics_about_names_and_labels_say_what_to_do(string id, string json, string className, string ns, string advice)
    {
        // Review 58e: these named the problem only (TCG005 "ClassName 'My Intent' is not a valid C# identifier", at the
        // model's metadata file, not the project file where ClassName is written), so under warnings as errors a
        // collision of two labels' names failed the build with no word of how to accept it.
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, json, new ModelItemOptions(className, ns));
        string message = outcome.Diagnostics.First(d => d.Id == id).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(advice, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_models_with_one_class_name_is_TCG008_and_the_first_is_kept()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
        [
            (new TestAdditionalText("/repo/a/textclassifier.json", "{ \"labels\": [\"x\"] }"), new ModelItemOptions()),
            (new TestAdditionalText("/repo/b/textclassifier.json", "{ \"labels\": [\"y\"] }"), new ModelItemOptions()),
        ]);
        Diagnostic d = outcome.Single("TCG008");
        Assert.Equal("/repo/b/textclassifier.json", d.Location.GetLineSpan().Path);
        Assert.Single(outcome.Result.GeneratedTrees);
        Assert.Empty(outcome.CompileErrors);
    }
    [Theory]
    [InlineData("{ \"format\": \"textclassifier\", \"formatVersion\": 15, \"problemType\": \"multiLabel\", \"labels\": [\"a\", \"b\"], \"temperature\": 1.5 }")]
    [InlineData("{ \"formatVersion\": 1, \"labels\": [\"a\"] }")]
    [InlineData("{ \"labels\": [\"a\"] }")] // both left out: the runtime's defaults
    public void Bundles_of_every_format_version_the_runtime_reads_get_an_enum(string json)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Path, json);
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        Assert.Single(outcome.Result.GeneratedTrees);
    }

    [Fact]
    public void The_generators_newest_format_version_is_the_runtimes() =>
        Assert.Equal(global::TextClassification.Bundles.ModelManifest.CurrentFormatVersion, global::TextClassification.SourceGen.ModelMetadataParser.CurrentFormatVersion);
}
