using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>A handler that holds every store until the test opens the gate; records whether its token was cancelled.</summary>
internal sealed class GatedStoreHandler : IDicomStoreHandler
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<DicomAssociationAbortedException> Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SawCancellation { get; private set; }

    public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        try
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            SawCancellation = true;
            throw;
        }

        return DicomStatus.Success;
    }

    public ValueTask AssociationAbortedAsync(DicomAssociationInfo association, DicomAssociationAbortedException reason, CancellationToken cancellationToken)
    {
        Aborted.TrySetResult(reason);
        return ValueTask.CompletedTask;
    }
}
