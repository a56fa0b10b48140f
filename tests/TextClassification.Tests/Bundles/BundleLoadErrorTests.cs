using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TextClassification.Bundles;
using TextClassification.DependencyInjection;
using TextClassification.Reloading;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary>Every damaged bundle fails with a <see cref="BundleFormatException"/> naming the file at fault.</summary>
public sealed class BundleLoadErrorTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-bundle-errors");
    private readonly string _bundle;

    public BundleLoadErrorTests()
    {
        _bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
    }

    public static TheoryData<string> WeightStems => new() { "features", "embeddings", "head", "idf" };

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_untouched_bundle_loads()
    {
        Assert.Equal(TestModels.Small.Labels, TextClassifier.Load(_bundle).Labels);
    }

    [Fact]
    public void Missing_manifest_names_textclassifier_json()
    {
        File.Delete(BundleEditing.ManifestPath(_bundle));

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains("textclassifier.json", ex.Message, StringComparison.Ordinal);
        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
    }

    [Fact]
    public void A_data_file_given_as_the_model_gets_a_short_message_saying_so()
    {
        // "text\tlabel…" starts like the literal true; System.Text.Json quotes the rest of the file in its message.
        string data = _temp.Combine("train.tsv");
        File.WriteAllText(data, "text\tlabel\n" + string.Concat(Enumerable.Repeat("some text here\tlabel\n", 20_000)));

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(data));

        Assert.Equal(Path.GetFullPath(data), ex.FilePath);
        Assert.Contains("not a model bundle: a model path names a bundle folder or its textclassifier.json, and this file is not one (not a JSON object)", ex.Message, StringComparison.Ordinal);
        // Not the JSON parser's view of the file's first bytes, which quoted them ("Expected the literal 'true'").
        Assert.DoesNotContain("literal", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("some text", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3L << 30)] // past 2 GB: File.ReadAllBytes threw IOException "The file is too long" everywhere
    [InlineData(ModelBundle.MaxManifestBytes + 1)] // read whole, more than once per load
    public void A_file_too_large_to_be_a_manifest_is_refused_unread_by_every_entry_point(long size)
    {
        // Another file given as the model (a data set, a weight file); sparse, so it costs no disk (review 49a).
        string data = _temp.Combine("big.tsv");
        using (FileStream file = File.Create(data))
        {
            file.SetLength(size);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        Action[] entryPoints =
        [
            () => TextClassifier.Load(data),
            () => TextClassifierLoader.Load(data),
            () => ModelBundle.ReadManifest(data),
            () => ReloadingTextClassifier.Create(data, new ReloadingTextClassifierOptions { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero }).Dispose(),
        ];
        foreach (Action entryPoint in entryPoints)
        {
            var ex = Assert.Throws<BundleFormatException>(entryPoint);
            Assert.Equal(data, ex.FilePath);
            Assert.Contains($"not a model bundle: the file has {size} bytes, far more than a bundle manifest holds", ex.Message, StringComparison.Ordinal);
        }

        var registration = Assert.Throws<BundleFormatException>(() =>
            new ServiceCollection().AddTextClassifier(o => o.ModelPath = data));
        Assert.Equal(data, registration.FilePath);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 16 << 20);
    }

    [Fact]
    public void A_file_of_no_reported_size_is_read_only_up_to_the_manifest_limit()
    {
        // /dev/zero reports 0 bytes and never ends: File.ReadAllBytes read it for 4 s, until no array could hold it, and
        // threw OutOfMemoryException (review 49a).
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var ex = Assert.Throws<BundleFormatException>(() => ModelBundle.ReadManifest("/dev/zero"));

        Assert.Contains($"not a model bundle: the file runs past {ModelBundle.MaxManifestBytes} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reloading_classifier_hashes_a_file_of_no_reported_size_only_up_to_the_manifest_limit()
    {
        // The reloading classifier hashes the manifest before it loads it: streamed whole, /dev/zero was hashed for ever,
        // so Create never returned where the load that follows refuses it (review 49d).
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Task<Exception?> create = Task.Run<Exception?>(() => Record.Exception(() =>
            ReloadingTextClassifier.Create("/dev/zero", new ReloadingTextClassifierOptions { UseFileSystemWatcher = false, PollInterval = Timeout.InfiniteTimeSpan }).Dispose()));

        // A TimeoutException when Create is still running after a minute.
        var ex = Assert.IsType<BundleFormatException>(await create.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"not a model bundle: the file runs past {ModelBundle.MaxManifestBytes} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_folder_is_a_bundle_format_error()
    {
        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_temp.Combine("does-not-exist")));
        var inMissing = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_temp.Combine("does-not-exist", "textclassifier.json")));

        Assert.Contains("no such folder or file", ex.Message, StringComparison.Ordinal);
        Assert.Equal(_temp.Combine("does-not-exist"), ex.FilePath);
        Assert.Contains("no such folder or file", inMissing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_onnx_path_is_missing_not_a_graph()
    {
        // Review 54b's hint for a graph given as the model had answered a path to no file at all with "the file is an
        // ONNX graph".
        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_temp.Combine("does-not-exist", "model.onnx")));

        Assert.Contains("no such folder or file", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ONNX graph", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_with_an_onnx_graph_but_no_config_gets_a_hint()
    {
        string folder = _temp.Combine("graph-only");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), [0]);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(folder));

        Assert.Contains("has model.onnx but no config.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hugging_face_folder_without_manifest_gets_a_hint()
    {
        string folder = _temp.Combine("hf");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(folder));

        Assert.Contains("Hugging Face", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"format\": \"textclassifier\", \"formatVersion\": \"one\"}")]
    public void Invalid_json_names_the_manifest(string content)
    {
        File.WriteAllText(BundleEditing.ManifestPath(_bundle), content);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
        Assert.Contains("textclassifier.json", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "invalid JSON at line 1, byte 2: ")]
    [InlineData("{\n  \"labels\": [1,", "invalid JSON at line 2, byte 15: ")]
    public void Invalid_json_is_placed_once_by_line_and_byte_from_one(string content, string expected)
    {
        // System.Text.Json's own suffix counts lines from 0 ("LineNumber: 0"), contradicting the position we give.
        File.WriteAllText(BundleEditing.ManifestPath(_bundle), content);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "'labels[0]' holds an escaped lone surrogate (such as \\ud800 without its pair), which is not text")]
    [InlineData(true, "'labels[0]' holds bytes that are not UTF-8")]
    public void A_label_that_is_not_text_is_named_as_such_not_as_invalid_json(bool badByte, string expected)
    {
        // "invalid JSON at line 6, byte 12: The JSON value could not be converted to System.String": the JSON is well
        // formed, and the label a string; what is wrong is its text.
        string path = BundleEditing.ManifestPath(_bundle);
        string first = TestModels.Small.Labels[0];
        byte[] bytes = File.ReadAllBytes(path);
        byte[] label = System.Text.Encoding.UTF8.GetBytes($"\"{first}\"");
        int at = bytes.AsSpan().IndexOf(label);
        Assert.True(at > 0);
        byte[] broken = badByte ? [.. label[..^1], 0xFF, (byte)'"'] : System.Text.Encoding.UTF8.GetBytes($"\"{first}\\ud800\"");
        File.WriteAllBytes(path, [.. bytes[..at], .. broken, .. bytes[(at + label.Length)..]]);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.String", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_formed_manifest_without_its_required_properties_is_incomplete_not_invalid_json()
    {
        File.WriteAllText(BundleEditing.ManifestPath(_bundle), "{\"format\":\"textclassifier\",\"formatVersion\":4}");

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains("incomplete manifest", ex.Message, StringComparison.Ordinal);
        Assert.Contains("it lacks the required properties 'labels'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelManifest", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Unknown_format_version_is_refused(int version)
    {
        BundleEditing.EditManifest(_bundle, m => m["formatVersion"] = version);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains("formatVersion", ex.Message, StringComparison.Ordinal);
        Assert.Contains(version.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_count_differing_from_head_outputs_is_refused()
    {
        BundleEditing.EditManifest(_bundle, m => m["labels"]!.AsArray().RemoveAt(0));

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Contains("outputs", ex.Message, StringComparison.Ordinal);
        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
    }

    [Fact]
    public void Extra_label_with_a_matching_head_output_count_still_fails_on_the_head_file()
    {
        // Labels and outputs agree, but the head file holds one output fewer.
        BundleEditing.EditManifest(_bundle, m =>
        {
            m["labels"]!.AsArray().Add("extra");
            m["head"]!["outputs"] = 4;
        });

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(BundleEditing.WeightFile(_bundle, "head"), ex.FilePath);
    }

    [Theory]
    [InlineData("[\"a\", \"a\", \"b\"]")]
    [InlineData("[\"a\", \"\", \"b\"]")]
    [InlineData("[\"a\", null, \"b\"]")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Bad_labels_are_refused(string labels)
    {
        BundleEditing.EditManifest(_bundle, m => m["labels"] = JsonNode.Parse(labels));

        Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Tfidf_pooling_without_an_idf_file_is_refused(string? idfFile)
    {
        BundleEditing.EditManifest(_bundle, m => m["encoder"]!["idfFile"] = idfFile);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
        Assert.Contains("idfFile", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_or_non_finite_idf_values_are_refused()
    {
        string file = BundleEditing.WeightFile(_bundle, "idf");
        byte[] bytes = File.ReadAllBytes(file);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, 0);
        File.WriteAllBytes(file, bytes);
        BundleEditing.EditManifest(_bundle, m =>
        {
            m["files"]![Path.GetFileName(file)] = new JsonObject
            {
                ["bytes"] = bytes.Length,
                ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            };
        });

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(file, ex.FilePath);
        Assert.Contains("inverse document frequency", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WeightStems))]
    public void Weight_file_truncated_by_one_byte_names_the_file(string stem)
    {
        string file = BundleEditing.WeightFile(_bundle, stem);
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length - 1);
        }

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(file, ex.FilePath);
        Assert.Contains(Path.GetFileName(file), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WeightStems))]
    public void Weight_file_with_a_flipped_byte_fails_the_sha256_check(string stem)
    {
        string file = BundleEditing.WeightFile(_bundle, stem);
        BundleEditing.FlipByte(file, new FileInfo(file).Length / 2, 0x01);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(file, ex.FilePath);
        Assert.Contains(Path.GetFileName(file), ex.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WeightStems))]
    public void Missing_weight_file_names_the_file(string stem)
    {
        string file = BundleEditing.WeightFile(_bundle, stem);
        File.Delete(file);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(file, ex.FilePath);
    }

    [Theory]
    [InlineData("encoder", "weightsFile", "../x.bin")]
    [InlineData("encoder", "featuresFile", "../x.bin")]
    [InlineData("head", "weightsFile", "../x.bin")]
    [InlineData("head", "weightsFile", "/etc/passwd")]
    [InlineData("encoder", "weightsFile", "/tmp/x.bin")]
    [InlineData("encoder", "weightsFile", "sub/x.bin")]
    [InlineData("encoder", "idfFile", "../x.bin")]
    [InlineData("encoder", "weightsFile", "..")]
    [InlineData("encoder", "weightsFile", "")]
    [InlineData("encoder", "weightsFile", null)]
    public void File_names_reaching_outside_the_bundle_are_refused(string section, string property, string? name)
    {
        // A real file where "../x.bin" points, listed in 'files' with its true size and hash: it must still not be read.
        string original = BundleEditing.WeightFile(_bundle, section == "head" ? "head" : property switch
        {
            "featuresFile" => "features",
            "idfFile" => "idf",
            _ => "embeddings",
        });
        File.Copy(original, _temp.Combine("x.bin"));
        BundleEditing.EditManifest(_bundle, m =>
        {
            JsonObject files = m["files"]!.AsObject();
            if (name is not null)
            {
                files[name] = files[Path.GetFileName(original)]!.DeepClone();
            }

            m[section]![property] = name;
        });

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
    }

    [Fact]
    public void Null_entry_in_the_files_section_is_a_bundle_format_error()
    {
        BundleEditing.EditManifest(_bundle, m =>
        {
            JsonObject files = m["files"]!.AsObject();
            files[files.First().Key] = null;
        });

        Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));
    }

    [Fact]
    public void Weight_file_missing_from_the_files_section_is_refused()
    {
        string file = BundleEditing.WeightFile(_bundle, "embeddings");
        BundleEditing.EditManifest(_bundle, m => m["files"]!.AsObject().Remove(Path.GetFileName(file)));

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(file, ex.FilePath);
    }

    [Theory]
    [InlineData("encoder", "dimension", 17)]
    [InlineData("encoder", "dimension", 0)]
    [InlineData("encoder", "dimension", 1_000_000)]
    [InlineData("encoder", "rows", -1)]
    [InlineData("encoder", "rows", 2_000_000_000)]
    [InlineData("head", "inputs", 3)]
    [InlineData("tokenizer", "buckets", 0)]
    [InlineData("tokenizer", "buckets", 10)]
    [InlineData("tokenizer", "wordNGrams", 9)]
    [InlineData("tokenizer", "maxTokens", 0)]
    public void Inconsistent_shapes_are_refused(string section, string property, int value)
    {
        BundleEditing.EditManifest(_bundle, m => m[section]![property] = value);

        Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));
    }

    [Theory]
    [InlineData("tokenizer", "type", "wordPiece")]
    [InlineData("encoder", "type", "onnx")]
    [InlineData("pooling", "type", "cls")]
    [InlineData("head", "activation", "sigmoid")]
    [InlineData("", "problemType", "multiLabel")]
    [InlineData("", "format", "other")]
    public void Unsupported_kinds_are_refused(string section, string property, string value)
    {
        BundleEditing.EditManifest(_bundle, m => (section.Length == 0 ? m : m[section]!.AsObject())[property] = value);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));

        Assert.Equal(BundleEditing.ManifestPath(_bundle), ex.FilePath);
    }

    [Theory]
    [InlineData("tokenizer")]
    [InlineData("encoder")]
    [InlineData("pooling")]
    [InlineData("head")]
    [InlineData("files")]
    public void Null_sections_are_refused(string section)
    {
        BundleEditing.EditManifest(_bundle, m => m[section] = null);

        Assert.Throws<BundleFormatException>(() => TextClassifier.Load(_bundle));
    }

    [Fact]
    public void ReadManifest_checks_the_manifest_without_reading_weights()
    {
        File.Delete(BundleEditing.WeightFile(_bundle, "embeddings"));

        ModelManifest manifest = ModelBundle.ReadManifest(_bundle);

        Assert.Equal(TestModels.Small.Labels, manifest.Labels);
    }
}
