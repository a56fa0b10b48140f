using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using TextClassification.Onnx;
using TextClassification.Tests.Onnx;
using TextClassification.Tokenization;

namespace TextClassification.Benchmarks;

/// <summary>
/// End-to-end <see cref="OnnxTextClassifier.ClassifyBatch"/> (tokenize, pad, run, softmax, predictions) against a
/// bare <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// on the same 32 texts pre-tokenized, for the tests' tiny BERT graph (hidden size 8: a worst case for relative
/// overhead, since the graph itself costs almost nothing).
/// </summary>
[MemoryDiagnoser]
public class OnnxClassifierBenchmarks
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"tc-bench-onnx-{Environment.ProcessId}");
    private OnnxTextClassifier _classifier = null!;
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private string[] _texts = null!;
    private TokenBatch _batch = null!;
    private float[] _logits = null!;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_folder);
        new TinyBert(3).WriteOnnx(Path.Combine(_folder, "model.onnx"), classifier: true);
        File.WriteAllLines(Path.Combine(_folder, "vocab.txt"), TinyBert.Vocabulary);
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{ "id2label": { "0": "a", "1": "b", "2": "c" }, "max_position_embeddings": 64 }""");
        var options = new OnnxTextClassifierOptions { Session = { IntraOpThreads = 1 } };
        _classifier = OnnxTextClassifier.Create(_folder, options);
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1 };
        _session = new InferenceSession(Path.Combine(_folder, "model.onnx"), sessionOptions);
        _runOptions = new RunOptions();
        string[] words = TinyBert.Vocabulary[5..];
        var random = new Random(3);
        _texts = Enumerable.Range(0, 32)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(5, 40)).Select(_ => words[random.Next(words.Length)])))
            .ToArray();
        _batch = new TokenBatch();
        _classifier.Tokenizer.EncodeBatch(_texts, _batch);
        _logits = new float[32 * 3];
        Verify();
    }

    // ClassifyBatch's scores are the softmax of the bare run's logits for the same texts.
    private void Verify()
    {
        IReadOnlyList<Prediction> predictions = ClassifyBatch();
        BareSessionRun();
        for (int t = 0; t < predictions.Count; t++)
        {
            ReadOnlySpan<float> logits = _logits.AsSpan(t * 3, 3);
            float max = Math.Max(logits[0], Math.Max(logits[1], logits[2]));
            double sum = Math.Exp(logits[0] - max) + Math.Exp(logits[1] - max) + Math.Exp(logits[2] - max);
            float[] softmax = [(float)(Math.Exp(logits[0] - max) / sum), (float)(Math.Exp(logits[1] - max) / sum), (float)(Math.Exp(logits[2] - max) / sum)];
            Agreement.Close(nameof(OnnxClassifierBenchmarks), $"scores of text {t}", softmax, [.. predictions[t].Scores], 1e-5f);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _classifier.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
        _batch.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public IReadOnlyList<Prediction> ClassifyBatch() => _classifier.ClassifyBatch(_texts);

    [Benchmark(Baseline = true)]
    public float BareSessionRun()
    {
        long[] shape = _batch.Shape;
        using OrtValue ids = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _batch.InputIds, shape);
        using OrtValue mask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _batch.AttentionMask, shape);
        using OrtValue types = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _batch.TokenTypeIds, shape);
        using OrtValue output = OrtValue.CreateTensorValueFromMemory(_logits, [32, 3]);
        _session.Run(_runOptions, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["logits"], [output]);
        return _logits[0];
    }
}
