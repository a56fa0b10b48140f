using BenchmarkDotNet.Running;
using TextClassification.Benchmarks.Comparison;

// `compare` (alias `datasets`) runs issue #8's peer comparison on the shared datasets; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is "compare" or "datasets")
{
    return CompareCommand.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CompareCommand).Assembly).Run(args);
return 0;
