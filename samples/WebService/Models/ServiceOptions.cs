namespace TextClassification.WebService.Models;

/// <summary>The <c>TextClassification</c> section of the configuration.</summary>
public sealed class ServiceOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "TextClassification";

    /// <summary>The model answering <c>/classify</c> without a model name.</summary>
    public string DefaultModel { get; set; } = "default";

    /// <summary>Longest accepted text, in UTF-16 chars; longer texts get a 400.</summary>
    public int MaxTextLength { get; set; } = 20_000;

    /// <summary>Most texts in one <c>/classify/batch</c> request.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Kestrel's request body limit; larger bodies get a 413. At most <see cref="Array.MaxLength"/> (a body is
    /// read into one buffer).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most <c>/classify/batch</c> requests run at once, over every model (single texts are not limited). A
    /// batch is classified in parallel already, so more at once adds memory (tens of MB for a batch of long texts),
    /// not speed. Default: the processor count.</summary>
    public int MaxConcurrentBatches { get; set; } = Environment.ProcessorCount;

    /// <summary>Most batch requests waiting for a place, oldest first, before their bodies are read; past it a batch
    /// gets 503 with <c>Retry-After</c>. 0: none wait.</summary>
    public int BatchQueueLimit { get; set; } = 64;

    /// <summary>Where the quick-start model is written when a model has no <see cref="ModelSettings.ModelPath"/>;
    /// empty: <c>models/default</c> beside the app.</summary>
    public string? EmbeddedModelPath { get; set; }

    /// <summary>The served models by name (the name is the <c>{model}</c> route value).</summary>
    public Dictionary<string, ModelSettings> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Refuses a limit that is not positive (a queue limit that is negative) and a body limit past the largest
    /// buffer, naming the setting: a negative body limit had crashed Kestrel's set-up with a stack trace (exit 134), a
    /// zero or negative batch or text limit had started a service that refused every request (an outside check), and a
    /// body limit over <see cref="Array.MaxLength"/> answered a body past that with a 500 (the buffer that JsonBody
    /// reads a body into whole cannot grow past it).</summary>
    /// <exception cref="InvalidOperationException">A limit is 0 or negative, the queue limit is negative, or the body
    /// limit is over <see cref="Array.MaxLength"/>.</exception>
    public void RequireLimitsInRange()
    {
        foreach ((string name, long value) in (ReadOnlySpan<(string, long)>)[(nameof(MaxTextLength), MaxTextLength), (nameof(MaxBatchSize), MaxBatchSize), (nameof(MaxRequestBodyBytes), MaxRequestBodyBytes), (nameof(MaxConcurrentBatches), MaxConcurrentBatches)])
        {
            if (value <= 0)
            {
                throw new InvalidOperationException($"{Section}:{name} is {value}; it must be a positive number.");
            }
        }

        if (MaxRequestBodyBytes > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"{Section}:{nameof(MaxRequestBodyBytes)} is {MaxRequestBodyBytes}; a request body is read into memory whole, so it must be at most {Array.MaxLength}.");
        }

        if (BatchQueueLimit < 0)
        {
            throw new InvalidOperationException($"{Section}:{nameof(BatchQueueLimit)} is {BatchQueueLimit}; it must be 0 or more.");
        }
    }
}

/// <summary>One served model.</summary>
public sealed class ModelSettings
{
    /// <summary>The bundle folder; empty: the embedded quick-start model.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Swap in a new bundle when it is saved over <see cref="ModelPath"/>.</summary>
    public bool ReloadOnChange { get; set; } = true;
}
