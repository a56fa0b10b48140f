using System.Diagnostics;
using System.Text.Json;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// scikit-learn TF-IDF (word 1–2-grams, sublinear tf) + LogisticRegression(C=10), run by the committed script
/// <c>benchmarks/peers/sklearn_tfidf_lr.py</c> with Debian's <c>/usr/bin/python3</c> (package <c>python3-sklearn</c>;
/// override with the PYTHON environment variable).
/// </summary>
internal sealed class SklearnPeer : IPeer
{
    private const string ScriptName = "sklearn_tfidf_lr.py";
    private readonly string? _python;
    private readonly string _script;
    private readonly int _seed;

    /// <param name="seed">The comparison's <c>--seed</c>, the script's <c>--seed</c> (LogisticRegression's random_state).</param>
    public SklearnPeer(int seed)
    {
        _seed = seed;
        string python = Environment.GetEnvironmentVariable("PYTHON") is { Length: > 0 } custom ? custom : "/usr/bin/python3";
        _script = Path.Combine(AppContext.BaseDirectory, "peers", ScriptName);
        _python = ExternalTool.Find(python);
        if (_python is null)
        {
            Unavailable = $"{python} not found (apt-get install python3-sklearn, or set PYTHON)";
        }
        else if (!File.Exists(_script))
        {
            Unavailable = $"{_script} is missing";
        }
        else
        {
            try
            {
                ExternalTool.Run(_python, "-c", "import sklearn");
            }
            catch (InvalidOperationException)
            {
                Unavailable = $"{_python} cannot import sklearn (apt-get install python3-sklearn, or set PYTHON)";
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                // A file that is no program (not executable, another format): it ended the whole comparison, exit 134.
                Unavailable = $"{_python} cannot be run ({ex.Message}; apt-get install python3-sklearn, or set PYTHON)";
            }
        }
    }

    public string Key => "sklearn";

    public string Name => "sklearn";

    public string Description =>
        $"scikit-learn `TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True)` + `LogisticRegression(C=10, max_iter=1000)` " +
        $"(lbfgs), script `benchmarks/peers/{ScriptName}` run by `{_python ?? "/usr/bin/python3"}`. Train s: vectorizer + " +
        "classifier fit inside Python (interpreter start and file reading excluded). Pred/s: test-set size divided by one " +
        "batch `transform` + `predict` of all test texts.";

    public bool InProcess => false;

    public string? Unavailable { get; }

    public PeerRun Run(DatasetSplit split, bool probabilities = false)
    {
        if (_python is null)
        {
            throw new InvalidOperationException(Unavailable);
        }

        using var scratch = new ExternalTool.ScratchFolder("textclf-sklearn-");
        string train = scratch.File("train.tsv");
        string test = scratch.File("test.tsv");
        ExternalTool.WriteTsv(train, split.Train.Rows);
        ExternalTool.WriteTsv(test, split.Test.Rows);
        string seedText = _seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string output = probabilities
            ? ExternalTool.Run(_python, _script, train, test, "--seed", seedText, "--probabilities")
            : ExternalTool.Run(_python, _script, train, test, "--seed", seedText);

        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        double trainSeconds = root.GetProperty("trainSeconds").GetDouble();
        double predictSeconds = root.GetProperty("predictSeconds").GetDouble();

        // The script read the labels exactly (ExternalTool.EscapeLabel), so its answers are the dataset's spellings.
        var predictions = new List<string>(split.Test.Rows.Count);
        foreach (JsonElement label in root.GetProperty("predictions").EnumerateArray())
        {
            predictions.Add(label.GetString() ?? string.Empty);
        }

        Debug.Assert(predictions.Count == split.Test.Rows.Count, "one prediction per test row");
        return new PeerRun(
            predictions,
            trainSeconds,
            split.Test.Rows.Count / predictSeconds,
            Probabilities: probabilities ? Probabilities(root) : null);
    }

    // --calibration: the script's predict_proba rows, their columns named by classifier.classes_.
    private static PeerProbabilities Probabilities(JsonElement root)
    {
        string[] labels = [.. root.GetProperty("classes").EnumerateArray().Select(label => label.GetString() ?? string.Empty)];
        var values = new List<float>();
        foreach (JsonElement row in root.GetProperty("probabilities").EnumerateArray())
        {
            foreach (JsonElement p in row.EnumerateArray())
            {
                values.Add(p.GetSingle());
            }
        }

        return new PeerProbabilities(labels, [.. values]);
    }
}
