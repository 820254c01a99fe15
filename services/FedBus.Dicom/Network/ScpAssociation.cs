using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace FedBus.Dicom.Network;

/// <summary>
/// One connection to the SCP, run as a single async loop through the acceptor's side of the PS3.8 §9.2 state
/// machine: Sta2 (ARTIM running, awaiting A-ASSOCIATE-RQ) → Sta6 (established, idle timer running) → Sta13 (RJ, RP or
/// A-ABORT sent, ARTIM running, draining until the peer closes). The SCP never requests release itself, so release
/// collisions cannot arise on this side. Any protocol error in Sta2/Sta6 is answered with A-ABORT (AA-1/AA-8).
/// </summary>
internal sealed class ScpAssociation
{
    private const int MaxAssociatePduLength = 1024 * 1024;
    private const int MaxCommandLength = 64 * 1024;

    private readonly DicomServer _server;
    private readonly DicomServerOptions _options;
    private readonly Stream _stream;
    private readonly EndPoint? _remote;
    private readonly CancellationTokenSource _cts = new();
    private readonly PipeReader _pipe;
    private readonly PduReader _in;
    private readonly PduWriter _out;
    private readonly ArrayBufferWriter<byte> _commandBytes = new(512);
    private readonly byte[] _pdvHeader = new byte[6];
    private byte[]? _scratch;

    private Dictionary<byte, PresentationContextResponse> _contexts = [];
    private DicomAssociationInfo? _info;
    private bool _counted;
    private int _payloadLimit;

    // The DIMSE message being received: its context (0 = none), its command once complete, its data set.
    private byte _messageContext;
    private DicomCommand? _command;
    private DicomDataSetBuffer? _data;
    private ReadOnlyMemory<byte>? _prefix;
    private long _dataLength;
    private bool _discardData;
    private bool _oversize;

    private readonly AssociationThread? _home;
    private volatile bool _stopRequested;
    private volatile bool _atBoundary;

    public ScpAssociation(DicomServer server, Stream stream, EndPoint? remote, AssociationThread? home = null)
    {
        _home = home;
        _server = server;
        _options = server.Options;
        _stream = stream;
        _remote = remote;
        _pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 128 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        var shortest = _options.IdleTimeout < _options.ArtimTimeout ? _options.IdleTimeout : _options.ArtimTimeout;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(shortest.TotalMilliseconds / 10, 5, 1000));
        _in = new PduReader(_pipe, period, _cts.Token, stream);
        _out = new PduWriter(stream);
    }

    /// <summary>Graceful stop: abort as soon as no DIMSE message is half received.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        if (_atBoundary)
        {
            _in.Interrupt();
        }
    }

    /// <summary>Hard stop: cancel reads and the running handler now.</summary>
    public void Kill()
    {
        _stopRequested = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public async Task RunAsync()
    {
        try
        {
            if (await EstablishAsync().ConfigureAwait(false))
            {
                await ServeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _server.Log(DicomLogLevel.Error, $"Association {Describe()} failed unexpectedly: {ex.Message}", ex);
        }
        finally
        {
            if (_counted)
            {
                _server.ExitAssociation();
            }

            _data?.Dispose();
            _in.Dispose();
            _out.Dispose();
            await _pipe.CompleteAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _cts.Dispose();
        }
    }

    private async Task<bool> EstablishAsync()
    {
        _in.SetTimer("ARTIM", _options.ArtimTimeout, sliding: false);
        try
        {
            _atBoundary = true;
            if (_stopRequested)
            {
                return false;
            }

            var header = await _in.ReadHeaderAsync().ConfigureAwait(false);
            _atBoundary = false;
            if (header is not { } pdu)
            {
                _server.Log(DicomLogLevel.Debug, $"Connection from {_remote} closed before an A-ASSOCIATE-RQ.", null);
                return false;
            }

            var (type, length) = pdu;

            if (type == (byte)PduType.Abort)
            {
                return false;
            }

            if (type != (byte)PduType.AssociateRequest)
            {
                throw new DicomProtocolException(
                    $"Expected an A-ASSOCIATE-RQ but received {PduName(type)}.",
                    Enum.IsDefined((PduType)type) ? AbortReason.UnexpectedPdu : AbortReason.UnrecognizedPdu);
            }

            if (length > MaxAssociatePduLength)
            {
                throw new DicomProtocolException($"The A-ASSOCIATE-RQ claims {length} bytes; we accept at most {MaxAssociatePduLength}.");
            }

            var request = PduCodec.DecodeAssociateRequest(await _in.ReadBytesAsync((int)length).ConfigureAwait(false));
            var outcome = _server.Negotiator.Negotiate(request);
            if (outcome.Accept is not null && !_server.TryEnterAssociation())
            {
                outcome = new NegotiationOutcome(null, AssociationRejection.LocalLimitExceeded, $"{_options.MaxAssociations} associations are already established");
            }

            if (outcome.Rejection is { } rejection)
            {
                _server.Log(DicomLogLevel.Warning, $"Rejected association {request.CallingAeTitle} -> {request.CalledAeTitle} from {_remote}: {outcome.Explanation} ({rejection.Describe()}).", null);
                await _out.WriteAsync(PduCodec.EncodeAssociateReject(rejection), _cts.Token).ConfigureAwait(false);
                await LingerAsync().ConfigureAwait(false);
                return false;
            }

            _counted = true;
            var accept = outcome.Accept!;
            _contexts = accept.PresentationContexts.ToDictionary(c => c.Id);
            _payloadLimit = PduWriter.PayloadLimit(request.UserInformation.MaxPduLength);
            _info = new DicomAssociationInfo(
                Guid.NewGuid(),
                request.CallingAeTitle,
                request.CalledAeTitle,
                _remote,
                request.UserInformation.ImplementationClassUid,
                request.UserInformation.ImplementationVersionName,
                request.UserInformation.MaxPduLength,
                accept.PresentationContexts,
                DateTimeOffset.UtcNow);
            await _out.WriteAsync(PduCodec.EncodeAssociateAccept(accept), _cts.Token).ConfigureAwait(false);
            _server.Log(DicomLogLevel.Information, $"Association {Describe()} established: {outcome.Explanation}.", null);
            return true;
        }
        catch (DicomProtocolException ex)
        {
            _server.Log(DicomLogLevel.Warning, $"Aborting connection from {_remote}: {ex.Message}", null);
            await AbortAndLingerAsync(AbortSource.ServiceProvider, ex.AbortReason).ConfigureAwait(false);
            return false;
        }
        catch (DicomNetworkTimeoutException ex)
        {
            // AA-2: ARTIM expired in Sta2, close without a word.
            _server.Log(DicomLogLevel.Warning, $"Closing connection from {_remote}: no A-ASSOCIATE-RQ in time. {ex.Message}", null);
            return false;
        }
        catch (Exception ex) when (IsConnectionEnd(ex) || ex is OperationCanceledException)
        {
            // Connection lost, or the server stopping while we waited for the A-ASSOCIATE-RQ.
            _server.Log(DicomLogLevel.Debug, $"Connection from {_remote} ended before association: {ex.Message}", null);
            return false;
        }
    }

    private async Task ServeAsync()
    {
        var info = _info!;
        _in.SetTimer("idle", _options.IdleTimeout);
        await CallbackAsync("established", h => h.AssociationEstablishedAsync(info, _cts.Token)).ConfigureAwait(false);
        DicomAssociationAbortedException aborted;
        try
        {
            while (true)
            {
                _atBoundary = _messageContext == 0;
                if (_atBoundary && _stopRequested)
                {
                    throw new OperationCanceledException();
                }

                if (_home is not null)
                {
                    // Back on our own thread (after a store or callback that went asynchronous), where reads block.
                    await _home.SwitchTo();
                }

                var header = await _in.ReadHeaderAsync().ConfigureAwait(false);
                _atBoundary = false;
                if (header is not { } pdu)
                {
                    aborted = new DicomAssociationAbortedException("The peer closed the connection without releasing the association.");
                    break;
                }

                var (type, length) = pdu;

                switch ((PduType)type)
                {
                    case PduType.DataTransfer:
                        if (length > _options.MaxPduLength)
                        {
                            throw new DicomProtocolException($"A P-DATA-TF PDU of {length} bytes exceeds our maximum PDU length of {_options.MaxPduLength}.");
                        }

                        await ReceiveDataTransferAsync(length).ConfigureAwait(false);
                        continue;
                    case PduType.ReleaseRequest:
                        PduCodec.DecodeRelease(await ReadSmallBodyAsync(length, "A-RELEASE-RQ").ConfigureAwait(false), PduType.ReleaseRequest);
                        if (_messageContext != 0)
                        {
                            throw new DicomProtocolException("An A-RELEASE-RQ arrived in the middle of a DIMSE message.", AbortReason.UnexpectedPdu);
                        }

                        if (await ReleaseCallbackAsync(info).ConfigureAwait(false) is { } refusal)
                        {
                            // The handler could not make good on what it answered (e.g. the instances are not durable):
                            // an A-ABORT, unlike an A-RELEASE-RP, tells the peer to keep and resend them.
                            aborted = new DicomAssociationAbortedException($"The release could not be completed, association aborted: {refusal}", AbortSource.ServiceProvider, AbortReason.NotSpecified);
                            await AbortAndLingerAsync(AbortSource.ServiceProvider, AbortReason.NotSpecified).ConfigureAwait(false);
                            break;
                        }

                        await _out.WriteAsync(PduCodec.EncodeReleaseResponse(), _cts.Token).ConfigureAwait(false);
                        _server.Log(DicomLogLevel.Information, $"Association {Describe()} released.", null);
                        await LingerAsync().ConfigureAwait(false);
                        return;
                    case PduType.Abort:
                        var (source, reason) = PduCodec.DecodeAbort(await ReadSmallBodyAsync(length, "A-ABORT").ConfigureAwait(false));
                        aborted = new DicomAssociationAbortedException($"The peer aborted the association (source {source}, reason {reason}).", source, reason);
                        break;
                    case PduType.AssociateRequest or PduType.AssociateAccept or PduType.AssociateReject or PduType.ReleaseResponse:
                        throw new DicomProtocolException($"Received {PduName(type)} on an established association.", AbortReason.UnexpectedPdu);
                    default:
                        throw new DicomProtocolException($"Received {PduName(type)}.", AbortReason.UnrecognizedPdu);
                }

                break;
            }
        }
        catch (DicomProtocolException ex)
        {
            aborted = new DicomAssociationAbortedException($"Protocol error, association aborted: {ex.Message}", AbortSource.ServiceProvider, ex.AbortReason);
            await AbortAndLingerAsync(AbortSource.ServiceProvider, ex.AbortReason).ConfigureAwait(false);
        }
        catch (DicomNetworkTimeoutException ex)
        {
            aborted = new DicomAssociationAbortedException($"Idle association aborted: {ex.Message}", AbortSource.ServiceProvider, AbortReason.NotSpecified);
            await AbortAndLingerAsync(AbortSource.ServiceProvider, AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            aborted = new DicomAssociationAbortedException("The server is stopping; association aborted.", AbortSource.ServiceUser, AbortReason.NotSpecified);
            await SendAbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
            aborted = new DicomAssociationAbortedException($"The connection was lost: {ex.Message}", ex);
        }

        _server.Log(DicomLogLevel.Warning, $"Association {Describe()} aborted: {aborted.Message}", null);
        await CallbackAsync("aborted", h => h.AssociationAbortedAsync(info, aborted, CancellationToken.None)).ConfigureAwait(false);
    }

    private async ValueTask<byte[]> ReadSmallBodyAsync(uint length, string pdu)
    {
        if (length > 1024)
        {
            throw new DicomProtocolException($"{pdu} has PDU length {length}; it must be 4.");
        }

        return await _in.ReadBytesAsync((int)length).ConfigureAwait(false);
    }

    private async ValueTask ReceiveDataTransferAsync(uint pduLength)
    {
        long remaining = pduLength;
        while (remaining > 0)
        {
            PdvHeader.CheckRoom(remaining);
            await _in.ReadExactAsync(_pdvHeader).ConfigureAwait(false);
            remaining -= PdvHeader.Length;
            var (payload, contextId, isCommand, isLast) = PdvHeader.Decode(_pdvHeader, remaining);
            if (!_contexts.TryGetValue(contextId, out var context) || !context.IsAccepted)
            {
                throw new DicomProtocolException($"A PDV uses presentation context {contextId}, which was not accepted on this association.");
            }

            if (_messageContext != 0 && _messageContext != contextId)
            {
                throw new DicomProtocolException($"A PDV for presentation context {contextId} arrived in the middle of a message on context {_messageContext}.", AbortReason.UnexpectedPduParameter);
            }

            _messageContext = contextId;
            if (isCommand)
            {
                if (_command is not null)
                {
                    throw new DicomProtocolException("A command fragment arrived where the data set of the previous command was expected.", AbortReason.UnexpectedPduParameter);
                }

                if (_commandBytes.WrittenCount + payload > MaxCommandLength)
                {
                    throw new DicomProtocolException($"A command set grew beyond {MaxCommandLength} bytes.");
                }

                await CopyCommandAsync(payload).ConfigureAwait(false);
                if (isLast)
                {
                    _command = DicomCommand.Decode(_commandBytes.WrittenSpan);
                    _commandBytes.ResetWrittenCount();
                    if (_command.HasDataSet)
                    {
                        BeginDataSet(_command);
                    }
                    else
                    {
                        await DispatchAsync().ConfigureAwait(false);
                    }
                }
            }
            else
            {
                if (_command is null)
                {
                    throw new DicomProtocolException("A data-set fragment arrived before its command was complete.", AbortReason.UnexpectedPduParameter);
                }

                await CopyDataAsync(payload).ConfigureAwait(false);
                if (isLast)
                {
                    await DispatchAsync().ConfigureAwait(false);
                }
            }

            remaining -= payload;
        }
    }

    private async ValueTask CopyCommandAsync(long count)
    {
        while (count > 0)
        {
            var buffer = await _in.ReadSomeAsync().ConfigureAwait(false);
            var take = buffer.Slice(0, Math.Min(count, buffer.Length));
            foreach (var segment in take)
            {
                _commandBytes.Write(segment.Span);
            }

            _in.Consume(take.End);
            count -= take.Length;
        }
    }

    private void BeginDataSet(DicomCommand command)
    {
        _dataLength = 0;
        _oversize = false;
        // Only C-STORE data sets are kept; anything else gets "unrecognized operation" once it has been read.
        _discardData = command.GetUInt16(0x0100) != (ushort)DicomCommandField.CStoreRequest;
        _data ??= new DicomDataSetBuffer(_options.MemorySpoolThreshold, _options.SpoolDirectory);
        _prefix = null;
        if (!_discardData && command.AffectedSopClassUid is { Length: > 0 } sopClass && command.AffectedSopInstanceUid is { Length: > 0 } sopInstance)
        {
            try
            {
                _prefix = _server.Handler.StorePrefix(_info!, sopClass, sopInstance, _contexts[_messageContext].TransferSyntax);
            }
            catch (Exception ex)
            {
                _server.Log(DicomLogLevel.Warning, $"Association {Describe()}: the store handler gave no prefix to hash ({ex.Message}); the data set is not hashed while received.", ex);
            }

            if (_prefix is { } prefix)
            {
                _data.HashFrom(prefix, _options.HashWhileReceivingAbove);
            }
        }
    }

    private async ValueTask CopyDataAsync(long count)
    {
        while (count > 0)
        {
            long taken;
            if (_in.TryReadBuffered(out var buffer))
            {
                var take = buffer.Slice(0, Math.Min(count, buffer.Length));
                if (!_discardData)
                {
                    foreach (var segment in take)
                    {
                        await _data!.AppendAsync(segment, _cts.Token).ConfigureAwait(false);
                    }
                }

                taken = take.Length;
                _in.Consume(take.End);
            }
            else if (!_discardData && _data!.TryGetAppendMemory(out var target))
            {
                // Nothing buffered: let the socket write straight into the spool.
                taken = await _in.ReadDirectAsync(target[..(int)Math.Min(count, target.Length)]).ConfigureAwait(false);
                _data.CommitAppend((int)taken);
            }
            else
            {
                _scratch ??= new byte[DicomDataSetBuffer.ChunkSize];
                var read = await _in.ReadDirectAsync(_scratch.AsMemory(0, (int)Math.Min(count, _scratch.Length))).ConfigureAwait(false);
                if (!_discardData)
                {
                    await _data!.AppendAsync(_scratch.AsMemory(0, read), _cts.Token).ConfigureAwait(false);
                }

                taken = read;
            }

            _dataLength += taken;
            count -= taken;
            if (!_discardData && _dataLength > _options.MaxObjectSize)
            {
                // Over the limit: stop keeping bytes, free what we have, keep counting for the error comment.
                _discardData = true;
                _oversize = true;
                _data!.Reset();
            }
        }
    }

    private async ValueTask DispatchAsync()
    {
        var command = _command!;
        var context = _contexts[_messageContext];
        _command = null;
        _messageContext = 0;
        try
        {
            var field = command.CommandField;
            var messageId = command.MessageId ?? throw new DicomProtocolException($"A {field} command has no Message ID (0000,0110).", AbortReason.InvalidPduParameterValue);
            switch (field)
            {
                case DicomCommandField.CEchoRequest:
                    var echoStatus = context.AbstractSyntax == DicomNetworkUids.Verification
                        ? DicomStatus.Success
                        : DicomStatus.SopClassNotSupported.WithComment("C-ECHO on a non-Verification context");
                    await RespondAsync(context.Id, DicomCommandField.CEchoResponse, messageId, echoStatus, command.AffectedSopClassUid ?? context.AbstractSyntax, null).ConfigureAwait(false);
                    break;
                case DicomCommandField.CStoreRequest:
                    var status = await StoreAsync(command, context, messageId).ConfigureAwait(false);
                    await RespondAsync(context.Id, DicomCommandField.CStoreResponse, messageId, status, command.AffectedSopClassUid, command.AffectedSopInstanceUid).ConfigureAwait(false);
                    break;
                case DicomCommandField.CCancelRequest:
                    // Nothing of ours runs long enough to cancel, and C-CANCEL has no response.
                    break;
                case var request when (ushort)request < 0x8000:
                    await RespondAsync(context.Id, (DicomCommandField)((ushort)request | 0x8000), messageId,
                        DicomStatus.UnrecognizedOperation.WithComment($"This SCP performs C-ECHO and C-STORE only, not {request}"),
                        command.AffectedSopClassUid, command.AffectedSopInstanceUid).ConfigureAwait(false);
                    break;
                default:
                    _server.Log(DicomLogLevel.Warning, $"Association {Describe()}: ignored unsolicited {field} (message {messageId}).", null);
                    break;
            }
        }
        finally
        {
            _data?.Reset();
            _dataLength = 0;
            _oversize = false;
            _discardData = false;
        }
    }

    private async ValueTask<DicomStatus> StoreAsync(DicomCommand command, PresentationContextResponse context, ushort messageId)
    {
        var sopClass = command.AffectedSopClassUid;
        var sopInstance = command.AffectedSopInstanceUid;
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            return DicomStatus.CannotUnderstand.WithComment("C-STORE-RQ lacks Affected SOP Class or Instance UID");
        }

        if (!command.HasDataSet)
        {
            return DicomStatus.CannotUnderstand.WithComment("C-STORE-RQ without a data set");
        }

        if (sopClass != context.AbstractSyntax)
        {
            return DicomStatus.SopClassNotSupported.WithComment($"SOP class {sopClass} is not the context's {context.AbstractSyntax}");
        }

        if (_oversize)
        {
            _server.Log(DicomLogLevel.Warning, $"Association {Describe()}: refused message {messageId}, data set of {_dataLength} bytes exceeds the limit of {_options.MaxObjectSize}.", null);
            return DicomStatus.OutOfResources.WithComment($"Data set of {_dataLength} bytes exceeds limit {_options.MaxObjectSize}");
        }

        var request = new DicomStoreRequest
        {
            Association = _info!,
            MessageId = messageId,
            SopClassUid = sopClass,
            SopInstanceUid = sopInstance,
            TransferSyntaxUid = context.TransferSyntax,
            Priority = command.Priority ?? DicomPriority.Medium,
            MoveOriginatorAeTitle = command.MoveOriginatorAeTitle,
            MoveOriginatorMessageId = command.MoveOriginatorMessageId,
            DataSet = _data!,
            Prefix = _prefix,
            Sha256 = _data!.FinishHash(),
        };
        try
        {
            return await _server.Handler.StoreAsync(request, _cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _server.Log(DicomLogLevel.Error, $"Association {Describe()}: store handler failed for message {messageId}: {ex.Message}", ex);
            return DicomStatus.ProcessingFailure.WithComment(ex.Message);
        }
    }

    private ValueTask RespondAsync(byte contextId, DicomCommandField field, ushort messageId, DicomStatus status, string? sopClass, string? sopInstance)
    {
        var response = new DicomCommand
        {
            CommandField = field,
            MessageIdBeingRespondedTo = messageId,
            AffectedSopClassUid = sopClass,
            AffectedSopInstanceUid = sopInstance,
            CommandDataSetType = DicomCommand.NoDataSet,
            Status = status.Code,
        };
        if (!status.IsSuccess && status.ErrorComment is { } comment)
        {
            response.ErrorComment = comment;
        }

        return _out.SendCommandAsync(contextId, response, _payloadLimit, _cts.Token);
    }

    /// <summary>Runs the release callback; the reason it failed, or null when the release may be answered.</summary>
    private async ValueTask<string?> ReleaseCallbackAsync(DicomAssociationInfo info)
    {
        try
        {
            await _server.Handler.AssociationReleasedAsync(info, _cts.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _server.Log(DicomLogLevel.Error, $"Association {Describe()}: the release callback failed: {ex.Message}", ex);
            return ex.Message;
        }
    }

    private async ValueTask CallbackAsync(string what, Func<IDicomStoreHandler, ValueTask> callback)
    {
        try
        {
            await callback(_server.Handler).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _server.Log(DicomLogLevel.Error, $"Association {Describe()}: the {what} callback failed: {ex.Message}", ex);
        }
    }

    private async ValueTask AbortAndLingerAsync(AbortSource source, AbortReason reason)
    {
        if (await SendAbortAsync(source, reason).ConfigureAwait(false))
        {
            await LingerAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> SendAbortAsync(AbortSource source, AbortReason reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.ArtimTimeout);
            await _out.WriteAsync(PduCodec.EncodeAbort(source, reason), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsConnectionEnd(ex) || ex is OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sta13: after RJ, RP or A-ABORT, read and drop whatever comes until the peer closes or ARTIM expires. Closing
    /// at once with unread input would make the kernel send a reset that can destroy our last PDU in flight.
    /// </summary>
    private async ValueTask LingerAsync()
    {
        _in.SetTimer("ARTIM", _options.ArtimTimeout, sliding: false);
        try
        {
            while (true)
            {
                var buffer = await _in.ReadSomeAsync().ConfigureAwait(false);
                _in.Consume(buffer.End);
            }
        }
        catch (Exception ex) when (IsConnectionEnd(ex) || ex is DicomNetworkTimeoutException or OperationCanceledException)
        {
            // Peer closed (the normal case) or ARTIM expired: either way we close now.
        }
    }

    private string Describe() =>
        _info is { } info ? $"{info.CallingAeTitle}->{info.CalledAeTitle} ({_remote}, {info.Id:N})" : $"from {_remote}";

    private static bool IsConnectionEnd(Exception ex) =>
        ex is IOException or SocketException or EndOfStreamException or ObjectDisposedException;

    private static string PduName(byte type) => Enum.IsDefined((PduType)type)
        ? $"an {(PduType)type} PDU (type 0x{type:X2})"
        : $"an unknown PDU type 0x{type:X2}";
}
