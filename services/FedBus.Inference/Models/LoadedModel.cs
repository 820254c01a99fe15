using FedBus.Learning;
using FedBus.Learning.Profiles;

namespace FedBus.Inference.Models;

/// <summary>
/// A model in memory with its training profile, shared by reference count: the slot holds one reference while the
/// model is current, every batch one more while it runs. The network is disposed when the last reference goes, so a
/// swap never pulls a model from under a running batch.
/// </summary>
public sealed class LoadedModel
{
    private readonly Lock gate = new();
    private int references = 1;

    public LoadedModel(ModelRecord record, ITaskModel model, TrainingProfile? profile)
    {
        Record = record;
        Model = model;
        Profile = profile;
    }

    public ModelRecord Record { get; }

    /// <summary>Not thread-safe: used by one batch at a time (the task's batcher).</summary>
    public ITaskModel Model { get; }

    public TrainingProfile? Profile { get; }

    public bool IsDisposed { get; private set; }

    /// <summary>Takes a reference unless the model is already gone.</summary>
    public bool TryAcquire()
    {
        lock (gate)
        {
            if (references == 0) return false;
            references++;
            return true;
        }
    }

    public void Release()
    {
        bool dispose;
        lock (gate)
        {
            if (references == 0) throw new InvalidOperationException("The model was released more often than acquired.");
            dispose = --references == 0;
            if (dispose) IsDisposed = true;
        }
        if (dispose) Model.Dispose();
    }
}
