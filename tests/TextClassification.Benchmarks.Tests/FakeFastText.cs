using TextClassification.Benchmarks.Comparison;
using TextClassification.Training.Data;

namespace TextClassification.Benchmarks.Tests;

/// <summary>
/// A stand-in for the fastText CLI, written to a fresh folder: a Python script that reads its training file as fastText
/// 0.9.2 does (tokens split at ' ', \t, \n, \v, \f, \r, \0; every token that starts with the <c>-label</c> prefix is a
/// label) and answers <c>predict</c> and <c>predict-prob</c> with the label of the training line whose words match. It
/// refuses a training line with other than one label, logs its arguments to <see cref="ArgumentsLog"/>, and, as
/// fastText does at <c>-verbose</c> 1 and above, prints "Progress: 100.0% …" once training is done, before it writes the
/// model. Tests tune it through files in its folder.
/// </summary>
internal sealed class FakeFastText : IDisposable
{
    private const string Script = """
        #!/usr/bin/python3
        import json, os, re, sys, time
        here = os.path.dirname(os.path.abspath(__file__))
        def arg(name, default):
            return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default
        def tokens(line):
            return [t for t in re.split("[ \t\n\v\f\r\0]+", line) if t]
        with open(os.path.join(here, "args.log"), "a") as log:
            log.write(json.dumps(sys.argv[1:]) + "\n")
        if sys.argv[1] == "supervised":
            prefix = arg("-label", "__label__")
            memory = {}
            with open(arg("-input", ""), encoding="utf-8", newline="\n") as handle:
                for line in handle:
                    words = tokens(line)
                    labels = [t for t in words if t.startswith(prefix)]
                    if len(labels) != 1:
                        sys.stderr.write("a training line with %d labels: %r\n" % (len(labels), line))
                        sys.exit(1)
                    memory[" ".join(t for t in words if not t.startswith(prefix))] = labels[0]
            sys.stderr.write("Read 0M words\nNumber of words:  1\nNumber of labels: %d\n" % len(set(memory.values())))
            sys.stderr.flush()
            model = arg("-output", "") + ".bin"
            with open(model, "w", encoding="utf-8") as out:
                json.dump({"prefix": prefix, "memory": memory}, out)
            if os.path.exists(os.path.join(here, "hang")):
                with open(os.path.join(here, "pid"), "w") as out:
                    out.write(str(os.getpid()))
                time.sleep(3600)
            sys.stderr.write("\rProgress: 100.0% words/sec/thread: 1 lr:  0.000000 avg.loss:  0.1 ETA:   0h 0m 0s\n")
            sys.stderr.flush()
            pause = os.path.join(here, "seconds_after_training")
            if os.path.exists(pause):
                time.sleep(float(open(pause).read()))
            sys.exit(0)
        with open(sys.argv[2], encoding="utf-8") as handle:
            model = json.load(handle)
        source = sys.stdin if sys.argv[3] == "-" else open(sys.argv[3], encoding="utf-8", newline="\n")
        for line in source:
            words = tokens(line)
            label = model["memory"].get(" ".join(t for t in words if not t.startswith(model["prefix"])))
            if label is None:
                print("", flush=True)
            elif sys.argv[1] == "predict":
                print(label, flush=True)
            else:
                print(label + " 1", flush=True)
        """;

    public FakeFastText()
    {
        Folder = Path.Combine(Path.GetTempPath(), "textclf-fake-fasttext-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Tool = Path.Combine(Folder, "fasttext");
        File.WriteAllText(Tool, Script.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Whether the script can run here (it needs /usr/bin/python3).</summary>
    public static bool CanRun => !OperatingSystem.IsWindows() && File.Exists("/usr/bin/python3");

    public string Folder { get; }

    /// <summary>The script's path, for <c>new FastTextPeer(seed, tool)</c> or the FASTTEXT variable.</summary>
    public string Tool { get; }

    /// <summary>The arguments of every call, one JSON array a line.</summary>
    public string ArgumentsLog => Path.Combine(Folder, "args.log");

    /// <summary>How long the fake waits after its end-of-training line before it exits (as fastText writes its model).</summary>
    public double SecondsAfterTraining
    {
        set => File.WriteAllText(Path.Combine(Folder, "seconds_after_training"), value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Makes <c>supervised</c> write its model, then its process id to <c>pid</c>, and sleep for an hour.</summary>
    public void HangInTraining() => File.WriteAllText(Path.Combine(Folder, "hang"), string.Empty);

    /// <summary>A split whose test rows are its training rows.</summary>
    public static DatasetSplit Split(params (string Label, string Text)[] rows)
    {
        LabeledText[] data = [.. rows.Select(row => new LabeledText(row.Text, row.Label))];
        return new DatasetSplit("fake", new Dataset("train.tsv", data, []), new Dataset("test.tsv", data, []));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fact that needs the fake fastText's interpreter (/usr/bin/python3), skipped visibly without it.</summary>
public sealed class FakeFastTextFactAttribute : FactAttribute
{
    public FakeFastTextFactAttribute()
    {
        if (!FakeFastText.CanRun)
        {
            Skip = "needs /usr/bin/python3 for the fake fastText";
        }
    }
}
