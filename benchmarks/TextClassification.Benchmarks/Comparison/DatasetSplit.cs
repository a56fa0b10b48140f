using TextClassification.Training.Data;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>The train and test files of one shared dataset, parsed once by our <see cref="DatasetReader"/>.</summary>
internal sealed record DatasetSplit(string Name, Dataset Train, Dataset Test)
{
    /// <summary>The first rows of the train and test sets (for warm-up runs).</summary>
    public DatasetSplit Head(int trainRows, int testRows) => this with
    {
        Train = new Dataset(Train.Source, Train.Rows.Take(trainRows).ToList(), []),
        Test = new Dataset(Test.Source, Test.Rows.Take(testRows).ToList(), []),
    };

    /// <summary>Reads <c>train.tsv</c> and <c>test.tsv</c> of <paramref name="folder"/>, or returns null when either is missing.</summary>
    public static DatasetSplit? TryRead(string folder)
    {
        string train = Path.Combine(folder, "train.tsv");
        string test = Path.Combine(folder, "test.tsv");
        if (!File.Exists(train) || !File.Exists(test))
        {
            return null;
        }

        return new DatasetSplit(Path.GetFileName(folder), DatasetReader.Read(train), DatasetReader.Read(test));
    }
}
