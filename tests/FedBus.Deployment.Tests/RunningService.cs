using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>One service's published output, running as its container would; <see cref="Started"/> fails with its output.</summary>
internal sealed class RunningService(ComposeService compose, Uri url, ExternalProcess process, Task started) : IAsyncDisposable
{
    public ComposeService Compose => compose;

    /// <summary>Where it listens: http://&lt;non-loopback address&gt;:&lt;port&gt;/.</summary>
    public Uri Url => url;

    public ExternalProcess Process => process;

    /// <summary>Completes when the service logs that it listens on <see cref="Url"/>.</summary>
    public Task Started => started;

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
