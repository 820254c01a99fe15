namespace FedBus.Inference.Models;

/// <summary>
/// The current model of one configured task. <see cref="Offer"/> swaps in a model with a higher publication number
/// (rollbacks carry higher numbers too); batches that hold a lease on the old one finish on it.
/// </summary>
public sealed class ModelSlot(string taskName, InferenceTaskOptions options)
{
    private readonly Lock gate = new();
    private LoadedModel? current;

    public string TaskName { get; } = taskName;

    public InferenceTaskOptions Options { get; } = options;

    /// <summary>Serialises loading from the store, so two studies do not load the same model twice.</summary>
    internal SemaphoreSlim Loading { get; } = new(1, 1);

    public ModelRecord? Current
    {
        get
        {
            lock (gate) return current?.Record;
        }
    }

    public long CurrentPublication => Current?.Publication ?? long.MinValue;

    /// <summary>A lease on the current model, or null when there is none yet.</summary>
    public ModelLease? Acquire()
    {
        while (true)
        {
            LoadedModel? model;
            lock (gate) model = current;
            if (model is null) return null;
            if (model.TryAcquire()) return new ModelLease(model);
            // Released between reading and acquiring: a newer model is current by now.
        }
    }

    /// <summary>
    /// Makes <paramref name="model"/> current if its publication is newer; otherwise releases it. Returns whether it
    /// became current. The slot owns the model's initial reference either way.
    /// </summary>
    public bool Offer(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        LoadedModel? release;
        bool adopted;
        lock (gate)
        {
            adopted = current is null || model.Record.Publication > current.Record.Publication;
            release = adopted ? current : model;
            if (adopted) current = model;
        }
        release?.Release();
        return adopted;
    }

    /// <summary>Lets go of the current model (host shutdown): it is disposed once no batch holds it.</summary>
    public void Clear()
    {
        LoadedModel? release;
        lock (gate)
        {
            release = current;
            current = null;
        }
        release?.Release();
    }
}
