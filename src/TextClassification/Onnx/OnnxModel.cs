using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace TextClassification.Onnx;

/// <summary>
/// An ONNX Runtime session over a BERT-shaped graph (<c>input_ids</c>, <c>attention_mask</c>, optional
/// <c>token_type_ids</c>, each int64 <c>[B, S]</c>, or int32 as tf2onnx exports them) and one float32 (or float16)
/// output. Inputs and outputs are bound to caller-owned (pooled) memory through <see cref="OrtValue"/>, so ONNX Runtime
/// writes straight into our buffers (an int32 input is narrowed into a pooled copy first, a float16 output widened from
/// one after).
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

    // Per input of _inputNames: whether the graph takes it as int32 (tf2onnx) rather than int64.
    private readonly bool[] _int32Inputs;
    private readonly bool _anyInt32Input;

    // Whether the output is float16 (Optimum's --fp16 exports, onnxconverter's float16 conversion) rather than float32.
    private readonly bool _float16Output;

    private readonly string _path;

    private OnnxModel(InferenceSession session, string path, string output, int outputRank, int outputWidth, int? sequenceLength, int? batchSize, int outputCandidates)
    {
        _session = session;
        _path = path;
        OutputCandidates = outputCandidates;
        FixedSequenceLength = sequenceLength;
        FixedBatchSize = batchSize;
        _hasTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        _inputNames = _hasTokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        _int32Inputs = Array.ConvertAll(_inputNames, name => session.InputMetadata[name].ElementType == typeof(int));
        _anyInt32Input = Array.IndexOf(_int32Inputs, true) >= 0;
        _float16Output = session.OutputMetadata[output].ElementType == typeof(Float16);
        _outputNames = [output];
        OutputRank = outputRank;
        OutputWidth = outputWidth;
    }

    /// <summary>2 for <c>[B, C]</c> / <c>[B, D]</c> outputs, 3 for <c>[B, S, D]</c>.</summary>
    public int OutputRank { get; }

    /// <summary>The last dimension of the output (labels or hidden size).</summary>
    public int OutputWidth { get; }

    /// <summary>How many of the preferred outputs the graph has (the first of them is read).</summary>
    public int OutputCandidates { get; }

    /// <summary>The output's name.</summary>
    public string OutputName => _outputNames[0];

    /// <summary>The sequence length the graph was exported with, when its inputs have a fixed one (every batch must
    /// then be padded to it); null when the sequence axis is dynamic.</summary>
    public int? FixedSequenceLength { get; }

    /// <summary>1 when the graph was exported for one text per run; null when the batch axis is dynamic.</summary>
    public int? FixedBatchSize { get; }

    /// <summary>Rows per run: <paramref name="requested"/>, or the graph's fixed batch size.</summary>
    public int BatchSize(int requested) => FixedBatchSize ?? requested;

    /// <summary>The key of the graph's output names (a <c>string[]</c>) in the <see cref="Exception.Data"/> of the
    /// <see cref="InvalidDataException"/> that says it has none of the outputs wanted.</summary>
    internal const string GraphOutputsKey = "TextClassification.GraphOutputs";

    private static InvalidDataException NoneOfTheOutputs(string[] preferredOutputs, string[] outputs)
    {
        var exception = new InvalidDataException($"the graph has none of the outputs {string.Join(", ", preferredOutputs)} (outputs: {string.Join(", ", outputs)}).");
        exception.Data[GraphOutputsKey] = outputs;
        return exception;
    }

    /// <summary>Opens the graph and checks its inputs and output.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="options">Session settings.</param>
    /// <param name="preferredOutputs">Output names in order of preference; the first the graph has is used.</param>
    /// <exception cref="InvalidDataException">The graph's inputs or outputs do not fit (the message does not repeat
    /// the path: callers wrap it in a <see cref="Bundles.BundleFormatException"/> naming the file).</exception>
    public static OnnxModel Create(string path, OnnxSessionOptions options, string[] preferredOutputs)
    {
        using SessionOptions sessionOptions = options.Build();
        var session = new InferenceSession(path, sessionOptions);
        try
        {
            (int? sequence, int? batch) = CheckInputs(session);
            string? output = preferredOutputs.FirstOrDefault(session.OutputMetadata.ContainsKey)
                ?? throw NoneOfTheOutputs(preferredOutputs, [.. session.OutputMetadata.Keys]);
            int[] dims = session.OutputMetadata[output].Dimensions;
            if ((dims.Length != 2 && dims.Length != 3) || dims[^1] < 1)
            {
                throw new InvalidDataException($"output '{output}' must be [batch, width] or [batch, sequence, width] with a fixed width; it is [{string.Join(", ", dims)}].");
            }

            Type values = session.OutputMetadata[output].ElementType;
            if (values != typeof(float) && values != typeof(Float16))
            {
                throw new InvalidDataException($"output '{output}' holds {values.Name} values; only float32 or float16 outputs are supported.");
            }

            return new OnnxModel(session, path, output, dims.Length, dims[^1], sequence, batch, preferredOutputs.Count(session.OutputMetadata.ContainsKey));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    // input_ids and attention_mask are required, token_type_ids optional; each must be int64 [batch, sequence]. A
    // fixed sequence axis (an export traced with padding="max_length") is returned so batches are padded to it; a
    // fixed batch axis is accepted only at 1.
    private static (int? Sequence, int? Batch) CheckInputs(InferenceSession session)
    {
        int? sequence = null;
        int? batch = null;
        foreach ((string name, NodeMetadata input) in session.InputMetadata)
        {
            bool known = name is "input_ids" or "attention_mask" or "token_type_ids";
            if (!known)
            {
                throw new InvalidDataException($"the graph has an input '{name}' this library does not feed (inputs: {string.Join(", ", session.InputMetadata.Keys)}; supported: input_ids, attention_mask, token_type_ids).");
            }

            if (input.ElementType != typeof(long) && input.ElementType != typeof(int))
            {
                throw new InvalidDataException($"input '{name}' takes {input.ElementType.Name} values; only int64 or int32 inputs are supported (PyTorch and Hugging Face Optimum exports use int64, tf2onnx int32).");
            }

            int[] dims = input.Dimensions;
            if (dims.Length != 2)
            {
                throw new InvalidDataException($"input '{name}' must be [batch, sequence]; it is [{string.Join(", ", dims)}].");
            }

            if (dims[0] > 1)
            {
                throw new InvalidDataException($"input '{name}' has a fixed batch size of {dims[0]}; re-export with a dynamic batch axis (or a batch of 1).");
            }

            batch = dims[0] == 1 ? 1 : batch;
            sequence = dims[1] > 0 ? dims[1] : sequence;
        }

        foreach (string required in new[] { "input_ids", "attention_mask" })
        {
            if (!session.InputMetadata.ContainsKey(required))
            {
                throw new InvalidDataException($"the graph has no '{required}' input (inputs: {string.Join(", ", session.InputMetadata.Keys)}).");
            }
        }

        return (sequence, batch);
    }

    /// <summary>Runs the graph on <c>[batch, sequence]</c> inputs and writes the output into
    /// <paramref name="output"/> (<c>batch × OutputWidth</c>, or <c>batch × sequence × OutputWidth</c>).</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="Bundles.BundleFormatException">An id is past one of the graph's tables (a Gather failed), most
    /// often a token id past the embedding table: the tokenizer belongs to another model (the config had no
    /// <c>vocab_size</c> to check it at load); or the shapes did not broadcast, most likely a sequence longer than the
    /// position table (the config had no <c>max_position_embeddings</c> to cap the length at load).</exception>
    public void Run(Memory<long> inputIds, Memory<long> attentionMask, Memory<long> tokenTypeIds, int batch, int sequence, Memory<float> output)
    {
        // A disposed session answers with "input name cannot be empty" (or crashes the process when freed mid-run); say
        // what happened instead, and keep the session alive until this run returns.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 || !TryAddReference(), this);
        try
        {
            RunSession(inputIds, attentionMask, tokenTypeIds, batch, sequence, output);
        }
        catch (OnnxRuntimeException ex) when (ex.Message.Contains("Gather", StringComparison.Ordinal) && ex.Message.Contains("idx=", StringComparison.Ordinal))
        {
            // ONNX Runtime names the node, not the file or the likely cause.
            throw new Bundles.BundleFormatException(
                _path,
                "an id is past one of the model's tables (a Gather failed): most often a token id past the embedding table, the tokenizer " +
                "(vocab.txt or tokenizer.json) having more ids than the model has rows (is it from another model? config.json's vocab_size " +
                $"lets this be checked at load), or else a position past the model's positions ({PositionsHint(sequence)}). ONNX Runtime: {ex.Message}",
                ex);
        }
        catch (OnnxRuntimeException ex) when (ex.Message.Contains("broadcast", StringComparison.OrdinalIgnoreCase))
        {
            // What a text longer than the position table gives where the export slices its position_ids buffer (ONNX
            // Runtime folds Gather(positions, Range(0, S)) into such a slice): the shapes of the word and position
            // embeddings then differ, and the message named neither the file nor the cause.
            throw new Bundles.BundleFormatException(
                _path,
                $"the model failed on a sequence of {sequence} tokens, whose shapes did not broadcast: perhaps it is longer than the model's position table ({PositionsHint(sequence)}), or the graph's shapes do not fit its inputs. " +
                $"ONNX Runtime: {ex.Message}",
                ex);
        }
        finally
        {
            Release();
        }
    }

    // What to set when a sequence is past the positions: the length comes from MaxLength, else config.json.
    private static string PositionsHint(int sequence) =>
        $"the sequence had {sequence} tokens; config.json has no max_position_embeddings, or a wrong one, to cap the length at load: set " +
        "OnnxTextClassifierOptions.MaxLength (or OnnxSentenceEncoderOptions.MaxLength) to the model's length, or add its max_position_embeddings to config.json";

    private void RunSession(Memory<long> inputIds, Memory<long> attentionMask, Memory<long> tokenTypeIds, int batch, int sequence, Memory<float> output)
    {
        long[] shape = [batch, sequence];
        long[] outputShape = OutputRank == 2 ? [batch, OutputWidth] : [batch, sequence, OutputWidth];
        int cells = batch * sequence;
        int outputLength = OutputRank == 2 ? batch * OutputWidth : cells * OutputWidth;
        // Pooled int32 copies of the inputs a tf2onnx graph takes as int32 (ids, masks and type ids all fit), and a
        // pooled buffer of halves a float16 output is written into and widened from; neither where the graph needs none.
        // They go back to the pool only once the tensors over them are disposed (RunBound's using declarations).
        int[]? narrowed = _anyInt32Input ? ArrayPool<int>.Shared.Rent(cells * _inputNames.Length) : null;
        Float16[]? halves = _float16Output ? ArrayPool<Float16>.Shared.Rent(outputLength) : null;
        try
        {
            RunBound(inputIds, attentionMask, tokenTypeIds, cells, shape, narrowed, output, outputLength, outputShape, halves);
        }
        finally
        {
            if (narrowed is not null)
            {
                ArrayPool<int>.Shared.Return(narrowed);
            }

            if (halves is not null)
            {
                ArrayPool<Float16>.Shared.Return(halves);
            }
        }
    }

    private void RunBound(
        Memory<long> inputIds, Memory<long> attentionMask, Memory<long> tokenTypeIds, int cells, long[] shape, int[]? narrowed,
        Memory<float> output, int outputLength, long[] outputShape, Float16[]? halves)
    {
        using OrtValue ids = Input(0, inputIds, narrowed, cells, shape);
        using OrtValue mask = Input(1, attentionMask, narrowed, cells, shape);
        using OrtValue? types = _hasTokenTypes ? Input(2, tokenTypeIds, narrowed, cells, shape) : null;
        using OrtValue result = halves is null
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output, outputShape)
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, halves.AsMemory(0, outputLength), outputShape);
        OrtValue[] inputs = types is null ? [ids, mask] : [ids, mask, types];
        _session.Run(_runOptions, _inputNames, inputs, _outputNames, [result]);
        if (halves is not null)
        {
            // ONNX Runtime's Float16 holds the IEEE 754 binary16 bits, as System.Half does.
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(halves.AsSpan(0, outputLength)), output.Span[..outputLength]);
        }
    }

    // The input at `index` of _inputNames over `values` (its first `cells`), or over its int32 copy in that input's part
    // of `narrowed` where the graph takes int32.
    private OrtValue Input(int index, Memory<long> values, int[]? narrowed, int cells, long[] shape)
    {
        if (!_int32Inputs[index])
        {
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, values, shape);
        }

        Memory<int> copy = narrowed.AsMemory(index * cells, cells);
        TensorPrimitives.ConvertTruncating<long, int>(values.Span[..cells], copy.Span);
        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, copy, shape);
    }

    /// <summary>Throws when the model was disposed: for a call with no run to make (an empty batch), which would
    /// otherwise answer from a disposed model.</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

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
