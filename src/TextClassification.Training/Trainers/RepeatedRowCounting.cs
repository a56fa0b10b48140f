namespace TextClassification.Training.Trainers;

/// <summary>How training rows that repeat an earlier row (the same text and the same label cell, compared ordinally)
/// count in <see cref="NGramTrainer"/>.</summary>
public enum RepeatedRowCounting
{
    /// <summary>
    /// A row given n times counts round(1 + ln n) times: the first that many copies in data order are trained on, the
    /// rest are left out (<see cref="NGramTrainingResult.SurplusCopies"/>). Two copies stay two, 5 count 3, 20 count 4,
    /// 200 count 6. A message logged a hundred times then weighs a few rows, not a hundred: its copies no longer outweigh
    /// the rest of its label in every member (naive Bayes' counts, the IDF, the linear member's loss, the word model's
    /// steps), while a text given twice keeps its extra weight. The default.
    /// </summary>
    Sublinear,

    /// <summary>Every row counts as given, copies included: copying a label's rows ten times makes them weigh ten times
    /// (for deliberate oversampling; <see cref="ClassWeighting.Balanced"/> weighs labels without copies).</summary>
    Every,
}
