namespace FedBus.AppHost.Experiments;

/// <summary>The robust aggregation the experiment sets against FedAvg.</summary>
public enum RobustStrategy
{
    Median,
    Trimmed,
    Krum,
    MultiKrum,
}
