using System.Globalization;
using TextClassification.Encoders;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// Issue #8's peer comparison: trains ours, ML.NET, scikit-learn and fastText on the same train.tsv of every dataset
/// under TEXTCLASSIFICATION_DATASETS, scores each on test.tsv and prints one markdown table.
/// <code>
/// dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- compare
///     [dataset…] [--peers ours,mlnet,sklearn,fasttext] [--out table.md] [--seed 42] [--repeat N]
///     [--threads N] [--lr X] [--decay X] [--dim N] [--epochs N] [--patience N] [--validation X] [--no-refit] [--balanced] [--word-ngrams N] [--char-ngrams MIN:MAX] [--single] [--mean] [--autotune SECONDS]
///     [--sgd-char] [--linear-words] [--no-linear] [--no-naive-bayes] [--linear-c X] [--linear-small-data N] [--linear-max-weights N] [--linear-iterations N] [--linear-char-ngrams MIN:MAX] [--members]
///     [--rare-labels N] [--no-rare-boost] [--train-rows N] [--cased-words] [--cased-linear] [--case-shapes-words] [--no-case-shapes] [--skip-bigrams]
///     [--no-fold-diacritics] [--no-fold-width] [--no-strip-markup] [--no-fold-abjad-marks] [--no-compose-hangul] [--no-fold-compatibility] [--no-skip-format-chars]
///     [--no-fold-confusables] [--no-join-spaced-letters] [--no-temperature] [--calibration]
/// </code>
/// <c>--no-temperature</c> turns off <c>NGramTrainerOptions.FitTemperature</c> (the probabilities as combined; the answers
/// are the same); <c>--calibration</c> also takes every peer's probabilities on the test rows (outside the timed passes) and prints a
/// second table of their log loss and expected calibration error, computed by <c>MetricsCalculator</c> as
/// <c>textclf eval</c> computes them (<see cref="PredictionScorer.ScoreProbabilities"/>);
/// <c>--single</c> trains one word model (no linear member); <c>--validation X</c> sets the held-out share
/// (<c>NGramTrainerOptions.ValidationFraction</c>; 0 trains <c>--epochs</c> epochs on everything, without naive Bayes); <c>--sgd-char</c> replaces the linear member by an SGD
/// model on the same word + char features (the former default); <c>--members</c> also prints the test accuracy and macro-F1
/// of every subset of our ensemble's members to standard error; <c>--rare-labels N</c> prints, for every peer, the
/// precision, recall, F1 and prediction count of each label with at most N training rows to standard error;
/// <c>--no-rare-boost</c> turns off <c>NGramTrainerOptions.BoostRareLabels</c>; <c>--linear-char-ngrams</c> sets the char n-gram range
/// of the linear (and naive Bayes) member's features; <c>--repeat N</c> trains the in-process peers (ours, ML.NET) N times
/// per dataset in rotating order and shows their median train time and throughput; <c>--train-rows N</c> trains every
/// peer on the same random sample of N training rows per dataset (drawn with the seed; the test sets stay whole), to
/// compare on small training sets; <c>--cased-words</c> and <c>--cased-linear</c> keep letter case in the word model's
/// or the linear (and naive Bayes) member's tokens (probes: the defaults lower-case); <c>--case-shapes-words</c> adds the
/// letter-case features (<c>HashedNGramOptions.CaseShapes</c>) to the word model and <c>--no-case-shapes</c> takes them
/// out of the linear member (probes: by default only the linear member reads them); <c>--skip-bigrams</c> adds
/// skip-bigrams to the word model; <c>--no-fold-diacritics</c>, <c>--no-fold-width</c>, <c>--no-strip-markup</c>,
/// <c>--no-fold-abjad-marks</c>, <c>--no-compose-hangul</c>, <c>--no-fold-compatibility</c> (<c>FoldCompatibilityForms</c>)
/// <c>--no-skip-format-chars</c> (<c>SkipFormatChars</c>), <c>--no-fold-confusables</c> (<c>FoldConfusables</c>) and
/// <c>--no-join-spaced-letters</c> (<c>JoinSpacedLetters</c>) turn
/// those tokenizer settings off in every model (before/after runs of sessions 32, 34, 40, 41, 42, 44 and 45's settings; <c>--no-fold-diacritics</c> turns the Arabic and Hebrew mark
/// folding off too, as it only extends the diacritics folding); <c>--linear-small-data N</c> sets
/// <c>LinearModelOptions.SmallDataTexts</c> (0: C fixed at every size).
/// <c>datasets</c> is an alias of <c>compare</c>; <c>--no-peer</c> means <c>--peers ours</c>. The trainer flags change
/// our options only. Progress goes to standard error, the table (and notes) to standard output.
/// </summary>
internal static class CompareCommand
{
    private const string AllPeers = "ours,mlnet,sklearn,fasttext";

    // --term-weight's words, in any letter case.
    private static readonly Dictionary<string, TermWeighting> TermWeights = new(StringComparer.OrdinalIgnoreCase)
    {
        ["idf"] = TermWeighting.Idf,
        ["supervised"] = TermWeighting.Supervised,
        ["auto"] = TermWeighting.Auto,
    };

    // The usage in the class's summary, for --help.
    private const string Usage = """
        compare [dataset…] [--peers ours,mlnet,sklearn,fasttext] [--out table.md] [--seed 42] [--repeat N] [--threads N]
            [--lr X] [--decay X] [--dim N] [--epochs N] [--patience N] [--validation X] [--no-refit] [--balanced] [--every-copy] [--term-weight idf|supervised|auto]
            [--word-ngrams N] [--char-ngrams MIN:MAX] [--single] [--mean] [--autotune SECONDS] [--sgd-char] [--linear-words]
            [--no-linear] [--no-naive-bayes] [--linear-c X] [--linear-small-data N] [--linear-max-weights N] [--linear-iterations N]
            [--linear-char-ngrams MIN:MAX] [--members] [--rare-labels N] [--no-rare-boost] [--train-rows N] [--cased-words] [--cased-linear] [--case-shapes-words]
            [--no-case-shapes] [--skip-bigrams] [--no-fold-diacritics] [--no-fold-width] [--no-strip-markup]
            [--no-fold-abjad-marks] [--no-compose-hangul] [--no-fold-compatibility] [--no-skip-format-chars] [--no-fold-confusables] [--no-join-spaced-letters] [--no-peer]
            [--no-temperature] [--calibration]   (a second table: each peer's test log loss and expected calibration error from its probabilities)
        Datasets come from TEXTCLASSIFICATION_DATASETS (every one there when none is named). See CompareCommand.cs for each option.
        """;

    // A count of at least 1, or null once the usage error naming the option is printed ('--train-rows 0' had been read as
    // 1 without a word, as had '--repeat 0').
    private static int? AtLeastOne(string option, string value)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) && count >= 1)
        {
            return count;
        }

        Console.Error.WriteLine($"{option} expects a whole number of at least 1; got '{value}'.");
        return null;
    }

    public static int Run(string[] args)
    {
        s_rareLabels = 0;
        s_calibration = false;
        var names = new List<string>();
        var options = new NGramTrainerOptions();
        string peerList = AllPeers;
        string? outFile = null;
        int seed = 42;
        TimeSpan? autotune = null;
        bool members = false;
        int repeat = 1;
        int? trainRows = null;
        CultureInfo inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            try
            {
                switch (args[i])
                {
                    case "-h" or "--help" or "-?":
                        Console.WriteLine(Usage);
                        return 0;
                    case "--peers": peerList = value; i++; break;
                    case "--no-peer": peerList = "ours"; break;
                    case "--out": outFile = value; i++; break;
                    case "--seed": seed = int.Parse(value, inv); i++; break;
                    case "--threads": options = options with { Threads = int.Parse(value, inv) }; i++; break;
                    case "--repeat":
                        if (AtLeastOne(args[i], value) is not { } repeats)
                        {
                            return 2;
                        }

                        repeat = repeats;
                        i++;
                        break;
                    case "--lr": options = options with { LearningRate = float.Parse(value, inv) }; i++; break;
                    case "--decay": options = options with { LearningRateDecay = float.Parse(value, inv) }; i++; break;
                    case "--dim": options = options with { Dimension = int.Parse(value, inv) }; i++; break;
                    case "--epochs": options = options with { MaxEpochs = int.Parse(value, inv) }; i++; break;
                    case "--patience": options = options with { Patience = int.Parse(value, inv) }; i++; break;
                    case "--validation": options = options with { ValidationFraction = double.Parse(value, inv) }; i++; break;
                    case "--no-refit": options = options with { RefitOnAllData = false }; break;
                    case "--balanced": options = options with { ClassWeighting = ClassWeighting.Balanced }; break;
                    case "--no-rare-boost": options = options with { BoostRareLabels = false }; break;
                    case "--no-temperature": options = options with { FitTemperature = false }; break;
                    case "--every-copy": options = options with { RepeatedRows = RepeatedRowCounting.Every }; break;
                    case "--single": options = options with { EnsembleTokenizer = null, LinearModel = null }; break;
                    case "--sgd-char":
                        // The default before the linear member: a second SGD model on word + char 3–5-grams.
                        options = options with { EnsembleTokenizer = new LinearModelOptions().Tokenizer, LinearModel = null };
                        break;
                    case "--linear-words": options = options with { LinearModel = (options.LinearModel ?? new()) with { Tokenizer = null } }; break;
                    case "--no-linear": options = options with { LinearModel = null }; break;
                    case "--no-naive-bayes": options = options with { LinearModel = (options.LinearModel ?? new()) with { NaiveBayes = false } }; break;
                    case "--members": members = true; break;
                    case "--calibration": s_calibration = true; break;
                    case "--rare-labels": s_rareLabels = int.Parse(value, inv); i++; break;
                    case "--train-rows":
                        if (AtLeastOne(args[i], value) is not { } rowCount)
                        {
                            return 2;
                        }

                        trainRows = rowCount;
                        i++;
                        break;
                    case "--linear-c": options = options with { LinearModel = (options.LinearModel ?? new()) with { C = double.Parse(value, inv) } }; i++; break;
                    case "--linear-small-data": options = options with { LinearModel = (options.LinearModel ?? new()) with { SmallDataTexts = int.Parse(value, inv) } }; i++; break;
                    case "--linear-max-weights": options = options with { LinearModel = (options.LinearModel ?? new()) with { MaxWeights = long.Parse(value, inv) } }; i++; break;
                    case "--linear-iterations": options = options with { LinearModel = (options.LinearModel ?? new()) with { MaxIterations = int.Parse(value, inv) } }; i++; break;
                    case "--mean": options = options with { Pooling = NGramPooling.Mean }; break;
                    case "--term-weight":
                        // Enum.Parse took any number ('1' ran as Supervised) and named a word it did not know a number.
                        if (!TermWeights.TryGetValue(value, out TermWeighting weighting))
                        {
                            Console.Error.WriteLine($"--term-weight expects idf, supervised or auto; got '{value}'.");
                            return 2;
                        }

                        options = options with { TermWeighting = weighting };
                        i++;
                        break;
                    case "--cased-words": options = options with { Tokenizer = options.Tokenizer with { Lowercase = false } }; break;
                    case "--cased-linear":
                        LinearModelOptions linear = options.LinearModel ?? new();
                        // A null tokenizer shares the word model's features: cased, those are the word model's options.
                        options = options with { LinearModel = linear with { Tokenizer = (linear.Tokenizer ?? options.Tokenizer) with { Lowercase = false } } };
                        break;
                    case "--skip-bigrams": options = options with { Tokenizer = options.Tokenizer with { SkipBigrams = true } }; break;
                    case "--case-shapes-words": options = options with { Tokenizer = options.Tokenizer with { CaseShapes = true } }; break;
                    case "--no-case-shapes":
                        LinearModelOptions plain = options.LinearModel ?? new();
                        options = options with { LinearModel = plain with { Tokenizer = (plain.Tokenizer ?? options.Tokenizer) with { CaseShapes = false } } };
                        break;
                    case "--no-fold-diacritics": options = options.WithEveryTokenizer(tokenizer => tokenizer with { FoldDiacritics = false }); break;
                    case "--no-fold-width": options = options.WithEveryTokenizer(tokenizer => tokenizer with { FoldWidth = false }); break;
                    case "--no-strip-markup": options = options.WithEveryTokenizer(tokenizer => tokenizer with { StripMarkup = false }); break;
                    case "--no-fold-abjad-marks": options = options.WithEveryTokenizer(tokenizer => tokenizer with { FoldAbjadMarks = false }); break;
                    case "--no-compose-hangul": options = options.WithEveryTokenizer(tokenizer => tokenizer with { ComposeHangul = false }); break;
                    case "--no-fold-compatibility": options = options.WithEveryTokenizer(tokenizer => tokenizer with { FoldCompatibilityForms = false }); break;
                    case "--no-skip-format-chars": options = options.WithEveryTokenizer(tokenizer => tokenizer with { SkipFormatChars = false }); break;
                    case "--no-fold-confusables": options = options.WithEveryTokenizer(tokenizer => tokenizer with { FoldConfusables = false }); break;
                    case "--no-join-spaced-letters": options = options.WithEveryTokenizer(tokenizer => tokenizer with { JoinSpacedLetters = false }); break;
                    case "--autotune": autotune = TimeSpan.FromSeconds(double.Parse(value, inv)); i++; break;
                    case "--word-ngrams": options = options with { Tokenizer = options.Tokenizer with { WordNGrams = int.Parse(value, inv) } }; i++; break;
                    case "--char-ngrams": options = options with { Tokenizer = WithCharNGrams(options.Tokenizer, value) }; i++; break;
                    case "--linear-char-ngrams":
                        LinearModelOptions linearModel = options.LinearModel ?? new();
                        options = options with { LinearModel = linearModel with { Tokenizer = WithCharNGrams(linearModel.Tokenizer ?? options.Tokenizer, value) } };
                        i++;
                        break;
                    default:
                        if (args[i].StartsWith("--", StringComparison.Ordinal))
                        {
                            Console.Error.WriteLine($"Unknown option {args[i]}.");
                            return 2;
                        }

                        names.Add(args[i]);
                        break;
                }
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
            {
                // A usage error naming the option, not a stack trace.
                Console.Error.WriteLine($"{args[i]} expects a number (with '.' as the decimal point, or MIN:MAX for n-gram ranges); got '{value}'.");
                return 2;
            }
        }

        // Checked before anything trains: a folder that is not there was found only when the table was written, after the
        // whole run (minutes to an hour with every peer), as an unhandled DirectoryNotFoundException (exit 134).
        if (outFile is not null && OutFileProblem(outFile) is { } outProblem)
        {
            Console.Error.WriteLine(outProblem);
            return 2;
        }

        string? root = Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_DATASETS");
        if (string.IsNullOrEmpty(root))
        {
            Console.Error.WriteLine("Set TEXTCLASSIFICATION_DATASETS to the folder of the shared datasets.");
            return 2;
        }

        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"TEXTCLASSIFICATION_DATASETS is '{root}', which is not a folder.");
            return 2;
        }

        // A dataset named on the command line that is not there is a mistake (a typo), found before anything runs or
        // --out is overwritten with an empty table.
        string[] missing = [.. names.Where(name => !File.Exists(Path.Combine(root, name, "train.tsv")) || !File.Exists(Path.Combine(root, name, "test.tsv")))];
        if (missing.Length > 0)
        {
            string available = string.Join(", ", Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Console.Error.WriteLine($"No train.tsv and test.tsv under {root} for: {string.Join(", ", missing)}. Datasets there: {available}.");
            return 2;
        }

        List<IPeer>? peers = CreatePeers(peerList, options, seed, autotune, members);
        if (peers is null)
        {
            return 2;
        }

        foreach (IPeer peer in peers.Where(peer => peer.Unavailable is not null))
        {
            Console.Error.WriteLine($"{peer.Name}: n/a — {peer.Unavailable}");
        }

        var table = new ComparisonTable(peers);
        if (repeat > 1)
        {
            table.Notes.Add(string.Create(inv,
                $"Train s and pred/s of the in-process peers (ours, ML.NET): median of {repeat} runs per dataset, in an order rotated each round; the external tools ran once."));
        }

        if (trainRows is { } rows)
        {
            table.Notes.Add(string.Create(inv,
                $"Every peer trained on the same random sample of {rows} training rows per dataset (seed {seed}, kept in file order; all rows where there are fewer); the test sets are whole."));
        }

        IEnumerable<string> folders = names.Count > 0
            ? names.Select(name => Path.Combine(root, name))
            : Directory.GetDirectories(root).Order(StringComparer.Ordinal);
        bool warmedUp = false;
        foreach (string folder in folders)
        {
            DatasetSplit? split;
            try
            {
                split = DatasetSplit.TryRead(folder);
            }
            catch (DataFormatException ex)
            {
                // One unreadable set is reported and skipped; the others still run (it ended the whole run with a stack trace).
                Console.Error.WriteLine($"{folder}: {ex.Message}; skipped.");
                continue;
            }

            if (split is null)
            {
                Console.Error.WriteLine($"{folder}: no train.tsv and test.tsv, skipped.");
                continue;
            }

            if (trainRows is { } sampled)
            {
                split = split.WithTrainSample(sampled, seed);
            }

            if (split.UnseenTestLabelsNote() is { } note)
            {
                Console.Error.WriteLine($"warning: {note}");
            }

            if (!warmedUp)
            {
                if (WarmUp(peers, split) is { Count: > 0 } warmed)
                {
                    table.Notes.Add(
                        $"Untimed warm-up: {string.Join(" and ", warmed)} ran once on the first 500 training rows of {ComparisonTable.Cell(split.Name)} " +
                        "(and its first 50 test rows) before any timing, so JIT compilation is outside their train s and pred/s.");
                }

                warmedUp = true;
            }

            table.Add(split.Name, RunRounds(peers, split, repeat));
        }

        string rendered = s_calibration ? table.Render() + Environment.NewLine + table.RenderCalibration() : table.Render();
        Console.WriteLine();
        Console.Write(rendered);
        if (outFile is not null)
        {
            try
            {
                File.WriteAllText(outFile, rendered);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Checked at the start, but the disk can fill or the folder go during the run: the table is above.
                Console.Error.WriteLine($"--out: could not write '{outFile}' ({ex.Message}); the table is on standard output above.");
                return 1;
            }

            Console.Error.WriteLine($"Wrote {outFile}.");
        }

        return 0;
    }

    /// <summary>Why <c>--out</c> cannot be written (no name, a folder's name, or a folder that does not exist), or null.</summary>
    private static string? OutFileProblem(string path)
    {
        if (path.Length == 0)
        {
            return "--out expects a file name; got none.";
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"--out '{path}' is a folder; give a file name.";
        }

        string? folder = Path.GetDirectoryName(full);
        return folder is null || Directory.Exists(folder) ? null : $"--out '{path}': the folder '{folder}' does not exist.";
    }

    // The tokenizer with the char n-gram range of a "MIN:MAX" flag value.
    private static HashedNGramOptions WithCharNGrams(HashedNGramOptions tokenizer, string range)
    {
        string[] bounds = range.Split(':');
        return tokenizer with
        {
            CharNGramMin = int.Parse(bounds[0], CultureInfo.InvariantCulture),
            CharNGramMax = int.Parse(bounds[1], CultureInfo.InvariantCulture),
        };
    }

    private static List<IPeer>? CreatePeers(string list, NGramTrainerOptions options, int seed, TimeSpan? autotune, bool members)
    {
        var peers = new List<IPeer>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            IPeer? peer = key.ToLowerInvariant() switch
            {
                "ours" => new OursPeer(options with { Seed = seed }, autotune, members),
                "mlnet" or "ml.net" => new MlNetPeer(seed),
                "sklearn" => new SklearnPeer(seed),
                "fasttext" => new FastTextPeer(seed),
                _ => null,
            };
            if (peer is null)
            {
                Console.Error.WriteLine($"Unknown peer '{key}'; choose from {AllPeers}.");
                return null;
            }

            // Twice, the second copy counted as a peer of ours: the verdict compared ours with itself.
            if (!named.Add(peer.Key))
            {
                Console.Error.WriteLine($"--peers names {peer.Key} twice.");
                return null;
            }

            peers.Add(peer);
        }

        // An empty list ('--peers' last, or '--peers ,') printed a table of dataset names alone, exit 0.
        if (peers.Count == 0)
        {
            Console.Error.WriteLine($"--peers names no peer; choose from {AllPeers}.");
            return null;
        }

        return peers;
    }

    /// <summary>One untimed run of every in-process peer on a slice of the first dataset, so no table cell pays for JIT;
    /// returns the names of the peers it ran, for the table's notes.</summary>
    private static List<string> WarmUp(List<IPeer> peers, DatasetSplit split)
    {
        DatasetSplit head = split.Head(500, 50);
        var warmed = new List<string>();
        foreach (IPeer peer in peers.Where(peer => peer.InProcess && peer.Unavailable is null))
        {
            warmed.Add(peer.Name);
            Console.Error.WriteLine($"warm-up: {peer.Name} on the first 500 rows of {split.Name}");
#pragma warning disable CA1031 // A failure here shows again, with its message, in the timed run.
            try
            {
                peer.Run(head);
            }
            catch (Exception)
            {
            }
#pragma warning restore CA1031
        }

        return warmed;
    }

    /// <summary>
    /// Runs every peer on one split. With <paramref name="repeat"/> &gt; 1 the in-process peers (ours, ML.NET) train that
    /// many times, in an order rotated each round so each goes first in turn (with two of them and an odd count of rounds,
    /// the first listed goes first once more) (the first training after
    /// another tool's run pays for memory that tool left behind), and the result shows the median train time and
    /// throughput; the external tools, 3–30 times slower, run once.
    /// </summary>
    private static PeerResult[] RunRounds(List<IPeer> peers, DatasetSplit split, int repeat)
    {
        var runs = new List<PeerResult>[peers.Count];
        for (int p = 0; p < peers.Count; p++)
        {
            runs[p] = [];
        }

        for (int p = 0; p < peers.Count; p++)
        {
            runs[p].Add(RunPeer(peers[p], split));
        }

        // Later rounds: the in-process peers that ran, the first of them in turn.
        var again = new List<int>(peers.Count);
        for (int p = 0; p < peers.Count; p++)
        {
            if (peers[p].InProcess && runs[p][0].HasMetrics)
            {
                again.Add(p);
            }
        }

        for (int round = 1; round < repeat && again.Count > 0; round++)
        {
            for (int k = 0; k < again.Count; k++)
            {
                int p = again[(k + round) % again.Count];
                runs[p].Add(RunPeer(peers[p], split));
            }
        }

        var results = new PeerResult[peers.Count];
        for (int p = 0; p < peers.Count; p++)
        {
            List<PeerResult> done = runs[p];
            results[p] = done.Count == 1 || done.Exists(run => !run.HasMetrics)
                ? done[0]
                : done[0] with { TrainSeconds = Median(done.Select(run => run.TrainSeconds)), PredictionsPerSecond = Median(done.Select(run => run.PredictionsPerSecond)) };
        }

        return results;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // --rare-labels N: the labels with at most N training rows, each peer's recall, precision and F1 on them.
    private static int s_rareLabels;

    // --calibration: every peer also returns its test probabilities, scored for log loss and ECE.
    private static bool s_calibration;

    private static void WriteRareLabels(DatasetSplit split, string peer, ClassificationMetrics metrics)
    {
        var counts = split.Train.Rows.CountBy(row => row.Label).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        for (int c = 0; c < metrics.Labels.Count; c++)
        {
            string label = metrics.Labels[c];
            if (counts.TryGetValue(label, out int trained) && trained <= s_rareLabels)
            {
                LabelMetrics row = metrics.PerLabel[c];
                int predicted = metrics.ConfusionMatrix.Sum(line => line[c]);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{split.Name,-22} {peer,-9} rare {label} trained {trained} support {row.Support} predicted {predicted} P {row.Precision:F3} R {row.Recall:F3} F1 {row.F1:F3}"));
            }
        }
    }

    /// <summary>Runs one peer on one split; a missing tool or a failure becomes an n/a cell with a note, never a crash.</summary>
    private static PeerResult RunPeer(IPeer peer, DatasetSplit split)
    {
        if (peer.Unavailable is not null)
        {
            return PeerResult.NotAvailable(peer.Unavailable);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            PeerRun run = peer.Run(split, s_calibration);
            var metrics = PredictionScorer.Score(split, run.Predictions);
            ClassificationMetrics? calibration = run.Probabilities is { } probabilities ? PredictionScorer.ScoreProbabilities(split, probabilities) : null;
            string calibrated = calibration is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  log loss {calibration.LogLoss:F4}  ECE {calibration.ExpectedCalibrationError:F4}");
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{split.Name,-22} {peer.Name,-9} acc {metrics.Accuracy:F4}  F1 {metrics.MacroF1:F4}  train {run.TrainSeconds,6:F2} s  {run.PredictionsPerSecond,10:N0} pred/s{calibrated}{(run.Note is null ? string.Empty : "  (" + run.Note + ")")}"));
            if (s_rareLabels > 0)
            {
                WriteRareLabels(split, peer.Name, metrics);
            }

            return new PeerResult(metrics, run.TrainSeconds, run.PredictionsPerSecond, run.Note, PredictionScorer.Correct(split, run.Predictions), calibration);
        }
#pragma warning disable CA1031 // A failing peer must not stop the comparison of the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"{split.Name,-22} {peer.Name,-9} failed: {ex.Message}");
            return PeerResult.NotAvailable("failed: " + ex.Message.ReplaceLineEndings(" "));
        }
    }
}
