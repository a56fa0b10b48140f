using System.Diagnostics;
using System.Text.RegularExpressions;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;
using Xunit.Abstractions;

namespace TextClassification.Tests.Packaging;

/// <summary>
/// The packed packages as a user gets them: a fresh console app, <c>dotnet add package</c> from the local feed, a
/// <c>TextClassifierModel</c> or <c>TextClassifierTrainingData</c> item in the project file, build, run. A broken
/// package layout, build file or generator fails here.
/// </summary>
public sealed partial class PackAndConsumeTests(PackagesFixture packages, ITestOutputHelper output) : IClassFixture<PackagesFixture>
{
    private const string ProgramSource = """
        using Consumer.Ml;
        using TextClassification;

        // Typed: a misspelt member would not compile.
        foreach (TicketLabel label in TicketLabels.Values)
        {
            Console.WriteLine($"member {label}={label.ToLabel()}");
        }

        TicketClassifier classifier = TicketClassifier.Load(); // from the copy in the output folder
        Prediction<TicketLabel> p = classifier.Classify(args[0]);
        Console.WriteLine($"prediction {p.Label} {p.Score:F3}");
        Console.WriteLine(p.Label == TicketLabel.BillingIssue ? "is billing" : "is not billing");
        """;

    // The head trained on an ONNX encoder at build time, through its generated class.
    private const string EncodedProgram = """
        using (ConsumerApp.EncodedClassifier encoded = ConsumerApp.EncodedClassifier.Load())
        {
            Prediction<ConsumerApp.EncodedLabel> e = encoded.Classify(args[0]);
            Console.WriteLine($"encoded {e.Label} {e.Score.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}");
        }
        """;

    // Model order: the trainer sorts labels ordinally.
    private static readonly string[] ExpectedMembers = ["member _2fa=2fa", "member BillingIssue=billing issue", "member OrderStatus=order-status"];

    [Fact]
    public void Model_item_gives_typed_labels_and_a_working_classifier()
    {
        var clock = Stopwatch.StartNew();
        string app = NewConsoleApp("model-app", "TextClassification");
        Dataset data = DatasetReader.Read(new StringReader(PackagesFixture.TrainingTsv()), "tickets.tsv", DatasetFormat.Tsv);
        NGramTrainer.Train(data.Rows, new NGramTrainerOptions { Seed = 3, Dimension = 16 }).Classifier.Save(Path.Combine(app, "Models", "tickets"));
        // A training-data item without the Training package: a warning, not silence.
        AddItems(app, """
            <TextClassifierModel Include="Models/tickets" ClassName="Ticket" Namespace="Consumer.Ml" />
            <TextClassifierTrainingData Include="data/more.tsv" />
            """);

        Assert.Contains("warning TC0004: TextClassifierTrainingData items are trained by the TextClassification.Training package", Build(app), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "tickets", "textclassifier.json")));
        string result = RunApp(app, "I was charged twice, please refund the payment on my card");
        Assert.Equal(ExpectedMembers, result.Split('\n').Where(l => l.StartsWith("member ", StringComparison.Ordinal)).Select(l => l.TrimEnd('\r')));
        Assert.Contains("prediction BillingIssue", result, StringComparison.Ordinal);
        Assert.Contains("is billing", result, StringComparison.Ordinal);

        // Publish carries the model too.
        string published = Path.Combine(app, "published");
        packages.Dotnet(app, "publish", "--no-build", "-c", "Debug", "-o", published, "--disable-build-servers").ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(published, "Models", "tickets", "textclassifier.json")));
        output.WriteLine($"pack {packages.PackSeconds:F1} s (once per class); model app {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData("TextClassification")]
    [InlineData("TextClassification.Training")]
    public void A_project_on_an_older_framework_is_refused_at_restore(string package)
    {
        // The build files sat in build/ without a framework folder, which NuGet reads as "any framework": a net8.0
        // project restored the package, got no assembly, and failed to compile the generated code (CS0246, CS0400).
        string app = packages.NewAppFolder("net8-" + package);
        File.WriteAllText(Path.Combine(app, "Net8App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework></PropertyGroup>
              <ItemGroup><PackageReference Include="{package}" Version="{PackagesFixture.Version}" /></ItemGroup>
            </Project>
            """);

        CommandResult restore = packages.Dotnet(app, "restore", "--disable-build-servers");

        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains($"NU1202: Package {package} {PackagesFixture.Version} is not compatible with net8.0", restore.Output, StringComparison.Ordinal);
        Assert.Contains("supports: net10.0", restore.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_that_pins_the_first_10_0_release_of_the_runtime_dependencies_restores()
    {
        // The packed floors were the versions the repository built against (>= 10.0.15): an app on an earlier 10.0.x
        // of one of them (a direct reference, or a central pin) failed restore with NU1605, a downgrade, although
        // the package uses nothing after 10.0.0.
        string[] floored = ["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "System.Numerics.Tensors"];
        using (System.IO.Compression.ZipArchive package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packages.Feed, $"TextClassification.{PackagesFixture.Version}.nupkg")))
        using (Stream nuspec = package.GetEntry("TextClassification.nuspec")!.Open())
        {
            Dictionary<string, string> floors = System.Xml.Linq.XDocument.Load(nuspec).Descendants()
                .Where(e => e.Name.LocalName == "dependency")
                .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value, StringComparer.OrdinalIgnoreCase);
            Assert.All(floored, id => Assert.Equal("10.0.0", floors[id]));
        }

        string app = packages.NewAppFolder("pinned-10.0.0");
        File.WriteAllText(Path.Combine(app, "PinnedApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TextClassification" Version="{PackagesFixture.Version}" />
                {string.Concat(floored.Select(id => $"<PackageReference Include=\"{id}\" Version=\"10.0.0\" />"))}
              </ItemGroup>
            </Project>
            """);

        CommandResult restore = packages.Dotnet(app, "restore", "--disable-build-servers").ShouldSucceed();

        Assert.DoesNotContain("NU1605", restore.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tool_package_carries_no_debug_symbols_docs_or_import_libraries_and_textclf_runs_from_it()
    {
        // It carried Windows import libraries (.lib), the libraries' XML documentation and .pdb files (also in its
        // .snupkg), none of which a tool uses.
        var clock = Stopwatch.StartNew();
        string feed = packages.NewAppFolder("tool-feed");
        packages.Dotnet(packages.RepositoryRoot, "pack", Path.Combine(packages.RepositoryRoot, "src", "TextClassification.Cli", "TextClassification.Cli.csproj"), "-c", PackagesFixture.Configuration, "--no-build", "--no-restore", "-o", feed, "--disable-build-servers", "-p:PackageVersion=" + PackagesFixture.Version)
            .ShouldSucceed();

        using (System.IO.Compression.ZipArchive package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"TextClassification.Cli.{PackagesFixture.Version}.nupkg")))
        {
            string[] tools = [.. package.Entries.Select(e => e.FullName).Where(name => name.StartsWith("tools/", StringComparison.Ordinal))];
            Assert.Contains("tools/net10.0/any/textclf.dll", tools);
            Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", tools); // the tool's manifest, which NuGet writes
            Assert.DoesNotContain(tools, name => name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".lib", StringComparison.OrdinalIgnoreCase)
                || (name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !name.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal)));
        }

        string toolPath = packages.NewAppFolder("tool");
        packages.Dotnet(toolPath, "tool", "install", "--tool-path", toolPath, "--add-source", feed, "TextClassification.Cli", "--version", PackagesFixture.Version).ShouldSucceed();
        File.WriteAllText(Path.Combine(toolPath, "data.tsv"), PackagesFixture.TrainingTsv(perLabel: 8));
        string installed = Directory.GetFiles(Path.Combine(toolPath, ".store"), "textclf.dll", SearchOption.AllDirectories).Single();
        packages.Dotnet(toolPath, installed, "train", "data.tsv", "--out", "model", "--epochs", "2").ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(toolPath, "model", "textclassifier.json")));
        output.WriteLine($"tool package {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void A_project_without_model_items_copies_nothing_of_its_own_folder()
    {
        // The README's first path: the package referenced, the model loaded from a path, no TextClassifierModel item.
        // The copy step once globbed '**' when there were no models: the project folder (sources, secrets, bin itself)
        // went into the output, one level deeper every build, until a build failed.
        string app = NewConsoleApp("no-model-app", "TextClassification");
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(typeof(TextClassification.ITextClassifier).Name);\n");
        File.WriteAllText(Path.Combine(app, "appsecrets.txt"), "secret=1\n");

        Build(app);
        File.AppendAllText(Path.Combine(app, "Program.cs"), "// edited\n");
        Build(app);

        string bin = Path.Combine(app, "bin", "Debug", "net10.0");
        Assert.False(File.Exists(Path.Combine(bin, "Program.cs")));
        Assert.False(File.Exists(Path.Combine(bin, "appsecrets.txt")));
        Assert.False(Directory.Exists(Path.Combine(bin, "bin")));
        Assert.False(Directory.Exists(Path.Combine(bin, "obj")));
        Assert.Contains("ITextClassifier", RunApp(app, "unused"), StringComparison.Ordinal);
    }

    [Fact]
    public void Training_data_item_trains_at_build_time_incrementally_and_reports_bad_data()
    {
        var clock = Stopwatch.StartNew();
        string app = NewConsoleApp("training-app", "TextClassification.Training");
        string dataFile = Path.Combine(app, "data", "tickets.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(dataFile)!);
        File.WriteAllText(dataFile, PackagesFixture.TrainingTsv());
        File.WriteAllText(Path.Combine(app, "data", "support-intents.tsv"), PackagesFixture.TrainingTsv(perLabel: 10));
        // The report needs the packed tool's native libraries (SkiaSharp); the second item's ModelName is no C#
        // identifier, so its classes are named after it in PascalCase (as an item without ModelName is after its file). The third trains a head on an ONNX encoder: the packed
        // tool has no ONNX Runtime natives of its own and finds them in the project's restored packages.
        using var encoder = new TextClassification.Tests.Onnx.TinyBertExport(["unused"], classifier: false);
        AddItems(app, $"""
            <TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" Namespace="Consumer.Ml" TrainingArguments="--dim 16 --test data/tickets.tsv --report obj/ticket-report" />
            <TextClassifierTrainingData Include="data/support-intents.tsv" ModelName="support-intents" TrainingArguments="--dim 16" />
            <TextClassifierTrainingData Include="data/support-intents.tsv" ModelName="Encoded" TrainingArguments="--encoder &quot;{encoder.Folder}&quot; --epochs 2 --embedding-cache none" />
            """);

        // The encoder + head model through its generated class (its Load reads every model kind).
        File.AppendAllText(Path.Combine(app, "Program.cs"), "\nif (args.Length > 1 && args[1] == \"encoded\")\n" + EncodedProgram);
        string first = Build(app);
        TextClassification.Bundles.ModelManifest encoded = TextClassification.Bundles.ModelBundle.ReadManifest(Path.Combine(app, "obj", "Debug", "net10.0", "textclassifier", "Encoded"));
        Assert.Equal("onnx", encoded.Encoder.Type);
        // Its encoder is referenced, not part of the bundle: the build copies it into the output's model folder, so the
        // published app still loads it once the referenced folder is gone.
        string published = Path.Combine(app, "published");
        packages.Dotnet(app, "publish", "--no-build", "-c", "Debug", "-o", published, "--disable-build-servers").ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "Encoded", "encoder", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(published, "Models", "Encoded", "encoder", "model.onnx")));
        // Moved away while the published app runs, then back: the encoder is an input of that model's training, so a
        // build without it fails (TC1002) rather than keep a head it can no longer check.
        Directory.Move(encoder.Folder, encoder.Folder + ".away");
        Assert.Matches(@"(?m)^encoded (_2fa|BillingIssue|OrderStatus) [01]\.\d{3}\r?$", RunApp(app, "where is my package", "encoded", Path.Combine(published, "ConsumerApp.dll")));
        Directory.Move(encoder.Folder + ".away", encoder.Folder);
        Assert.Contains("Training Ticket", first, StringComparison.Ordinal);
        Assert.DoesNotContain("TCG005", first, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "Ticket", "textclassifier.json")));
        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "support-intents", "textclassifier.json")));
        Assert.True(new FileInfo(Path.Combine(app, "obj", "ticket-report", "confusion-matrix.png")).Length > 1000);
        string result = RunApp(app, "where is my package, the tracking says shipped but no delivery");
        Assert.Equal(ExpectedMembers, result.Split('\n').Where(l => l.StartsWith("member ", StringComparison.Ordinal)).Select(l => l.TrimEnd('\r')));
        Assert.Contains("prediction OrderStatus", result, StringComparison.Ordinal);

        // Unchanged data and settings: no retraining.
        Assert.DoesNotContain("Training Ticket", Build(app), StringComparison.Ordinal);

        // Other data with an older time than the bundle (cp -p, tar, unzip): retrained, by the content's hash.
        string original = File.ReadAllText(dataFile);
        File.WriteAllText(dataFile, original + string.Concat(Enumerable.Repeat("refund\tgive me my money back for this order\n", 20)));
        File.SetLastWriteTimeUtc(dataFile, new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Contains("Training Ticket", Build(app), StringComparison.Ordinal);
        Assert.Contains("member Refund=refund", RunApp(app, "money back"), StringComparison.Ordinal);
        File.WriteAllText(dataFile, original);

        // A new label in the data: retrained, and the enum grows; a row without text is a warning at its line.
        File.AppendAllText(dataFile, string.Concat(Enumerable.Repeat("cancel\tcancel my subscription please, stop the plan\n", 20)));
        File.AppendAllText(dataFile, "cancel\t   \n");
        int emptyLine = File.ReadAllLines(dataFile).Length;
        string retrained = Build(app);
        Assert.Contains("Training Ticket", retrained, StringComparison.Ordinal);
        Assert.Contains($"{Path.GetFullPath(dataFile)}({emptyLine}): warning TC2001: row skipped: empty text", retrained, StringComparison.Ordinal);
        Assert.Contains("member Cancel=cancel", RunApp(app, "stop my plan"), StringComparison.Ordinal);

        // Bad data: the build fails with a canonical error at the file and line.
        int badLine = File.ReadAllLines(dataFile).Length + 1;
        File.AppendAllText(dataFile, "billing issue\ttoo\tmany fields\n");
        CommandResult failed = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, failed.ExitCode);
        Match error = BadDataError().Match(failed.Output);
        Assert.True(error.Success, failed.Output);
        Assert.Equal(Path.GetFullPath(dataFile), error.Groups["file"].Value);
        Assert.Equal(badLine, int.Parse(error.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("TC0003", failed.Output, StringComparison.Ordinal); // no second, vaguer error

        // Nothing changed since: the next build trains again and fails again, not "up to date" on the old model.
        CommandResult again = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Matches(BadDataError(), again.Output);

        // The same bad data with no earlier bundle (a first build): the data error, not also a missing metadata file
        // (TCG001) or source file (CS2001) for the bundle that was never written.
        Directory.Delete(Path.Combine(app, "obj", "Debug", "net10.0", "textclassifier", "Ticket"), recursive: true);
        CommandResult firstBuild = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, firstBuild.ExitCode);
        Assert.Matches(BadDataError(), firstBuild.Output);
        Assert.False(firstBuild.Output.Contains("TCG001", StringComparison.Ordinal), firstBuild.Output);
        Assert.DoesNotContain("CS2001", firstBuild.Output, StringComparison.Ordinal);
        // Nor every use of the label types that were not generated (CS0246): one line says so and the build stops.
        Assert.Contains("error TC0009: Ticket has no trained model", firstBuild.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0246", firstBuild.Output, StringComparison.Ordinal);

        // A second item that would train the same model (no ModelName: named after its file) is refused before any
        // training, naming both files.
        string sameName = Path.Combine(app, "data", "more", "support-intents.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(sameName)!);
        File.WriteAllText(sameName, PackagesFixture.TrainingTsv(perLabel: 5));
        AddItems(app, """<TextClassifierTrainingData Include="data/more/support-intents.tsv" />""");
        CommandResult clash = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, clash.ExitCode);
        Assert.Contains("error TC0006: TextClassifierTrainingData: 2 items would train the model 'support-intents'", clash.Output, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(sameName), clash.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Training support-intents", clash.Output, StringComparison.Ordinal);

        // A model name MSBuild would split into two items (';') is refused by name, not built into two bad paths.
        string project = Path.Combine(app, "ConsumerApp.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            """<TextClassifierTrainingData Include="data/more/support-intents.tsv" />""",
            """<TextClassifierTrainingData Include="data/more/support-intents.tsv" ModelName="more%3Bintents" />""",
            StringComparison.Ordinal));
        CommandResult badName = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, badName.ExitCode);
        Assert.Contains("error TC0007: TextClassifierTrainingData: the model name 'more;intents'", badName.Output, StringComparison.Ordinal);
        output.WriteLine($"pack {packages.PackSeconds:F1} s (once per class); training app {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Build_time_training_reports_argument_and_whole_file_errors_once_and_clean_removes_the_model()
    {
        string app = NewConsoleApp("training-errors-app", "TextClassification.Training");
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(typeof(Consumer.Ml.TwoLabel).Name);\n");
        string dataFile = Path.Combine(app, "data", "two.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(dataFile)!);
        File.WriteAllText(dataFile, "label\ttext\n" + string.Concat(Enumerable.Repeat("a\tthe only label there is\n", 12)));
        AddItems(app, """<TextClassifierTrainingData Include="data/two.tsv" ModelName="Two" Namespace="Consumer.Ml" TrainingArguments="--dim abc" />""");

        // An option textclf cannot parse: its own message, coded, once (not also TC0003's "see -v:detailed").
        CommandResult badArguments = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, badArguments.ExitCode);
        Assert.Contains("error TC1003: ", badArguments.Output, StringComparison.Ordinal);
        Assert.Contains("abc", badArguments.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TC0003", badArguments.Output, StringComparison.Ordinal);

        // An option the build passes itself: named, with the metadata to use instead (textclf said "expects a single
        // argument but 2 were provided").
        string project = Path.Combine(app, "ConsumerApp.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("--dim abc", "--dim 16 --seed 7", StringComparison.Ordinal));
        CommandResult seed = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, seed.ExitCode);
        Assert.Contains($"error TC0011: TextClassifierTrainingData: TrainingArguments of {Path.GetFullPath(dataFile)} give --seed", seed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TC1003", seed.Output, StringComparison.Ordinal);
        File.WriteAllText(project, File.ReadAllText(project).Replace("--seed 7", "--out:elsewhere", StringComparison.Ordinal));
        CommandResult colon = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.Contains("error TC0011", colon.Output, StringComparison.Ordinal); // System.CommandLine's colon form too
        File.WriteAllText(project, File.ReadAllText(project).Replace("--out:elsewhere", "--seed 7", StringComparison.Ordinal));

        // One label in the whole file: an error at the file (an IDE links it), and no CS0246 for the missing TwoLabel.
        // A second model's file, with a bad row, is trained and reported in the same build (an outside user found
        // that the first model's TC0009 ended the build's other models: one bad file reported per build).
        File.WriteAllText(project, File.ReadAllText(project).Replace("--dim 16 --seed 7", "--dim 16", StringComparison.Ordinal));
        string otherFile = Path.Combine(app, "data", "three.tsv");
        string otherRows = "label\ttext\n" + string.Concat(Enumerable.Repeat("a\tfirst kind\nb\tsecond kind\n", 6));
        File.WriteAllText(otherFile, otherRows + "a\ttoo\tmany fields\n");
        AddItems(app, """<TextClassifierTrainingData Include="data/three.tsv" ModelName="Three" Namespace="Consumer.Ml" />""");
        CommandResult oneLabel = packages.Dotnet(app, "build", "--disable-build-servers");
        Assert.NotEqual(0, oneLabel.ExitCode);
        Assert.Contains($"{Path.GetFullPath(dataFile)} : error TC1001: a classifier needs at least two labels", oneLabel.Output, StringComparison.Ordinal);
        Assert.Contains($"{Path.GetFullPath(otherFile)}(14,", oneLabel.Output, StringComparison.Ordinal);
        Assert.Contains("error TC0009: Two, Three have no trained model", oneLabel.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TC0003", oneLabel.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0246", oneLabel.Output, StringComparison.Ordinal);
        File.WriteAllText(otherFile, otherRows);

        // Fixed: trained; `dotnet clean` deletes the trained model like any build output, so the next build trains again.
        File.AppendAllText(dataFile, string.Concat(Enumerable.Repeat("b\tanother label at last\n", 12)));
        Assert.Contains("Training Two", Build(app), StringComparison.Ordinal);
        string manifest = Path.Combine(app, "obj", "Debug", "net10.0", "textclassifier", "Two", "textclassifier.json");
        Assert.True(File.Exists(manifest));
        packages.Dotnet(app, "clean", "--disable-build-servers").ShouldSucceed();
        Assert.False(File.Exists(manifest));
        Assert.Contains("Training Two", Build(app), StringComparison.Ordinal);
        Assert.Contains("TwoLabel", RunApp(app, "unused"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_packed_library_carries_its_model_to_apps_that_reference_it_directly_or_through_another_package()
    {
        // A class library that trains a model at build time: packed, it carried only its dll, and an app referencing
        // the package built fine, then failed at Load() ("Models/Support: no such folder or file"). Its models now
        // travel under textclassifier-models/ with a buildTransitive targets file, so they also reach an app that gets
        // the library through another package (contentFiles, tried first, reach direct references only).
        string library = packages.NewAppFolder("model-library");
        packages.Dotnet(library, "new", "classlib", "--name", "Consumer.Library", "--output", library, "--framework", "net10.0").ShouldSucceed();
        packages.Dotnet(library, "add", "package", "TextClassification.Training", "--version", PackagesFixture.Version).ShouldSucceed();
        File.Delete(Path.Combine(library, "Class1.cs"));
        File.WriteAllText(Path.Combine(library, "Intents.cs"), """
            namespace Consumer.Library;

            public static class Intents
            {
                public static string Classify(string text)
                {
                    using SupportClassifier classifier = SupportClassifier.Load(); // from Models/Support beside the app
                    return classifier.Classify(text).Label.ToLabel();
                }
            }
            """);
        Directory.CreateDirectory(Path.Combine(library, "data"));
        File.WriteAllText(Path.Combine(library, "data", "support.tsv"), PackagesFixture.TrainingTsv(perLabel: 10));
        AddToProject(library, "Consumer.Library.csproj", $"""
              <ItemGroup>
                <TextClassifierTrainingData Include="data/support.tsv" ModelName="Support" Namespace="Consumer.Library" TrainingArguments="--dim 16" />
              </ItemGroup>
              <PropertyGroup>
                <Version>{PackagesFixture.Version}</Version>
              </PropertyGroup>
            """);
        packages.Dotnet(library, "pack", "-o", packages.Feed, "--disable-build-servers").ShouldSucceed();

        // A second library that only references the first one's package, packed too.
        string service = packages.NewAppFolder("model-service");
        packages.Dotnet(service, "new", "classlib", "--name", "Consumer.Service", "--output", service, "--framework", "net10.0").ShouldSucceed();
        packages.Dotnet(service, "add", "package", "Consumer.Library", "--version", PackagesFixture.Version).ShouldSucceed();
        File.WriteAllText(Path.Combine(service, "Class1.cs"), "namespace Consumer.Service;\n\npublic static class Answers\n{\n    public static string For(string text) => \"label \" + Consumer.Library.Intents.Classify(text);\n}\n");
        AddToProject(service, "Consumer.Service.csproj", $"""
              <PropertyGroup>
                <Version>{PackagesFixture.Version}</Version>
              </PropertyGroup>
            """);
        packages.Dotnet(service, "pack", "-o", packages.Feed, "--disable-build-servers").ShouldSucceed();
        // A class library copies no package assemblies, so it takes no package's models either: it did, and an app with a
        // newer version of the package then got both versions' files (publish failed with NETSDK1152).
        Assert.False(Directory.Exists(Path.Combine(service, "bin", "Release", "net10.0", "Models")));
        Assert.True(File.Exists(Path.Combine(service, "bin", "Release", "net10.0", "Consumer.Service.dll")));

        foreach ((string name, string package, string call) in (ReadOnlySpan<(string, string, string)>)[
            ("library-consumer-app", "Consumer.Library", "\"label \" + Consumer.Library.Intents.Classify(args[0])"),
            ("service-consumer-app", "Consumer.Service", "Consumer.Service.Answers.For(args[0])")])
        {
            string app = NewConsoleApp(name, package);
            File.WriteAllText(Path.Combine(app, "Program.cs"), $"System.Console.WriteLine({call});\n");
            Build(app);

            Assert.Equal("label billing issue", RunApp(app, "charged twice, refund the payment on my card").Trim());
            Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "Support", "textclassifier.json")), name);
        }

        // An app whose own model goes to the same output folder as the package's: each replaced the other's files in
        // silence (publish alone refused), and the library's Load() met the app's labels.
        string clash = NewConsoleApp("model-clash-app", "Consumer.Library");
        packages.Dotnet(clash, "add", "package", "TextClassification.Training", "--version", PackagesFixture.Version).ShouldSucceed();
        Directory.CreateDirectory(Path.Combine(clash, "data"));
        File.WriteAllText(Path.Combine(clash, "data", "mine.tsv"), PackagesFixture.TrainingTsv(perLabel: 8));
        File.WriteAllText(Path.Combine(clash, "Program.cs"), "System.Console.WriteLine(Consumer.Library.Intents.Classify(args[0]));\n");
        AddItems(clash, """<TextClassifierTrainingData Include="data/mine.tsv" ModelName="Support" Namespace="Clash" TrainingArguments="--dim 16" />""");
        CommandResult clashed = packages.Dotnet(clash, "build", "--disable-build-servers");
        Assert.NotEqual(0, clashed.ExitCode);
        string clashError = clashed.Output.Split('\n').First(line => line.Contains("error TC0013", StringComparison.Ordinal));
        Assert.Contains("the package Consumer.Library", clashError, StringComparison.Ordinal);
        Assert.Contains("the model Models/Support of ConsumerApp.csproj", clashError, StringComparison.Ordinal);
        Assert.Contains("go to the same output file (Models/Support/", clashError, StringComparison.Ordinal);

        // Packing without a build packs the model the built dll was compiled against: it trained again on data changed
        // since the build, and the packed model had a label the dll's enum lacks (Load() then refused it).
        File.AppendAllText(Path.Combine(library, "data", "support.tsv"), string.Concat(Enumerable.Repeat("weather fog\tthick fog on the roads this morning\n", 12)));
        string noBuildFeed = packages.NewAppFolder("no-build-feed");
        CommandResult noBuild = packages.Dotnet(library, "pack", "--no-build", "-o", noBuildFeed, "--disable-build-servers").ShouldSucceed();
        Assert.DoesNotContain("Training Support", noBuild.Output, StringComparison.Ordinal);
        using System.IO.Compression.ZipArchive packed = System.IO.Compression.ZipFile.OpenRead(Directory.GetFiles(noBuildFeed, "Consumer.Library.*.nupkg").Single());
        using var manifest = new StreamReader(packed.GetEntry("textclassifier-models/Models/Support/textclassifier.json")!.Open());
        string packedManifest = manifest.ReadToEnd();
        Assert.Contains("billing issue", packedManifest, StringComparison.Ordinal);
        Assert.DoesNotContain("weather fog", packedManifest, StringComparison.Ordinal);
    }

    private static void AddToProject(string folder, string projectFile, string elements)
    {
        string project = Path.Combine(folder, projectFile);
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", elements + "\n</Project>", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_time_training_reads_folder_and_column_names_as_text_not_as_shell_commands()
    {
        // The paths were written into Exec's shell command in double quotes, where $( ) and backticks still run: a
        // project in a folder named p$(touch INJECTED) ran `touch INJECTED`, and one with a backtick failed the build; a
        // column named it's then broke the property function that escaped it.
        string app = NewConsoleApp("shell $(touch INJECTED) `touch TICKED` semi;colon", "TextClassification.Training");
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(\"labels \" + string.Join(',', Consumer.Ml.TwoLabels.Values));\n");
        string dataFile = Path.Combine(app, "data", "two $HOME.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(dataFile)!);
        File.WriteAllText(dataFile, "label\t$text `x` it's\n" + string.Concat(Enumerable.Repeat("a\tthe first label\nb\tanother label here\n", 12)));
        AddItems(app, """<TextClassifierTrainingData Include="data/two $HOME.tsv" ModelName="Two" Namespace="Consumer.Ml" TextColumn="$text `x` it's" TrainingArguments="--dim 16" />""");

        Assert.Contains("Training Two", Build(app), StringComparison.Ordinal);

        Assert.Contains("labels A,B", RunApp(app, "unused"), StringComparison.Ordinal);
        // Exec runs in the project folder; the fixture's root holds every app folder.
        foreach (string marker in (string[])["INJECTED", "TICKED"])
        {
            Assert.Empty(Directory.GetFiles(app, marker, SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(app)!, marker, SearchOption.TopDirectoryOnly));
        }
    }

    [Fact]
    public void Build_time_training_runs_with_the_OnnxRuntime_version_the_project_pinned()
    {
        // A project may pin a newer ONNX Runtime than the packages were built with. On a machine whose package folder
        // holds only that version (its own folder here, so no other test's restore can fill the gap), the packed tool
        // must still start (before session 18 its deps.json named 1.31.1's natives and the host refused to run, even
        // for n-gram training) and train on an encoder with the project's native library.
        Assert.NotEqual(PinnedOnnxRuntime, OnnxRuntimeVersionOfThisBuild());
        var clock = Stopwatch.StartNew();
        string app = packages.NewAppFolder("pinned-onnxruntime-app");
        string packageFolder = Path.Combine(app, ".packages");
        CommandResult Dotnet(params string[] arguments) => DotnetCli.Run(app, packageFolder, arguments);
        // Without the fixture's fallback to the machine's packages folder: a version found there is not copied into
        // the app's own folder, which this test reads.
        File.WriteAllText(Path.Combine(app, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <fallbackPackageFolders><clear /></fallbackPackageFolders>
            </configuration>
            """);
        Dotnet("new", "console", "--name", "ConsumerApp", "--output", app, "--framework", "net10.0").ShouldSucceed();
        Dotnet("add", "package", "TextClassification.Training", "--version", PackagesFixture.Version, "--no-restore").ShouldSucceed();
        Dotnet("add", "package", "Microsoft.ML.OnnxRuntime", "--version", PinnedOnnxRuntime, "--no-restore").ShouldSucceed();
        File.WriteAllText(Path.Combine(app, "Program.cs"), "using TextClassification;\n" + EncodedProgram);
        Directory.CreateDirectory(Path.Combine(app, "data"));
        File.WriteAllText(Path.Combine(app, "data", "support-intents.tsv"), PackagesFixture.TrainingTsv(perLabel: 10));
        using var encoder = new TextClassification.Tests.Onnx.TinyBertExport(["unused"], classifier: false);
        AddItems(app, $"""
            <TextClassifierTrainingData Include="data/support-intents.tsv" ModelName="Encoded" TrainingArguments="--encoder &quot;{encoder.Folder}&quot; --epochs 2 --embedding-cache none" />
            """);

        CommandResult built = Dotnet("build", "--disable-build-servers").ShouldSucceed();
        Assert.Contains("Training Encoded", built.Output, StringComparison.Ordinal);
        Assert.Equal([PinnedOnnxRuntime], Directory.GetDirectories(Path.Combine(packageFolder, "microsoft.ml.onnxruntime")).Select(Path.GetFileName));
        string dll = Path.Combine(app, "bin", "Debug", "net10.0", "ConsumerApp.dll");
        Assert.Matches(@"(?m)^encoded (_2fa|BillingIssue|OrderStatus) [01]\.\d{3}\r?$", DotnetCli.Run(Path.GetTempPath(), packageFolder, dll, "where is my package").ShouldSucceed().Output);
        output.WriteLine($"pinned ONNX Runtime app {clock.Elapsed.TotalSeconds:F1} s");
    }

    // Another ONNX Runtime than Directory.Packages.props names, served by NuGet (newer, as NuGet allows without a warning).
    private const string PinnedOnnxRuntime = "1.32.0";

    private string OnnxRuntimeVersionOfThisBuild()
    {
        string props = File.ReadAllText(Path.Combine(packages.RepositoryRoot, "Directory.Packages.props"));
        return Regex.Match(props, "Include=\"Microsoft\\.ML\\.OnnxRuntime\" Version=\"(?<v>[^\"]+)\"").Groups["v"].Value;
    }

    [GeneratedRegex(@"^(?<file>\S+?)\((?<line>\d+),\d+\): error TC1001: ", RegexOptions.Multiline)]
    private static partial Regex BadDataError();

    private string NewConsoleApp(string name, string package)
    {
        string app = packages.NewAppFolder(name);
        packages.Dotnet(app, "new", "console", "--name", "ConsumerApp", "--output", app, "--framework", "net10.0").ShouldSucceed();
        // The nuget.config beside the apps adds the local feed to the usual sources (the dependencies come from
        // there); `--source <feed>` alone would hide those and fail the restore.
        packages.Dotnet(app, "add", "package", package, "--version", PackagesFixture.Version).ShouldSucceed();
        File.WriteAllText(Path.Combine(app, "Program.cs"), ProgramSource);
        return app;
    }

    private static void AddItems(string app, string items)
    {
        string project = Path.Combine(app, "ConsumerApp.csproj");
        string text = File.ReadAllText(project);
        File.WriteAllText(project, text.Replace("</Project>", $"  <ItemGroup>\n    {items}\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
    }

    private string Build(string app)
    {
        CommandResult result = packages.Dotnet(app, "build", "--disable-build-servers").ShouldSucceed();
        Assert.DoesNotContain("warning CS8032", result.Output, StringComparison.Ordinal); // generator skipped by the compiler
        return result.Output;
    }

    private string RunApp(string app, string text, string? mode = null, string? dll = null)
    {
        // Run from another folder: the model must be found beside the app, not in the current directory.
        dll ??= Path.Combine(app, "bin", "Debug", "net10.0", "ConsumerApp.dll");
        return (mode is null ? packages.Dotnet(Path.GetTempPath(), dll, text) : packages.Dotnet(Path.GetTempPath(), dll, text, mode)).ShouldSucceed().Output;
    }
}
