using TextClassification.Training.Data;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>The train and test files of one shared dataset, parsed once by our <see cref="DatasetReader"/>.</summary>
internal sealed record DatasetSplit(string Name, Dataset Train, Dataset Test)
{
    /// <summary>The first rows of the train and test sets (for warm-up runs).</summary>
    public DatasetSplit Head(int trainRows, int testRows) => this with
    {
        // Named apart, so what a peer prints of it (--members) is not read as the whole set's.
        Name = $"{Name} (first {trainRows} rows)",
        Train = new Dataset(Train.Source, Train.Rows.Take(trainRows).ToList(), []),
        Test = new Dataset(Test.Source, Test.Rows.Take(testRows).ToList(), []),
    };

    /// <summary>A uniform random sample of <paramref name="trainRows"/> training rows (all of them when there are no
    /// more), kept in file order, drawn with <paramref name="seed"/>: every peer trains on the same sample. The test
    /// set is unchanged.</summary>
    public DatasetSplit WithTrainSample(int trainRows, int seed)
    {
        IReadOnlyList<LabeledText> rows = Train.Rows;
        if (trainRows >= rows.Count)
        {
            return this;
        }

        int[] indices = Enumerable.Range(0, rows.Count).ToArray();
        var random = new Random(seed);
        // A partial Fisher–Yates shuffle: the first trainRows slots end up a uniform sample.
        for (int k = 0; k < trainRows; k++)
        {
            int pick = k + random.Next(rows.Count - k);
            (indices[k], indices[pick]) = (indices[pick], indices[k]);
        }

        Array.Sort(indices, 0, trainRows);
        var sample = new List<LabeledText>(trainRows);
        for (int k = 0; k < trainRows; k++)
        {
            sample.Add(rows[indices[k]]);
        }

        return this with { Train = new Dataset(Train.Source, sample, []) };
    }

    /// <summary>A line naming the test labels no training row has (they count as errors for every peer), and whether some
    /// differ from a training label only by letter case; null when every test label is a training label.</summary>
    public string? UnseenTestLabelsNote()
    {
        var trained = new HashSet<string>(StringComparer.Ordinal);
        foreach (LabeledText row in Train.Rows)
        {
            trained.Add(row.Label);
        }

        var unseen = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (LabeledText row in Test.Rows)
        {
            if (!trained.Contains(row.Label))
            {
                unseen[row.Label] = unseen.GetValueOrDefault(row.Label) + 1;
            }
        }

        if (unseen.Count == 0)
        {
            return null;
        }

        var ignoringCase = new HashSet<string>(trained, StringComparer.OrdinalIgnoreCase);
        int rows = unseen.Values.Sum();
        // The labels with the most rows first (a review: in name order a large one hid behind "… N more").
        string shown = string.Join(", ", unseen.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(5).Select(pair => $"{pair.Key} ({pair.Value})"));
        string more = unseen.Count > 5 ? $", … {unseen.Count - 5} more" : string.Empty;
        string caseNote = unseen.Keys.Any(ignoringCase.Contains) ? " Some differ from a training label only by letter case." : string.Empty;
        return $"{Name}: {rows} test rows carry {unseen.Count} label(s) no training row has, which count as errors for every peer: {shown}{more}.{caseNote}";
    }

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
