using System.Buffers.Binary;
using System.Text;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Each bad peer gets the specific answer PS3.7/PS3.8 prescribe, and the server then still serves a normal association.</summary>
public sealed class ScpBadInputTests
{
    // A bound for what must eventually happen (timers here are 300–500 ms): generous, since CI shares 2 cores among test assemblies.
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Garbage_bytes_instead_of_a_PDU_get_an_A_ABORT_for_an_unrecognized_PDU_and_the_connection_closes_by_ARTIM()
    {
        var handler = new RecordingStoreHandler();
        // After A-ABORT the server waits (ARTIM) for the peer to close; an HTTP client never does.
        var (server, log) = await TestServer.StartAsync(handler, o => o.ArtimTimeout = TimeSpan.FromMilliseconds(500));
        await using var _ = server;

        await using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            await peer.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: pacs\r\n\r\n"));
            var (type, body) = await peer.ReceiveAsync();
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortSource.ServiceProvider, body[2]);
            Assert.Equal((byte)AbortReason.UnrecognizedPdu, body[3]);
            Assert.True(await peer.ClosedByPeerAsync(Short));
        }

        Assert.Contains(log, l => l.Contains("unknown PDU type 0x47", StringComparison.Ordinal));
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task An_A_ASSOCIATE_RQ_whose_item_length_overruns_the_PDU_is_aborted_as_an_invalid_parameter()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;
        var request = PduCodec.EncodeAssociateRequest(Requests.Standard());
        // First item after the 74 fixed bytes is the application context; claim far more bytes than the PDU holds.
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(74 + 2), 5000);

        await using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            await peer.SendAsync(request);
            var (type, body) = await peer.ReceiveAsync();
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortReason.InvalidPduParameterValue, body[3]);
        }

        Assert.Contains(log, l => l.Contains("claims 5000 bytes", StringComparison.Ordinal));
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task An_A_RELEASE_RQ_with_a_wrong_PDU_length_aborts_the_association_and_reports_it_to_the_handler()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        await using (var peer = await RawPeer.AssociateAsync(server.Port))
        {
            await peer.SendAsync([(byte)PduType.ReleaseRequest, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            var (type, body) = await peer.ReceiveAsync();
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortReason.InvalidPduParameterValue, body[3]);
        }

        await handler.Ended.WaitAsync(Short);
        var abort = Assert.Single(handler.Aborts);
        Assert.Contains("A-RELEASE-RQ has PDU length 10", abort.Message, StringComparison.Ordinal);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_PDV_longer_than_its_P_DATA_TF_PDU_is_aborted()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        await using (var peer = await RawPeer.AssociateAsync(server.Port))
        {
            var pdu = RawPeer.DataPdu(3, isCommand: true, last: true, Requests.EchoCommand(1).Encode());
            BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), 100_000);
            await peer.SendAsync(pdu);
            var (type, body) = await peer.ReceiveAsync();
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortReason.InvalidPduParameterValue, body[3]);
        }

        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_P_DATA_TF_larger_than_our_maximum_PDU_length_is_aborted_before_it_is_read()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.MaxPduLength = 16384);
        await using var _ = server;

        await using (var peer = await RawPeer.AssociateAsync(server.Port))
        {
            // Only the header: the server must judge the length without waiting for 1 MB.
            await peer.SendAsync([(byte)PduType.DataTransfer, 0, 0, 0x10, 0, 0]);
            var (type, body) = await peer.ReceiveAsync();
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortReason.InvalidPduParameterValue, body[3]);
        }

        await handler.Ended.WaitAsync(Short);
        Assert.Contains("exceeds our maximum PDU length of 16384", Assert.Single(handler.Aborts).Message, StringComparison.Ordinal);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_wrong_called_AE_title_is_rejected_permanently_with_called_AE_not_recognized()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        var ex = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() =>
            new DicomStoreClient(Requests.Client(server.Port, calledAe: "NOT-US")).EchoAsync("127.0.0.1", server.Port));
        Assert.Equal(AssociationRejection.CalledAeTitleNotRecognized, ex.Rejection);
        Assert.Equal((RejectResult.Permanent, RejectSource.ServiceUser, (byte)7), (ex.Rejection.Result, ex.Rejection.Source, ex.Rejection.Reason));

        var echoscu = await Dcmtk.RunAsync("echoscu", ["-aec", "NOT-US", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.NotEqual(0, echoscu.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", echoscu.Output, StringComparison.Ordinal);
        Assert.Empty(handler.Events);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_calling_AE_title_not_on_the_allow_list_is_rejected_with_calling_AE_not_recognized()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.AllowedCallingAeTitles = new HashSet<string> { "OURSCU" });
        await using var _ = server;

        var ex = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() =>
            new DicomStoreClient(Requests.Client(server.Port, callingAe: "INTRUDER")).EchoAsync("127.0.0.1", server.Port));

        Assert.Equal(AssociationRejection.CallingAeTitleNotRecognized, ex.Rejection);
        Assert.Contains(log, l => l.Contains("calling AE title 'INTRUDER' is not on the allow-list", StringComparison.Ordinal));
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task An_unknown_SOP_class_gets_its_presentation_context_rejected_while_the_known_one_is_stored()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;
        var client = new DicomStoreClient(Requests.Client(server.Port));

        var results = await client.StoreAsync("127.0.0.1", server.Port,
        [
            Requests.Item(500, "2.25.501", sopClass: "1.2.3.4.5.6.7"),
            Requests.Item(500, "2.25.502"),
        ]);

        Assert.False(results[0].Sent);
        Assert.Equal(DicomStatus.SopClassNotSupported.Code, results[0].Status.Code);
        Assert.Contains("AbstractSyntaxNotSupported", results[0].Status.ErrorComment, StringComparison.Ordinal);
        Assert.True(results[1].Sent);
        Assert.True(results[1].Status.IsSuccess);
        Assert.Equal("2.25.502", Assert.Single(handler.Received).SopInstanceUid);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_C_STORE_whose_SOP_class_differs_from_its_presentation_context_gets_status_0122()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        await using (var peer = await RawPeer.AssociateAsync(server.Port))
        {
            await peer.SendMessageAsync(1, Requests.StoreCommand(7, sopClass: Requests.MrImageStorage), Requests.DataSet(100));
            var response = await peer.ReceiveCommandAsync();
            Assert.Equal(DicomCommandField.CStoreResponse, response.CommandField);
            Assert.Equal((ushort)7, response.MessageIdBeingRespondedTo);
            Assert.Equal((ushort)0x0122, response.Status);
            Assert.Contains(Requests.MrImageStorage, response.ErrorComment, StringComparison.Ordinal);
        }

        Assert.Empty(handler.Received);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task An_object_over_the_size_limit_gets_status_A700_without_reaching_the_handler_and_the_association_goes_on()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.MaxObjectSize = 50_000);
        await using var _ = server;
        await using var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port),
            [new PresentationContextRequest(Requests.CtImageStorage, [DicomNetworkUids.ExplicitVRLittleEndian])]);

        var tooBig = await association.StoreAsync(Requests.Item(200_000, "2.25.601"));
        var fits = await association.StoreAsync(Requests.Item(40_000, "2.25.602"));
        await association.ReleaseAsync();

        Assert.Equal((ushort)0xA700, tooBig.Code);
        Assert.Contains("exceeds limit 50000", tooBig.ErrorComment, StringComparison.Ordinal);
        Assert.True(fits.IsSuccess);
        Assert.Equal("2.25.602", Assert.Single(handler.Received).SopInstanceUid);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task One_association_too_many_is_rejected_transiently_with_local_limit_exceeded()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.MaxAssociations = 2);
        await using var _ = server;
        var verification = new[] { new PresentationContextRequest(DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVRLittleEndian]) };
        var first = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), verification);
        var second = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), verification);

        var ex = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() =>
            DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), verification));

        Assert.Equal((RejectResult.Transient, RejectSource.ServiceProviderPresentation, (byte)2), (ex.Rejection.Result, ex.Rejection.Source, ex.Rejection.Reason));
        Assert.Equal(2, server.ActiveAssociations);
        await first.ReleaseAsync();
        await second.ReleaseAsync();
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task An_idle_association_is_aborted_after_the_idle_timeout()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.IdleTimeout = TimeSpan.FromMilliseconds(300));
        await using var _ = server;

        await using (var peer = await RawPeer.AssociateAsync(server.Port))
        {
            var (type, body) = await peer.ReceiveAsync(Short);
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortSource.ServiceProvider, body[2]);
        }

        await handler.Ended.WaitAsync(Short);
        Assert.Contains("idle timer expired", Assert.Single(handler.Aborts).Message, StringComparison.Ordinal);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_peer_that_stalls_in_the_middle_of_a_data_set_is_aborted_by_the_idle_timer()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.IdleTimeout = TimeSpan.FromMilliseconds(400));
        await using var _ = server;

        await using (var peer = await RawPeer.AssociateAsync(server.Port))
        {
            await peer.SendAsync(RawPeer.DataPdu(1, isCommand: true, last: true, Requests.StoreCommand(1).Encode()));
            var promised = RawPeer.DataPdu(1, isCommand: false, last: true, Requests.DataSet(10_000));
            await peer.SendAsync(promised[..500]);
            var (type, body) = await peer.ReceiveAsync(Short);
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortSource.ServiceProvider, body[2]);
        }

        await handler.Ended.WaitAsync(Short);
        Assert.Contains("idle timer expired", Assert.Single(handler.Aborts).Message, StringComparison.Ordinal);
        Assert.Empty(handler.Received);
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_connection_that_never_sends_an_A_ASSOCIATE_RQ_is_closed_when_ARTIM_expires()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.ArtimTimeout = TimeSpan.FromMilliseconds(300));
        await using var _ = server;

        await using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            Assert.True(await peer.ClosedByPeerAsync(Short));
        }

        Assert.Contains(log, l => l.Contains("ARTIM timer expired", StringComparison.Ordinal));
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task ARTIM_is_a_fixed_deadline_so_an_A_ASSOCIATE_RQ_trickled_byte_by_byte_cannot_hold_the_connection()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.ArtimTimeout = TimeSpan.FromMilliseconds(500));
        await using var _ = server;
        var request = PduCodec.EncodeAssociateRequest(Requests.Standard());
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            try
            {
                foreach (var b in request)
                {
                    await peer.SendAsync([b]);
                    await Task.Delay(50);
                }
            }
            catch (IOException)
            {
                // The server closed the connection under us: that is the point.
            }

            Assert.True(await peer.ClosedByPeerAsync(Short));
        }

        // Trickled to the end, the request would take request.Length × 50 ms (seconds); ARTIM cuts it at 0.5 s.
        var trickle = TimeSpan.FromMilliseconds(request.Length * 50);
        Assert.True(watch.Elapsed < trickle / 2, $"closed only after {watch.Elapsed} of a {trickle} trickle");
        Assert.Contains(log, l => l.Contains("The ARTIM timer expired", StringComparison.Ordinal));
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_handler_failure_becomes_status_0110_with_its_message_and_the_association_goes_on()
    {
        var handler = new RecordingStoreHandler
        {
            Respond = r => r.SopInstanceUid == "2.25.701" ? throw new InvalidOperationException("disk full") : DicomStatus.Success,
        };
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        var results = await new DicomStoreClient(Requests.Client(server.Port)).StoreAsync("127.0.0.1", server.Port,
            [Requests.Item(300, "2.25.701"), Requests.Item(300, "2.25.702")]);

        Assert.Equal(new DicomStatus(0x0110, "disk full"), results[0].Status);
        Assert.True(results[1].Status.IsSuccess);
        Assert.Contains(log, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("disk full", StringComparison.Ordinal));
        await AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task A_release_request_in_the_middle_of_a_message_aborts_instead_of_reporting_a_clean_release()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        await using (var peer = await RawPeer.AssociateAsync(server.Port))
        {
            await peer.SendAsync(RawPeer.DataPdu(1, isCommand: true, last: true, Requests.StoreCommand(1).Encode()));
            await peer.SendAsync(RawPeer.DataPdu(1, isCommand: false, last: false, new byte[64]));
            await peer.SendAsync(PduCodec.EncodeReleaseRequest());
            var (type, body) = await peer.ReceiveAsync();
            Assert.Equal(PduType.Abort, type);
            Assert.Equal((byte)AbortReason.UnexpectedPdu, body[3]);
        }

        await handler.Ended.WaitAsync(Short);
        Assert.DoesNotContain("released", handler.Events);
        Assert.Empty(handler.Received);
        await AssertServesNormallyAsync(server, handler, log);
    }

    /// <summary>After the bad peer: C-ECHO and a C-STORE over a fresh association succeed, and nothing crashed.</summary>
    internal static async Task AssertServesNormallyAsync(DicomServer server, RecordingStoreHandler handler, System.Collections.Concurrent.ConcurrentQueue<string> log)
    {
        var client = new DicomStoreClient(Requests.Client(server.Port));
        Assert.True((await client.EchoAsync("127.0.0.1", server.Port)).IsSuccess);
        var instance = $"2.25.{Random.Shared.Next(1_000_000, 9_999_999)}";
        var results = await client.StoreAsync("127.0.0.1", server.Port, [Requests.Item(2000, instance)]);
        Assert.True(results[0].Status.IsSuccess, results[0].Status.ToString());
        Assert.Contains(handler.Received, r => r.SopInstanceUid == instance);
        TestServer.AssertNoUnexpectedFailure(log);
    }
}
