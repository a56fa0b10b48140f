using BenchmarkDotNet.Running;
using TextClassification.Benchmarks;

// `datasets` runs the accuracy/training-time comparison against the fastText CLI; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "datasets")
{
    return DatasetComparison.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(DatasetComparison).Assembly).Run(args);
return 0;
