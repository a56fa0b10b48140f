using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Trainers;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Pipeline;

public sealed class TextClassifierTests
{
    private static TextClassifier Model => TestModels.Small;

    [Fact]
    public void Labels_and_thresholds_cannot_be_changed_through_what_the_model_hands_out()
    {
        // Labels was the model's own array: `((string[])model.Labels)[0] = "x"` renamed a label of the shared model, in
        // every later prediction and in every bundle saved after it; a prediction's Labels was the same array.
        TextClassifier model = TestModels.Train(TestModels.SmallData, seed: 7);
        TextClassifier multiLabel = NGramTrainer.Train(
            TextClassification.Tests.MultiLabel.MultiLabelData.Generate(120, seed: 3),
            TestModels.FastOptions(seed: 3) with { MultiLabelDelimiter = TextClassification.Tests.MultiLabel.MultiLabelData.Delimiter }).Classifier;
        Prediction prediction = model.Classify("rain and wind tomorrow");

        Assert.False(model.Labels is string[]);
        Assert.False(prediction.Labels is string[]);
        Assert.False(multiLabel.Thresholds is float[]);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)model.Labels)[0] = "renamed");
        Assert.Throws<NotSupportedException>(() => ((IList<float>)multiLabel.Thresholds!)[0] = 1f);
        // The training section's dictionaries too (a later save would have carried the change).
        Assert.False(model.Training!.Settings is Dictionary<string, string>);
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, string>)model.Training.Settings!)["seed"] = "changed");
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, double>)model.Training.Metrics!)["validationAccuracy"] = 2);
        Assert.Equal(TestModels.Small.Labels, model.Labels);
    }

    [Fact]
    public void Classify_null_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Model.Classify(null!));
        Assert.Throws<ArgumentNullException>(() => Model.ClassifyBatch(null!));
        Assert.Throws<ArgumentNullException>(() => Model.ClassifyBatch(["ok", null!]));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n  ")]
    [InlineData("?!")]
    [InlineData("words the model never saw")]
    public void Texts_without_known_features_still_give_a_valid_prediction(string text)
    {
        Prediction prediction = Model.Classify(text);

        AssertValid(prediction);
    }

    [Fact]
    public void Classify_picks_the_label_of_the_keywords()
    {
        Assert.Equal("finance", Model.Classify("the stock market and the bank loan interest").Label);
        Assert.Equal("sports", Model.Classify("the team scored a goal in the league match").Label);
        Assert.Equal("weather", Model.Classify("rain and storm in the forecast, very cloudy").Label);
    }

    [Fact]
    public void Score_writes_the_same_probabilities_as_Classify()
    {
        foreach (string text in SyntheticData.Texts(30, seed: 1))
        {
            float[] scores = new float[Model.Labels.Count + 2];
            scores[^1] = 42f;
            Model.Score(text, scores);

            Assert.Equal(Model.Classify(text).Scores, scores[..Model.Labels.Count]);
            Assert.Equal(42f, scores[^1]);
        }
    }

    [Fact]
    public void Score_with_a_short_buffer_throws()
    {
        Assert.Throws<ArgumentException>(() => Model.Score("text", new float[Model.Labels.Count - 1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(1500)]
    public void ClassifyBatch_equals_one_by_one_Classify(int count)
    {
        // From 512 texts on, the batch runs in parallel.
        List<string> texts = SyntheticData.Texts(Math.Max(count, 6), seed: count)[..count];

        IReadOnlyList<Prediction> batch = Model.ClassifyBatch(texts);

        Assert.Equal(count, batch.Count);
        for (int i = 0; i < count; i++)
        {
            Prediction single = Model.Classify(texts[i]);
            Assert.Equal(single.Scores, batch[i].Scores);
            Assert.Equal(single.Label, batch[i].Label);
        }
    }

    [Fact]
    public async Task Async_variants_equal_the_synchronous_ones()
    {
        List<string> texts = SyntheticData.Texts(600, seed: 2);

        IReadOnlyList<Prediction> batch = await Model.ClassifyBatchAsync(texts);
        Prediction single = await Model.ClassifyAsync(texts[10]);

        Assert.Equal(Model.Classify(texts[10]).Scores, single.Scores);
        Assert.Equal(texts.Select(t => Model.Classify(t).Scores), batch.Select(p => p.Scores));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(2000)]
    public void ClassifyBatch_with_a_cancelled_token_throws(int count)
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        List<string> texts = SyntheticData.Texts(count, seed: 3);

        Assert.ThrowsAny<OperationCanceledException>(() => Model.ClassifyBatch(texts, cts.Token));
    }

    [Fact]
    public void A_batch_cancelled_midway_stops_at_the_next_text()
    {
        // The token was checked every 256 texts: cancelled at the fourth text, a batch of 300 classified 256 more
        // before it stopped. A list that cancels when the batch reads its fourth text shows where the batch stops.
        using var cts = new CancellationTokenSource();
        var texts = new CancellingList(SyntheticData.Texts(300, seed: 4), cancelAt: 3, cts);

        Assert.ThrowsAny<OperationCanceledException>(() => Model.ClassifyBatch(texts, cts.Token));

        Assert.Equal(4, texts.Reads);
    }

    [Fact]
    public async Task A_parallel_batch_on_a_pool_thread_leaves_the_pool_a_thread()
    {
        // Parallel.For runs on its caller and queues helpers to the pool. Capped at one worker per core, a batch started
        // on a pool thread (a request handler, ClassifyBatchAsync's Task.Run) held every thread of a 2-core server's pool
        // until the pool added one, a second or more later: other requests and the batch's own CancelAfter waited (an
        // outside audit). At most one thread per core, and no more pool threads than the pool's minimum less one.
        ThreadPool.GetMinThreads(out int minPoolThreads, out _);
        int allowed = Math.Max(1, Math.Min(Environment.ProcessorCount, minPoolThreads - 1));
        // Every thread that joins waits, for a few seconds at most, for one thread more than allowed: a helper queued to
        // the pool then has the time to start even while other tests hold the pool's threads. No timing is asserted.
        var texts = new ThreadCountingList(SyntheticData.Texts(600, seed: 8), waitFor: allowed + 1, patience: TimeSpan.FromSeconds(3));

        // As a request handler calls it (ClassifyBatchAsync does the same, but checks the texts for null twice).
        IReadOnlyList<Prediction> batch = await Task.Run(() =>
        {
            Assert.True(Thread.CurrentThread.IsThreadPoolThread);
            return Model.ClassifyBatch(texts);
        });

        Assert.InRange(texts.MostAtOnce, 1, allowed);
        Assert.Equal(TestModels.ScoresOf(Model, texts), batch.Select(p => p.Scores.ToArray()));
    }

    [Property(MaxTest = 300)]
    public Property A_batch_uses_a_thread_per_core_at_most_and_leaves_the_pool_a_ready_thread()
    {
        Gen<(int Cores, int MinPoolThreads, bool PoolCaller)> settings =
            from cores in Gen.Choose(1, 256)
            from minPoolThreads in Gen.Choose(1, 1024)
            from poolCaller in ArbMap.Default.GeneratorFor<bool>()
            select (cores, minPoolThreads, poolCaller);
        return Prop.ForAll(settings.ToArbitrary(), setting =>
        {
            (int cores, int minPoolThreads, bool poolCaller) = setting;
            int degree = BatchParallelism.Degree(cores, minPoolThreads, poolCaller);
            int poolThreads = degree - 1 + (poolCaller ? 1 : 0); // the helpers, and the caller when it is a pool thread

            Assert.InRange(degree, 1, cores);
            // In parallel only while one of the pool's ready threads stays free (else on the caller alone: with one core,
            // or a pool caller on two), and as parallel as that allows: a helper more would take the last ready thread.
            Assert.True(degree == 1 || poolThreads <= minPoolThreads - 1, $"{setting}: degree {degree}");
            Assert.True(degree == cores || poolThreads + 1 > minPoolThreads - 1, $"{setting}: degree {degree}");
        });
    }

    [Fact]
    public async Task Async_variants_with_a_cancelled_token_throw()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Model.ClassifyAsync("text", cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Model.ClassifyBatchAsync(["a", "b"], cts.Token));
    }

    [Fact]
    public void Concurrent_calls_give_exactly_the_sequential_results()
    {
        const int Threads = 8;
        const int CallsPerThread = 2000;
        List<string> texts = SyntheticData.Texts(257, seed: 4);
        float[][] expected = TestModels.ScoresOf(Model, texts);
        var mismatches = new int[Threads];

        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            float[] buffer = new float[Model.Labels.Count];
            for (int k = 0; k < CallsPerThread; k++)
            {
                int i = ((t * 7919) + k) % texts.Count;
                // Mix the allocating and the span-based entry points.
                ReadOnlySpan<float> scores = (k & 1) == 0
                    ? Model.Classify(texts[i]).Scores.ToArray()
                    : Score(texts[i], buffer);
                if (!scores.SequenceEqual(expected[i]))
                {
                    mismatches[t]++;
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromMinutes(2)), "a worker did not finish"));

        Assert.Equal(new int[Threads], mismatches);
    }

    [Fact]
    public void TopK_is_sorted_descending_with_min_k_labels_items()
    {
        foreach (string text in SyntheticData.Texts(40, seed: 5))
        {
            Prediction prediction = Model.Classify(text);
            for (int k = 1; k <= 5; k++)
            {
                IReadOnlyList<LabelScore> top = prediction.TopK(k);

                Assert.Equal(Math.Min(k, Model.Labels.Count), top.Count);
                for (int i = 1; i < top.Count; i++)
                {
                    Assert.True(top[i - 1].Score >= top[i].Score);
                }

                Assert.Equal(prediction.Label, top[0].Label);
                Assert.Equal(prediction.Score, top[0].Score);
                Assert.All(top, item => Assert.Equal(prediction.ScoreOf(item.Label), item.Score));
                Assert.Equal(top.Count, top.Select(item => item.Label).Distinct().Count());
            }

            Assert.Throws<ArgumentOutOfRangeException>(() => prediction.TopK(0));
        }
    }

    [Fact]
    public void TopK_breaks_ties_by_label_order()
    {
        var prediction = new Prediction(["a", "b", "c", "d"], [0.25f, 0.25f, 0.25f, 0.25f]);

        Assert.Equal(["a", "b", "c"], prediction.TopK(3).Select(x => x.Label));
        Assert.Equal("a", prediction.Label);
    }

    [Fact]
    public void ScoreOf_and_ToDictionary_agree_with_Scores()
    {
        Prediction prediction = Model.Classify("stock market goal rain");
        IReadOnlyDictionary<string, float> map = prediction.ToDictionary();

        Assert.Equal(Model.Labels.Count, map.Count);
        for (int i = 0; i < Model.Labels.Count; i++)
        {
            Assert.Equal(prediction.Scores[i], prediction.ScoreOf(Model.Labels[i]));
            Assert.Equal(prediction.Scores[i], map[Model.Labels[i]]);
        }
    }

    [Fact]
    public void ScoreOf_null_throws_ArgumentNullException()
    {
        Assert.Equal("label", Assert.Throws<ArgumentNullException>(() => Model.Classify("anything").ScoreOf(null!)).ParamName);
    }

    [Fact]
    public void ScoreOf_an_unknown_label_throws_KeyNotFoundException()
    {
        Prediction prediction = Model.Classify("anything");

        var ex = Assert.Throws<KeyNotFoundException>(() => prediction.ScoreOf("no-such-label"));
        Assert.Contains("no-such-label", ex.Message, StringComparison.Ordinal);
        // Ordinal: a label differing only in case is another label.
        Assert.Throws<KeyNotFoundException>(() => prediction.ScoreOf("FINANCE"));
    }

    [Fact]
    public void Prediction_rejects_mismatched_scores()
    {
        Assert.Throws<ArgumentException>(() => new Prediction(["a", "b"], [1f]));
        Assert.Throws<ArgumentException>(() => new Prediction([], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Prediction(["a", "b"], [0.4f, 0.6f], float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Prediction(["a", "b"], [0.4f, 0.6f], 0f, [0.5f, float.NaN]));
    }

    [Fact]
    public void A_prediction_made_from_a_reused_buffer_keeps_its_own_scores()
    {
        // The constructors kept the caller's array: filled again for the next text (the Score hot path's buffer), the
        // first prediction's Score came from the second text while its Label stayed.
        string[] texts = ["sunny and warm today", "the team won the final"];
        float[] buffer = new float[Model.Labels.Count];
        var predictions = new List<Prediction>();
        foreach (string text in texts)
        {
            Model.Score(text, buffer);
            predictions.Add(new Prediction(Model.Labels, buffer));
        }

        for (int i = 0; i < texts.Length; i++)
        {
            Prediction expected = Model.Classify(texts[i]);
            Assert.Equal(expected.Scores, predictions[i].Scores);
            Assert.Equal(expected.Label, predictions[i].Label);
            Assert.Equal(expected.Score, predictions[i].Score);
            Assert.IsNotType<string[]>(predictions[i].Labels); // read-only, not an array to cast back
        }
    }

    private static void AssertValid(Prediction prediction)
    {
        Assert.Equal(Model.Labels, prediction.Labels);
        Assert.All(prediction.Scores, s => Assert.InRange(s, 0f, 1f));
        Assert.InRange(prediction.Scores.Sum(), 1 - 1e-5f, 1 + 1e-5f);
        Assert.Equal(prediction.Scores.Max(), prediction.Score);
        Assert.Contains(prediction.Label, Model.Labels);
    }

    private static ReadOnlySpan<float> Score(string text, float[] buffer)
    {
        Model.Score(text, buffer);
        return buffer;
    }

    /// <summary>A list of texts that counts how many threads read it at once while a batch classifies it (its second
    /// read of each text; the first pass is the batch's null check). A thread's first classifying read waits, for
    /// <c>patience</c> at most, until <c>waitFor</c> threads are inside at once, so helpers queued to the pool have the
    /// time to join even while other tests hold the pool's threads. Threads at once, not distinct threads: a helper
    /// that gives its thread back and is picked up by another thread is one worker (distinct thread ids made the test
    /// fail on 6 cores where at most 5 threads ever ran at once).</summary>
    private sealed class ThreadCountingList(List<string> texts, int waitFor, TimeSpan patience) : IReadOnlyList<string>
    {
        private readonly int[] _reads = new int[texts.Count];
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _threads = new();
        private readonly ManualResetEventSlim _enough = new();
        private long _deadline;
        private int _inside;
        private int _mostAtOnce;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int Count => texts.Count;

        public string this[int index]
        {
            get
            {
                if (Interlocked.Increment(ref _reads[index]) == 2)
                {
                    int inside = Interlocked.Increment(ref _inside);
                    int most;
                    while (inside > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, inside, most) != most)
                    {
                    }

                    if (inside >= waitFor)
                    {
                        _enough.Set();
                    }

                    if (_threads.TryAdd(Environment.CurrentManagedThreadId, true))
                    {
                        Interlocked.CompareExchange(ref _deadline, Environment.TickCount64 + (long)patience.TotalMilliseconds, 0);
                        _enough.Wait(TimeSpan.FromMilliseconds(Math.Max(0, Interlocked.Read(ref _deadline) - Environment.TickCount64)));
                    }

                    Interlocked.Decrement(ref _inside);
                }

                return texts[index];
            }
        }

        public IEnumerator<string> GetEnumerator() => texts.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A list of texts that cancels a token when the text at <c>cancelAt</c> is read a second time (the
    /// first pass is the batch's null check) and counts the texts read again, the ones the batch classified.</summary>
    private sealed class CancellingList(List<string> texts, int cancelAt, CancellationTokenSource cts) : IReadOnlyList<string>
    {
        private readonly int[] _reads = new int[texts.Count];

        public int Reads => _reads.Count(r => r >= 2);

        public int Count => texts.Count;

        public string this[int index]
        {
            get
            {
                if (++_reads[index] == 2 && index == cancelAt)
                {
                    cts.Cancel();
                }

                return texts[index];
            }
        }

        public IEnumerator<string> GetEnumerator() => texts.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
