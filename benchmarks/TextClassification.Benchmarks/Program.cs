using BenchmarkDotNet.Running;
using TextClassification.Benchmarks.Comparison;
using TextClassification.Benchmarks.Profiling;

// `compare` (alias `datasets`) runs issue #8's peer comparison on the shared datasets; `profile` shows where one dataset's
// training time goes (allocations, GCs, page faults); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is "compare" or "datasets")
{
    return CompareCommand.Run(args[1..]);
}

if (args.Length > 0 && args[0] is "profile")
{
    return TrainingProfileCommand.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CompareCommand).Assembly).Run(args);
return 0;
