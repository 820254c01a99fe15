namespace FedBus.Inference.Models;

/// <summary>One batch's hold on a model: the model stays alive until the lease is disposed.</summary>
public sealed class ModelLease(LoadedModel model) : IDisposable
{
    private int released;

    public LoadedModel Model { get; } = model;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0) Model.Release();
    }
}
