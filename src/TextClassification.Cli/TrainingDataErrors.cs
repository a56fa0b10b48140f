namespace TextClassification.Cli;

/// <summary>
/// Names the training file in the trainer's refusals of its rows (one label on every text, nothing left to hold out
/// for a threshold): the trainer throws <see cref="ArgumentException"/> for its <c>examples</c> parameter, which the
/// command line printed with no file, and MSBuild placed at no file (TC1000 instead of TC1001).
/// </summary>
internal static class TrainingDataErrors
{
    // The trainers' parameter for the training rows (NGramTrainer, AbstainTraining, NGramAutotuner, EncoderHeadTrainer).
    private const string RowsParameter = "examples";

    /// <summary>Runs <paramref name="train"/>; an <see cref="ArgumentException"/> about the training rows becomes a
    /// <see cref="DataFileException"/> naming <paramref name="trainPath"/>.</summary>
    /// <typeparam name="T">What the training returns.</typeparam>
    /// <param name="trainPath">The training file, as the user named it.</param>
    /// <param name="train">The training.</param>
    /// <returns>What <paramref name="train"/> returned.</returns>
    /// <exception cref="DataFileException">The trainer refused the rows of <paramref name="trainPath"/>.</exception>
    public static T NamingFile<T>(string trainPath, Func<T> train)
    {
        try
        {
            return train();
        }
        catch (ArgumentException ex) when (ex is not DataFileException && string.Equals(ex.ParamName, RowsParameter, StringComparison.Ordinal))
        {
            throw new DataFileException(trainPath, ArgumentMessages.Reason(ex));
        }
    }
}
