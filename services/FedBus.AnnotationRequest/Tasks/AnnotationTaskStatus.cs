namespace FedBus.AnnotationRequest.Tasks;

public enum AnnotationTaskStatus
{
    /// <summary>A candidate waiting for the budget; not a task yet (no reader sees it, nothing was published).</summary>
    Held,

    /// <summary>At least one read is free for a reader who has not read or skipped the task.</summary>
    Open,

    /// <summary>Every read is taken; at least one is claimed or back with its reader after a QC rejection.</summary>
    InProgress,

    /// <summary>Every required read is submitted; QC has not decided yet.</summary>
    AwaitingQc,

    /// <summary>QC accepted the label: the image is a training case.</summary>
    Accepted,

    /// <summary>QC withdrew the accepted case later.</summary>
    Withdrawn,

    /// <summary>Withdrawn before it was answered.</summary>
    Cancelled,

    /// <summary>A candidate that never opened (too old, below the minimum value, or cancelled while held).</summary>
    NotOpened,
}
