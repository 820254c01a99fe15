namespace FedBus.AppHost.Experiments;

/// <summary>The benchmark task the experiment learns (the brain MRI slices carry all three labels).</summary>
public enum ExperimentTask
{
    Segmentation,
    Classification,
    Detection,
}
