using FedBus.Imaging.Labels;

namespace FedBus.AppHost.Experiments;

/// <summary>The label a site holds for a case; <see cref="Corruption"/> names what broke it (null = correct).</summary>
internal sealed record SubmittedLabel(ExperimentCase Case, ImageLabel Label, string? Corruption)
{
    public bool IsCorrupted => Corruption is not null;
}
