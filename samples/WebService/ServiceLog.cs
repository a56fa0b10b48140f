namespace TextClassification.WebService;

/// <summary>The service's own log lines (source-generated).</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Trained the embedded quick-start model on {TrainExamples} messages in {TrainSeconds:F2} s: held-out accuracy {Accuracy:F3}, macro-F1 {MacroF1:F3}; bundle {BundlePath}")]
    public static partial void EmbeddedModelTrained(ILogger logger, int trainExamples, double trainSeconds, double accuracy, double macroF1, string bundlePath);
}
