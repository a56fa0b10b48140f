using TextClassification.Tests.Support;

namespace TextClassification.Tests.Packaging;

/// <summary>
/// <c>TextClassifierModel</c> items for ONNX encoder + head bundles, built by a throwaway project that imports this
/// checkout's build targets (no packages): the referenced encoder folder is copied into the output model's
/// <c>encoder</c> folder, beside n-gram bundles and items outside the project, and a missing one is warning TC0005.
/// The manifests here only need what the targets read.
/// </summary>
public sealed class EncoderModelItemTests
{
    [Fact]
    public void The_build_copies_each_encoder_head_bundles_encoder_and_warns_when_one_is_missing()
    {
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        Directory.CreateDirectory(app);
        string targets = Path.Combine(PackagesFixture.FindRepositoryRoot(), "src", "TextClassification", "build", "TextClassification.targets");
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <TextClassifierModel Include="models/intent" />
                <TextClassifierModel Include="models/plain/textclassifier.json" />
                <TextClassifierModel Include="../outside/sentiment" />
                <TextClassifierModel Include="models/lost" />
              </ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(1);");

        // An encoder with a non-ASCII name and a subfolder (written \u00E9 in the manifest, as System.Text.Json does).
        string encoder = root.Combine("encoders", "minilm-é");
        Directory.CreateDirectory(Path.Combine(encoder, "onnx"));
        File.WriteAllText(Path.Combine(encoder, "model.onnx"), "graph");
        File.WriteAllText(Path.Combine(encoder, "vocab.txt"), "[PAD]");
        File.WriteAllText(Path.Combine(encoder, "onnx", "extra.txt"), "x");
        File.WriteAllText(Path.Combine(encoder, ".hidden"), "not copied");
        Bundle(Path.Combine(app, "models", "intent"), """{ "type": "onnx", "dimension": 4, "path": "../../../encoders/minilm-\u00E9" }""");
        Bundle(Path.Combine(app, "models", "plain"), """{ "type": "hashedEmbeddingBag", "dimension": 4 }""");
        Bundle(root.Combine("outside", "sentiment"), """{ "type": "onnx", "dimension": 4, "path": "..\\..\\encoders\\minilm-\u00E9" }""");
        Bundle(Path.Combine(app, "models", "lost"), """{ "type": "onnx", "dimension": 4, "path": "../../../encoders/gone" }""");

        CommandResult built = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed();

        string output = Path.Combine(app, "bin", "Debug", "net10.0");
        foreach (string model in new[] { "models/intent", "Models/sentiment" })
        {
            Assert.Equal("graph", File.ReadAllText(Path.Combine(output, model, "encoder", "model.onnx")));
            Assert.True(File.Exists(Path.Combine(output, model, "encoder", "vocab.txt")));
            Assert.True(File.Exists(Path.Combine(output, model, "encoder", "onnx", "extra.txt")));
            Assert.False(File.Exists(Path.Combine(output, model, "encoder", ".hidden")));
        }

        Assert.True(File.Exists(Path.Combine(output, "models", "plain", "textclassifier.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "models", "plain", "encoder")));
        Assert.Contains("warning TC0005: The model 'models/lost' references the ONNX encoder folder", built.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("'models/intent' references", built.Output, StringComparison.Ordinal);

        // Another encoder whose files are older than the copy (downloads keep their dates) still replaces it.
        File.WriteAllText(Path.Combine(encoder, "model.onnx"), "other graph");
        File.SetLastWriteTimeUtc(Path.Combine(encoder, "model.onnx"), new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed();
        Assert.Equal("other graph", File.ReadAllText(Path.Combine(output, "models", "intent", "encoder", "model.onnx")));
    }

    [Fact]
    public void A_model_replaced_by_older_dated_files_replaces_the_copy_and_recompiles_and_a_missing_one_is_TC0008()
    {
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        Directory.CreateDirectory(app);
        string targets = Path.Combine(PackagesFixture.FindRepositoryRoot(), "src", "TextClassification", "build", "TextClassification.targets");
        string project = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <TextClassifierModel Include="models/plain" />
                MORE
              </ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """;
        File.WriteAllText(Path.Combine(app, "app.csproj"), project.Replace("MORE", "", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(1);");
        string model = Path.Combine(app, "models", "plain");
        Bundle(model, """{ "type": "hashedEmbeddingBag", "dimension": 4 }""");
        File.WriteAllText(Path.Combine(model, "weights-1.bin"), "old weights");
        string packages = root.Combine("packages");
        DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed();
        string output = Path.Combine(app, "bin", "Debug", "net10.0");
        string assembly = Path.Combine(app, "obj", "Debug", "net10.0", "app.dll");
        DateTime compiled = File.GetLastWriteTimeUtc(assembly);

        // Another bundle unpacked over it with its files' old dates kept (labels and weight file changed).
        Directory.Delete(model, recursive: true);
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, "textclassifier.json"),
            """{ "format": "textclassifier", "formatVersion": 1, "labels": ["x", "y", "z"], "encoder": { "type": "hashedEmbeddingBag", "dimension": 4 } }""");
        File.WriteAllText(Path.Combine(model, "weights-2.bin"), "new weights");
        foreach (string file in Directory.GetFiles(model))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed();
        Assert.Contains("\"z\"", File.ReadAllText(Path.Combine(output, "models", "plain", "textclassifier.json")), StringComparison.Ordinal);
        Assert.Equal("new weights", File.ReadAllText(Path.Combine(output, "models", "plain", "weights-2.bin")));
        DateTime recompiled = File.GetLastWriteTimeUtc(assembly);
        Assert.True(recompiled > compiled, "the generator's input changed, so the project must compile again");

        // Nothing changed: no new compile.
        DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed();
        Assert.Equal(recompiled, File.GetLastWriteTimeUtc(assembly));

        File.WriteAllText(Path.Combine(app, "app.csproj"), project.Replace("MORE", "<TextClassifierModel Include=\"models/nope\" />", StringComparison.Ordinal));
        CommandResult missing = DotnetCli.Run(app, packages, "build", "--disable-build-servers");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("error TC0008: The model 'models/nope' has no model metadata", missing.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS2001", missing.Output, StringComparison.Ordinal);

        // Two items on one model: the generator would see one of them (its types only, the other's silently gone).
        File.WriteAllText(Path.Combine(app, "app.csproj"), project.Replace("MORE", "<TextClassifierModel Include=\"models/plain/textclassifier.json\" ClassName=\"Other\" />", StringComparison.Ordinal));
        CommandResult twice = DotnetCli.Run(app, packages, "build", "--disable-build-servers");
        Assert.NotEqual(0, twice.ExitCode);
        Assert.Contains("error TC0010: The TextClassifierModel items 'models/plain' and 'models/plain/textclassifier.json' name one model", twice.Output, StringComparison.Ordinal);

        if (OperatingSystem.IsLinux())
        {
            // Two folders whose names differ only in case: MSBuild groups their metadata as one (the second model's
            // types silently vanished before TC0010), so the build stops and says why.
            Bundle(Path.Combine(app, "models", "Plain"), """{ "type": "hashedEmbeddingBag", "dimension": 4 }""");
            File.WriteAllText(Path.Combine(app, "app.csproj"), project.Replace("MORE", "<TextClassifierModel Include=\"models/Plain\" ClassName=\"Upper\" />", StringComparison.Ordinal));
            CommandResult cased = DotnetCli.Run(app, packages, "build", "--disable-build-servers");
            Assert.NotEqual(0, cased.ExitCode);
            Assert.Contains("error TC0010: The TextClassifierModel items 'models/plain' and 'models/Plain' name one model", cased.Output, StringComparison.Ordinal);
            Assert.Contains("differ only in case", cased.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_model_folder_that_holds_the_project_is_TC0016_and_copies_nothing()
    {
        // A textclassifier.json at the project root (a form the README allows) copied the whole project folder, its
        // sources, obj and bin, into the output, one level deeper each build (an outside check: 718 MB after three).
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        string targets = Path.Combine(PackagesFixture.FindRepositoryRoot(), "src", "TextClassification", "build", "TextClassification.targets");
        Bundle(app, """{ "type": "hashedEmbeddingBag", "dimension": 4 }""");
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><TextClassifierModel Include="textclassifier.json" ClassName="Root" /></ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(1);");

        CommandResult built = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers");

        Assert.NotEqual(0, built.ExitCode);
        Assert.Contains("error TC0016: The model 'textclassifier.json' lies in the folder", built.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Program.cs")));
    }

    [Fact]
    public void An_output_path_with_a_hash_or_a_semicolon_is_TC0015()
    {
        // The compiler hands the output path to the generator in an analyzer config file, whose values end at a '#' or a
        // ';' (a comment): Load() read Models/semi for a model the build copied to Models/semi;colon and failed at run
        // time. TC0015 caught the '#' only (the review's check with the generator itself).
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        PlainBundles(app, "semi;colon", "plain", "other");
        (string Item, string Expected)[] cases =
        [
            ("""<TextClassifierModel Include="models/semi%3Bcolon" ClassName="Semi" />""", "The model 'models/semi;colon' goes to the output path 'models/semi;colon'"),
            ("""<TextClassifierModel Include="models/plain" ClassName="Plain" OutputPath="Models/c#x" />""", "The model 'models/plain' goes to the output path 'Models/c#x'"),
            ("""<TextClassifierModel Include="models/other" ClassName="Other" OutputPath="Models/a;b" />""", "The model 'models/other' goes to the output path 'Models/a;b'"),
        ];
        AssertEachBuildFails(root, app, "TC0015", cases);
    }

    [Fact]
    public void An_output_path_that_is_rooted_or_leaves_the_output_folder_is_TC0019()
    {
        // Review 51a: OutputPath="/srv/models/x" built without a word, the build copied the model to
        // <output>/srv/models/x and the generated Load() read /srv/models/x, so the app failed at start-up;
        // OutputPath="../x" copied it beside the output folder, out of what is deployed (and publish put it outside
        // the publish folder).
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        PlainBundles(app, "a", "b", "c");
        string rooted = root.Combine("elsewhere", "x").Replace('\\', '/');
        (string Item, string Expected)[] cases =
        [
            ($"""<TextClassifierModel Include="models/a" ClassName="A" OutputPath="{rooted}" />""", $"The model 'models/a' goes to the output path '{rooted}', which is rooted"),
            ("""<TextClassifierModel Include="models/b" ClassName="B" OutputPath="../x" />""", "The model 'models/b' goes to the output path '../x', which is rooted"),
            ("""<TextClassifierModel Include="models/c" ClassName="C" OutputPath="Models/../../x" />""", "The model 'models/c' goes to the output path 'Models/../../x', which is rooted"),
        ];
        AssertEachBuildFails(root, app, "TC0019", cases);

        // A path that goes up and comes back inside the output folder is fine.
        WriteApp(app, """<TextClassifierModel Include="models/a" ClassName="A" OutputPath="Models/../Models/a" />""");
        DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "a", "textclassifier.json")));
    }

    [Fact]
    public void A_model_folder_without_a_file_it_needs_is_warning_TC0020_naming_it()
    {
        // Review 51a: a bundle copied without a weight file its manifest lists, or a Hugging Face export without its
        // model.onnx, built without a word (the generator reads the metadata file alone), and the app stopped at start-up.
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        string bundle = Path.Combine(app, "models", "partial");
        Directory.CreateDirectory(bundle);
        File.WriteAllText(Path.Combine(bundle, "textclassifier.json"), """
            { "format": "textclassifier", "formatVersion": 1, "labels": ["a", "b"], "encoder": { "type": "hashedEmbeddingBag", "dimension": 4 },
              "files": { "head-1.bin": { "bytes": 4, "sha256": "00" }, "embeddings-2.bin": { "bytes": 8, "sha256": "11" } } }
            """);
        File.WriteAllBytes(Path.Combine(bundle, "head-1.bin"), [1, 2, 3, 4]);
        string export = Path.Combine(app, "models", "export");
        Directory.CreateDirectory(export);
        File.WriteAllText(Path.Combine(export, "config.json"), """{ "id2label": { "0": "neg", "1": "pos" } }""");
        File.WriteAllText(Path.Combine(export, "vocab.txt"), "[PAD]\n[UNK]\n");
        PlainBundles(app, "whole");
        WriteApp(app, """
            <TextClassifierModel Include="models/partial" ClassName="Partial" />
            <TextClassifierModel Include="models/export" ClassName="Export" />
            <TextClassifierModel Include="models/whole" ClassName="Whole" />
            """);

        string output = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed().Output;

        Assert.Contains("warning TC0020: The model 'models/partial' lacks embeddings-2.bin, which its textclassifier.json lists", output, StringComparison.Ordinal);
        Assert.Contains("warning TC0020: The model 'models/export' lacks model.onnx, which a Hugging Face export needs beside its config.json", output, StringComparison.Ordinal);
        Assert.DoesNotContain("head-1.bin", output, StringComparison.Ordinal);
        Assert.DoesNotContain("'models/whole' lacks", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_name_or_namespace_with_a_hash_or_a_semicolon_is_TC0018()
    {
        // The same analyzer config file carries ClassName and Namespace to the generator: ClassName="Intent#V2" reached it
        // as "Intent", a valid name, so the build gave the wrong type names without a word (a limit design.md listed).
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        PlainBundles(app, "a", "b", "c");
        (string Item, string Expected)[] cases =
        [
            ("""<TextClassifierModel Include="models/a" ClassName="Intent#V2" />""", "The model 'models/a' has the ClassName 'Intent#V2'"),
            ("""<TextClassifierModel Include="models/b" ClassName="Topic;V2" />""", "The model 'models/b' has the ClassName 'Topic;V2'"),
            ("""<TextClassifierModel Include="models/c" Namespace="MyApp.Ml#Old" />""", "The model 'models/c' has the Namespace 'MyApp.Ml#Old'"),
            // Several items, the others with no ClassName or Namespace (or a good one): the bad one is still found.
            ("""<TextClassifierModel Include="models/a" /><TextClassifierModel Include="models/b" ClassName="Topic#V2" Namespace="Good.Ns" /><TextClassifierModel Include="models/c" ClassName="Fine" />""", "The model 'models/b' has the ClassName 'Topic#V2'"),
            ("""<TextClassifierModel Include="models/a" ClassName="Fine" /><TextClassifierModel Include="models/b" /><TextClassifierModel Include="models/c" Namespace="Bad;Ns" />""", "The model 'models/c' has the Namespace 'Bad;Ns'"),
        ];
        AssertEachBuildFails(root, app, "TC0018", cases);
    }

    [Theory]
    [InlineData("C#Tools", "C_Tools")]
    [InlineData("My%3BApp.Ml", "My_App.Ml")]
    public void A_root_namespace_with_a_hash_or_a_semicolon_names_the_generated_types_as_the_generator_makes_it(string rootNamespace, string expected)
    {
        // The analyzer config file that carries RootNamespace to the generator ends a value at '#' or ';' (TC0018 for a
        // ClassName or Namespace): a project named C#Tools had its types generated in namespace C, where the generator
        // makes an unnamed character '_' (C_Tools, as Visual Studio's default namespace). Review 49d.
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        PlainBundles(app, "intent");
        string repository = PackagesFixture.FindRepositoryRoot();
        string build = Path.Combine(repository, "src", "TextClassification", "build");
        string bin = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "TextClassification.props")}" />
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><RootNamespace>{rootNamespace}</RootNamespace></PropertyGroup>
              <ItemGroup>
                <TextClassifierModel Include="models/intent" ClassName="Intent" />
                <Analyzer Include="{Path.Combine(bin, "TextClassification.SourceGen.dll")}" />
                <Reference Include="{Path.Combine(bin, "TextClassification.dll")}" />
                <Reference Include="{Path.Combine(bin, "Microsoft.Extensions.DependencyInjection.Abstractions.dll")}" />
                <Reference Include="{Path.Combine(bin, "Microsoft.Extensions.Logging.Abstractions.dll")}" />
              </ItemGroup>
              <Import Project="{Path.Combine(build, "TextClassification.targets")}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), $"System.Console.WriteLine(typeof({expected}.IntentClassifier).FullName);");

        DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed();
    }

    [Fact]
    public void An_apostrophe_or_a_backtick_in_a_models_output_path_builds()
    {
        // The output path went into property functions between single quotes: an OutputPath such as Models/it's failed
        // the build with MSB4100 (a folder named so worked: a property function's result is kept escaped). Backticks
        // instead failed a folder named we`ird; double quotes, which no Windows path can hold, take both (review 48).
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        PlainBundles(app, "plain", "we`ird", "bob's");
        WriteApp(app, """
            <TextClassifierModel Include="models/plain" ClassName="Plain" OutputPath="Models/it's" />
            <TextClassifierModel Include="models/we`ird" ClassName="Weird" />
            <TextClassifierModel Include="models/bob's" ClassName="Bob" />
            """);

        DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed();

        string output = Path.Combine(app, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Models", "it's", "textclassifier.json")));
        Assert.True(File.Exists(Path.Combine(output, "models", "we`ird", "textclassifier.json")));
        Assert.True(File.Exists(Path.Combine(output, "models", "bob's", "textclassifier.json")));
        // What the generator is handed as each model's path (TextClassifierModelPath on its AdditionalFiles item).
        string items = DotnetCli.Run(app, root.Combine("packages"), "msbuild", "-t:TextClassifierPrepareModels", "-getItem:AdditionalFiles", "-nodeReuse:false").ShouldSucceed().Output;
        Assert.Contains("\"TextClassifierModelPath\": \"Models/it\\u0027s\"", items, StringComparison.Ordinal);
        Assert.Contains("\"TextClassifierModelPath\": \"models/we\\u0060ird\"", items, StringComparison.Ordinal);
        Assert.Contains("\"TextClassifierModelPath\": \"models/bob\\u0027s\"", items, StringComparison.Ordinal);
    }

    [Fact]
    public void A_double_quote_in_a_models_output_path_builds()
    {
        // Review 48 quoted the pasted output path with &quot; to take an apostrophe, which made a '"' end the literal
        // instead: with OutputPath="Models/say &quot;hi&quot;" the generator was handed Models/say "hi (MSBuild dropped
        // the last quote), a folder the app's Load() would not find (review 48b). No Windows path holds a '"'.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        PlainBundles(app, "plain");
        WriteApp(app, """<TextClassifierModel Include="models/plain" ClassName="Plain" OutputPath="Models/say &quot;hi&quot;" />""");

        DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed();

        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "say \"hi\"", "textclassifier.json")));
        string items = DotnetCli.Run(app, root.Combine("packages"), "msbuild", "-t:TextClassifierPrepareModels", "-getItem:AdditionalFiles", "-nodeReuse:false").ShouldSucceed().Output;
        Assert.Contains("\"TextClassifierModelPath\": \"Models/say \\u0022hi\\u0022\"", items, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Visual_Basic_project_naming_a_ClassName_is_told_that_typed_labels_are_for_CSharp_and_still_gets_the_model()
    {
        // The generator is a C# analyzer: a VB (or F#) project whose item named a ClassName built without its IntentClassifier
        // and without a word, so the first use of the type failed with "'IntentClassifier' is not declared" (review 55a).
        using var root = new TempFolder("tc-model-items");
        string app = root.Combine("app");
        PlainBundles(app, "intent", "copied");
        string targets = Path.Combine(PackagesFixture.FindRepositoryRoot(), "src", "TextClassification", "build", "TextClassification.targets");
        File.WriteAllText(Path.Combine(app, "app.vbproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <TextClassifierModel Include="models/intent" ClassName="Intent" />
                <TextClassifierModel Include="models/copied" />
              </ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.vb"), "Module Program\n    Sub Main()\n    End Sub\nEnd Module\n");

        CommandResult built = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed();

        Assert.Contains("warning TC0021: The model 'models/intent' names a ClassName or Namespace, but typed labels", built.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("'models/copied' names", built.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "models", "intent", "textclassifier.json")));
    }

    // n-gram bundles in app/models/<name>, for tests of the paths alone.
    private static void PlainBundles(string app, params string[] names)
    {
        foreach (string name in names)
        {
            Bundle(Path.Combine(app, "models", name), """{ "type": "hashedEmbeddingBag", "dimension": 4 }""");
        }
    }

    // Builds the app once per item and expects the error code with the expected message in each build's output.
    private static void AssertEachBuildFails(TempFolder root, string app, string code, (string Item, string Expected)[] cases)
    {
        foreach ((string item, string expected) in cases)
        {
            WriteApp(app, item);

            CommandResult built = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers");

            Assert.NotEqual(0, built.ExitCode);
            Assert.Contains($"error {code}: {expected}", built.Output, StringComparison.Ordinal);
        }
    }

    // A throwaway app with the given TextClassifierModel items, importing this checkout's TextClassification.targets.
    private static void WriteApp(string app, string items)
    {
        string targets = Path.Combine(PackagesFixture.FindRepositoryRoot(), "src", "TextClassification", "build", "TextClassification.targets");
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(1);");
    }

    private static void Bundle(string folder, string encoderJson)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "textclassifier.json"), $$"""
            { "format": "textclassifier", "formatVersion": 1, "labels": ["a", "b"], "encoder": {{encoderJson}} }
            """);
    }
}
