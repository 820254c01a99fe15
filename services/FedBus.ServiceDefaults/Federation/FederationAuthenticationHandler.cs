namespace FedBus.ServiceDefaults.Federation;

/// <summary>
/// Puts <see cref="IFederationCredentials"/>' header on every request to the hub. It sits inside the resilience handler,
/// so each retry asks for the header again (a refreshed token after a 401 is the credentials' business).
/// </summary>
public sealed class FederationAuthenticationHandler(IFederationCredentials credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = await credentials.GetAuthorizationAsync(cancellationToken);
        if (authorization is not null) request.Headers.Authorization = authorization;
        return await base.SendAsync(request, cancellationToken);
    }
}
