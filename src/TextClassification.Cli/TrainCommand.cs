using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using TextClassification.Bundles;
using TextClassification.Encoders;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Splitting;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Cli;

/// <summary><c>textclf train &lt;train-file&gt; --out &lt;bundle-dir&gt; [--test &lt;test-file&gt;] …</c></summary>
internal static partial class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var trainFile = new Argument<string>("train-file") { Description = "Training data: .tsv, .csv or .jsonl with a header (also .txt as TSV, .json as JSON Lines or one array of objects), or .parquet." };
        var test = new Option<string?>("--test") { Description = "Test data to evaluate the trained model on.", HelpName = "test-file" };
        var testFormat = new Option<string?>("--test-format")
        {
            Description = "Format of the --test file when it differs from the training file's (e.g. training data from /dev/stdin with --format csv, tests in a .tsv file): tsv, csv, jsonl or parquet. Default: --format, else the test file's extension.",
            HelpName = "tsv|csv|jsonl|parquet",
        }.OneOfIgnoringCase(DataOptions.FormatNames);
        var data = new DataOptions();
        var encoder = new Option<string?>("--encoder")
        {
            Description = "ONNX sentence encoder to train a head on (dense ReLU layer → softmax, Adam): a folder with model.onnx + vocab.txt or tokenizer.json, its model.onnx file, or an encoder + head bundle (its encoder is reused).",
            HelpName = "onnx-or-bundle",
        };
        var embeddingCache = new Option<string?>("--embedding-cache")
        {
            Description = "With --encoder: folder of the embedding cache (keyed by encoder and text). Default ~/.cache/textclf/embeddings ($XDG_CACHE_HOME/textclf/embeddings; %LOCALAPPDATA%\\textclf\\embeddings on Windows); 'none' disables it.",
            HelpName = "dir",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice; same seed and data give the same model (with --autotune, the settings its time budget lets it try may differ between runs).", DefaultValueFactory = _ => 42, HelpName = "N" };
        var output = new Option<string>("--out", "-o") { Description = "Folder to save the model bundle to.", Required = true, HelpName = "bundle-dir" };
        Option<string?> metricsJson = CommonOptions.MetricsJson(trains: true);
        var report = new Option<string?>("--report")
        {
            Description = "With --test: write metrics.json, confusion-matrix.png, roc.png and report.html into this folder.",
            HelpName = "dir",
        };
        OptionChecks.NonEmptyPath(output);
        OptionChecks.NonEmptyPath(report);
        OptionChecks.FolderNotDash(output);
        OptionChecks.FolderNotDash(report);
        OptionChecks.FolderNotDash(embeddingCache);
        OptionChecks.NonEmptyPath(trainFile);
        OptionChecks.NonEmptyPath(test);
        OptionChecks.NonEmptyPath(encoder);
        OptionChecks.NonEmptyPath(embeddingCache);
        var epochs = new Option<int?>("--epochs") { Description = "Most training epochs of the word model (and of --second-model sgd) or of an --encoder head (early stopping may use fewer), 1 to 100000. Default 30 (40 with --encoder).", HelpName = "N" };
        var dimension = new Option<int?>("--dim") { Description = "Embedding width of the word model (and of --second-model sgd), 1 to 4096. Default 64.", HelpName = "N" };
        var learningRate = new Option<float?>("--lr") { Description = "Initial learning rate of the word model (and of --second-model sgd) or of an --encoder head, above 0 and at most 10. Default 0.25 (0.001 with --encoder).", HelpName = "X" };
        var charNGrams = new Option<CharNGramRange?>("--char-ngrams")
        {
            Description = "The word model's char n-gram lengths as MIN:MAX, 1 ≤ MIN ≤ MAX ≤ 8 (e.g. 2:5); 0:0 for none (the default). The second model (--second-model linear or sgd) reads char 3-5-grams whatever this says.",
            HelpName = "MIN:MAX",
            CustomParser = CharNGramRange.Parse,
        };
        var wordNGrams = new Option<int?>("--word-ngrams") { Description = "The word model's longest word n-gram, 1 to 5. Default 2. The second model (--second-model linear or sgd) reads word 1-2-grams whatever this says.", HelpName = "N" };
        var skipBigrams = new Option<bool>("--skip-bigrams")
        {
            Description = "The word model also pairs each word with the one two before it (\"not ... good\"): about +1 point on sst2 sentiment, a little lower on small intent sets.",
        };
        var pooling = new Option<NGramPooling?>("--pooling")
        {
            // Any letter case: inspect and the autotune summary write the settings as "TfIdf" and "Mean".
            Description = "How the models pool a text's n-gram rows: tfidf (sublinear TF-IDF weights, the default) or mean (fastText's; as --autotune may choose). " +
                "Mean pooling starts slowly: on small data (hundreds of texts), above all with --char-ngrams, early stopping can end the word model at chance and leave it out.",
            HelpName = "tfidf|mean",
            CustomParser = ParsePooling,
        };
        var buckets = new Option<int?>("--buckets")
        {
            Description = "Hash buckets of the word model's n-grams, 1024 to 1073741824. Default 2000000 (--autotune also tries 500000).",
            HelpName = "N",
        };
        var classWeights = new Option<string>("--class-weights")
        {
            // No DefaultValueFactory: the default differs by model (an implicit default would hide that the option
            // was not given, and the encoder head would lose its balanced default).
            Description = "Loss weighting by class: none, or balanced (inverse frequency). Default: none for n-gram models, balanced for an encoder head.",
        };
        classWeights.OneOfIgnoringCase("none", "balanced");
        var secondModel = new Option<string>("--second-model")
        {
            Description = "The models averaged with the word model: linear (default; logistic regression and naive Bayes on word + char 3-5-gram features), sgd (an embedding model on them) or none.",
            DefaultValueFactory = _ => "linear",
            HelpName = "linear|sgd|none",
        };
        secondModel.OneOfIgnoringCase("linear", "sgd", "none");
        var maxLinearEntries = new Option<int?>("--max-linear-entries")
        {
            Description = "Memory budget of --second-model linear: most feature entries (8 bytes each) the logistic regression and naive Bayes members (for multi-label data, the SGD model in their place) learn from; past it they learn from a stratified sample of the training texts, at least a twentieth of them, and every validation text, so very small budgets are passed (the word model still reads them all). 1 to 2147483591. Default 250000000 (about 2 GB, reached by some 200 MB of long texts).",
            HelpName = "N",
        };
        var everyCopy = new Option<bool>("--every-copy")
        {
            Description = "Train on every copy of a repeated row (same text and label), e.g. rows copied on purpose to weigh more. By default a row given n times is trained on round(1 + ln n) times: 2 stay 2, 200 count 6.",
        };
        var noRareBoost = new Option<bool>("--no-rare-boost")
        {
            Description = "Leave labels with few texts unboosted. By default a label with 3 to 99 training texts and under a tenth of the largest label's weighs up to (largest / n)^(1/4) times more (at most 10) in the word model's and the linear member's loss, and the word model trains at least 50 / n epochs for the smallest such label's n texts (single-label data; with --class-weights balanced only the minimum epochs apply).",
        };
        var noTemperature = new Option<bool>("--no-temperature")
        {
            Description = "Keep the probabilities as the ensemble combines them. By default a single-label model with at least 100 validation texts is calibrated by a temperature fitted on them (the one with the least log loss there, in 0.4-2.5): its confidences then track its accuracy. Each text's order of labels is kept, so the answers stay the same.",
        };
        var termWeight = new Option<string?>("--term-weight")
        {
            Description = "The word model's term weight: auto (default: both searched on the validation split, supervised kept only where it is clearly more accurate there, else idf; only the one kept is refitted), idf, or supervised (how unevenly a word falls across the labels, leave-one-out on the training texts, in place of IDF; for label-free text around a short labelled part; needs --pooling tfidf and single-label data). The other members keep IDF.",
            HelpName = "idf|supervised|auto",
        };
        termWeight.OneOfIgnoringCase("idf", "supervised", "auto");
        var keepMarkup = new Option<bool>("--keep-markup")
        {
            Description = "Read HTML tags and character references as text (for data whose markup is its content, such as HTML snippets). By default tags of HTML elements, comments, scripts and styles become spaces and references (&amp;, &#39;) their chars.",
        };
        var keepDiacritics = new Option<bool>("--keep-diacritics")
        {
            Description = "Read words only as written, accents and other marks included (for text written consistently with marks that tell words apart, such as Vietnamese tones). By default a word with diacritics, or Arabic and Hebrew vowel marks, is also read without them, so text typed without accents matches.",
        };
        var autotune = new Option<bool>("--autotune")
        {
            Description = "Search the second model, learning rate, embedding width, word and char n-grams, pooling and buckets on a validation split within --time-budget, then train with the best.",
        };
        var abstainPrecision = new Option<double?>("--abstain-precision")
        {
            Description = "Choose a confidence threshold on held-out data so the answered texts are this accurate, above 0 and at most 1 (e.g. 0.95); below it predictions abstain (\"none of these\").",
            HelpName = "P",
        };
        var abstainCoverage = new Option<double?>("--abstain-coverage")
        {
            Description = "Choose the confidence threshold that answers this share of held-out texts, above 0 and at most 1 (e.g. 0.9); the rest abstain.",
            HelpName = "C",
        };
        var multiLabelDelimiter = new Option<string?>("--multi-label-delimiter")
        {
            Description = "Multi-label training: the label column holds several labels separated by this string (e.g. '|'); the model gets a sigmoid per label with thresholds chosen on held-out data.",
            HelpName = "delimiter",
        };
        var timeBudget = new Option<TimeSpan?>("--time-budget")
        {
            Description = "Time for --autotune's search (the final training on all the data runs after it), from 1 second to a week, e.g. 60s, 2m, 1m30s or 90 (seconds). Default 60s.",
            HelpName = "duration",
            CustomParser = ParseDuration,
        };

        OptionChecks.Whole(seed);
        OptionChecks.Range(epochs, 1, 100_000);
        OptionChecks.Range(dimension, 1, 4096);
        OptionChecks.Range(wordNGrams, 1, 5);
        OptionChecks.Range(buckets, 1024, 1 << 30);
        OptionChecks.Range(maxLinearEntries, 1, Array.MaxLength);
        OptionChecks.PositiveAtMost(learningRate, 10);

        var command = new Command("train", "Train an n-gram model, or a head on an --encoder's sentence vectors, and save it as a bundle.")
        {
            trainFile, test, testFormat, encoder, embeddingCache, seed, output, metricsJson, report,
            epochs, dimension, learningRate, charNGrams, wordNGrams, skipBigrams, pooling, buckets, classWeights, secondModel, maxLinearEntries, everyCopy, noRareBoost, noTemperature, termWeight, keepMarkup, keepDiacritics, autotune, timeBudget,
            abstainPrecision, abstainCoverage, multiLabelDelimiter,
        };
        OptionChecks.Fraction(abstainPrecision);
        OptionChecks.Fraction(abstainCoverage);
        data.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(encoder) is not null)
            {
                // Every option the encoder head does not read: accepting and ignoring them would train another model
                // than the one asked for (a single-label head for --multi-label-delimiter, no threshold for --abstain-*).
                Option[] ngramOnly = [autotune, timeBudget, dimension, charNGrams, wordNGrams, skipBigrams, pooling, buckets, secondModel, maxLinearEntries, everyCopy, noRareBoost, noTemperature, termWeight, keepMarkup, keepDiacritics, multiLabelDelimiter, abstainPrecision, abstainCoverage];
                string[] given = [.. ngramOnly.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name)];
                if (given.Length > 0)
                {
                    result.AddError(EncoderOptionConflict(given));
                }
            }

            // A value its option refused or a missing one (--second-model given last) reads as null: the parser's error
            // names it.
            if (result.GetResult(maxLinearEntries) is { Implicit: false } && result.GetResult(secondModel) is { Implicit: false }
                && OptionChecks.ValueOrDefault(result, secondModel) is { } second && second != "linear" && result.GetResult(encoder) is null)
            {
                // The budget of a member that is not trained: accepting it would promise a bound on memory it does not set.
                result.AddError($"--max-linear-entries is the budget of --second-model linear; --second-model {second} trains no linear member.");
            }

            // A value its option refused (--term-weight bogus, --pooling bogus) is already a parse error: GetValue would throw.
            string? termWeightGiven = OptionChecks.ValueOrDefault(result, termWeight);
            NGramPooling? poolingGiven = OptionChecks.ValueOrDefault(result, pooling);
            if (termWeightGiven is "supervised" && result.GetResult(encoder) is null
                && (poolingGiven == NGramPooling.Mean || result.GetResult(multiLabelDelimiter) is not null || data.LabelColumnsGiven(result) is not null))
            {
                // The supervised weight stands in the IDF's place: mean pooling has none, and multi-label training no one label per text.
                result.AddError($"--term-weight {termWeightGiven} needs --pooling tfidf and single-label data (no --multi-label-delimiter or --label-columns).");
            }

            if (termWeightGiven is "idf" && poolingGiven == NGramPooling.Mean && result.GetResult(encoder) is null && !result.GetValue(autotune))
            {
                // Mean pooling weighs every row alike: the IDF asked for was accepted and weighed nothing. (--autotune starts
                // from mean pooling and may choose TF-IDF, where it applies.)
                result.AddError("--term-weight idf weighs the n-grams of TF-IDF pooling; --pooling mean weighs none (leave --term-weight out).");
            }

            bool multiLabel = result.GetResult(multiLabelDelimiter) is not null || data.LabelColumnsGiven(result) is not null;
            if (result.GetValue(noRareBoost) && multiLabel)
            {
                // Multi-label training boosts no label, so the option would be accepted and change nothing.
                result.AddError("--no-rare-boost applies to single-label data: multi-label training (--multi-label-delimiter or --label-columns) boosts no label.");
            }

            if (result.GetValue(noTemperature) && multiLabel)
            {
                // Likewise: a multi-label model has a threshold per label and no temperature to leave out.
                result.AddError("--no-temperature applies to single-label data: multi-label training (--multi-label-delimiter or --label-columns) fits no temperature (each label has its own threshold).");
            }

            if (result.GetValue(everyCopy) && data.DropsRepeatedRows(result) is { } dropping)
            {
                // The copies --every-copy would keep are dropped as the file is read: accepted, it changed nothing but the
                // manifest's repeatedRows, which then said "every copy trained on".
                result.AddError($"--every-copy trains on every copy of a repeated row, which {dropping} drops as the file is read: give one.");
            }

            if (termWeightGiven is "supervised" && result.GetValue(autotune))
            {
                // The search tries mean pooling, which has no IDF to replace (auto, the default, searches with IDF).
                result.AddError("--term-weight supervised cannot be combined with --autotune in this version; train with the tuned settings and --term-weight instead.");
            }

            if (result.GetResult(abstainPrecision) is not null && result.GetResult(abstainCoverage) is not null)
            {
                result.AddError("Give either --abstain-precision or --abstain-coverage, not both.");
            }

            if ((result.GetResult(abstainPrecision) is not null || result.GetResult(abstainCoverage) is not null) && result.GetValue(autotune))
            {
                result.AddError(
                    "--autotune cannot be combined with --abstain-precision/--abstain-coverage in this version; train with the tuned settings instead " +
                    "(`textclf inspect` shows them; --second-model, --lr, --dim, --word-ngrams, --skip-bigrams, --char-ngrams, --pooling and --buckets set them).");
            }

            if (result.GetResult(embeddingCache) is not null && result.GetResult(encoder) is null)
            {
                // Accepted and ignored before: the n-gram trainers embed nothing.
                result.AddError("--embedding-cache is the cache of --encoder's sentence vectors; add --encoder <folder>, or leave it out for an n-gram model.");
            }

            if (result.GetResult(timeBudget) is not null && !result.GetValue(autotune))
            {
                result.AddError("--time-budget is the budget of --autotune; add --autotune.");
            }

            // One column per label (--label-columns) is multi-label data too, its sets joined by '|' unless a delimiter is given.
            string[]? labelColumns = data.LabelColumnsGiven(result);
            bool delimiterGiven = result.GetResult(multiLabelDelimiter) is not null;
            string? delimiterRead = OptionChecks.ValueOrDefault(result, multiLabelDelimiter);
            string setDelimiter = delimiterRead is { Length: > 0 } delimiter ? delimiter : DataOptions.LabelColumnsDelimiter;
            if (DataOptions.ColumnHoldingDelimiter(labelColumns, setDelimiter) is { } joined)
            {
                result.AddError(joined);
            }

            if (labelColumns is not null && result.GetResult(encoder) is not null)
            {
                result.AddError("--label-columns makes multi-label training, which --encoder does not do in this version.");
            }

            // Null where the value is missing ('--multi-label-delimiter' last): the parser's error names the option.
            if (delimiterRead is not null)
            {
                if (delimiterRead.Length == 0)
                {
                    result.AddError("--multi-label-delimiter needs a non-empty delimiter, e.g. '|'.");
                }
                else if (!LabelSet.IsValidDelimiter(delimiterRead))
                {
                    result.AddError("--multi-label-delimiter must be printable text such as '|': a tab or line break cannot separate labels that are written on one line.");
                }
            }

            if ((delimiterGiven || labelColumns is not null)
                && (result.GetValue(autotune) || result.GetResult(abstainPrecision) is not null || result.GetResult(abstainCoverage) is not null
                    || OptionChecks.ValueOrDefault(result, classWeights) == "balanced"))
            {
                string what = delimiterGiven ? "--multi-label-delimiter" : "--label-columns makes multi-label training, which";
                result.AddError($"{what} cannot be combined with --autotune, --abstain-precision/--abstain-coverage or --class-weights balanced in this version.");
            }

            if (result.GetResult(testFormat) is not null && result.GetResult(test) is null)
            {
                result.AddError("--test-format names the format of the --test file; add --test <test-file>.");
            }

            if (result.GetResult(report) is not null && result.GetResult(test) is null)
            {
                result.AddError("--report needs --test <test-file>: the report is about the test data.");
            }
        });

        CommandActions.SetGuardedAction(command, console, metricsJson, (parseResult, console, cancellationToken) =>
        {
            // One column per label (--label-columns) is multi-label data: its sets are joined by '|' unless a delimiter is given.
            DatasetReadOptions readOptions = data.Read(parseResult);
            string? setDelimiterGiven = parseResult.GetValue(multiLabelDelimiter) ?? (readOptions.LabelColumns is null ? null : DataOptions.LabelColumnsDelimiter);
            readOptions = readOptions with { MultiLabelDelimiter = setDelimiterGiven };
            string? testPath = parseResult.GetValue(test);
            string outPath = parseResult.GetRequiredValue(output);
            OutputPaths.RequireBundleFolder("--out", outPath);
            string trainPath = parseResult.GetRequiredValue(trainFile);
            var modelFolders = new List<OutputPaths.ModelFolder> { new(Path.GetFullPath(outPath), "the bundle folder", IsBundleFolder: true) };
            if (parseResult.GetValue(encoder) is { } givenEncoder && parseResult.GetValue(metricsJson) is not null)
            {
                modelFolders.AddRange(OutputPaths.ModelFolders(givenEncoder, "the --encoder folder"));
            }

            OutputPaths.RequireMetricsOutputs(parseResult.GetValue(metricsJson), parseResult.GetValue(report), modelFolders, trainPath, testPath);
            if (parseResult.GetValue(encoder) is { } cachedEncoder && parseResult.GetValue(embeddingCache) is { } cacheFolder and not "none")
            {
                OutputPaths.RequireOutsideBundle("--embedding-cache", cacheFolder, outPath);
                OutputPaths.RequireOutsideModelFolders("--embedding-cache", cacheFolder, OutputPaths.ModelFolders(cachedEncoder, "the --encoder folder"));
            }

            // A --test file that is not there (or a folder, or of no format its name tells) and an --encoder that does not
            // open are found before the training data is read, which may take minutes: they were found after it.
            DatasetReadOptions testReadOptions = parseResult.GetValue(testFormat) is { } givenTestFormat ? readOptions with { Format = DataOptions.FormatOf(givenTestFormat) } : readOptions;
            if (testPath is not null)
            {
                CommonOptions.RequireExistingDataFile(testPath, testReadOptions.Format);
            }

            using OpenedEncoder? openedEncoder = parseResult.GetValue(encoder) is { } encoderPath ? OpenEncoderTimed(encoderPath) : null;
            Dataset train = CommonOptions.ReadDataset(console, trainPath, readOptions, cancellationToken);
            CommonOptions.CheckAllowedLabels(console, train, trainPath, readOptions);
            CommonOptions.RequireRows(train, trainPath, "training rows");

            // A multi-label cell is a set: its labels are compared one by one (each cell split once, for every check).
            string[][]? labelSets = readOptions.MultiLabelDelimiter is { } setDelimiter
                ? [.. train.Rows.Select(row => LabelSet.Parse(row.Label, setDelimiter))]
                : null;
            string[] trainLabels = labelSets is not null ? [.. labelSets.SelectMany(set => set)] : [.. train.Rows.Select(row => row.Label)];
            CommonOptions.WarnAboutLookAlikeLabels(console, trainLabels, readOptions.LowercaseLabels, trainPath);
            CommonOptions.WarnAboutSwappedColumns(console, trainLabels, train.Rows.Count, readOptions, trainPath);
            if (labelSets is not null)
            {
                if (readOptions.LabelColumns is null)
                {
                    MultiLabelDelimiterWarning.WarnWhenUnused(console, train.Rows, labelSets, readOptions.MultiLabelDelimiter!, trainPath);
                }

                EveryTextLabelWarning.WarnAboutLabelsOnEveryText(console, labelSets, trainPath);
                if (readOptions.LabelColumns is { } columns)
                {
                    // Refused first: the warning would name the columns the refusal names.
                    LabelColumnsRefusal.RequireTwoLabelsOrRowsWithNone(labelSets, columns, trainPath);
                }

                UnsetLabelColumnWarning.WarnAboutUnsetColumns(console, labelSets, readOptions, trainPath);
            }

            if (readOptions.MultiLabelDelimiter is null && trainLabels.Distinct(StringComparer.Ordinal).Take(2).Count() < 2)
            {
                // What to do, not only what is wrong: a spam filter needs the texts that are not spam too.
                throw new DataFileException(
                    trainPath,
                    $"a classifier needs at least two labels to tell apart; {CommonOptions.OneLabelAdvice(trainLabels[0])}.");
            }

            Dataset? testSet = testPath is null ? null : CommonOptions.ReadDataset(console, testPath, testReadOptions, cancellationToken);
            if (testSet is not null)
            {
                // Found before training rather than after it.
                CommonOptions.RequireRows(testSet, testPath!, "test rows to evaluate on");
            }

            if (openedEncoder is not null)
            {
                var headDefaults = new EncoderHeadTrainerOptions();
                var headOptions = headDefaults with
                {
                    Seed = parseResult.GetValue(seed),
                    MaxEpochs = parseResult.GetValue(epochs) ?? headDefaults.MaxEpochs,
                    LearningRate = parseResult.GetValue(learningRate) ?? headDefaults.LearningRate,
                    ClassWeighting = parseResult.GetValue(classWeights) is null or "balanced" ? ClassWeighting.Balanced : ClassWeighting.None,
                    CacheDirectory = parseResult.GetValue(embeddingCache) switch
                    {
                        null => UserCacheFolder.For("embeddings", Environment.GetEnvironmentVariable),
                        "none" => null,
                        string dir => dir,
                    },
                };
                return TrainOnEncoder(console, openedEncoder, trainPath, train, testSet, testPath, readOptions, outPath, headOptions, parseResult.GetValue(metricsJson), parseResult.GetValue(report), cancellationToken);
            }

            var defaults = new NGramTrainerOptions();
            CharNGramRange? chars = parseResult.GetValue(charNGrams);
            var options = defaults with
            {
                Seed = parseResult.GetValue(seed),
                MaxEpochs = parseResult.GetValue(epochs) ?? defaults.MaxEpochs,
                Dimension = parseResult.GetValue(dimension) ?? defaults.Dimension,
                LearningRate = parseResult.GetValue(learningRate) ?? defaults.LearningRate,
                ClassWeighting = parseResult.GetValue(classWeights) == "balanced" ? ClassWeighting.Balanced : ClassWeighting.None,
                RepeatedRows = parseResult.GetValue(everyCopy) ? RepeatedRowCounting.Every : RepeatedRowCounting.Sublinear,
                BoostRareLabels = !parseResult.GetValue(noRareBoost),
                FitTemperature = !parseResult.GetValue(noTemperature),
                TermWeighting = parseResult.GetValue(termWeight) switch
                {
                    "supervised" => TermWeighting.Supervised,
                    "idf" => TermWeighting.Idf,
                    _ => defaults.TermWeighting,
                },
                MultiLabelDelimiter = setDelimiterGiven,
                EnsembleTokenizer = parseResult.GetValue(secondModel) == "sgd" ? new LinearModelOptions().Tokenizer : null,
                LinearModel = parseResult.GetValue(secondModel) == "linear"
                    ? defaults.LinearModel! with { MaxEntries = parseResult.GetValue(maxLinearEntries) ?? defaults.LinearModel!.MaxEntries }
                    : null,
                Pooling = parseResult.GetValue(pooling) ?? defaults.Pooling,
                Tokenizer = defaults.Tokenizer with
                {
                    Buckets = parseResult.GetValue(buckets) ?? defaults.Tokenizer.Buckets,
                    WordNGrams = parseResult.GetValue(wordNGrams) ?? defaults.Tokenizer.WordNGrams,
                    SkipBigrams = parseResult.GetValue(skipBigrams),
                    CharNGramMin = chars?.Min ?? defaults.Tokenizer.CharNGramMin,
                    CharNGramMax = chars?.Max ?? defaults.Tokenizer.CharNGramMax,
                },
            };
            if (parseResult.GetValue(keepMarkup))
            {
                options = options.WithEveryTokenizer(tokenizer => tokenizer with { StripMarkup = false });
            }

            if (parseResult.GetValue(keepDiacritics))
            {
                options = options.WithEveryTokenizer(tokenizer => tokenizer with { FoldDiacritics = false, FoldAbjadMarks = false });
            }

            CultureInfo inv = CultureInfo.InvariantCulture;
            NGramTrainingResult result;
            if (parseResult.GetValue(autotune))
            {
                TimeSpan budget = parseResult.GetValue(timeBudget) ?? NGramAutotuner.DefaultBudget;
                AutotuneResult tuned = ConsoleProgress.Run(console, progress => TrainingDataErrors.NamingFile(trainPath, () => NGramAutotuner.Tune(train.Rows, budget, options, progress, cancellationToken)));
                result = tuned.Final;
                AutotuneReport.Write(console, tuned);
            }
            else if (AbstainTargetOf(parseResult.GetValue(abstainPrecision), parseResult.GetValue(abstainCoverage)) is { } abstainTarget)
            {
                (result, AbstainCalibration calibration) = ConsoleProgress.Run(
                    console, progress => TrainingDataErrors.NamingFile(trainPath, () => AbstainTraining.Train(train.Rows, abstainTarget, options, progress, cancellationToken)));
                AbstainReport.Write(console, calibration);
            }
            else
            {
                result = ConsoleProgress.Run(console, progress => TrainingDataErrors.NamingFile(trainPath, () => NGramTrainer.Train(train.Rows, options, progress, cancellationToken)));
            }

            TextClassifier classifier = result.Classifier;
            string validation = double.IsFinite(result.ValidationAccuracy)
                ? string.Create(inv, $", validation {(classifier.IsMultiLabel ? "micro-F1" : "accuracy")} {result.ValidationAccuracy:F4}")
                : string.Empty;
            console.Out.WriteLine(string.Create(inv, $"Trained {CommonOptions.Counted(classifier.Labels.Count, "label")} ({CommonOptions.ListLabels(classifier.Labels)}) for {CommonOptions.Counted(result.Epochs, "epoch")} in {result.Seconds:F2} s{validation}."));
            if (result.ValidationExamples == 0 && options.ValidationFraction > 0)
            {
                // The split keeps copies of a text, and texts inside longer ones, with them: a label whose texts form one
                // such group has nothing to hold out.
                // A multi-label model's thresholds are chosen on the held-out texts too: without them each is 0.5.
                string notChosen = classifier.IsMultiLabel
                    ? "the epoch count, the members' settings and the thresholds were not chosen on held-out texts (each label's threshold is 0.5)"
                    : "the epoch count and the members' settings were not chosen on held-out texts";
                MSBuildErrorFormat.WriteWarning(
                    console.Error,
                    MSBuildErrorFormat.NoValidationCode,
                    // The rows trained on: surplus copies of repeated rows were left out first.
                    result.TrainExamples + result.ValidationExamples < 20
                        ? $"under 20 training rows, so no text was held out for validation: {notChosen}" +
                          (result.SurplusCopies > 0 ? string.Create(inv, $" ({result.SurplusCopies} surplus copies of repeated rows were not counted; --every-copy counts them).") : ".")
                        : "no text could be held out for validation (each label's texts form one group: one distinct text, or texts that lie " +
                          $"inside one another), so {notChosen}; such a model " +
                          "generalises poorly: a few distinct texts per label help most.",
                    trainPath);
            }

            if (classifier.Training?.Settings?.ContainsKey(NGramTrainer.WordModelSetting) == true)
            {
                // The word model's own options went with it: say which of those given the saved model does not use.
                var unused = new List<string>(4);
                foreach (Option option in (ReadOnlySpan<Option>)[wordNGrams, charNGrams, skipBigrams, buckets])
                {
                    if (parseResult.GetResult(option) is { Implicit: false })
                    {
                        unused.Add(option.Name);
                    }
                }

                console.Out.WriteLine("The word model was left out of the ensemble: on the validation split it was under half as accurate as another member " +
                    "(typical of many labels with few texts each, or of word-model settings that do not suit the data)" +
                    (unused.Count == 0 ? "." : $"; {string.Join(", ", unused)} set the word model alone, so the saved model does not use them."));
            }

            if (classifier.Training?.Settings?.TryGetValue(NGramTrainer.LinearModelLeftOutSetting, out string? linearLeftOut) == true)
            {
                // "left out: N features × labels would pass …": the reason as the manifest records it.
                console.Out.WriteLine($"The logistic regression member was {linearLeftOut} (many labels × many char n-grams; raise LinearModelOptions.MaxWeights from C# to fit it, at about 24 bytes of training memory per weight).");
            }

            if (classifier.Training?.Settings?.TryGetValue(NGramTrainer.LinearModelSampleSetting, out string? linearSample) == true)
            {
                // "N of M training texts: their features … would pass …": the reason as the manifest records it.
                // A multi-label model's linear member is an SGD model in their place (the manifest's linearModel).
                string members = classifier.IsMultiLabel
                    ? "the SGD member on word and char n-grams (a multi-label model's, in place of logistic regression and naive Bayes)"
                    : "the logistic regression and naive Bayes members";
                console.Out.WriteLine($"To bound memory, {members} learned from {linearSample}. --max-linear-entries sets the budget.");
            }

            if (classifier.Training?.Settings?.ContainsKey(NGramTrainer.NaiveBayesSetting) == true)
            {
                console.Out.WriteLine("The naive Bayes member was left out: its table of features × labels would be too large (an SGD model on the char n-grams trains in its place).");
            }

            if (result.RareLabelNoiseSeen)
            {
                // The manifest's rareLabels setting says which rule; here, what the user can do about it.
                console.Out.WriteLine("The validation texts of the rare labels (labels with few training texts) looked mislabelled, as where some of the " +
                    "training labels are wrong, so the word model trained without part of the rare-label boost (see rareLabels in the manifest). " +
                    "Checking those labels' training rows may help; --no-rare-boost turns the boost off.");
            }

            if (result.TruncatedTexts > 0)
            {
                int maxTokens = options.Tokenizer.MaxTokens;
                console.Out.WriteLine(string.Create(inv, $"{result.TruncatedTexts} training {(result.TruncatedTexts == 1 ? "text has" : "texts have")} more than {maxTokens:N0} tokens: only the first {maxTokens:N0} of a text are read, in training and in prediction."));
            }

            if (result.SurplusCopies > 0)
            {
                console.Out.WriteLine(string.Create(inv, $"{result.SurplusCopies} surplus {(result.SurplusCopies == 1 ? "copy" : "copies")} of repeated rows (same text and label) left out: a row given n times is trained on round(1 + ln n) times (--every-copy trains on all)."));
            }

            if (result.RepeatedTexts > 0)
            {
                // With --dedupe or --drop-conflicts no exact repeat is left: pointing to --dedupe named the option in use.
                string repeats = readOptions.Duplicates switch
                {
                    DuplicateHandling.DropExact => "; none is an exact repeat (--dedupe dropped those): they differ from it in letter case or label.",
                    DuplicateHandling.DropExactAndConflicting => "; none is an exact repeat (--drop-conflicts dropped those): they differ from it in letter case.",
                    _ => " (--dedupe drops exact repeats).",
                };
                console.Out.WriteLine(string.Create(inv, $"{result.RepeatedTexts} training {(result.RepeatedTexts == 1 ? "row repeats" : "rows repeat")} an earlier row's text (ignoring case); a text's copies were kept on one side of the validation split{repeats}"));
            }

            if (result.TextsInsideOthers > 0)
            {
                console.Out.WriteLine(string.Create(inv, $"{result.TextsInsideOthers} training {(result.TextsInsideOthers == 1 ? "text" : "texts")} of {ContainedTexts.MinWords}+ words {(result.TextsInsideOthers == 1 ? "lies" : "lie")} inside a longer training text (such as a sentence's phrases); each was kept on the longer text's side of the validation split."));
            }

            ClassificationMetrics? metrics = null;
            MultiLabelMetrics? multiLabelMetrics = null;
            if (testSet is not null && options.MultiLabelDelimiter is { } delimiter)
            {
                multiLabelMetrics = EvaluationConsoleProgress.Run(console, progress => TrainingOverlap.EvaluateMultiLabel(classifier, train.Rows, testSet.Rows, delimiter, progress, cancellationToken));
                multiLabelMetrics.TrainSeconds = result.Seconds;
                var recorded = new Dictionary<string, double>(classifier.Training?.Metrics ?? new Dictionary<string, double>())
                {
                    ["test.subsetAccuracy"] = multiLabelMetrics.SubsetAccuracy,
                    ["test.microF1"] = multiLabelMetrics.MicroF1,
                    ["test.macroF1"] = multiLabelMetrics.MacroF1,
                    ["test.hammingLoss"] = multiLabelMetrics.HammingLoss,
                    ["test.seenInTraining"] = multiLabelMetrics.SeenInTraining ?? 0,
                };
                if (multiLabelMetrics.Unseen is { } unseen)
                {
                    recorded["test.unseenSubsetAccuracy"] = unseen.SubsetAccuracy;
                }

                classifier = classifier.WithTraining((classifier.Training ?? new TrainingSection()) with { Metrics = recorded });
            }
            else if (testSet is not null)
            {
                metrics = EvaluationConsoleProgress.Run(console, progress => TrainingOverlap.Evaluate(classifier, train.Rows, testSet.Rows, progress, cancellationToken));
                if (metrics.Abstain is { } abstainOnTest)
                {
                    AbstainReport.WriteTest(console, abstainOnTest);
                }

                metrics.TrainSeconds = result.Seconds;

                // Record the test scores in the manifest so `inspect` (and the typed-label generator) can show them.
                var recorded = new Dictionary<string, double>(classifier.Training?.Metrics ?? new Dictionary<string, double>());
                RecordTestMetrics(recorded, metrics);
                classifier = classifier.WithTraining((classifier.Training ?? new TrainingSection()) with { Metrics = recorded });
            }

            // Recorded so `eval` of the bundle can report trainSeconds as well, and read test data as the training data was.
            var settings = new Dictionary<string, string>(classifier.Training?.Settings ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            DataOptions.Record(settings, readOptions);
            DataOptions.RecordCounts(settings, train);
            classifier = classifier.WithTraining((classifier.Training ?? new TrainingSection()) with { Seconds = result.Seconds, Settings = settings });
            classifier.Save(outPath, cancellationToken);
            console.Out.WriteLine($"Saved the model bundle to {Path.GetFullPath(outPath)}");

            if (multiLabelMetrics is not null)
            {
                MetricsTable.Write(console, multiLabelMetrics);
                if (CommonOptions.WarnAboutUnknownLabels(console, classifier.Labels.Count, multiLabelMetrics) > 0)
                {
                    // The model's labels come first in the metrics; the test labels it lacks follow them.
                    MultiLabelDelimiterWarning.WarnAboutJoinedSets(
                        console, multiLabelMetrics.Labels.Take(classifier.Labels.Count), [.. multiLabelMetrics.Labels.Skip(classifier.Labels.Count)], readOptions.MultiLabelDelimiter!, recorded: null, readOptions.LowercaseLabels, readWithTraining: true);
                }
                if (parseResult.GetValue(metricsJson) is { } multiLabelMetricsPath)
                {
                    CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath));
                    OutputPaths.Write("--metrics-json", multiLabelMetricsPath, Saved(outPath), () => multiLabelMetrics.WriteJson(multiLabelMetricsPath));
                    OutputPaths.ReportMetricsWritten(console, multiLabelMetricsPath);
                }

                if (parseResult.GetValue(report) is { } multiLabelReport)
                {
                    string html = OutputPaths.Write("--report", multiLabelReport, Saved(outPath), () => ReportWriter.Write(multiLabelReport, multiLabelMetrics, classifier.Labels.Count, outPath, testPath!, testSet, () => CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath))));
                    console.Out.WriteLine($"Wrote the report to {html}");
                }
            }

            if (testSet is null && parseResult.GetValue(metricsJson) is { } trainingMetricsPath)
            {
                CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath));
                OutputPaths.Write("--metrics-json", trainingMetricsPath, Saved(outPath), () => TrainingMetricsFile.Write(trainingMetricsPath, result.Seconds, classifier.Labels));
                OutputPaths.ReportMetricsWritten(console, trainingMetricsPath);
            }

            if (metrics is not null)
            {
                MetricsTable.Write(console, metrics);
                CommonOptions.WarnAboutUnknownLabels(console, classifier.Labels.Count, metrics);
                if (parseResult.GetValue(metricsJson) is { } metricsPath)
                {
                    CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath));
                    OutputPaths.Write("--metrics-json", metricsPath, Saved(outPath), () => MetricsJson.Write(metrics, metricsPath));
                    OutputPaths.ReportMetricsWritten(console, metricsPath);
                }

                if (parseResult.GetValue(report) is { } reportFolder)
                {
                    string html = OutputPaths.Write("--report", reportFolder, Saved(outPath), () => ReportWriter.Write(reportFolder, metrics, classifier.Labels.Count, outPath, testPath!, testSet, () => CanceledAfterWorkException.ThrowIfCanceled(cancellationToken, Saved(outPath))));
                    console.Out.WriteLine($"Wrote the report to {html}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>How <c>--pooling</c> names <paramref name="pooling"/> (<c>tfidf</c> or <c>mean</c>), as the autotune
    /// summary prints it too.</summary>
    internal static string PoolingName(NGramPooling pooling) => pooling == NGramPooling.TfIdf ? "tfidf" : "mean";

    private static NGramPooling? ParsePooling(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        foreach (NGramPooling pooling in (ReadOnlySpan<NGramPooling>)[NGramPooling.TfIdf, NGramPooling.Mean])
        {
            if (string.Equals(text, PoolingName(pooling), StringComparison.OrdinalIgnoreCase))
            {
                return pooling;
            }
        }

        result.AddError($"--pooling takes tfidf or mean; got '{text}'.");
        return null;
    }

    /// <summary>The test scores the manifest records (<c>test.*</c>), so <c>inspect</c> and the typed-label generator
    /// can show them.</summary>
    private static void RecordTestMetrics(Dictionary<string, double> recorded, ClassificationMetrics metrics)
    {
        recorded["test.accuracy"] = metrics.Accuracy;
        recorded["test.macroF1"] = metrics.MacroF1;
        recorded["test.weightedF1"] = metrics.WeightedF1;
        recorded["test.logLoss"] = metrics.LogLoss;
        recorded["test.seenInTraining"] = metrics.SeenInTraining ?? 0;
        if (metrics.Unseen is { } unseen)
        {
            recorded["test.unseenAccuracy"] = unseen.Accuracy;
        }
    }

    private static AbstainTarget? AbstainTargetOf(double? precision, double? coverage) =>
        precision is double p ? AbstainTarget.Precision(p) : coverage is double c ? AbstainTarget.Coverage(c) : null;

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        const double week = 7 * 24 * 3600;
        string given = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DurationText.TryParseSeconds(given, out double seconds) && seconds >= 1)
        {
            if (seconds <= week)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            result.AddError($"--time-budget is at most a week (168h); got '{given}'. The search stops by itself when no change helps, so a long budget is rarely used up.");
            return null;
        }

        result.AddError($"--time-budget expects a duration of at least one second, such as 60s, 2m, 1m30s, 1.5h or 90 (seconds); got '{given}'.");
        return null;
    }

    /// <summary>A <c>--char-ngrams MIN:MAX</c> value.</summary>
    internal readonly record struct CharNGramRange(int Min, int Max)
    {
        /// <summary>Longest char n-gram the tokenizer accepts.</summary>
        private const int Longest = 8;

        public static CharNGramRange? Parse(ArgumentResult result)
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 &&
                int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int min) &&
                int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int max) &&
                ((min == 0 && max == 0) || (min >= 1 && min <= max && max <= Longest)))
            {
                return new CharNGramRange(min, max);
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"--char-ngrams expects MIN:MAX with 1 ≤ MIN ≤ MAX ≤ {Longest} (or 0:0 for none); got '{text}'."));
            return null;
        }
    }

    // What a train canceled after its save has done, for the message.
    private static string Saved(string outPath) => $"the model bundle was saved to {Path.GetFullPath(outPath)}";
}
