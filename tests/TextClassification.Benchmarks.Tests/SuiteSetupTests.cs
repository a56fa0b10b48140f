using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace TextClassification.Benchmarks.Tests;

/// <summary>
/// Each BenchmarkDotNet suite's setup runs without BenchmarkDotNet's measurement, for every combination of its
/// parameters: the setup must check that the two sides of its ratio agree (a fast wrong side would otherwise "win"),
/// and each benchmark method must then run once. The WordPiece suite needs a vocabulary and runs only with one.
/// </summary>
public class SuiteSetupTests
{
    public static TheoryData<string> Suites()
    {
        var data = new TheoryData<string>();
        foreach (Type type in SuiteTypes())
        {
            if (type != typeof(WordPieceTokenizerBenchmarks))
            {
                data.Add(type.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Setup_checks_that_both_sides_agree_and_each_benchmark_runs(string suite) =>
        RunEveryCombination(SuiteTypes().Single(type => type.Name == suite));

    [VocabFact]
    public void WordPiece_setup_checks_that_ours_and_the_peer_agree_and_each_benchmark_runs() =>
        RunEveryCombination(typeof(WordPieceTokenizerBenchmarks));

    private static List<Type> SuiteTypes() =>
        [.. typeof(PredictionBenchmarks).Assembly.GetTypes()
            .Where(type => type.IsClass && !type.IsAbstract && type.GetMethods().Any(method => method.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(type => type.Name, StringComparer.Ordinal)];

    private static void RunEveryCombination(Type suite)
    {
        PropertyInfo[] parameters = [.. suite.GetProperties().Where(property => property.GetCustomAttribute<ParamsAttribute>() is not null)];
        IEnumerable<object?[]> combinations = [[]];
        foreach (PropertyInfo parameter in parameters)
        {
            object?[] values = parameter.GetCustomAttribute<ParamsAttribute>()!.Values;
            combinations = [.. combinations.SelectMany(prefix => values.Select(value => (object?[])[.. prefix, value]))];
        }

        foreach (object?[] combination in combinations)
        {
            object instance = Activator.CreateInstance(suite)!;
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].SetValue(instance, combination[i]);
            }

            string where = $"{suite.Name}({string.Join(", ", combination)})";
            int before = Agreement.Checks;
            Invoke<GlobalSetupAttribute>(instance);
            Assert.True(Agreement.Checks > before, $"{where}: the setup checked nothing about the two sides.");
            try
            {
                foreach (MethodInfo benchmark in suite.GetMethods().Where(method => method.GetCustomAttribute<BenchmarkAttribute>() is not null))
                {
                    benchmark.Invoke(instance, null);
                }
            }
            finally
            {
                Invoke<GlobalCleanupAttribute>(instance);
            }
        }
    }

    private static void Invoke<TAttribute>(object instance)
        where TAttribute : Attribute
    {
        foreach (MethodInfo method in instance.GetType().GetMethods().Where(method => method.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }
}

/// <summary>A fact that needs <c>TEXTCLASSIFICATION_VOCAB</c> (bert-base-uncased-vocab.txt), skipped visibly without it.</summary>
public sealed class VocabFactAttribute : FactAttribute
{
    public VocabFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_VOCAB")))
        {
            Skip = "Set TEXTCLASSIFICATION_VOCAB to bert-base-uncased-vocab.txt.";
        }
    }
}
