namespace FedBus.Contracts;

public enum AggregationStrategy
{
    FedAvg,
    FedProx,
    FedAdam,
    FedYogi,
    TrimmedMean,
    CoordinateMedian,
    Krum,
}
