using FedBus.ServiceDefaults.Federation.Link;

namespace FedBus.ServiceDefaults.Federation;

/// <summary>Configuration section "FedBus:Federation": how this process reaches the hub and how weights travel.</summary>
public sealed class FederationOptions
{
    public const string Section = "FedBus:Federation";

    public const long DefaultInlineWeightsLimitBytes = 4L * 1024 * 1024;

    /// <summary>
    /// Base address of the hub's HTTP API as a site reaches it (normally the hub's gateway); the weight store is
    /// <c>{HubUrl}/aggregation/weights/{sha256}</c>. Unset at the hub.
    /// </summary>
    public Uri? HubUrl { get; set; }

    /// <summary>Weight files up to this size ride inside the message; larger ones go through the hub's weight store.</summary>
    public long InlineWeightsLimitBytes { get; set; } = DefaultInlineWeightsLimitBytes;

    /// <summary>Packing stores into this process's own blob store instead of uploading. Unset: true when FedBus:SiteId is empty.</summary>
    public bool? IsHub { get; set; }

    /// <summary>One upload or download of a weight file, retries included, must finish within this.</summary>
    public TimeSpan WeightTransferTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A single HTTP attempt (a retry follows a timed-out one) — large enough for the biggest file on a slow link.</summary>
    public TimeSpan WeightAttemptTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>First back-off of the transfer's retries (exponential, with jitter).</summary>
    public TimeSpan WeightRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A claim naming a larger file is refused before anything is allocated or downloaded.</summary>
    public long MaxWeightsBytes { get; set; } = 1L << 30;

    /// <summary>The RabbitMQ shovels between the sites' and the hub's virtual hosts (FedBus:Federation:Link).</summary>
    public FederationLinkOptions Link { get; set; } = new();

    public bool IsHubFor(FedBusOptions fedBus) => IsHub ?? string.IsNullOrEmpty(fedBus.SiteId);

    /// <summary>Fails start-up with the setting's name instead of misbehaving later.</summary>
    public void Validate()
    {
        // An empty environment variable (a compose file's `FedBus__Federation__HubUrl: ""` at the hub) means unset.
        if (HubUrl is { OriginalString.Length: 0 }) HubUrl = null;
        if (HubUrl is { IsAbsoluteUri: false } || HubUrl is { Scheme: not ("http" or "https") })
            throw new InvalidOperationException($"{Section}:{nameof(HubUrl)} '{HubUrl}' must be an absolute http or https URL.");
        if (InlineWeightsLimitBytes < 0)
            throw new InvalidOperationException($"{Section}:{nameof(InlineWeightsLimitBytes)} is {InlineWeightsLimitBytes}; it must be 0 or more.");
        if (MaxWeightsBytes <= 0 || MaxWeightsBytes > Array.MaxLength)
            throw new InvalidOperationException($"{Section}:{nameof(MaxWeightsBytes)} is {MaxWeightsBytes}; it must be between 1 and {Array.MaxLength}.");
        if (WeightAttemptTimeout < TimeSpan.FromSeconds(1) || WeightTransferTimeout <= WeightAttemptTimeout)
            throw new InvalidOperationException(
                $"{Section}:{nameof(WeightAttemptTimeout)} ({WeightAttemptTimeout}) must be at least 1 s and shorter than {nameof(WeightTransferTimeout)} ({WeightTransferTimeout}).");
        if (WeightRetryDelay < TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:{nameof(WeightRetryDelay)} is {WeightRetryDelay}; it must not be negative.");
        Link.Validate();
    }
}
