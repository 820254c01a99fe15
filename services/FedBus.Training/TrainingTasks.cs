using FedBus.Contracts;

namespace FedBus.Training;

/// <summary>The site's configured tasks by model id: the input size a model's cases are prepared at.</summary>
public sealed class TrainingTasks
{
    private readonly Dictionary<string, TrainingTaskOptions> _byModel = new(StringComparer.Ordinal);
    private readonly int _defaultInputSize;

    public TrainingTasks(IEnumerable<TrainingTaskOptions> tasks, int defaultInputSize)
    {
        _defaultInputSize = defaultInputSize;
        foreach (var task in tasks)
        {
            if (string.IsNullOrWhiteSpace(task.ModelId)) continue;
            if (task.InputSize < 16) throw new InvalidOperationException($"{TrainingTaskOptions.Section}: model '{task.ModelId}' has InputSize {task.InputSize}; it must be ≥ 16.");
            if (!_byModel.TryAdd(task.ModelId, task))
                throw new InvalidOperationException($"{TrainingTaskOptions.Section}: model '{task.ModelId}' is configured twice.");
        }
    }

    public static TrainingTasks FromConfiguration(IConfiguration configuration, int defaultInputSize) =>
        new(configuration.GetSection(TrainingTaskOptions.Section).GetChildren()
            .Select(c => c.Get<TrainingTaskOptions>() ?? new TrainingTaskOptions()), defaultInputSize);

    public int InputSizeOf(string modelId) => _byModel.TryGetValue(modelId, out var t) ? t.InputSize : _defaultInputSize;

    public TaskKind? KindOf(string modelId) => _byModel.TryGetValue(modelId, out var t) ? t.Kind : null;
}
