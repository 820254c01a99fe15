namespace FedBus.Contracts;

public enum AggregationStrategy
{
    FedAvg,
    FedAvgM,
    FedProx,
    FedAdam,
    FedYogi,
    FedAdagrad,
    FedMedian,
    TrimmedMean,
    Krum,
    MultiKrum,
}
