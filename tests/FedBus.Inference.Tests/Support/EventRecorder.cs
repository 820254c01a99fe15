using System.Collections.Concurrent;
using FedBus.Contracts;

namespace FedBus.Inference.Tests.Support;

/// <summary>Everything inference published, as the next service would receive it; waits on a condition, never on a clock.</summary>
public sealed class EventRecorder
{
    private readonly ConcurrentQueue<InferenceCompleted> completed = new();
    private readonly ConcurrentQueue<InferenceSkipped> skipped = new();
    private readonly SemaphoreSlim changed = new(0);

    public IReadOnlyList<InferenceCompleted> Completed => completed.ToList();
    public IReadOnlyList<InferenceSkipped> Skipped => skipped.ToList();

    public void Add(InferenceCompleted e) { completed.Enqueue(e); changed.Release(); }

    public void Add(InferenceSkipped e) { skipped.Enqueue(e); changed.Release(); }

    public IReadOnlyList<InferenceCompleted> CompletedOf(string study) => Completed.Where(e => e.Image.StudyInstanceUid == study).ToList();

    public IReadOnlyList<InferenceSkipped> SkippedOf(string study) => Skipped.Where(e => e.StudyInstanceUid == study).ToList();

    /// <summary>Waits until <paramref name="done"/> holds (checked after every event), failing with what was seen after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<EventRecorder, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (!done(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await changed.WaitAsync(left))
                throw new TimeoutException($"Not seen{(what is null ? "" : $" ({what})")}: {completed.Count} InferenceCompleted, {skipped.Count} InferenceSkipped " +
                                           $"[{string.Join(", ", skipped.Select(s => s.Reason.Code))}].");
        }
    }
}
