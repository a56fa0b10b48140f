using Microsoft.ML.OnnxRuntime;

namespace TextClassification.Onnx;

/// <summary>
/// An ONNX Runtime session over a BERT-shaped graph (<c>input_ids</c>, <c>attention_mask</c>, optional
/// <c>token_type_ids</c>, all int64 <c>[B, S]</c>) and one float output. Inputs and outputs are bound to
/// caller-owned (pooled) memory through <see cref="OrtValue"/>, so ONNX Runtime writes straight into our buffers.
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// is thread-safe, so one instance serves all threads. <see cref="Dispose"/> may race with runs on other threads: the
/// native session is released only once the last run in progress has returned, and runs started after it throw
/// <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private int _disposed;

    // The owner's reference (1, dropped by Dispose) plus one per run in progress; the session is released at 0.
    private int _references = 1;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _hasTokenTypes;

    private OnnxModel(InferenceSession session, string output, int outputRank, int outputWidth)
    {
        _session = session;
        _hasTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        _inputNames = _hasTokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        _outputNames = [output];
        OutputRank = outputRank;
        OutputWidth = outputWidth;
    }

    /// <summary>2 for <c>[B, C]</c> / <c>[B, D]</c> outputs, 3 for <c>[B, S, D]</c>.</summary>
    public int OutputRank { get; }

    /// <summary>The last dimension of the output (labels or hidden size).</summary>
    public int OutputWidth { get; }

    public static OnnxModel Create(string path, OnnxSessionOptions options, string[] preferredOutputs)
    {
        using SessionOptions sessionOptions = options.Build();
        var session = new InferenceSession(path, sessionOptions);
        try
        {
            foreach (string required in new[] { "input_ids", "attention_mask" })
            {
                if (!session.InputMetadata.ContainsKey(required))
                {
                    throw new InvalidDataException($"{path}: the graph has no '{required}' input (inputs: {string.Join(", ", session.InputMetadata.Keys)}).");
                }
            }

            string? output = preferredOutputs.FirstOrDefault(session.OutputMetadata.ContainsKey)
                ?? throw new InvalidDataException($"{path}: the graph has none of the outputs {string.Join(", ", preferredOutputs)} (outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");
            int[] dims = session.OutputMetadata[output].Dimensions;
            if ((dims.Length != 2 && dims.Length != 3) || dims[^1] < 1)
            {
                throw new InvalidDataException($"{path}: output '{output}' must be [batch, width] or [batch, sequence, width] with a fixed width; it is [{string.Join(", ", dims)}].");
            }

            return new OnnxModel(session, output, dims.Length, dims[^1]);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the graph on <c>[batch, sequence]</c> inputs and writes the output into
    /// <paramref name="output"/> (<c>batch × OutputWidth</c>, or <c>batch × sequence × OutputWidth</c>).</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public void Run(Memory<long> inputIds, Memory<long> attentionMask, Memory<long> tokenTypeIds, int batch, int sequence, Memory<float> output)
    {
        // A disposed session answers with "input name cannot be empty" (or crashes the process when freed mid-run); say
        // what happened instead, and keep the session alive until this run returns.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 || !TryAddReference(), this);
        try
        {
            RunSession(inputIds, attentionMask, tokenTypeIds, batch, sequence, output);
        }
        finally
        {
            Release();
        }
    }

    private void RunSession(Memory<long> inputIds, Memory<long> attentionMask, Memory<long> tokenTypeIds, int batch, int sequence, Memory<float> output)
    {
        long[] shape = [batch, sequence];
        long[] outputShape = OutputRank == 2 ? [batch, OutputWidth] : [batch, sequence, OutputWidth];
        OrtMemoryInfo cpu = OrtMemoryInfo.DefaultInstance;
        using OrtValue ids = OrtValue.CreateTensorValueFromMemory(cpu, inputIds, shape);
        using OrtValue mask = OrtValue.CreateTensorValueFromMemory(cpu, attentionMask, shape);
        using OrtValue types = OrtValue.CreateTensorValueFromMemory(cpu, tokenTypeIds, shape);
        using OrtValue result = OrtValue.CreateTensorValueFromMemory(cpu, output, outputShape);
        OrtValue[] inputs = _hasTokenTypes ? [ids, mask, types] : [ids, mask];
        _session.Run(_runOptions, _inputNames, inputs, _outputNames, [result]);
    }

    /// <summary>Stops new runs at once; the native session is released when the runs in progress have returned.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }

    private bool TryAddReference()
    {
        int count = Volatile.Read(ref _references);
        while (count > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _session.Dispose();
            _runOptions.Dispose();
        }
    }
}
