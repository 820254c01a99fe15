using System.Net.Http.Headers;
using FedBus.ServiceDefaults.Federation;

namespace FedBus.ServiceDefaults.Security;

/// <summary>
/// The token this process presents when it calls another service or the hub (weight store, WADO-RS): the configured
/// FedBus:Auth:ServiceToken (production: from the issuer), or in development one it signs itself, role service, its
/// own site — so a site can only ever upload as itself. Renewed when half its life is gone.
/// </summary>
internal sealed class ServiceTokenCredentials(AuthOptions options, DevelopmentKey key, FedBusOptions fedBus, TimeProvider time) : IFederationCredentials
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly Lock _lock = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    public ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.ServiceToken))
            return ValueTask.FromResult<AuthenticationHeaderValue?>(new("Bearer", options.ServiceToken));
        if (key.Bytes is null) return ValueTask.FromResult<AuthenticationHeaderValue?>(null);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_token is null || now >= _renewAt)
            {
                var site = string.IsNullOrEmpty(fedBus.SiteId) ? null : fedBus.SiteId;
                _token = DevelopmentTokens.Issue(key.Bytes, options, $"{site ?? "hub"}-{fedBus.ServiceName}", [FedBusRoles.Service], site, Lifetime);
                _renewAt = now + Lifetime / 2;
            }
            return ValueTask.FromResult<AuthenticationHeaderValue?>(new("Bearer", _token));
        }
    }
}
