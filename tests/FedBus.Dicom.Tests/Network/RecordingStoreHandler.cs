using System.Collections.Concurrent;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Test handler: keeps a copy of every received data set and the order of association events.</summary>
internal sealed class RecordingStoreHandler : IDicomStoreHandler
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<ReceivedInstance> Received { get; } = new();

    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<DicomAssociationAbortedException> Aborts { get; } = new();

    /// <summary>Status returned for every store; success unless a test says otherwise.</summary>
    public Func<DicomStoreRequest, DicomStatus> Respond { get; set; } = _ => DicomStatus.Success;

    /// <summary>What <see cref="StorePrefix"/> gives for each C-STORE; none unless a test says otherwise.</summary>
    public Func<string, ReadOnlyMemory<byte>?> Prefix { get; set; } = _ => null;

    /// <summary>Completes when the first association is released or aborted.</summary>
    public Task Ended => _ended.Task;

    public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await request.DataSet.CopyToAsync(copy, cancellationToken);
        Received.Enqueue(new ReceivedInstance(request.Association.Id, request.SopClassUid, request.SopInstanceUid, request.TransferSyntaxUid, copy.ToArray(), request.DataSet.IsInMemory, request.Sha256));
        Events.Enqueue($"store {request.SopInstanceUid}");
        return Respond(request);
    }

    public ReadOnlyMemory<byte>? StorePrefix(DicomAssociationInfo association, string sopClassUid, string sopInstanceUid, string transferSyntaxUid) =>
        Prefix(sopInstanceUid);

    public ValueTask AssociationEstablishedAsync(DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        Events.Enqueue($"established {association.CallingAeTitle}");
        return ValueTask.CompletedTask;
    }

    public ValueTask AssociationReleasedAsync(DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        Events.Enqueue("released");
        _ended.TrySetResult();
        return ValueTask.CompletedTask;
    }

    public ValueTask AssociationAbortedAsync(DicomAssociationInfo association, DicomAssociationAbortedException reason, CancellationToken cancellationToken)
    {
        Events.Enqueue("aborted");
        Aborts.Enqueue(reason);
        _ended.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
