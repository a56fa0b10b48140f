namespace TextClassification.WebService.Models;

/// <summary>Reads the <see cref="ServiceOptions.Section"/> section, refusing what the configuration binder lets pass
/// without a word: a setting name that is not one (a typo) and a model whose settings do not convert.</summary>
internal static class ServiceConfiguration
{
    private static readonly string[] ServiceSettings =
    [
        nameof(ServiceOptions.DefaultModel), nameof(ServiceOptions.MaxTextLength), nameof(ServiceOptions.MaxBatchSize),
        nameof(ServiceOptions.MaxRequestBodyBytes), nameof(ServiceOptions.MaxConcurrentBatches), nameof(ServiceOptions.BatchQueueLimit),
        nameof(ServiceOptions.EmbeddedModelPath), nameof(ServiceOptions.Models),
    ];

    private static readonly string[] ModelSettingNames = [nameof(ModelSettings.ModelPath), nameof(ModelSettings.ReloadOnChange)];

    /// <summary>The section of <paramref name="configuration"/>, bound.
    /// <list type="bullet">
    /// <item>A name that is not a setting (<c>MaxConcurentBatches</c>, a model's <c>ModelPth</c>) is refused, naming it
    /// and the settings there are: the binder ignored it, so the limit stayed at its default, or the model was the
    /// quick-start one.</item>
    /// <item>The binder drops a <see cref="ServiceOptions.Models"/> entry with a value that does not convert
    /// (<c>Models:intents:ReloadOnChange=flase</c>) without a word, so the service started without that model (404 for
    /// it, and as the default model "Models has only: default"): such an entry is bound again alone, where the binder
    /// names the setting and the value.</item>
    /// </list></summary>
    /// <exception cref="InvalidOperationException">A name is not a setting, or a setting does not convert to its type.</exception>
    public static ServiceOptions Read(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(ServiceOptions.Section);
        RequireKnown(section, ServiceSettings);
        ServiceOptions options = section.Get<ServiceOptions>() ?? new ServiceOptions();
        foreach (IConfigurationSection model in section.GetSection(nameof(ServiceOptions.Models)).GetChildren())
        {
            RequireKnown(model, ModelSettingNames);
            if (!options.Models.ContainsKey(model.Key))
            {
                _ = model.Get<ModelSettings>();

                // A value where the settings go: Models:intents=/srv/models/intents for Models:intents:ModelPath.
                throw new InvalidOperationException(
                    $"{model.Path} is '{model.Value}', not a model's settings: give {model.Path}:{nameof(ModelSettings.ModelPath)} (and {nameof(ModelSettings.ReloadOnChange)}).");
            }
        }

        return options;
    }

    private static void RequireKnown(IConfigurationSection section, string[] names)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (Array.FindIndex(names, name => name.Equals(child.Key, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                throw new InvalidOperationException($"{child.Path} is not a setting; the settings of {section.Path} are {string.Join(", ", names)}.");
            }
        }
    }
}
