using TextClassification.Bundles;
using System.Text.Json;
using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Packaging;

/// <summary>Build-time training in a throwaway project that imports this checkout's build targets and runs the
/// <c>textclf</c> built beside these tests (no packing): what the training target counts as its inputs.</summary>
public sealed class TrainingTargetsTests
{
    [Fact]
    public void A_replaced_encoder_named_in_TrainingArguments_trains_the_head_again()
    {
        // The encoder was no input of the training target: after model.onnx was replaced the build said "up to date",
        // copied the new encoder beside the old head, and Load() refused the pair (the head's encoder fingerprint).
        using var root = new TempFolder("tc-training-targets");
        string encoder = root.Combine("my encoder"); // quoted in TrainingArguments
        using (var export = new TinyBertExport(["unused"], classifier: false))
        {
            TempFolder.CopyFiles(export.Folder, encoder);
        }

        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--epochs 2 --encoder &quot;../my encoder&quot; --embedding-cache none" />""");
        string packages = root.Combine("packages");
        string Build() => DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed().Output;
        string model = Path.Combine(app, "bin", "Debug", "net10.0", "Models", "Ticket");

        Assert.Contains("Training Ticket", Build(), StringComparison.Ordinal);
        using (TextClassifierLoader.Load(model) as IDisposable)
        {
        }

        Assert.DoesNotContain("Training Ticket", Build(), StringComparison.Ordinal);

        // Another encoder's graph over the old one, with an older date (unzip, cp -p): trained again, and the output's
        // head and encoder belong together.
        new TinyBert(1, seed: 99).WriteOnnx(Path.Combine(encoder, "model.onnx"), classifier: false);
        File.SetLastWriteTimeUtc(Path.Combine(encoder, "model.onnx"), new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Contains("Training Ticket", Build(), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(encoder, "model.onnx")), File.ReadAllBytes(Path.Combine(model, "encoder", "model.onnx")));
        using (TextClassifierLoader.Load(model) as IDisposable)
        {
        }

        Assert.DoesNotContain("Training Ticket", Build(), StringComparison.Ordinal);

        // The vocabulary written again (the same tokens; a newer time): trained again.
        File.WriteAllText(Path.Combine(encoder, "vocab.txt"), File.ReadAllText(Path.Combine(encoder, "vocab.txt")));
        Assert.Contains("Training Ticket", Build(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_test_file_named_in_TrainingArguments_evaluates_again()
    {
        // The test file was no input of the training target: after it changed, the build said "up to date" and the
        // metrics (and report) still described the old test set.
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--epochs 2 --test=&quot;data/test set.tsv&quot; --metrics-json obj/metrics.json" />""");
        string test = Path.Combine(app, "data", "test set.tsv");
        string[] rows = PackagesFixture.TrainingTsv(perLabel: 4).TrimEnd('\n').Split('\n');
        File.WriteAllText(test, string.Join('\n', rows) + "\n");
        string packages = root.Combine("packages");
        string Build() => DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed().Output;
        int TestRows()
        {
            using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "metrics.json")));
            return metrics.RootElement.GetProperty("perLabel").EnumerateObject().Sum(label => label.Value.GetProperty("support").GetInt32());
        }

        Assert.Contains("Training Ticket", Build(), StringComparison.Ordinal);
        Assert.Equal(12, TestRows());
        Assert.DoesNotContain("Training Ticket", Build(), StringComparison.Ordinal);

        // Fewer rows, with an older date than the bundle (cp -p, unzip): evaluated again, on the new rows.
        File.WriteAllText(test, string.Join('\n', rows[..7]) + "\n");
        File.SetLastWriteTimeUtc(test, new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Contains("Training Ticket", Build(), StringComparison.Ordinal);
        Assert.Equal(6, TestRows());

        // Only its date changed: its content is what the stamp follows.
        File.SetLastWriteTimeUtc(test, DateTime.UtcNow);
        Assert.DoesNotContain("Training Ticket", Build(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_file_whose_date_alone_changed_does_not_train_again()
    {
        // Review 53c: the data file was an input of the training target beside the stamp of its content's hash, so a
        // newer date alone (a git checkout of another branch and back, an editor saving unchanged text, a CI cache of
        // obj/ under a fresh clone) trained the model again, minutes on a large file, for the same bundle. The hash
        // decides, as it does for the test file.
        using var root = new TempFolder("tc-training-targets");
        string app = TicketApp(root, out string data, out string packages);
        string Build() => DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed().Output;
        Assert.Contains("Training Ticket", Build(), StringComparison.Ordinal);

        File.SetLastWriteTimeUtc(data, DateTime.UtcNow.AddMinutes(1));
        Assert.DoesNotContain("Training Ticket", Build(), StringComparison.Ordinal);

        // Its content changed (a newer date, as an edit gives): trained again.
        File.AppendAllText(data, "billing issue\tmy invoice is wrong again\n");
        Assert.Contains("Training Ticket", Build(), StringComparison.Ordinal);
    }

    [Fact]
    public void Visual_Studios_up_to_date_check_sees_an_edited_data_file_and_is_content_after_a_build_that_did_not_train()
    {
        // Review 53c: Visual Studio calls MSBuild only when its fast up-to-date check finds an input newer than an output,
        // and it knows the project's inputs from its items: a TextClassifierTrainingData file is none of the kinds it
        // reads, so after an edit of the data alone VS said "up to date", built nothing and ran the old model. The data
        // files are UpToDateCheckInput items, in a set of their own whose output a build (not a design-time build) touches
        // once it has checked them: a date-only change, which trains nothing, then leaves the project up to date.
        using var root = new TempFolder("tc-training-targets");
        string app = TicketApp(root, out string data, out string packages);
        DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed();
        Assert.True(UpToDate(app, packages));

        File.AppendAllText(data, "billing issue\tmy invoice is wrong again\n");
        Assert.False(UpToDate(app, packages));
        // A design-time build (the IDE's, after the edit) leaves it out of date: it trains nothing.
        DotnetCli.Run(app, packages, "msbuild", "-t:Compile", "-nodeReuse:false", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true").ShouldSucceed();
        Assert.False(UpToDate(app, packages));
        Assert.Contains("Training Ticket", DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed().Output, StringComparison.Ordinal);
        Assert.True(UpToDate(app, packages));

        // Its date alone: out of date for VS, and after the build, which trains nothing, up to date again.
        File.SetLastWriteTimeUtc(data, DateTime.UtcNow);
        Assert.False(UpToDate(app, packages));
        Assert.DoesNotContain("Training Ticket", DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed().Output, StringComparison.Ordinal);
        Assert.True(UpToDate(app, packages));
    }

    [Fact]
    public void Dotnet_watch_follows_the_data_files()
    {
        // dotnet watch restarts an app when a file it watches changes, and it watches the project's Compile,
        // AdditionalFiles, Content and Watch items: a TextClassifierTrainingData file is none of them, so under
        // `dotnet watch run` an edit of the data alone neither trained nor restarted, and the app ran the old model and
        // enum until some code changed. The data files are Watch items, as the project's evaluation lists them to it.
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """
            <TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" />
            <TextClassifierTrainingData Include="data/more.tsv" ModelName="More" />
            """);

        string json = DotnetCli.Run(app, root.Combine("packages"), "msbuild", "-getItem:Watch").ShouldSucceed().Output;

        using JsonDocument items = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
        string[] watched = [.. items.RootElement.GetProperty("Items").GetProperty("Watch").EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()!)];
        Assert.Contains(Path.Combine(app, "data", "tickets.tsv"), watched);
        Assert.Contains(Path.Combine(app, "data", "more.tsv"), watched);
    }

    // A throwaway app that trains Ticket from data/tickets.tsv in two epochs; its data file and packages folder.
    private static string TicketApp(TempFolder root, out string data, out string packages)
    {
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--epochs 2" />""");
        data = Path.Combine(app, "data", "tickets.tsv");
        packages = root.Combine("packages");
        return app;
    }

    // The fast up-to-date check's rule for the sets the items name (the default set, without a Set, is the compiler's and
    // not modelled here): a set is out of date when an input is newer than its oldest output or an output is missing.
    private static bool UpToDate(string app, string packages)
    {
        string json = DotnetCli.Run(app, packages, "msbuild", "-getItem:UpToDateCheckInput", "-getItem:UpToDateCheckOutput").ShouldSucceed().Output;
        using JsonDocument items = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
        var inputs = items.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").EnumerateArray().ToList();
        var outputs = items.RootElement.GetProperty("Items").GetProperty("UpToDateCheckOutput").EnumerateArray().ToList();
        var sets = inputs.Select(Set).Where(set => set.Length > 0).Distinct().ToList();
        Assert.NotEmpty(sets);
        foreach (string set in sets)
        {
            string[] setOutputs = outputs.Where(o => Set(o) == set).Select(FullPath).ToArray();
            Assert.NotEmpty(setOutputs);
            if (!setOutputs.All(File.Exists))
            {
                return false;
            }

            DateTime oldestOutput = setOutputs.Min(File.GetLastWriteTimeUtc);
            if (inputs.Where(i => Set(i) == set).Any(i => File.GetLastWriteTimeUtc(FullPath(i)) > oldestOutput))
            {
                return false;
            }
        }

        return true;

        static string Set(JsonElement item) => item.TryGetProperty("Set", out JsonElement set) ? set.GetString()! : string.Empty;
        static string FullPath(JsonElement item) => item.GetProperty("FullPath").GetString()!;
    }

    [Fact]
    public void An_apostrophe_in_TrainingArguments_builds()
    {
        // TrainingArguments went into MSBuild property functions inside '…' literals: a ' in them failed the build with
        // MSB4113. The paths derived from them stay in single quotes (they hold the project's folder, which may be named
        // with a backtick); a property function's result is kept escaped, so a ' in the --test path reads right there.
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--epochs 2 --allowed-labels &quot;billing issue,order-status,2fa,it's&quot; --test &quot;data/Bob's tickets.tsv&quot; --metrics-json obj/metrics.json" />""");
        File.Copy(Path.Combine(app, "data", "tickets.tsv"), Path.Combine(app, "data", "Bob's tickets.tsv"));

        string output = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed().Output;

        Assert.Contains("Training Ticket", output, StringComparison.Ordinal);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "metrics.json")));
        Assert.Equal(24, metrics.RootElement.GetProperty("perLabel").EnumerateObject().Sum(label => label.Value.GetProperty("support").GetInt32()));
        // The test file is followed (its hash in the settings stamp), its ' and all.
        Assert.Contains(Directory.GetFiles(Path.Combine(app, "obj"), "*.settings", SearchOption.AllDirectories), stamp => File.ReadAllText(stamp).Contains("Bob's tickets.tsv", StringComparison.Ordinal));
    }

    [Fact]
    public void A_command_the_shell_refuses_is_TC0003_with_what_the_shell_said()
    {
        // TrainingArguments reach textclf through the shell, as written: a '|' left bare (--multi-label-delimiter | as on
        // a command line without quotes) is a pipe, the shell fails before textclf starts, and TC0003 said only "exited
        // with code 2 ... run the build with -v:detailed", the shell's own words hidden at that verbosity.
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--multi-label-delimiter |" />""");

        CommandResult build = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers");

        Assert.NotEqual(0, build.ExitCode);
        string tc0003 = build.Output.Split('\n').First(line => line.Contains("error TC0003", StringComparison.Ordinal));
        Assert.Contains("it printed last: ", tc0003, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Contains("Syntax error", tc0003, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_skipped_row_under_warnings_as_errors_is_its_own_error_without_a_made_up_exit_code()
    {
        // Review 51a: with MSBuildTreatWarningsAsErrors (a project's or Directory.Build.props' setting) a skipped row's
        // TC2001 is an error, as it should be, and Exec then reports exit code -1 though textclf ended well: TC0003 added
        // "textclf train exited with code -1 ... run the build with -v:detailed", a failure that did not happen, beside
        // the error that did. (The command line's -warnaserror turns the warning into an error after Exec.)
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--epochs 2" />""");
        File.AppendAllText(Path.Combine(app, "data", "tickets.tsv"), "billing issue\t\n");

        CommandResult build = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers", "-p:MSBuildTreatWarningsAsErrors=true");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error TC2001: row skipped: empty text", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TC0003", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("exited with code -1", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_folder_named_with_a_backtick_builds_with_a_test_file()
    {
        // The paths derived from TrainingArguments hold the project's folder: between backticks in the targets' property
        // functions, a backtick in its name failed the build (MSB4100; the session's review).
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--epochs 2 --test data/tickets.tsv" />""", "we`ird app");

        string output = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed().Output;

        Assert.Contains("Training Ticket", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_columns_in_TrainingArguments_train_a_multi_label_model()
    {
        // The build passes --label-column label itself: with --label-columns in TrainingArguments that failed as "give
        // one" (TC1003, then TC0009; the session's multi-label audit).
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/toxic.csv" ModelName="Toxic" TextColumn="comment_text" TrainingArguments="--epochs 2 --second-model none --label-columns toxic,insult" />""");
        var csv = new System.Text.StringBuilder("id,comment_text,toxic,insult\n");
        for (int i = 0; i < 24; i++)
        {
            csv.Append(i).Append((i % 3) switch { 0 => ",you stupid fool,1,1\n", 1 => ",this is rubbish,1,0\n", _ => ",have a nice day,0,0\n" });
        }

        File.WriteAllText(Path.Combine(app, "data", "toxic.csv"), csv.ToString());

        string output = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers").ShouldSucceed().Output;

        Assert.Contains("Training Toxic", output, StringComparison.Ordinal);
        ModelManifest manifest = ModelBundle.ReadManifest(Path.Combine(app, "bin", "Debug", "net10.0", "Models", "Toxic"));
        Assert.Equal(ModelManifest.MultiLabel, manifest.ProblemType);
        Assert.Equal(["insult", "toxic"], manifest.Labels);
    }

    [Fact]
    public void A_seed_that_is_no_whole_number_is_TC0017_naming_the_item()
    {
        // It reached textclf as "--seed expects …" (TC1003), with no word of the item or its Seed metadata.
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" Seed="abc" />""");

        CommandResult built = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers");

        Assert.NotEqual(0, built.ExitCode);
        Assert.Contains("error TC0017: TextClassifierTrainingData: the Seed 'abc' of ", built.Output, StringComparison.Ordinal);
        Assert.Contains("tickets.tsv is not a whole number", built.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TC1003", built.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_design_time_build_does_not_train_and_hands_the_generator_the_bundle_it_has()
    {
        // An IDE's design-time builds (DesignTimeBuild=true; they run Compile with SkipCompilerExecution after each edit
        // of the project, and in the background; BuildingInsideVisualStudio makes CoreCompile run, as in Visual Studio,
        // so the compiler's command line shows what the generator gets) ran textclf train too: minutes of training the user never asked for,
        // racing the real build for the same bundle folder (the review's check with the targets the IDE runs).
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" TrainingArguments="--epochs 2" />""");
        string packages = root.Combine("packages");
        string manifest = Path.Combine(app, "obj", "Debug", "net10.0", "textclassifier", "Ticket", "textclassifier.json");
        DotnetCli.Run(app, packages, "restore").ShouldSucceed();
        string DesignTimeBuild() => DotnetCli.Run(
            app, packages, "msbuild", "-t:Compile", "-v:n", "-nodeReuse:false", "-p:DesignTimeBuild=true", "-p:BuildingProject=false", "-p:BuildingInsideVisualStudio=true",
            "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true").ShouldSucceed().Output;

        Assert.DoesNotContain("Training Ticket", DesignTimeBuild(), StringComparison.Ordinal);
        Assert.False(File.Exists(manifest));

        Assert.Contains("Training Ticket", DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed().Output, StringComparison.Ordinal);
        DateTime trained = File.GetLastWriteTimeUtc(manifest);

        // New data: the design-time build keeps to the bundle the last build trained (the generator still gets it), and
        // the next real build trains.
        File.AppendAllText(Path.Combine(app, "data", "tickets.tsv"), "billing issue\tmy invoice is wrong again\n");
        string designTime = DesignTimeBuild();
        Assert.DoesNotContain("Training Ticket", designTime, StringComparison.Ordinal);
        Assert.Contains("/additionalfile:" + manifest, designTime, StringComparison.Ordinal);
        Assert.Equal(trained, File.GetLastWriteTimeUtc(manifest));
        Assert.Contains("Training Ticket", DotnetCli.Run(app, packages, "build", "--disable-build-servers").ShouldSucceed().Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_apostrophe_in_a_data_file_name_or_a_Seed_is_the_documented_error_not_an_MSBuild_one()
    {
        // The model name (the data file's name without ModelName) and the Seed went into property functions between
        // single quotes: data/bob's.tsv failed with MSB4113 ("Specified condition ... evaluates to ...") instead of
        // TC0007, which refuses quotes in a model name, and Seed="4'2" likewise instead of TC0017 (review 48).
        using var root = new TempFolder("tc-training-targets");
        string app = App(root, """<TextClassifierTrainingData Include="data/bob's.tsv" />""");
        File.Copy(Path.Combine(app, "data", "tickets.tsv"), Path.Combine(app, "data", "bob's.tsv"));

        AssertBuildRefused(root, app, "error TC0007: TextClassifierTrainingData: the model name 'bob's'", "MSB4113");

        string seeded = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" Seed="4'2" />""", "seeded");
        AssertBuildRefused(root, seeded, "error TC0017: TextClassifierTrainingData: the Seed '4'2' of ", "MSB4113");
    }

    [Fact]
    public void A_double_quote_in_a_data_file_name_or_a_Seed_is_the_documented_error_not_an_MSBuild_one()
    {
        // Review 48 quoted the pasted model name and Seed with &quot; to take an apostrophe, which made a '"' end the
        // literal instead: Seed="4&quot;2" failed with MSB4100 ("expected ... to evaluate to a boolean"), and so did
        // data/say"hi.tsv (a Unix file name) without a ModelName, instead of TC0017 and TC0007 (review 48b).
        using var root = new TempFolder("tc-training-targets");
        string seeded = App(root, """<TextClassifierTrainingData Include="data/tickets.tsv" ModelName="Ticket" Seed="4&quot;2" />""", "seeded");
        AssertBuildRefused(root, seeded, "error TC0017: TextClassifierTrainingData: the Seed '4\"2' of ", "error MSB41");

        if (OperatingSystem.IsWindows())
        {
            return; // no Windows file name holds a '"'
        }

        string app = App(root, """<TextClassifierTrainingData Include="data/say&quot;hi.tsv" />""");
        File.Copy(Path.Combine(app, "data", "tickets.tsv"), Path.Combine(app, "data", "say\"hi.tsv"));
        AssertBuildRefused(root, app, "error TC0007: TextClassifierTrainingData: the model name 'say\"hi'", "error MSB41");
    }

    // The app's build fails with the documented error, and not with the MSBuild one it had given.
    private static void AssertBuildRefused(TempFolder root, string app, string error, string notThisError)
    {
        CommandResult build = DotnetCli.Run(app, root.Combine("packages"), "build", "--disable-build-servers");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(error, build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(notThisError, build.Output, StringComparison.Ordinal);
    }

    // A throwaway app with data/tickets.tsv and the given item, importing this checkout's targets and the textclf built
    // beside these tests.
    private static string App(TempFolder root, string item, string folder = "app")
    {
        string repository = PackagesFixture.FindRepositoryRoot();
        string app = root.Combine(folder);
        Directory.CreateDirectory(Path.Combine(app, "data"));
        File.WriteAllText(Path.Combine(app, "data", "tickets.tsv"), PackagesFixture.TrainingTsv(perLabel: 8));
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(1);");
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
                <TextClassifierTrainingTool>{Path.Combine(AppContext.BaseDirectory, "textclf.dll")}</TextClassifierTrainingTool>
              </PropertyGroup>
              <ItemGroup>
                {item}
              </ItemGroup>
              <Import Project="{Path.Combine(repository, "src", "TextClassification", "build", "TextClassification.targets")}" />
              <Import Project="{Path.Combine(repository, "src", "TextClassification.Training", "build", "TextClassification.Training.targets")}" />
            </Project>
            """);
        return app;
    }
}
