namespace FedBus.Inference.Http;

/// <summary>Batches run and images predicted by one task's batcher in this process.</summary>
public sealed record BatchingView(string Task, long Batches, long Images);
