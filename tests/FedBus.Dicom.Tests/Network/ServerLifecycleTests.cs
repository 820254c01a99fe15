using System.Net.Sockets;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

public sealed class ServerLifecycleTests
{
    // Bounds for what must eventually happen: generous, since CI runs test assemblies side by side on 2 cores.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly PresentationContextRequest[] Ct =
        [new(Requests.CtImageStorage, [DicomNetworkUids.ExplicitVRLittleEndian]), new(DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVRLittleEndian])];

    [Fact]
    public async Task The_C_STORE_response_is_sent_only_after_the_handler_completed()
    {
        var handler = new GatedStoreHandler();
        var (server, _) = await TestServer.StartAsync(handler);
        await using var _ = server;
        await using var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), Ct);

        var storing = association.StoreAsync(Requests.Item(10_000, "2.25.1101"));
        await handler.Entered.Task.WaitAsync(Wait);
        await Task.Delay(200);
        Assert.False(storing.IsCompleted);

        handler.Gate.SetResult();
        Assert.True((await storing.WaitAsync(Wait)).IsSuccess);
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task The_released_callback_runs_before_the_peer_sees_its_A_RELEASE_RP()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ReleaseGateHandler(released.Task);
        var (server, _) = await TestServer.StartAsync(handler);
        await using var _ = server;
        var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), Ct);

        var releasing = association.ReleaseAsync();
        await Task.Delay(200);
        Assert.False(releasing.IsCompleted);
        released.SetResult();

        await releasing.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_release_the_handler_cannot_complete_is_answered_with_an_A_ABORT_so_the_peer_resends()
    {
        var handler = new ReleaseGateHandler(Task.FromException(new IOException("syncfs failed")));
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;
        var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), Ct);
        Assert.True((await association.StoreAsync(Requests.Item(1_000, "2.25.1102"))).IsSuccess);

        var aborted = await Assert.ThrowsAsync<DicomAssociationAbortedException>(() => association.ReleaseAsync().WaitAsync(Wait));
        Assert.Equal(AbortSource.ServiceProvider, aborted.AbortSource);
        Assert.Contains(log, line => line.Contains("syncfs failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_aborts_an_idle_association_at_once_and_refuses_new_connections()
    {
        var handler = new RecordingStoreHandler();
        var (server, _) = await TestServer.StartAsync(handler);
        var port = server.Port;
        await using var peer = await RawPeer.AssociateAsync(port);

        await server.StopAsync().WaitAsync(Wait);

        var (type, body) = await peer.ReceiveAsync();
        Assert.Equal(PduType.Abort, type);
        Assert.Equal((byte)AbortSource.ServiceUser, body[2]);
        await handler.Ended.WaitAsync(Wait);
        Assert.Contains("server is stopping", Assert.Single(handler.Aborts).Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<SocketException>(() => RawPeer.ConnectAsync(port));
        Assert.Equal(0, server.OpenConnections);
    }

    [Fact]
    public async Task Stopping_closes_a_connection_that_has_not_asked_for_an_association_yet_without_an_error()
    {
        var (server, log) = await TestServer.StartAsync(new RecordingStoreHandler());
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        // The server has taken the connection (not just the kernel's backlog): that is the case under test.
        var deadline = DateTime.UtcNow + Wait;
        while (server.OpenConnections == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, server.OpenConnections);

        await server.StopAsync().WaitAsync(Wait);

        Assert.True(await peer.ClosedByPeerAsync(Wait));
        TestServer.AssertNoUnexpectedFailure(log);
        Assert.DoesNotContain(log, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_lets_a_running_store_finish_and_answer_before_the_association_is_aborted()
    {
        var handler = new GatedStoreHandler();
        var (server, _) = await TestServer.StartAsync(handler);
        var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), Ct);
        var storing = association.StoreAsync(Requests.Item(10_000, "2.25.1201"));
        await handler.Entered.Task.WaitAsync(Wait);

        var stopping = server.StopAsync();
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        handler.Gate.SetResult();

        Assert.True((await storing.WaitAsync(Wait)).IsSuccess);
        await stopping.WaitAsync(Wait);
        Assert.False(handler.SawCancellation);
        await handler.Aborted.Task.WaitAsync(Wait);
        await Assert.ThrowsAsync<DicomAssociationAbortedException>(() => association.EchoAsync());
    }

    [Fact]
    public async Task A_hard_stop_cancels_the_running_handler()
    {
        var handler = new GatedStoreHandler();
        var (server, _) = await TestServer.StartAsync(handler);
        await using var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), Ct);
        var storing = association.StoreAsync(Requests.Item(10_000, "2.25.1301"));
        await handler.Entered.Task.WaitAsync(Wait);

        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await server.StopAsync(now.Token).WaitAsync(Wait);

        Assert.True(handler.SawCancellation);
        await Assert.ThrowsAsync<DicomAssociationAbortedException>(() => storing.WaitAsync(Wait));
    }

    [Fact]
    public async Task Small_maximum_PDU_lengths_on_both_sides_fragment_and_reassemble_a_large_data_set_exactly()
    {
        var handler = new RecordingStoreHandler();
        var (server, _) = await TestServer.StartAsync(handler, o => o.MaxPduLength = 4096);
        await using var _ = server;
        var options = Requests.Client(server.Port);
        options.MaxPduLength = 4096;
        var data = Requests.DataSet(300_001, seed: 7);

        var results = await new DicomStoreClient(options).StoreAsync("127.0.0.1", server.Port,
            [DicomStoreItem.FromDataSet(Requests.CtImageStorage, "2.25.1401", DicomNetworkUids.ExplicitVRLittleEndian, data)]);

        Assert.True(results[0].Status.IsSuccess);
        Assert.Equal(data, Assert.Single(handler.Received).DataSet);
    }

    [Fact]
    public async Task A_data_set_beyond_the_memory_threshold_reaches_the_handler_from_a_spill_file_intact()
    {
        var handler = new RecordingStoreHandler();
        var (server, _) = await TestServer.StartAsync(handler, o => o.MemorySpoolThreshold = 100_000);
        await using var _ = server;
        var data = Requests.DataSet(1_000_000, seed: 3);

        var results = await new DicomStoreClient(Requests.Client(server.Port)).StoreAsync("127.0.0.1", server.Port,
            [DicomStoreItem.FromDataSet(Requests.CtImageStorage, "2.25.1501", DicomNetworkUids.ExplicitVRLittleEndian, data)]);

        Assert.True(results[0].Status.IsSuccess);
        var received = Assert.Single(handler.Received);
        Assert.False(received.WasInMemory);
        Assert.Equal(data, received.DataSet);
    }

    [Fact]
    public async Task Port_zero_binds_a_free_port_and_invalid_options_are_refused_by_name()
    {
        var (server, _) = await TestServer.StartAsync(new RecordingStoreHandler());
        await using var _ = server;

        Assert.NotEqual(0, server.Port);
        var error = Assert.Throws<ArgumentException>(() => new DicomServer(new DicomServerOptions { AeTitle = "THIS-AE-TITLE-IS-TOO-LONG" }, new RecordingStoreHandler()));
        Assert.Contains("AeTitle", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DicomServer(new DicomServerOptions { MaxPduLength = 100 }, new RecordingStoreHandler()));
    }

    private sealed class ReleaseGateHandler(Task gate) : IDicomStoreHandler
    {
        public ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(DicomStatus.Success);

        public async ValueTask AssociationReleasedAsync(DicomAssociationInfo association, CancellationToken cancellationToken) => await gate;
    }
}
