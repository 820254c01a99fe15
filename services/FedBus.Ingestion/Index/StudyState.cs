namespace FedBus.Ingestion.Index;

public enum StudyState
{
    /// <summary>Instances are arriving; StudyReceived not yet published for this generation.</summary>
    Receiving,

    /// <summary>StudyReceived published for the current generation.</summary>
    Complete,
}
