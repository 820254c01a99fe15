namespace FedBus.QualityControl;

/// <summary>What QC knows about one model's task beyond its class list ("FedBus:QualityControl:Models:&lt;modelId&gt;").</summary>
public sealed class ModelQcOptions
{
    /// <summary>Every image of the task shows the structure (e.g. brain extraction): an empty mask is an error.</summary>
    public bool StructureExpected { get; set; }
}
