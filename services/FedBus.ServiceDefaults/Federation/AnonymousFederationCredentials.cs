using System.Net.Http.Headers;

namespace FedBus.ServiceDefaults.Federation;

/// <summary>Sends no Authorization header: until authentication lands, the weight store is open to whoever reaches it.</summary>
public sealed class AnonymousFederationCredentials : IFederationCredentials
{
    public ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AuthenticationHeaderValue?>(null);
}
