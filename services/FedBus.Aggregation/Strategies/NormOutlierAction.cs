namespace FedBus.Aggregation.Strategies;

/// <summary>What happens to an update whose change is far larger than the round's median.</summary>
public enum NormOutlierAction
{
    /// <summary>Leave it out of the round.</summary>
    Reject,

    /// <summary>Keep it, scaled towards the global model so its change has exactly the threshold's norm.</summary>
    Clip,
}
