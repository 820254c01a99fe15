using System.Collections.Concurrent;
using FedBus.Contracts;

namespace FedBus.Ingestion.Tests;

/// <summary>Every StudyReceived the service published, in arrival order.</summary>
public sealed class StudyReceivedRecorder
{
    private readonly ConcurrentQueue<StudyReceived> _received = new();

    public IReadOnlyList<StudyReceived> All => [.. _received];

    public void Add(StudyReceived message) => _received.Enqueue(message);

    public IReadOnlyList<StudyReceived> For(string studyInstanceUid) => All.Where(m => m.StudyInstanceUid == studyInstanceUid).ToList();

    public async Task<StudyReceived> WaitForAsync(string studyInstanceUid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (For(studyInstanceUid) is [var first, ..]) return first;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No StudyReceived for {studyInstanceUid} within {timeout.TotalSeconds} s.");
    }
}
