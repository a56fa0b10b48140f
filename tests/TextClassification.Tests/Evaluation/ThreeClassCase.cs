namespace TextClassification.Tests.Evaluation;

/// <summary>A small 3-class evaluation set whose metrics are worked out by hand below.</summary>
internal static class ThreeClassCase
{
    // A 3-class case worked out by hand. Labels a, b, c.
    //
    //  row  gold  probabilities (a, b, c)  predicted
    //   0    a    0.7  0.2  0.1             a
    //   1    a    0.5  0.4  0.1             a
    //   2    a    0.2  0.6  0.2             b
    //   3    b    0.1  0.8  0.1             b
    //   4    b    0.4  0.4  0.2             a   (tie a/b -> lowest index)
    //   5    c    0.1  0.5  0.4             b
    //
    // Confusion matrix [true][predicted]:
    //   a: [2, 1, 0]   support 3
    //   b: [1, 1, 0]   support 2
    //   c: [0, 1, 0]   support 1
    // Predicted counts (column sums): a 3, b 3, c 0.  Accuracy = (2 + 1 + 0) / 6 = 0.5.
    //
    //   a: P = 2/3, R = 2/3, F1 = 2/3
    //   b: P = 1/3, R = 1/2, F1 = 2(1/3)(1/2) / (1/3 + 1/2) = (1/3) / (5/6) = 2/5
    //   c: P = 0 (never predicted), R = 0/1 = 0, F1 = 0
    //
    //   macro P  = (2/3 + 1/3 + 0) / 3 = 1/3
    //   macro R  = (2/3 + 1/2 + 0) / 3 = 7/18
    //   macro F1 = (2/3 + 2/5 + 0) / 3 = (16/15) / 3 = 16/45
    //   weighted F1 = (3 * 2/3 + 2 * 2/5 + 1 * 0) / 6 = 2.8 / 6 = 7/15
    //   log loss = -(ln 0.7 + ln 0.5 + ln 0.2 + ln 0.8 + ln 0.4 + ln 0.4) / 6
    //
    // One-vs-rest AUC (pairs positive > negative, ties count 1/2):
    //   a: pos {0.7, 0.5, 0.2} vs neg {0.1, 0.4, 0.1}: 3 + 3 + 2 = 8 of 9           -> 8/9
    //   b: pos {0.8, 0.4} vs neg {0.2, 0.4, 0.6, 0.5}: 4 + (1 + 1/2) = 5.5 of 8      -> 11/16
    //   c: pos {0.4} vs neg {0.1, 0.1, 0.2, 0.1, 0.2}: 5 of 5                         -> 1
    //   macro = (8/9 + 11/16 + 1) / 3 = (128 + 99 + 144) / 144 / 3 = 371/432
    public static readonly string[] Labels = ["a", "b", "c"];
    public static readonly int[] Gold = [0, 0, 0, 1, 1, 2];
    public static readonly float[] Probabilities =
    [
        0.7f, 0.2f, 0.1f,
        0.5f, 0.4f, 0.1f,
        0.2f, 0.6f, 0.2f,
        0.1f, 0.8f, 0.1f,
        0.4f, 0.4f, 0.2f,
        0.1f, 0.5f, 0.4f,
    ];
}
