namespace FedBus.Training.Dataset;

public enum CaseState
{
    /// <summary>In the dataset: trains or validates.</summary>
    Active,

    /// <summary>QC withdrew it (CaseWithdrawn): out of the dataset for good.</summary>
    Withdrawn,

    /// <summary>Its image or label cannot become a model input (the reason is on the case); it never trains.</summary>
    Unusable,
}
