namespace TextClassification.Training.Data;

/// <summary>How far <see cref="DatasetReader"/> has read a data file, reported while it reads (about every 0.5 % of the
/// file, and at least every MiB apart) and once more when the whole file is read.</summary>
/// <param name="BytesRead">The bytes read so far; never more than <paramref name="TotalBytes"/> where that is
/// known.</param>
/// <param name="TotalBytes">The file's length, or null where it cannot be known before the end (a pipe such as
/// <c>/dev/stdin</c>). The last report gives it in any case.</param>
public readonly record struct DatasetReadProgress(long BytesRead, long? TotalBytes)
{
    /// <summary>The share of the file read, from 0 to 1, or null while <see cref="TotalBytes"/> is not known.</summary>
    public double? Fraction => TotalBytes is not { } total ? null : total == 0 ? 1 : (double)BytesRead / total;
}
