using Microsoft.ML.OnnxRuntime;

namespace TextClassification.Onnx;

/// <summary>How the ONNX Runtime session of a transformer model is created.</summary>
public sealed class OnnxSessionOptions
{
    /// <summary>Threads one inference may use inside an operator; 0 (default) lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimisation level. Default <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel OptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Called last on the <see cref="SessionOptions"/> before the session is created (which log only fatal errors
    /// unless this sets <see cref="SessionOptions.LogSeverityLevel"/>): the hook for an
    /// execution provider, e.g. <c>o =&gt; o.AppendExecutionProvider_CUDA(0)</c> after adding the
    /// <c>Microsoft.ML.OnnxRuntime.Gpu</c> package.</summary>
    public Action<SessionOptions>? Configure { get; set; }

    /// <summary>A copy that later changes to this instance do not reach.</summary>
    internal OnnxSessionOptions Snapshot() => (OnnxSessionOptions)MemberwiseClone();

    /// <summary>Refuses settings ONNX Runtime would refuse, before any file is read: its own error would be reported
    /// as a broken <c>model.onnx</c>.</summary>
    internal void Validate(string paramName)
    {
        if (IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, IntraOpThreads, "OnnxSessionOptions.IntraOpThreads must be zero (ONNX Runtime chooses) or more.");
        }

        if (!Enum.IsDefined(OptimizationLevel))
        {
            throw new ArgumentOutOfRangeException(paramName, OptimizationLevel, "OnnxSessionOptions.OptimizationLevel is not a GraphOptimizationLevel value.");
        }
    }

    internal SessionOptions Build()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads);
        // ONNX Runtime's warnings (e.g. about unused initializers or nodes placed on the CPU) and errors go to stderr by
        // default, in colour, where they would mix with a console app's own output; its errors reach the caller as
        // exceptions anyway. Configure may lower the level again.
        var options = new SessionOptions { GraphOptimizationLevel = OptimizationLevel, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        try
        {
            if (IntraOpThreads > 0)
            {
                options.IntraOpNumThreads = IntraOpThreads;
            }

            Configure?.Invoke(options);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
