using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.MultiLabel;
using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Pipeline;

/// <summary>ClassifyBatch gives, text for text, the prediction Classify gives: the scores, the label, "none of these" and
/// a multi-label model's labels, for any texts (empty, white space, control characters, lone surrogates) and batches on
/// both sides of the size where a batch runs in parallel.</summary>
public sealed class BatchEqualsSinglePropertyTests
{
    private static readonly Lazy<TextClassifier> MultiLabelModel = new(() => NGramTrainer.Train(
        MultiLabelData.Generate(120, seed: 3),
        TestModels.FastOptions(seed: 3) with { MultiLabelDelimiter = MultiLabelData.Delimiter }).Classifier);

    // A threshold some texts reach and some do not (the small model's keyword texts score well above it).
    private static readonly Lazy<TextClassifier> AbstainingModel = new(() => TestModels.Small.WithAbstain(new AbstainSection { Threshold = 0.7 }));

    private static readonly string[] Words = ["stock", "goal", "rain", "the", "bank", "storm", "match", "doctor", "fever"];

    // Texts as users send them, and strings no user means: any chars (lone surrogates too), empty, white space.
    private static Gen<string> Text =>
        Gen.OneOf(
            Gen.ArrayOf(Gen.Elements(Words)).Select(words => string.Join(' ', words)),
            ArbMap.Default.GeneratorFor<string>().Select(text => text ?? string.Empty),
            Gen.Elements(string.Empty, " ", "\t\r\n", "\0", "\uD800", "a\uDC00b", "\uFEFFrain"));

    // Up to a few texts, or a batch past 512, which runs in parallel.
    private static Gen<string[]> Batch =>
        Gen.OneOf(
            Gen.Choose(0, 6).SelectMany(count => Gen.ArrayOf(Text, count)),
            Gen.Choose(512, 700).SelectMany(count => Gen.ArrayOf(Text, count)));

    [Property(MaxTest = 60)]
    public Property A_batch_of_a_single_label_model_equals_one_by_one() => Holds(TestModels.Small);

    [Property(MaxTest = 60)]
    public Property A_batch_of_a_model_that_abstains_equals_one_by_one() => Holds(AbstainingModel.Value);

    [Property(MaxTest = 60)]
    public Property A_batch_of_a_multi_label_model_equals_one_by_one() => Holds(MultiLabelModel.Value);

    private static Property Holds(TextClassifier model) =>
        Prop.ForAll(Batch.ToArbitrary(), texts =>
        {
            IReadOnlyList<Prediction> batch = model.ClassifyBatch(texts);

            Assert.Equal(texts.Length, batch.Count);
            for (int i = 0; i < texts.Length; i++)
            {
                Prediction single = model.Classify(texts[i]);
                Assert.Equal(single.Scores, batch[i].Scores);
                Assert.Equal(single.Label, batch[i].Label);
                Assert.Equal(single.Abstained, batch[i].Abstained);
                Assert.Equal(single.PredictedLabels, batch[i].PredictedLabels);
            }
        });
}
