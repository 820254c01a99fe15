namespace FedBus.Loop.Bench;

/// <summary>Sends a request for /inference/... to the inference process instead of the client's base address.</summary>
internal sealed class RoutingHandler(Uri inference) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath.StartsWith("/inference", StringComparison.Ordinal))
            request.RequestUri = new Uri(inference, request.RequestUri.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}
