using System.Collections.Concurrent;
using FedBus.Contracts;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// Every StudyReceived the service published, twice over: as the bus accepted it (recorded before the service's
/// Publish returns, so nothing published can still be on its way) and as a consumer received it.
/// </summary>
public sealed class StudyReceivedRecorder
{
    private readonly ConcurrentQueue<StudyReceived> _published = new();
    private readonly ConcurrentQueue<StudyReceived> _received = new();

    public void AddPublished(StudyReceived message) => _published.Enqueue(message);

    public void Add(StudyReceived message) => _received.Enqueue(message);

    /// <summary>Every announcement of the study the service has published so far, in order.</summary>
    public IReadOnlyList<StudyReceived> PublishedFor(string studyInstanceUid) => _published.Where(m => m.StudyInstanceUid == studyInstanceUid).ToList();

    /// <summary>Every announcement of the study a consumer has received so far, in arrival order.</summary>
    public IReadOnlyList<StudyReceived> For(string studyInstanceUid) => _received.Where(m => m.StudyInstanceUid == studyInstanceUid).ToList();

    public async Task<StudyReceived> WaitForAsync(string studyInstanceUid, TimeSpan timeout) =>
        (await WaitForCountAsync(studyInstanceUid, 1, timeout))[0];

    /// <summary>Waits until the service has published at least <paramref name="count"/> announcements of the study.</summary>
    public Task<IReadOnlyList<StudyReceived>> WaitForPublishedCountAsync(string studyInstanceUid, int count, TimeSpan timeout) =>
        WaitAsync(() => PublishedFor(studyInstanceUid), studyInstanceUid, count, timeout, "published");

    /// <summary>Waits until a consumer has received at least <paramref name="count"/> announcements of the study.</summary>
    public Task<IReadOnlyList<StudyReceived>> WaitForCountAsync(string studyInstanceUid, int count, TimeSpan timeout) =>
        WaitAsync(() => For(studyInstanceUid), studyInstanceUid, count, timeout, "received");

    private static async Task<IReadOnlyList<StudyReceived>> WaitAsync(
        Func<IReadOnlyList<StudyReceived>> seen, string studyInstanceUid, int count, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = seen();
            if (messages.Count >= count) return messages;
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"{messages.Count} of {count} StudyReceived {what} for {studyInstanceUid} within {timeout.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }
}
