// Quick start: train an intent classifier on the support messages shipped in samples/data, report how it does on a
// held-out split, save it as a bundle, load it back through dependency injection and classify a few messages.
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TextClassification;
using TextClassification.DependencyInjection;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Splitting;
using TextClassification.Training.Trainers;

string dataPath = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "support-intents.tsv");
string modelPath = args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "model");

Dataset data = DatasetReader.Read(dataPath);
Console.WriteLine($"Read {data.Rows.Count} messages from {dataPath} ({data.Skipped.Count} skipped).");

// A stratified 80/20 split, seeded so every run gets the same numbers.
string[] labelNames = [.. data.Rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal)];
int[] labelIds = [.. data.Rows.Select(r => Array.IndexOf(labelNames, r.Label))];
(int[] trainIndices, int[] testIndices) = StratifiedSplitter.Split(labelIds, labelNames.Length, 0.2, seed: 7);
LabeledText[] train = [.. trainIndices.Select(i => data.Rows[i])];
LabeledText[] test = [.. testIndices.Select(i => data.Rows[i])];

var clock = Stopwatch.StartNew();
NGramTrainingResult result = NGramTrainer.Train(train, new NGramTrainerOptions { Seed = 7 });
clock.Stop();
ClassificationMetrics metrics = ModelEvaluator.Evaluate(result.Classifier, test);
Console.WriteLine($"Trained on {train.Length} messages in {clock.Elapsed.TotalSeconds:F2} s ({result.Epochs} epochs).");
Console.WriteLine($"Held-out {test.Length} messages: accuracy {metrics.Accuracy:P1}, macro-F1 {metrics.MacroF1:F3}.");

result.Classifier.Save(modelPath);
Console.WriteLine($"Saved the bundle to {modelPath}");

// What a host app does: register the bundle once, resolve a thread-safe singleton.
var services = new ServiceCollection();
services.AddTextClassifier(o => o.ModelPath = modelPath);
using ServiceProvider provider = services.BuildServiceProvider();
ITextClassifier classifier = provider.GetRequiredService<ITextClassifier>();

string[] examples =
[
    "where is my package? it was supposed to arrive on monday",
    "I was charged twice for the same order",
    "please close my account and stop the monthly plan",
    "can't log in, the reset email never arrives",
    "does the X2 charger work with 220V outlets?",
];
Console.WriteLine();
foreach (string text in examples)
{
    Prediction prediction = classifier.Classify(text);
    string top = string.Join(", ", prediction.TopK(3).Select(s => $"{s.Label} {s.Score:P0}"));
    Console.WriteLine($"{text}\n  → {prediction.Label} ({prediction.Score:P1})   top 3: {top}");
}
