using Microsoft.ML.OnnxRuntime;

namespace TextClassification.Onnx;

/// <summary>How the ONNX Runtime session of a transformer model is created.</summary>
public sealed class OnnxSessionOptions
{
    /// <summary>Threads one inference may use inside an operator; 0 (default) lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimisation level. Default <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel OptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Called last on the <see cref="SessionOptions"/> before the session is created: the hook for an
    /// execution provider, e.g. <c>o =&gt; o.AppendExecutionProvider_CUDA(0)</c> after adding the
    /// <c>Microsoft.ML.OnnxRuntime.Gpu</c> package.</summary>
    public Action<SessionOptions>? Configure { get; set; }

    internal SessionOptions Build()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads);
        var options = new SessionOptions { GraphOptimizationLevel = OptimizationLevel };
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
