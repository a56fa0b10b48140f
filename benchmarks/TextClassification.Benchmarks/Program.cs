using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using TextClassification.Benchmarks;
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

// The suites' quick-start texts are found above the binary; built outside the repository (--artifacts-path), neither this
// process's binary nor the children's build folders are under it, and every suite that reads them was NA. The file found
// here (above the binary or the working directory) is handed to the children by its full path.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(BenchmarkData.SampleFileVariable))
    && BenchmarkData.FindSampleFile(AppContext.BaseDirectory, Environment.CurrentDirectory) is { } samples)
{
    Environment.SetEnvironmentVariable(BenchmarkData.SampleFileVariable, samples);
}

// BenchmarkDotNet builds each suite as a project of its own under bin/, which imports the repository's
// Directory.Build.props (InvariantGlobalization=true), not this project's setting: its children ran in invariant mode,
// where BertTokenizer's accent stripping (string.Normalize) does nothing to non-ASCII text, so the WordPiece suite timed
// a peer that was not the one an app runs. Every job is built with globalization on, as this project is.
IConfig config = DefaultConfig.Instance.AddJob(Job.Default.WithArguments([new MsBuildArgument("/p:InvariantGlobalization=false")]).AsMutator());
BenchmarkSwitcher.FromAssembly(typeof(CompareCommand).Assembly).Run(args, config);
return 0;
