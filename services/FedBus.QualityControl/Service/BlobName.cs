using System.Text.RegularExpressions;

namespace FedBus.QualityControl.Service;

/// <summary>A blob name from a message is checked before it reaches the store, which refuses anything else with an exception.</summary>
internal static partial class BlobName
{
    public static bool IsSha256(string? name) => name is not null && Sha256().IsMatch(name);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();
}
