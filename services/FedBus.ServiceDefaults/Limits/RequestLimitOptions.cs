namespace FedBus.ServiceDefaults.Limits;

/// <summary>
/// Configuration section "FedBus:RequestLimits". Every route that takes a body has a limit: its own
/// (<see cref="RequestLimitExtensions.WithRequestLimit{TBuilder}"/>, from its service's options) or
/// <see cref="DefaultBytes"/>, which fits the JSON commands (reasons, round starts, rollbacks) with room to spare.
/// </summary>
public sealed class RequestLimitOptions
{
    public const string Section = "FedBus:RequestLimits";

    /// <summary>The limit of a route without its own: 64 KiB (Kestrel's own default, 30 MB, is far more than a JSON command needs).</summary>
    public long DefaultBytes { get; set; } = 64 * 1024;

    public RequestLimitOptions Validate()
    {
        if (DefaultBytes < 1024) throw new InvalidOperationException($"{Section}:{nameof(DefaultBytes)} must be at least 1024, got {DefaultBytes}.");
        return this;
    }
}
