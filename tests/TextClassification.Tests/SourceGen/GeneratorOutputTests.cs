using System.Globalization;
using Microsoft.CodeAnalysis;

namespace TextClassification.Tests.SourceGen;

/// <summary>Generated source for bundle manifests and Hugging Face configs.</summary>
public sealed class GeneratorOutputTests
{
    private const string Manifest = """
        {
          "format": "textclassifier",
          "formatVersion": 1,
          "labels": ["billing issue", "order_status", "1st contact", "class", "спам"],
          "tokenizer": { "type": "hashedNGrams", "nested": { "deep": [1, 2.5e3, true, null, "x\"y"] } }
        }
        """;

    [Fact]
    public void Manifest_gives_the_expected_source()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/intent/textclassifier.json", Manifest);
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        // The generator's own version, which the snapshot writes as VERSION so that it holds across releases.
        string version = typeof(TextClassification.SourceGen.TypedLabelGenerator).Assembly.GetName().Version!.ToString();
        AssertMatchesSnapshot("Intent.g.cs.txt", outcome.GeneratedSource.Replace($"\"TextClassification.SourceGen\", \"{version}\")", "\"TextClassification.SourceGen\", \"VERSION\")", StringComparison.Ordinal));
        Assert.Equal("MyApp.Ml.Intent.TextClassifier.g.cs", Path.GetFileName(outcome.Result.GeneratedTrees.Single().FilePath));
    }

    [Fact]
    public void Generated_types_name_the_generators_version()
    {
        // Every type carried [GeneratedCode("TextClassification.SourceGen", "1.0")] whatever the package's version (0.1.0
        // here): tools that read the attribute were told of a release that never was (review 48).
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/intent/textclassifier.json", Manifest);
        string version = typeof(TextClassification.SourceGen.TypedLabelGenerator).Assembly.GetName().Version!.ToString();
        INamedTypeSymbol[] types = new[] { "MyApp.Ml.IntentLabel", "MyApp.Ml.IntentLabels", "MyApp.Ml.IntentClassifier", "MyApp.Ml.IntentClassifierServiceCollectionExtensions" }
            .Select(name => outcome.Output.GetTypeByMetadataName(name)!).ToArray();
        Assert.All(types, type => Assert.Equal(
            ["TextClassification.SourceGen", version],
            type.GetAttributes().Single(a => a.AttributeClass!.Name == "GeneratedCodeAttribute").ConstructorArguments.Select(a => (string)a.Value!)));
    }

    /// <summary>Compares with SourceGen/Snapshots/<paramref name="name"/>; set TEXTCLASSIFICATION_UPDATE_SNAPSHOTS=1
    /// to rewrite the snapshot after a deliberate change (then review the diff).</summary>
    private static void AssertMatchesSnapshot(string name, string actual, [System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots", name);
        if (Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        string snapshot = File.ReadAllText(File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, "SourceGen", "Snapshots", name));
        Assert.Equal(snapshot.ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Generated_code_has_no_warnings_where_the_project_writes_an_XML_documentation_file()
    {
        // Review 53c: once TextClassifierLoader.Load had a second overload (the CancellationToken one), the generated
        // <see cref="…TextClassifierLoader.Load"/> was ambiguous: a project with GenerateDocumentationFile (which parses
        // doc comments with diagnostics) got warning CS0419 in the generated file, and a library that also treats
        // warnings as errors failed to build.
        Diagnostic[] warnings = DocumentationWarnings(GeneratorHarness.Run("/repo/Models/intent/textclassifier.json", Manifest));

        Assert.True(warnings.Length == 0, string.Join('\n', warnings.Select(d => d.ToString())));
    }

    [Fact]
    public void Labels_holding_characters_XML_forbids_keep_their_doc_comments_well_formed()
    {
        // U+FFFE and U+FFFF are no XML characters (nor a lone surrogate, which TCG002 refuses): written raw into the
        // member's <summary>, a project with GenerateDocumentationFile got CS1570 in the generated file, an error under
        // warnings as errors, for a model the runtime loads.
        const string Json = """{ "labels": ["ok", "\uffff", "a\ufffe", "b\ufdd0"] }""";
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/odd/textclassifier.json", Json, new ModelItemOptions("Odd"));
        Assert.Empty(outcome.Diagnostics);

        Diagnostic[] warnings = DocumentationWarnings(outcome);

        Assert.True(warnings.Length == 0, string.Join('\n', warnings.Select(d => d.ToString())));
        Assert.Equal(["ok", "\uffff", "a\ufffe", "b\ufdd0"], outcome.Output.GetTypeByMetadataName("MyApp.Ml.OddLabel")!.GetMembers().OfType<IFieldSymbol>()
            .Select(f => (string)f.GetAttributes().Single().ConstructorArguments[0].Value!));
    }

    // The warnings of the generated file where the project writes an XML documentation file (which parses doc comments
    // with diagnostics).
    private static Diagnostic[] DocumentationWarnings(GeneratorOutcome outcome)
    {
        SyntaxTree generated = outcome.Result.GeneratedTrees.Single();
        SyntaxTree documented = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            generated.ToString(), ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)generated.Options).WithDocumentationMode(DocumentationMode.Diagnose), generated.FilePath);
        Compilation compilation = outcome.Output.ReplaceSyntaxTree(generated, documented);

        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree == documented)
            .ToArray();
    }

    [Fact]
    public void Hugging_Face_config_orders_labels_by_id()
    {
        const string Config = """
            { "architectures": ["BertForSequenceClassification"],
              "id2label": { "2": "neutral", "0": "negative", "1": "positive" },
              "label2id": { "negative": 0, "neutral": 2, "positive": 1 } }
            """;
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/sentiment/config.json", Config, new ModelItemOptions("Sentiment", "", "Models/sentiment"));
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        INamedTypeSymbol label = outcome.Output.GetTypeByMetadataName("App.SentimentLabel")!; // RootNamespace when Namespace is empty
        Assert.Equal(
            ["Negative=0", "Positive=1", "Neutral=2"],
            label.GetMembers().OfType<IFieldSymbol>().Select(f => $"{f.Name}={f.ConstantValue}"));
    }

    [Fact]
    public void Labels_with_line_separators_and_controls_stay_inside_their_doc_comments()
    {
        // U+2028, U+2029 and U+0085 end a C# line: written raw into a /// comment, the rest of the label became code.
        const string Json = """{ "labels": ["line\u2028sep", "para\u2029graph", "nel\u0085y", "nul\u0000z", "tab\tx"] }""";
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/weird/textclassifier.json", Json, new ModelItemOptions("Weird"));
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        Assert.Equal(5, outcome.Output.GetTypeByMetadataName("MyApp.Ml.WeirdLabel")!.GetMembers().OfType<IFieldSymbol>().Count());
        foreach (string line in outcome.GeneratedSource.Split('\n').Where(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, c => c is '\u2028' or '\u2029' or '\u0085' or '\0' or '\t');
        }
    }

    [Theory]
    [InlineData("{ \"label2id\": { \"pos\": 1, \"neg\": \"0\" } }", "Neg,Pos")]
    [InlineData("{ \"problem_type\": \"multi_label_classification\", \"id2label\": { \"0\": \"toxic\" } }", "Toxic")]
    [InlineData("{ \"problem_type\": \"regression\", \"id2label\": { \"0\": \"LABEL_0\" } }", "TCG002:regression")]
    [InlineData("{ \"id2label\": { \"0\": \"LABEL_0\" } }", "TCG002:one label")]
    [InlineData("{ \"problem_type\": \"token_classification\", \"id2label\": { \"0\": \"a\", \"1\": \"b\" } }", "TCG002:token_classification")]
    [InlineData("{ \"id2label\": null, \"label2id\": { \"b\": 1, \"a\": 0 } }", "A,B")]
    [InlineData("{ \"problem_type\": null, \"id2label\": { \"0\": \"a\", \"1\": \"b\" } }", "A,B")]
    [InlineData("{ \"problem_type\": 3, \"id2label\": { \"0\": \"a\", \"1\": \"b\" } }", "TCG002:must be a string")]
    [InlineData("{ \"label2id\": { \"\": 0, \"b\": 1 } }", "TCG002:a label is empty")]
    [InlineData("{ \"model_type\": \"bert\" }", "LABEL0,LABEL1")] // no labels named: transformers' default two
    [InlineData("{ \"id2label\": null, \"label2id\": null }", "LABEL0,LABEL1")]
    [InlineData("{ \"architectures\": [\"BertForSequenceClassification\"] }", "LABEL0,LABEL1")]
    [InlineData("{ \"architectures\": [\"BertModel\"] }", "TCG002:an encoder's folder")]
    [InlineData("{ \"id2label\": { \"0\": \"neg\", \"1\": \"pos\", \"1\": \"positive\" } }", "Neg,Positive")] // a key given twice: its last value, as the runtime reads it
    [InlineData("{ \"id2label\": { \"0\": \"neg\", \"1\": \"pos\", \"01\": \"positive\" } }", "TCG002:lists id 1 twice")] // two keys of one id: refused, as at run time
    [InlineData("{ \"id2label\": { \"0\": \"\\ud83d\\ude00 happy\", \"1\": \"sad\" } }", "Happy,Sad")] // a surrogate pair is text
    [InlineData("{ \"num_labels\": 3 }", "LABEL0,LABEL1,LABEL2")] // transformers' LABEL_0..LABEL_{num_labels-1}
    [InlineData("{ \"num_labels\": 1 }", "TCG002:one label")]
    [InlineData("{ \"num_labels\": 100001 }", "TCG002:more than 100000 unnamed labels")] // the runtime refuses it before making a label each
    [InlineData("{ \"num_labels\": 1, \"problem_type\": \"multi_label_classification\" }", "LABEL0")]
    public void Hugging_Face_configs_get_an_enum_exactly_when_the_runtime_loads_them(string config, string expected)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/hf/config.json", config, new ModelItemOptions("Hf"));
        if (expected.StartsWith("TCG002:", StringComparison.Ordinal))
        {
            Assert.Contains(expected["TCG002:".Length..], outcome.Single("TCG002").GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Empty(outcome.Result.GeneratedTrees);
            return;
        }

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        INamedTypeSymbol label = outcome.Output.GetTypeByMetadataName("MyApp.Ml.HfLabel")!;
        Assert.Equal(expected, string.Join(',', label.GetMembers().OfType<IFieldSymbol>().Select(f => f.Name)));
    }

    [Fact]
    public void Class_name_defaults_to_the_folder_name()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/support-intents/textclassifier.json", Manifest, new ModelItemOptions(ClassName: null));
        Assert.Empty(outcome.CompileErrors);
        Assert.NotNull(outcome.Output.GetTypeByMetadataName("MyApp.Ml.SupportIntentsClassifier"));
        Assert.NotNull(outcome.Output.GetTypeByMetadataName("MyApp.Ml.SupportIntentsLabel"));
    }

    [Fact]
    public void Files_without_the_item_marker_are_ignored()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
        [
            (new TestAdditionalText("/repo/appsettings.json", "{ \"labels\": [\"a\"] }"), null),
            (new TestAdditionalText("/repo/other.json", "{ \"labels\": [\"a\"] }"), new ModelItemOptions(Marked: false)),
        ]);
        Assert.Empty(outcome.Result.GeneratedTrees);
        Assert.Empty(outcome.Diagnostics);
    }

    [Fact]
    public void Two_models_give_two_sets_of_types()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
        [
            (new TestAdditionalText("/repo/a/textclassifier.json", "{ \"labels\": [\"x\", \"y\"] }"), new ModelItemOptions("Alpha")),
            (new TestAdditionalText("/repo/b/config.json", "{ \"id2label\": { \"0\": \"x\", \"1\": \"z\" } }"), new ModelItemOptions("Beta")),
        ]);
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        Assert.Equal(2, outcome.Result.GeneratedTrees.Length);
        Assert.NotNull(outcome.Output.GetTypeByMetadataName("MyApp.Ml.AlphaClassifier"));
        Assert.NotNull(outcome.Output.GetTypeByMetadataName("MyApp.Ml.BetaClassifier"));
    }

    [Fact]
    public void Two_models_whose_names_differ_only_in_case_give_two_sets_of_types()
    {
        // Roslyn compares hint names ignoring case: one file name for both made the generator throw (CS8785) and
        // generate nothing at all.
        GeneratorOutcome outcome = GeneratorHarness.Run(
        [
            (new TestAdditionalText("/repo/a/textclassifier.json", "{ \"labels\": [\"x\", \"y\"] }"), new ModelItemOptions("Sentiment")),
            (new TestAdditionalText("/repo/b/textclassifier.json", "{ \"labels\": [\"x\", \"z\"] }"), new ModelItemOptions("sentiment")),
        ]);
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        Assert.Equal(2, outcome.Result.GeneratedTrees.Length);
        Assert.NotNull(outcome.Output.GetTypeByMetadataName("MyApp.Ml.SentimentClassifier"));
        Assert.NotNull(outcome.Output.GetTypeByMetadataName("MyApp.Ml.sentimentClassifier"));
    }

    [Theory]
    [InlineData("my-app", "my_app")]
    [InlineData("case", "_case")]
    [InlineData("2fa.Web", "_2fa.Web")]
    public void A_root_namespace_that_is_not_a_namespace_is_made_one(string rootNamespace, string expected)
    {
        // The fallback when the item has no Namespace: a project file named my-app.csproj has RootNamespace my-app
        // unless a template wrote a sanitised one; that was error TCG006 about a "Namespace" the user never wrote.
        GeneratorOutcome outcome = GeneratorHarness.Run(
            [(new TestAdditionalText("/repo/Models/intent/textclassifier.json", Manifest), new ModelItemOptions(Namespace: null))],
            rootNamespace);
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        Assert.NotNull(outcome.Output.GetTypeByMetadataName(expected + ".IntentClassifier"));
    }

    [Fact]
    public void A_key_given_twice_means_its_last_value_as_at_run_time()
    {
        // System.Text.Json (the runtime's manifest reader) and Python's json keep the last value; the generator kept
        // the first, so the enum and the loaded model disagreed.
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/intent/textclassifier.json", "{ \"labels\": [\"good\", \"bad\"], \"labels\": [\"neg\", \"pos\"] }");
        Assert.Empty(outcome.CompileErrors);
        INamedTypeSymbol label = outcome.Output.GetTypeByMetadataName("MyApp.Ml.IntentLabel")!;
        Assert.Equal("Neg,Pos", string.Join(',', label.GetMembers().OfType<IFieldSymbol>().Select(f => f.Name)));
    }
    [Fact]
    public void A_label_longer_than_a_metadata_name_gets_a_member_that_compiles()
    {
        // Review 51a: a member name is at most 1,023 UTF-8 bytes in metadata, and the enum member of a long label (a
        // sentence, an answer used as an intent) failed the build with CS7013 in the generated file: 1,024 ASCII letters,
        // or 512 two-byte ones. Such a name is cut and ends in a hash of the whole label; shorter names stay as they were.
        string[] labels =
        [
            new string('a', 1023), new string('b', 1024), new string('\u00fc', 512), "word " + new string('c', 1500), "word " + new string('c', 1501),
            "\u00e9" + new string('d', 1021), "\u00e9" + new string('d', 1021) + "!", "plain",
        ];
        string json = "{ \"labels\": [" + string.Join(", ", labels.Select(l => "\"" + l + "\"")) + "] }";
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/long/textclassifier.json", json, new ModelItemOptions("Long"));
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = outcome.Output.Emit(image);

        Assert.Empty(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        string[] names = outcome.Output.GetTypeByMetadataName("MyApp.Ml.LongLabel")!.GetMembers().OfType<IFieldSymbol>().Select(f => f.Name).ToArray();
        Assert.Equal(labels.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(name), 1, 1023));
        Assert.Equal("A" + new string('a', 1022), names[0]); // 1,023 bytes: as it was
        Assert.StartsWith("B" + new string('b', 900), names[1], StringComparison.Ordinal);
        Assert.Matches("_[0-9A-F]{8}$", names[1]);
        Assert.Equal("Plain", names[^1]);
        // Two labels that differ past the cut get different hashes; two with one name of 1,023 bytes (TCG004) keep the
        // second's suffix within the limit.
        Assert.NotEqual(names[3], names[4]);
        Assert.Equal("\u00c9" + new string('d', 1021), names[5]);
        Assert.Single(outcome.Diagnostics, d => d.Id == "TCG004");
    }

    [Fact]
    public void A_model_of_ten_thousand_labels_converts_every_label_without_a_switch_over_them()
    {
        // ToLabel and TryParseLabel were a switch over every label: Roslyn binds and emits a switch in time quadratic in
        // its arms, so 4,000 labels took 12 s of every compile and 20,000 labels 7.5 minutes (one of the review's checks).
        // Labels in an order that is neither ordinal nor culture order, with near misses that must not parse.
        string[] labels = Enumerable.Range(0, 10_000).Select(i => (i % 4) switch { 0 => $"label {i}", 1 => $"Label {i}", 2 => $"\u00e9t\u00e9 {i}", _ => $"{i}" }).ToArray();
        string json = "{ \"labels\": [" + string.Join(", ", labels.Select(l => "\"" + l + "\"")) + "] }";
        GeneratorOutcome outcome = GeneratorHarness.Run("/repo/Models/big/textclassifier.json", json, new ModelItemOptions("Big"));
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = outcome.Output.Emit(image);
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        Assert.True(emitted.Success);
        // The conversions look the labels up in arrays; no switch arm per label (the cause of the quadratic compile).
        string source = outcome.GeneratedSource;
        Assert.DoesNotContain("case \"", source, StringComparison.Ordinal);
        Assert.DoesNotContain("=> \"", source, StringComparison.Ordinal);

        var context = new System.Runtime.Loader.AssemblyLoadContext("big-labels", isCollectible: true);
        try
        {
            image.Position = 0;
            System.Reflection.Assembly assembly = context.LoadFromStream(image);
            Type labelsType = assembly.GetType("MyApp.Ml.BigLabels", throwOnError: true)!;
            var toLabel = labelsType.GetMethod("ToLabel")!;
            var tryParse = labelsType.GetMethod("TryParseLabel")!;
            Type enumType = assembly.GetType("MyApp.Ml.BigLabel", throwOnError: true)!;
            string[] expected = labels;
            for (int i = 0; i < expected.Length; i++)
            {
                object value = Enum.ToObject(enumType, i);
                Assert.Equal(expected[i], toLabel.Invoke(null, [value]));
                object?[] arguments = [expected[i], null];
                Assert.True((bool)tryParse.Invoke(null, arguments)!, expected[i]);
                Assert.Equal(value, arguments[1]);
            }

            foreach (string miss in new[] { "label", "LABEL 1", "label 1 ", "10000", "", "\u00e9t\u00e9 3" })
            {
                object?[] arguments = [miss, null];
                Assert.False((bool)tryParse.Invoke(null, arguments)!, miss);
                Assert.Equal(Enum.ToObject(enumType, 0), arguments[1]);
            }

            Assert.False((bool)tryParse.Invoke(null, [null, null])!);
            var outOfRange = Assert.Throws<System.Reflection.TargetInvocationException>(() => toLabel.Invoke(null, [Enum.ToObject(enumType, 10_000)]));
            Assert.IsType<ArgumentOutOfRangeException>(outOfRange.InnerException);
            outOfRange = Assert.Throws<System.Reflection.TargetInvocationException>(() => toLabel.Invoke(null, [Enum.ToObject(enumType, -1)]));
            Assert.IsType<ArgumentOutOfRangeException>(outOfRange.InnerException);
        }
        finally
        {
            context.Unload();
        }
    }
}
