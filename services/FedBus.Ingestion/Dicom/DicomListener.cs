using System.Net;
using FedBus.Dicom.Network;
using FedBus.ServiceDefaults.Privacy;

namespace FedBus.Ingestion.Dicom;

/// <summary>Runs the C-STORE/C-ECHO SCP for the life of the service.</summary>
public sealed class DicomListener(IngestionOptions options, IngestionStoreHandler handler, IdentifierHasher hasher, ILogger<DicomListener> logger) : IHostedService, IAsyncDisposable
{
    private DicomServer? _server;

    /// <summary>The bound port (useful when configured as 0).</summary>
    public int Port => _server?.Port ?? throw new InvalidOperationException("The DICOM listener has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serverOptions = new DicomServerOptions
        {
            AeTitle = options.AeTitle,
            Port = options.DicomPort,
            BindAddress = IPAddress.Parse(options.BindAddress),
            AllowedCallingAeTitles = options.AllowedCallingAeTitles is { Length: > 0 } allowed ? allowed.ToHashSet(StringComparer.Ordinal) : null,
            MaxAssociations = options.MaxAssociations,
            MaxPduLength = options.MaxPduLength,
            MaxObjectSize = options.MaxObjectSize,
            HashWhileReceivingAbove = options.HashWhileReceivingAbove,
            IdleTimeout = options.IdleTimeout,
            Tls = options.Tls.Enabled ? options.Tls.Load() : null,
            Log = Log,
        };
        if (options.AssociationThreads is { } threads) serverOptions.AssociationThreads = threads;
        serverOptions.Validate();
        _server = new DicomServer(serverOptions, handler);
        // The server itself logs where it listens.
        await _server.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    private void Log(DicomLogLevel level, string message, Exception? exception)
    {
        var mapped = level switch
        {
            DicomLogLevel.Debug => LogLevel.Debug,
            DicomLogLevel.Information => LogLevel.Information,
            DicomLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        // The DICOM layer formats its own messages, and its exceptions may come from our store handler: both can
        // name a SOP instance.
        if (logger.IsEnabled(mapped))
            logger.DicomNetwork(mapped, hasher.RedactUids(message), exception is null ? null : hasher.Redact(exception));
    }
}
