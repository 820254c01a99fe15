namespace FedBus.AppHost.Experiments;

/// <summary>How one site's labels go bad in the robustness arms.</summary>
public enum BadLabels
{
    /// <summary>Every label counts classes from 1 (a labelling tool's export setting).</summary>
    OneBased,

    /// <summary>A share of the labels broken in several ways: some QC can see (ids), some it cannot (wrong anatomy).</summary>
    Corrupted,
}
