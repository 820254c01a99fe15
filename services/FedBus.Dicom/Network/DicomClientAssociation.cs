using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace FedBus.Dicom.Network;

/// <summary>
/// An association we requested (SCU side): C-ECHO and C-STORE, one operation at a time, then release. States follow
/// PS3.8 §9.2 for the requestor: Sta5 (RQ sent, awaiting AC/RJ) → Sta6 → Sta7 (release requested); an A-RELEASE-RQ
/// from the peer while we await our A-RELEASE-RP is a release collision (Sta9/Sta11): we answer it, then wait for
/// ours. Protocol errors and timeouts abort the association and throw; the object is unusable afterwards.
/// </summary>
public sealed class DicomClientAssociation : IAsyncDisposable
{
    private const int MaxAssociatePduLength = 1024 * 1024;

    private readonly Stream _stream;
    private readonly DicomClientOptions _options;
    private readonly PipeReader _pipe;
    private readonly PduReader _in;
    private readonly PduWriter _out;
    private readonly CancellationTokenSource _cts = new();
    private readonly byte[] _pdvHeader = new byte[6];
    private int _payloadLimit;
    private ushort _nextMessageId;
    private int _busy;
    private bool _open;
    private bool _closed;

    private DicomClientAssociation(Stream stream, DicomClientOptions options)
    {
        _stream = stream;
        _options = options;
        _pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
        var shortest = new[] { options.AssociationTimeout, options.DimseTimeout }.Min();
        _in = new PduReader(_pipe, TimeSpan.FromMilliseconds(Math.Clamp(shortest.TotalMilliseconds / 10, 5, 1000)), _cts.Token);
        _out = new PduWriter(stream);
    }

    /// <summary>The peer's A-ASSOCIATE-AC; its contexts carry the abstract syntax we proposed for each id.</summary>
    public AssociateAccept Accept { get; private set; } = null!;

    public IReadOnlyList<PresentationContextResponse> PresentationContexts => Accept.PresentationContexts;

    /// <summary>True while the association is established (not released, aborted or failed).</summary>
    public bool IsOpen => _open;

    /// <summary>Opens a TCP connection (Nagle off) and requests an association with the given contexts.</summary>
    public static async Task<DicomClientAssociation> ConnectAsync(
        string host, int port, DicomClientOptions options, IEnumerable<PresentationContextRequest> contexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new DicomNetworkTimeoutException($"Connecting to {host}:{port} took longer than {options.ConnectTimeout}.");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new DicomNetworkException($"Cannot connect to DICOM peer {host}:{port}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return await OpenAsync(new NetworkStream(socket, ownsSocket: true), options, contexts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Requests an association over an already-open connection; the association owns it from now on.</summary>
    public static async Task<DicomClientAssociation> OpenAsync(
        Stream connection, DicomClientOptions options, IEnumerable<PresentationContextRequest> contexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var proposals = contexts.Select((c, i) => new PresentationContextProposal((byte)((2 * i) + 1), c.AbstractSyntax, c.TransferSyntaxes)).ToList();
        if (proposals.Count is 0 or > 128)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ArgumentException($"An association carries 1 to 128 presentation contexts; {proposals.Count} were asked for.", nameof(contexts));
        }

        var request = new AssociateRequest
        {
            CalledAeTitle = options.CalledAeTitle,
            CallingAeTitle = options.CallingAeTitle,
            PresentationContexts = proposals,
            UserInformation = new UserInformation
            {
                MaxPduLength = options.MaxPduLength,
                ImplementationClassUid = options.ImplementationClassUid,
                ImplementationVersionName = options.ImplementationVersionName,
            },
        };
        var association = new DicomClientAssociation(connection, options);
        try
        {
            await association.RequestAsync(request, cancellationToken).ConfigureAwait(false);
            return association;
        }
        catch
        {
            await association.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The accepted context for this SOP class in exactly this transfer syntax, if any.</summary>
    public PresentationContextResponse? FindContext(string sopClassUid, string transferSyntaxUid) =>
        Accept.PresentationContexts.FirstOrDefault(c => c.IsAccepted && c.AbstractSyntax == sopClassUid && c.TransferSyntax == transferSyntaxUid);

    public async Task<DicomStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        var context = Accept.PresentationContexts.FirstOrDefault(c => c.IsAccepted && c.AbstractSyntax == DicomNetworkUids.Verification)
            ?? throw new DicomNetworkException("The peer did not accept the Verification SOP class; propose it to use C-ECHO.");
        var command = new DicomCommand
        {
            CommandField = DicomCommandField.CEchoRequest,
            AffectedSopClassUid = DicomNetworkUids.Verification,
            CommandDataSetType = DicomCommand.NoDataSet,
        };
        return await ExchangeAsync(context, command, null, DicomCommandField.CEchoResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one instance and returns the peer's status. Throws when no accepted context fits it.</summary>
    public async Task<DicomStatus> StoreAsync(DicomStoreItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        EnsureOpen();
        var context = FindContext(item.SopClassUid, item.TransferSyntaxUid)
            ?? throw new DicomNetworkException($"No accepted presentation context carries SOP class {item.SopClassUid} in transfer syntax {item.TransferSyntaxUid}.");
        var command = new DicomCommand
        {
            CommandField = DicomCommandField.CStoreRequest,
            AffectedSopClassUid = item.SopClassUid,
            AffectedSopInstanceUid = item.SopInstanceUid,
            Priority = DicomPriority.Medium,
            CommandDataSetType = 0x0000,
        };
        return await ExchangeAsync(context, command, item, DicomCommandField.CStoreResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Orderly end (A-RELEASE-RQ/RP), then the connection is closed.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        _open = false;
        using var registration = cancellationToken.Register(_in.Interrupt);
        try
        {
            await _out.WriteAsync(PduCodec.EncodeReleaseRequest(), cancellationToken).ConfigureAwait(false);
            _in.SetTimer("ARTIM", _options.AssociationTimeout, sliding: false);
            while (true)
            {
                var (type, length) = await ReadHeaderAsync("A-RELEASE-RP").ConfigureAwait(false);
                switch ((PduType)type)
                {
                    case PduType.ReleaseResponse:
                        PduCodec.DecodeRelease(await ReadBodyAsync(length, 1024).ConfigureAwait(false), PduType.ReleaseResponse);
                        return;
                    case PduType.ReleaseRequest:
                        // Release collision (PS3.8 §9.2, AR-8/AR-9): as requestor we answer first, then await our RP.
                        PduCodec.DecodeRelease(await ReadBodyAsync(length, 1024).ConfigureAwait(false), PduType.ReleaseRequest);
                        await _out.WriteAsync(PduCodec.EncodeReleaseResponse(), cancellationToken).ConfigureAwait(false);
                        continue;
                    case PduType.DataTransfer:
                        // AR-7: data may still arrive after our release request; nothing is waiting for it.
                        await _in.SkipAsync(length).ConfigureAwait(false);
                        continue;
                    case PduType.Abort:
                        throw Aborted(await ReadBodyAsync(length, 1024).ConfigureAwait(false));
                    default:
                        throw new DicomProtocolException($"Received PDU type 0x{type:X2} while awaiting A-RELEASE-RP.", AbortReason.UnexpectedPdu);
                }
            }
        }
        catch (Exception ex) when (ex is DicomProtocolException or DicomNetworkTimeoutException)
        {
            await SendAbortAsync(ex is DicomProtocolException p ? p.AbortReason : AbortReason.NotSpecified).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the association at once with A-ABORT (source: service user) and closes the connection.</summary>
    public async Task AbortAsync()
    {
        if (_open)
        {
            _open = false;
            await SendAbortAsync(AbortReason.NotSpecified, AbortSource.ServiceUser).ConfigureAwait(false);
        }

        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Aborts if still open (call <see cref="ReleaseAsync"/> first for an orderly end).</summary>
    public async ValueTask DisposeAsync() => await AbortAsync().ConfigureAwait(false);

    private async Task RequestAsync(AssociateRequest request, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(_in.Interrupt);
        await _out.WriteAsync(PduCodec.EncodeAssociateRequest(request), cancellationToken).ConfigureAwait(false);
        _in.SetTimer("ARTIM", _options.AssociationTimeout, sliding: false);
        try
        {
            var (type, length) = await ReadHeaderAsync("A-ASSOCIATE-AC").ConfigureAwait(false);
            switch ((PduType)type)
            {
                case PduType.AssociateAccept:
                    var accept = PduCodec.DecodeAssociateAccept(await ReadBodyAsync(length, MaxAssociatePduLength).ConfigureAwait(false));
                    var proposed = request.PresentationContexts.ToDictionary(p => p.Id);
                    foreach (var context in accept.PresentationContexts)
                    {
                        if (!proposed.ContainsKey(context.Id))
                        {
                            throw new DicomProtocolException($"The A-ASSOCIATE-AC answers presentation context {context.Id}, which we did not propose.");
                        }
                    }

                    Accept = new AssociateAccept
                    {
                        ProtocolVersion = accept.ProtocolVersion,
                        CalledAeTitle = accept.CalledAeTitle,
                        CallingAeTitle = accept.CallingAeTitle,
                        ApplicationContextName = accept.ApplicationContextName,
                        PresentationContexts = accept.PresentationContexts.Select(c => c with { AbstractSyntax = proposed[c.Id].AbstractSyntax }).ToList(),
                        UserInformation = accept.UserInformation,
                    };
                    _payloadLimit = PduWriter.PayloadLimit(accept.UserInformation.MaxPduLength);
                    _open = true;
                    return;
                case PduType.AssociateReject:
                    throw new DicomAssociationRejectedException(PduCodec.DecodeAssociateReject(await ReadBodyAsync(length, 1024).ConfigureAwait(false)));
                case PduType.Abort:
                    throw Aborted(await ReadBodyAsync(length, 1024).ConfigureAwait(false));
                default:
                    throw new DicomProtocolException($"Received PDU type 0x{type:X2} in answer to our A-ASSOCIATE-RQ.", AbortReason.UnexpectedPdu);
            }
        }
        catch (Exception ex) when (ex is DicomProtocolException or DicomNetworkTimeoutException)
        {
            await SendAbortAsync(ex is DicomProtocolException p ? p.AbortReason : AbortReason.NotSpecified).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<DicomStatus> ExchangeAsync(
        PresentationContextResponse context, DicomCommand command, DicomStoreItem? item, DicomCommandField expected, CancellationToken cancellationToken)
    {
        EnsureOpen();
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            throw new InvalidOperationException("A DicomClientAssociation runs one operation at a time.");
        }

        var messageId = ++_nextMessageId;
        command.MessageId = messageId;
        using var registration = cancellationToken.Register(_in.Interrupt);
        try
        {
            using (var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                sendTimeout.CancelAfter(_options.DimseTimeout);
                try
                {
                    await _out.SendCommandAsync(context.Id, command, _payloadLimit, sendTimeout.Token).ConfigureAwait(false);
                    if (item is not null)
                    {
                        await using var source = item.OpenDataSet();
                        await _out.SendDataAsync(context.Id, source, item.DataSetLength, _payloadLimit, sendTimeout.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DicomNetworkTimeoutException($"Sending {command} did not finish within {_options.DimseTimeout}.");
                }
            }

            _in.SetTimer("DIMSE", _options.DimseTimeout);
            var response = await ReceiveCommandAsync().ConfigureAwait(false);
            if (response.CommandField != expected || response.MessageIdBeingRespondedTo != messageId)
            {
                throw new DicomProtocolException($"Expected {expected} for message {messageId} but received {response}.", AbortReason.UnexpectedPduParameter);
            }

            return response.DicomStatus;
        }
        catch (Exception ex) when (ex is DicomProtocolException or DicomNetworkTimeoutException or OperationCanceledException)
        {
            _open = false;
            await SendAbortAsync(ex is DicomProtocolException p ? p.AbortReason : AbortReason.NotSpecified).ConfigureAwait(false);
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _open = false;
            await CloseAsync().ConfigureAwait(false);
            throw new DicomAssociationAbortedException($"The connection was lost during {command}: {ex.Message}", ex);
        }
        catch (DicomAssociationAbortedException)
        {
            _open = false;
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Reads P-DATA-TF PDUs until one complete command set (and its data set, which is skipped) has arrived.</summary>
    private async Task<DicomCommand> ReceiveCommandAsync()
    {
        var commandBytes = new ArrayBufferWriter<byte>(256);
        DicomCommand? command = null;
        byte messageContext = 0;
        while (true)
        {
            var (type, length) = await ReadHeaderAsync("a DIMSE response").ConfigureAwait(false);
            switch ((PduType)type)
            {
                case PduType.DataTransfer:
                    break;
                case PduType.Abort:
                    throw Aborted(await ReadBodyAsync(length, 1024).ConfigureAwait(false));
                default:
                    throw new DicomProtocolException($"Received PDU type 0x{type:X2} while awaiting a DIMSE response.", AbortReason.UnexpectedPdu);
            }

            if (_options.MaxPduLength != 0 && length > _options.MaxPduLength)
            {
                throw new DicomProtocolException($"A P-DATA-TF PDU of {length} bytes exceeds our maximum PDU length of {_options.MaxPduLength}.");
            }

            long remaining = length;
            var complete = false;
            while (remaining > 0)
            {
                PdvHeader.CheckRoom(remaining);
                await _in.ReadExactAsync(_pdvHeader).ConfigureAwait(false);
                remaining -= PdvHeader.Length;
                var (payload, contextId, isCommand, isLast) = PdvHeader.Decode(_pdvHeader, remaining);
                if (messageContext != 0 && contextId != messageContext)
                {
                    throw new DicomProtocolException($"A PDV for presentation context {contextId} arrived in the middle of a message on context {messageContext}.", AbortReason.UnexpectedPduParameter);
                }

                messageContext = contextId;
                if (isCommand != (command is null))
                {
                    throw new DicomProtocolException(isCommand ? "A command fragment arrived where a data set was expected." : "A data-set fragment arrived before its command.", AbortReason.UnexpectedPduParameter);
                }

                if (isCommand)
                {
                    if (commandBytes.WrittenCount + payload > 64 * 1024)
                    {
                        throw new DicomProtocolException("A response command set grew beyond 65536 bytes.");
                    }

                    var bytes = await _in.ReadBytesAsync((int)payload).ConfigureAwait(false);
                    commandBytes.Write(bytes);
                    if (isLast)
                    {
                        command = DicomCommand.Decode(commandBytes.WrittenSpan);
                        complete = !command.HasDataSet;
                    }
                }
                else
                {
                    await _in.SkipAsync(payload).ConfigureAwait(false);
                    complete = isLast;
                }

                remaining -= payload;
            }

            if (complete)
            {
                return command!;
            }
        }
    }

    private async ValueTask<(byte Type, uint Length)> ReadHeaderAsync(string awaiting)
    {
        try
        {
            return await _in.ReadHeaderAsync().ConfigureAwait(false)
                ?? throw new DicomAssociationAbortedException($"The peer closed the connection while we awaited {awaiting}.");
        }
        catch (EndOfStreamException ex)
        {
            throw new DicomAssociationAbortedException($"The peer closed the connection while we awaited {awaiting}.", ex);
        }
    }

    private async ValueTask<byte[]> ReadBodyAsync(uint length, int limit) =>
        length > limit
            ? throw new DicomProtocolException($"A PDU claims {length} bytes; at most {limit} are expected here.")
            : await _in.ReadBytesAsync((int)length).ConfigureAwait(false);

    private static DicomAssociationAbortedException Aborted(byte[] body)
    {
        var (source, reason) = PduCodec.DecodeAbort(body);
        return new DicomAssociationAbortedException($"The peer aborted the association (source {source}, reason {reason}).", source, reason);
    }

    private async ValueTask SendAbortAsync(AbortReason reason, AbortSource source = AbortSource.ServiceProvider)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.AssociationTimeout);
            await _out.WriteAsync(PduCodec.EncodeAbort(source, reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is going away anyway.
        }
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException("The association is not open (it was released, aborted or failed).");
        }
    }

    private async ValueTask CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _open = false;
        await _cts.CancelAsync().ConfigureAwait(false);
        _in.Dispose();
        _out.Dispose();
        await _pipe.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _cts.Dispose();
    }
}
