using System.Text.Json.Serialization;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// The model a round's aggregation produced, waiting for the gate. Two server states were stored with it: the one to
/// carry on if it is published, and the one to carry on if it is not (the previous optimizer state, but with this
/// round's privacy spending — the candidate went to the sites for validation, so its noise was spent either way).
/// </summary>
public sealed record RoundCandidate(
    int Version,
    string WeightsSha256,
    long SizeBytes,
    string Strategy,
    string? ServerStateIfPublished,
    string? ServerStateIfRejected,
    IReadOnlyList<SiteShare> Sites,
    IReadOnlyList<string> ProfileSites,
    PrivacyFigures? Privacy,
    IReadOnlyList<string> Notes,
    DateTimeOffset BuiltAt)
{
    [JsonIgnore]
    public IReadOnlyList<string> Participants => [.. Sites.Where(s => s.Included).Select(s => s.SiteId)];
}
