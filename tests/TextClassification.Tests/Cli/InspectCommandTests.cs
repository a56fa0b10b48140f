using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Cli;

public sealed class InspectCommandTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1.0 KiB")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(1048576L, "1.0 MiB")]
    [InlineData(3221225472L, "3.0 GiB")] // an embedding cache of a million 768-float texts is this big; it read "3072.0 MiB"
    public void Sizes_read_in_the_largest_unit_under_their_value(long bytes, string expected) =>
        Assert.Equal(expected, TextClassification.Cli.CommonOptions.Bytes(bytes));

    [Fact]
    public void HuggingFaceExport_ListsItsLabelsTokenizerAndFiles()
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);

        CliResult result = CliResult.Run(null, "inspect", export.Folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Hugging Face export", result.Out, StringComparison.Ordinal);
        Assert.Contains("single_label_classification", result.Out, StringComparison.Ordinal);
        Assert.Contains("labels        3", result.Out, StringComparison.Ordinal);
        Assert.Contains("     2  neutral", result.Out, StringComparison.Ordinal);
        Assert.Contains("WordPiece", result.Out, StringComparison.Ordinal);
        Assert.Contains("model.onnx", result.Out, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void HuggingFaceExport_NamedByItsConfigJson_IsInspectedAndRunAsItsFolder()
    {
        // config.json (as a TextClassifierModel item may name it) had been read as a bundle manifest: "incomplete
        // manifest … JSON deserialization for type 'TextClassification.Bundles.ModelManifest' was missing …".
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        string config = Path.Combine(export.Folder, "config.json");

        CliResult inspected = CliResult.Run(null, "inspect", config);
        CliResult predicted = CliResult.Run(null, "predict", config, "--json", "a text");

        Assert.True(inspected.ExitCode == 0, inspected.ToString());
        Assert.Contains("Hugging Face export", inspected.Out, StringComparison.Ordinal);
        Assert.Contains("     2  neutral", inspected.Out, StringComparison.Ordinal);
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        using var direct = (IDisposable)TextClassifierLoader.Load(export.Folder);
        Assert.Equal(((ITextClassifier)direct).Classify("a text").Label, System.Text.Json.JsonDocument.Parse(predicted.Out).RootElement.GetProperty("label").GetString());
    }

    [Fact]
    public void An_onnx_graph_given_as_the_model_is_named_so_with_its_folder()
    {
        // export/model.onnx (as --encoder takes a graph) was "not a JSON object", and a graph past 256 MB, as most
        // are, "has 440000000 bytes, far more than a bundle manifest holds": neither said to give the folder.
        using var export = new TinyBertExport(["neg", "pos"]);
        using var temp = new TempFolder("tc-inspect-graph");
        string graph = Path.Combine(export.Folder, "model.onnx");
        string large = temp.Combine("large", "model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(large)!);
        using (var sparse = new FileStream(large, FileMode.CreateNew))
        {
            sparse.SetLength(300L << 20);
        }

        foreach ((string path, string folder) in new[] { (graph, export.Folder), (large, Path.GetDirectoryName(large)!) })
        {
            CliResult inspected = CliResult.Run(null, "inspect", path);
            CliResult predicted = CliResult.Run(null, "predict", path, "good movie");

            Assert.Equal((1, 1), (inspected.ExitCode, predicted.ExitCode));
            Assert.All(new[] { inspected.Error, predicted.Error }, error =>
            {
                Assert.Contains("is an ONNX graph", error, StringComparison.Ordinal);
                Assert.Contains($"'{Path.GetFullPath(folder)}'", error, StringComparison.Ordinal);
            });
        }

        var loaded = Assert.Throws<TextClassification.Bundles.BundleFormatException>(() => TextClassifierLoader.Load(large));
        Assert.Contains("is an ONNX graph", loaded.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inspect", "")]
    [InlineData("predict", "", "text")]
    [InlineData("eval", "", "test.tsv")]
    [InlineData("eval", "model", "")]
    [InlineData("train", "", "--out", "m")]
    [InlineData("train", "data.tsv", "--out", "m", "--test", "")]
    [InlineData("train", "data.tsv", "--out", "m", "--encoder", "")]
    [InlineData("train", "data.tsv", "--out", "m", "--encoder", "enc", "--embedding-cache", " ")]
    [InlineData("eval", "model", "test.tsv", "--training-data", "")]
    public void An_empty_path_is_a_usage_error_naming_the_argument(params string[] args)
    {
        // These reached the file system with no name: "error: The value cannot be an empty string." (exit 1), or
        // "Model bundle folder not found:" with nothing after it.
        CliResult result = CliResult.Run(null, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs a path; got an empty one.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("The value cannot be", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void HuggingFaceExport_WhoseGraphDoesNotMatchItsLabels_Fails()
    {
        using var export = new TinyBertExport(["neg", "pos"], id2LabelJson: """{"0": "a", "1": "b", "2": "c"}""");

        CliResult result = CliResult.Run(null, "inspect", export.Folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("model.onnx", result.Error, StringComparison.Ordinal);
        Assert.Contains("id2label", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_WithATruncatedWeightsFile_IsListedAsWrongSizeAndFails()
    {
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);
        string weights = BundleEditing.WeightFile(bundle, "embeddings");
        long size = new FileInfo(weights).Length;
        using (var stream = new FileStream(weights, FileMode.Open))
        {
            stream.SetLength(size / 2);
        }

        CliResult result = CliResult.Run(null, "inspect", bundle);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"WRONG SIZE: {size / 2} bytes on disk, {size} recorded", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 of the manifest's", result.Error, StringComparison.Ordinal);
        Assert.Contains("labels", result.Out, StringComparison.Ordinal); // listed before failing
    }

    [Fact]
    public void Bundle_WithAMissingFile_IsListedAsMissingAndFails()
    {
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);
        File.Delete(BundleEditing.WeightFile(bundle, "embeddings"));

        CliResult result = CliResult.Run(null, "inspect", bundle);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MISSING", result.Out, StringComparison.Ordinal);
        Assert.Contains("missing or not the size it records", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EncoderHeadBundle_SaysWhereItsEncoderIsAndShowsTheHiddenLayer()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var temp = new TempFolder("tc-inspect");
        string bundle = SaveEncoderHead(export, temp, hidden: 8);

        CliResult result = CliResult.Run(null, "inspect", bundle);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"encoder from  {Path.GetFullPath(export.Folder)}", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"head\s+mlp \d+ → 8 → 2, softmax", result.Out);
    }

    [Fact]
    public void EncoderHeadBundle_MovedWithoutItsEncoder_IsListedAsMissingAndFails()
    {
        // It exited 0 and said nothing, where predict and eval fail on such a bundle.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var temp = new TempFolder("tc-inspect");
        string bundle = SaveEncoderHead(export, temp, hidden: 0);
        string moved = temp.Combine("elsewhere", "deep", "bundle");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(bundle, moved);

        CliResult result = CliResult.Run(null, "inspect", moved);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("encoder from  MISSING", result.Out, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.Contains("labels", result.Out, StringComparison.Ordinal); // listed before failing
    }

    [Fact]
    public void EncoderHeadBundle_WhoseEncoderChanged_NamesTheEncoderThatLoadsOrFails()
    {
        // The encoder was only looked for: a referenced folder whose model.onnx had been replaced was "encoder from
        // <folder>", exit 0, where predict refuses it (fingerprint), and where the bundle carried the right copy, inspect
        // named the referenced folder though loading skips it for the copy.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var temp = new TempFolder("tc-inspect");
        string bundle = SaveEncoderHead(export, temp, hidden: 0);
        string carried = Path.Combine(bundle, TextClassification.Bundles.ModelBundle.CarriedEncoderFolderName);
        TempFolder.CopyFiles(export.Folder, carried);

        new TinyBert(1, seed: 99).WriteOnnx(Path.Combine(export.Folder, "model.onnx"), classifier: false);

        CliResult withCopy = CliResult.Run(null, "inspect", bundle);
        Directory.Delete(carried, recursive: true);
        CliResult changed = CliResult.Run(null, "inspect", bundle);
        CliResult predict = CliResult.Run(null, "predict", bundle, "good movie");

        Assert.True(withCopy.ExitCode == 0, withCopy.ToString());
        Assert.Contains($"encoder from  {carried}", withCopy.Out, StringComparison.Ordinal);
        Assert.Equal((1, 1), (changed.ExitCode, predict.ExitCode));
        Assert.Contains("encoder from  NOT THE ONE TRAINED ON", changed.Out, StringComparison.Ordinal);
        Assert.Contains("is not the one the head was trained on", changed.Error, StringComparison.Ordinal);
        Assert.Contains("is not the one the head was trained on", predict.Error, StringComparison.Ordinal);
        Assert.Contains("labels", changed.Out, StringComparison.Ordinal); // listed before failing
    }

    [Fact]
    public void EncoderHeadBundle_WhoseEncoderTakesFewerPositions_SaysSoOnOneLineWithoutTheParameterName()
    {
        // The manifest's 64 tokens over a config.json of 16 positions: the reason was the ArgumentOutOfRangeException's
        // own message, "… past 16. (Parameter 'options')" and a second line "Actual value was 64.", which inspect
        // printed as a line without "error:" (predict and eval joined it: "(Parameter 'options') Actual value was 64.").
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var temp = new TempFolder("tc-inspect");
        string bundle = SaveEncoderHead(export, temp, hidden: 0);
        string config = Path.Combine(export.Folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace($"\"max_position_embeddings\": {TinyBert.MaxPositions}", "\"max_position_embeddings\": 16", StringComparison.Ordinal));

        CliResult inspected = CliResult.Run(null, "inspect", bundle);
        CliResult predicted = CliResult.Run(null, "predict", bundle, "good movie");

        Assert.Equal((1, 1), (inspected.ExitCode, predicted.ExitCode));
        Assert.Contains("encoder from  DOES NOT LOAD", inspected.Out, StringComparison.Ordinal);
        foreach (CliResult result in new[] { inspected, predicted })
        {
            string error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("does not take the manifest's settings: MaxLength 64 exceeds max_position_embeddings 16", error, StringComparison.Ordinal);
            Assert.DoesNotContain("Parameter", error, StringComparison.Ordinal);
            Assert.DoesNotContain("Actual value", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bundle_WithATokenizerSettingOutOfRange_SaysSoWithoutTheParameterName()
    {
        // "tokenizer setting out of range: WordNGrams ('99') must be less than or equal to '5'. (Parameter 'WordNGrams')
        // Actual value was 99.": .NET's suffix and value line, on a second line where the message was not joined.
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);
        string manifest = Path.Combine(bundle, "textclassifier.json");
        File.WriteAllText(manifest, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(manifest), "\"wordNGrams\": \\d+", "\"wordNGrams\": 99"));

        var error = Assert.Throws<TextClassification.Bundles.BundleFormatException>(() => TextClassification.Bundles.ModelBundle.ReadManifest(manifest));
        CliResult inspected = CliResult.Run(null, "inspect", bundle);

        Assert.Contains("tokenizer setting out of range: WordNGrams ('99') must be less than or equal to '5'.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, inspected.ExitCode);
        Assert.DoesNotContain("Parameter", inspected.Error, StringComparison.Ordinal);
    }

    private static string SaveEncoderHead(TinyBertExport export, TempFolder temp, int hidden)
    {
        TextClassification.Training.Data.LabeledText[] examples = [new("good movie", "pos", 1), new("bad movie", "neg", 2), new("great film", "pos", 3), new("awful film", "neg", 4)];
        using var classifier = TextClassification.Training.Trainers.EncoderHeadTrainer.Train(
            TextClassification.Onnx.OnnxSentenceEncoder.Create(export.Folder), examples,
            new TextClassification.Training.Trainers.EncoderHeadTrainerOptions { HiddenSize = hidden, ValidationFraction = 0, MaxEpochs = 2 }).Classifier;
        string bundle = temp.Combine("bundle");
        TextClassification.Bundles.ModelBundle.SaveEncoderHead(classifier, export.Folder, bundle);
        return bundle;
    }

    [Fact]
    public void Control_characters_in_a_manifests_texts_or_an_exports_file_names_are_escaped()
    {
        // Labels were escaped (a manifest edited by hand can hold them), but "created by", the trainer, the training
        // settings and metric names, the files and an export's file names were printed as they were: a bundle or model
        // folder from elsewhere, which inspect is the way to look into, could clear the screen or rewrite lines
        // ("\u001b[2J") and put a field over two lines.
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);
        string escape = "\u001b[2J";
        BundleEditing.EditManifest(bundle, manifest =>
        {
            manifest["createdBy"] = "maker" + escape + "\nsecond line";
            var training = manifest["training"]!.AsObject();
            training["trainer"] = "trainer\u0007";
            training["settings"]!.AsObject()["key" + escape] = "value\u0085next";
            training["metrics"]!.AsObject()["metric" + escape] = 0.5;
        });
        using var export = new TinyBertExport(["neg", "pos"]);
        File.WriteAllText(Path.Combine(export.Folder, "notes" + escape + ".txt"), "x");

        CliResult inspected = CliResult.Run(null, "inspect", bundle);
        CliResult exported = CliResult.Run(null, "inspect", export.Folder);

        Assert.True(inspected.ExitCode == 0, inspected.ToString());
        Assert.True(exported.ExitCode == 0, exported.ToString());
        foreach (string output in new[] { inspected.Out, exported.Out })
        {
            Assert.DoesNotContain(output, c => c is not ('\n' or '\r') && (char.IsControl(c) || c == '\u2028'));
        }

        Assert.Contains("created by    maker\\u001B[2J\\nsecond line", inspected.Out, StringComparison.Ordinal);
        Assert.Contains("trainer\\u0007", inspected.Out, StringComparison.Ordinal);
        Assert.Matches(@"key\\u001B\[2J +value\\u0085next", inspected.Out);
        Assert.Matches(@"metric\\u001B\[2J +0\.5000", inspected.Out);
        Assert.Contains("notes\\u001B[2J.txt", exported.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_the_encoder_path_and_the_bundle_folder_are_escaped_on_standard_error_too()
    {
        // Standard output escaped the manifest's encoder path, but the error line under it quoted that path (and the
        // folder named) as they were: the bundle from elsewhere could still drive the terminal through stderr (review 54b).
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var temp = new TempFolder("tc-inspect");
        string bundle = SaveEncoderHead(export, temp, hidden: 0);
        string escape = "\u001b[2J";
        string named = temp.Combine("bundle" + escape + "\u0007");
        Directory.Move(bundle, named);
        BundleEditing.EditManifest(named, manifest => manifest["encoder"]!.AsObject()["path"] = "gone" + escape + "\nsecond");

        CliResult inspected = CliResult.Run(null, "inspect", named);

        Assert.True(inspected.ExitCode == 1, inspected.ToString());
        Assert.Contains("encoder from  MISSING", inspected.Out, StringComparison.Ordinal);
        Assert.Contains("bundle\\u001B[2J\\u0007", inspected.Out, StringComparison.Ordinal);
        string error = Assert.Single(inspected.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("gone\\u001B[2J\\nsecond", error, StringComparison.Ordinal);
        foreach (string output in new[] { inspected.Out, inspected.Error })
        {
            Assert.DoesNotContain(output, c => c is not ('\n' or '\r') && char.IsControl(c));
        }
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("eval")]
    public void Control_characters_a_bundle_puts_in_an_error_message_of_predict_or_eval_are_escaped(string command)
    {
        // inspect escaped them (review 58a), but predict's and eval's "error: …" line printed the loader's message as it
        // was, quoting the manifest's encoder path: a bundle from elsewhere could drive the terminal through it.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var temp = new TempFolder("tc-inspect");
        string bundle = SaveEncoderHead(export, temp, hidden: 0);
        BundleEditing.EditManifest(bundle, manifest => manifest["encoder"]!.AsObject()["path"] = "gone\u001b[2J\u0007");
        string test = temp.Combine("test.tsv");
        File.WriteAllText(test, "label\ttext\nneg\tthe cat\n");

        CliResult result = command == "predict" ? CliResult.Run("the cat", "predict", bundle) : CliResult.Run(null, "eval", bundle, test);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("gone\\u001B[2J\\u0007", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Error, c => c is not ('\n' or '\r') && char.IsControl(c));
    }

    [Fact]
    public void IntactBundle_Succeeds()
    {
        using var temp = new TempFolder("tc-inspect");
        string bundle = BundleEditing.SaveBundle(temp, TestModels.Small);

        CliResult result = CliResult.Run(null, "inspect", bundle);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MISSING", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("WRONG SIZE", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }
}
