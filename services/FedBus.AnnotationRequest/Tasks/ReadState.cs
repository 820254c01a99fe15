namespace FedBus.AnnotationRequest.Tasks;

public enum ReadState
{
    /// <summary>The reader holds the read under a lease (a first read, or a resubmission of a returned one).</summary>
    Claimed,

    /// <summary>The label is in, waiting for QC.</summary>
    Submitted,

    /// <summary>QC rejected the label: the read waits for its reader to resubmit.</summary>
    Returned,

    /// <summary>The reader gave the read up after submitting (skipped, or never resubmitted): another reader takes the slot.</summary>
    Abandoned,
}
