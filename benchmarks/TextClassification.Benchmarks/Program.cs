using BenchmarkDotNet.Running;
using TextClassification.Benchmarks.Comparison;
using TextClassification.Benchmarks.Profiling;

// `compare` (alias `datasets`) runs issue #8's peer comparison on the shared datasets; `profile` shows where one dataset's
// training time goes (allocations, GCs, page faults); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is "compare" or "datasets")
{
    return CompareCommand.Run(args[1..]);
}

if (args.Length > 0 && args[0] is "calibration-probe")
{
    return TextClassification.Benchmarks.Probe.CalibrationProbe.Run(args[1..]);
}

if (args.Length > 0 && args[0] is "profile")
{
    return TrainingProfileCommand.Run(args[1..]);
}

// BenchmarkDotNet runs each suite in a child process whose working directory is its own build folder: paths in these
// variables relative to where the command was typed found nothing there (every method NA for the vocabulary, and the
// quick-start texts in place of the datasets, without a word). Made absolute here, the children inherit them so.
foreach (string variable in (ReadOnlySpan<string>)["TEXTCLASSIFICATION_VOCAB", "TEXTCLASSIFICATION_DATASETS"])
{
    if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path)
    {
        Environment.SetEnvironmentVariable(variable, Path.GetFullPath(path));
    }
}

BenchmarkSwitcher.FromAssembly(typeof(CompareCommand).Assembly).Run(args);
return 0;
