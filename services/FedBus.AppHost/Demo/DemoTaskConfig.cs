using FedBus.AppHost.Experiments;

namespace FedBus.AppHost.Demo;

/// <summary>The one model (task) every site runs in the demo: its name in configuration, its ModelId and its kind.</summary>
internal sealed record DemoTaskConfig(string Name, string Kind)
{
    public string ModelId => Name;

    public static DemoTaskConfig For(ExperimentTask task) => task switch
    {
        ExperimentTask.Segmentation => new("brain-extraction", "Segmentation"),
        ExperimentTask.Classification => new("brain-level", "Classification"),
        _ => new("brain-structures", "Detection"),
    };
}
