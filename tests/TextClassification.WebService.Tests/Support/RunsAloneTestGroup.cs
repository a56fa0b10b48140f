namespace TextClassification.WebService.Tests.Support;

/// <summary>Tests that change or read process-wide state (the working directory, the static classification meters)
/// run in this collection: alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(RunsAloneTestGroup), DisableParallelization = true)]
public sealed class RunsAloneTestGroup;
