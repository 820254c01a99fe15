using System.Collections.Concurrent;
using System.ComponentModel;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace FedBus.Dicom.Network;

/// <summary>
/// DICOM C-ECHO and C-STORE SCP. Each connection is one async loop (no thread per association); the handler sees
/// every received instance and the end of every association. Start with <see cref="StartAsync"/>, read the bound
/// port from <see cref="Port"/>, stop with <see cref="StopAsync"/>.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<ScpAssociation, Task> _connections = new();
    private int _associationThreads;

    /// <summary>Associations being served on a thread of their own right now.</summary>
    internal int AssociationThreadsInUse => Volatile.Read(ref _associationThreads);
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _established;
    private volatile bool _stopped;

    public DicomServer(DicomServerOptions options, IDicomStoreHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        Options = options;
        Handler = handler;
        Negotiator = new AssociationNegotiator(options);
    }

    public DicomServerOptions Options { get; }

    /// <summary>The bound endpoint; valid after <see cref="StartAsync"/>.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndPoint ?? throw new InvalidOperationException("The DICOM server has not been started.");

    public int Port => LocalEndPoint.Port;

    /// <summary>Associations currently established (accepted and not yet ended).</summary>
    public int ActiveAssociations => Volatile.Read(ref _established);

    /// <summary>Open connections, including ones still negotiating or closing.</summary>
    public int OpenConnections => _connections.Count;

    internal IDicomStoreHandler Handler { get; }

    internal AssociationNegotiator Negotiator { get; }

    // Connections beyond this are closed at once, before reading anything: an RJ costs a little, a flood should not.
    private int MaxConnections => (Options.MaxAssociations * 2) + 16;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener is not null || _stopped)
        {
            throw new InvalidOperationException("A DicomServer can be started once.");
        }

        var listener = new Socket(Options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Options.BindAddress.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(Options.BindAddress, Options.Port));
            listener.Listen(512);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new DicomNetworkException($"Cannot listen on {Options.BindAddress}:{Options.Port}: {ex.Message}", ex);
        }

        _listener = listener;
        _acceptLoop = AcceptLoopAsync(listener);
        Log(DicomLogLevel.Information, $"DICOM SCP '{Options.AeTitle}' listening on {listener.LocalEndPoint}" +
            (Options.Tls is { } tls ? $" over TLS (BCP 195 non-downgrading, client certificates {(tls.RequireClientCertificate ? "required" : "optional")})." : "."), null);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Serves one already-open connection (e.g. a TLS stream, or an in-memory pipe in tests) exactly as an accepted
    /// socket is served. Completes when the connection is closed.
    /// </summary>
    public async Task ServeConnectionAsync(Stream connection, EndPoint? remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var association = new ScpAssociation(this, connection, remoteEndPoint);
        using var registration = cancellationToken.Register(association.Kill);
        await RunAsync(association).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting, then aborts every association as soon as it has no half-received message (its current
    /// C-STORE is answered first). When <paramref name="cancellationToken"/> fires, the rest are cut at once and
    /// running handlers see their token cancelled.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        foreach (var association in _connections.Keys)
        {
            association.RequestStop();
        }

        using (cancellationToken.Register(() =>
        {
            foreach (var association in _connections.Keys)
            {
                association.Kill();
            }
        }))
        {
            await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        }

        Log(DicomLogLevel.Information, $"DICOM SCP '{Options.AeTitle}' stopped.", null);
    }

    public async ValueTask DisposeAsync()
    {
        using var immediately = new CancellationTokenSource();
        await immediately.CancelAsync().ConfigureAwait(false);
        await StopAsync(immediately.Token).ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal bool TryEnterAssociation()
    {
        if (Interlocked.Increment(ref _established) <= Options.MaxAssociations)
        {
            return true;
        }

        Interlocked.Decrement(ref _established);
        return false;
    }

    internal void ExitAssociation() => Interlocked.Decrement(ref _established);

    internal void Log(DicomLogLevel level, string message, Exception? exception)
    {
        try
        {
            Options.Log?.Invoke(level, message, exception);
        }
        catch (Exception)
        {
            // A broken log sink must not take an association down.
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // E.g. out of file descriptors: say so and back off rather than spin.
                Log(DicomLogLevel.Error, $"Accepting a connection failed: {ex.Message}", ex);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }

            if (_connections.Count >= MaxConnections)
            {
                Log(DicomLogLevel.Warning, $"Closing connection from {client.RemoteEndPoint}: {_connections.Count} connections are open.", null);
                client.Dispose();
                continue;
            }

            try
            {
                Serve(client);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // One connection that cannot be set up must not stop the listener.
                Log(DicomLogLevel.Error, $"Could not serve the connection from {client.RemoteEndPoint}: {ex.Message}", ex);
                client.Dispose();
            }
        }
    }

    private void Serve(Socket client)
    {
        client.NoDelay = true;
        if (Options.Tls is { } tls)
        {
            _ = RunOverTlsAsync(client, tls);
        }
        else if (Volatile.Read(ref _associationThreads) < Options.AssociationThreads)
        {
            var home = new AssociationThread();
            var association = new ScpAssociation(this, new BlockingSocketStream(client, home), client.RemoteEndPoint, home);
            // Only the accept loop adds, so the count cannot pass the limit.
            Interlocked.Increment(ref _associationThreads);
            _ = RunAsync(association, home);
        }
        else
        {
            _ = RunAsync(new ScpAssociation(this, new NetworkStream(client, ownsSocket: true), client.RemoteEndPoint));
        }
    }

    /// <summary>The TLS handshake first (bounded like the wait for the A-ASSOCIATE-RQ), then the association over it.</summary>
    private async Task RunOverTlsAsync(Socket client, DicomTlsOptions tls)
    {
        var remote = client.RemoteEndPoint;
        var ssl = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            // Yield so the accept loop goes on while this connection shakes hands.
            await Task.Yield();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(tls.HandshakeTimeout ?? Options.ArtimTimeout);
            await ssl.AuthenticateAsServerAsync(tls.ServerAuthentication(), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or Win32Exception)
        {
            var reason = ex is OperationCanceledException ? "it did not complete in time" : ex.InnerException?.Message ?? ex.Message;
            Log(DicomLogLevel.Warning, $"TLS handshake with {remote} failed, connection closed: {reason}", null);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return;
        }

        Log(DicomLogLevel.Debug,
            $"TLS with {remote}: {ssl.SslProtocol}, {ssl.NegotiatedCipherSuite}, client certificate {ssl.RemoteCertificate?.Subject ?? "none"}.", null);
        await RunAsync(new ScpAssociation(this, ssl, remote)).ConfigureAwait(false);
    }

    private async Task RunAsync(ScpAssociation association, AssociationThread? home = null)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[association] = completion.Task;
        try
        {
            if (_stopped)
            {
                association.RequestStop();
            }

            if (home is not null)
            {
                await home.Start(association.RunAsync, "DICOM association").ConfigureAwait(false);
            }
            else
            {
                // Yield so the accept loop goes on while this connection negotiates.
                await Task.Yield();
                await association.RunAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (home is not null)
            {
                Interlocked.Decrement(ref _associationThreads);
            }

            _connections.TryRemove(association, out _);
            completion.SetResult();
        }
    }
}
