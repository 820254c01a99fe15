using System.Collections.Concurrent;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

public sealed class ThreadPerAssociationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly PresentationContextRequest[] Ct = [new(Requests.CtImageStorage, [DicomNetworkUids.ExplicitVRLittleEndian])];

    [Fact]
    public async Task Each_association_is_served_on_a_thread_of_its_own_and_comes_back_to_it_after_a_store_that_waited()
    {
        var handler = new ThreadRecordingHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.AssociationThreads = 2);
        await using var _ = server;

        await Task.WhenAll(SendAsync(server.Port, "2.25.71"), SendAsync(server.Port, "2.25.72"));

        var byAssociation = handler.Stores.GroupBy(s => s.Association).ToList();
        Assert.Equal(2, byAssociation.Count);
        foreach (var stores in byAssociation)
        {
            Assert.Equal(3, stores.Count());
            // The first store waited on a timer and finished on the pool; the next ones still started at home.
            Assert.Single(stores.Select(s => s.ThreadId).Distinct());
            Assert.All(stores, s => Assert.False(s.OnPool));
            Assert.All(stores, s => Assert.Equal("DICOM association", s.ThreadName));
        }

        Assert.NotEqual(byAssociation[0].First().ThreadId, byAssociation[1].First().ThreadId);
        Assert.Equal(2, handler.FinishedOnPool);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Fact]
    public async Task Without_association_threads_stores_run_on_the_thread_pool()
    {
        var handler = new ThreadRecordingHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.AssociationThreads = 0);
        await using var _ = server;

        await SendAsync(server.Port, "2.25.73");

        Assert.Equal(3, handler.Stores.Count);
        Assert.All(handler.Stores, s => Assert.True(s.OnPool));
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Fact]
    public async Task Associations_beyond_the_thread_limit_run_on_the_pool_and_a_thread_freed_serves_the_next_one()
    {
        var handler = new ThreadRecordingHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.AssociationThreads = 1);
        await using var _ = server;

        // The first association holds the one thread while the second is served.
        await using (var first = await DicomClientAssociation.ConnectAsync("127.0.0.1", server.Port, Requests.Client(server.Port), Ct))
        {
            Assert.True((await first.StoreAsync(Requests.Item(20_000, "2.25.74.9")).WaitAsync(Wait)).IsSuccess);
            await SendAsync(server.Port, "2.25.75");
            await first.ReleaseAsync().WaitAsync(Wait);
        }

        // Its thread is free once the peer has closed the connection after the release.
        for (var waited = TimeSpan.Zero; server.AssociationThreadsInUse > 0 && waited < Wait; waited += TimeSpan.FromMilliseconds(20)) await Task.Delay(20);
        Assert.Equal(0, server.AssociationThreadsInUse);
        await SendAsync(server.Port, "2.25.76");

        var held = handler.Stores.Single(s => s.Uid == "2.25.74.9");
        Assert.False(held.OnPool);
        Assert.All(handler.Stores.Where(s => s.Uid.StartsWith("2.25.75.", StringComparison.Ordinal)), s => Assert.True(s.OnPool));
        Assert.All(handler.Stores.Where(s => s.Uid.StartsWith("2.25.76.", StringComparison.Ordinal)), s => Assert.False(s.OnPool));
        TestServer.AssertNoUnexpectedFailure(log);
    }

    private static async Task SendAsync(int port, string prefix)
    {
        await using var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", port, Requests.Client(port), Ct);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True((await association.StoreAsync(Requests.Item(20_000, $"{prefix}.{i}")).WaitAsync(Wait)).IsSuccess);
        }

        await association.ReleaseAsync().WaitAsync(Wait);
    }

    private sealed record StoreThread(Guid Association, string Uid, int ThreadId, string? ThreadName, bool OnPool);

    /// <summary>Records the thread each store starts on; an association's first store waits on a timer, so it ends on the pool.</summary>
    private sealed class ThreadRecordingHandler : IDicomStoreHandler
    {
        private int _finishedOnPool;

        public ConcurrentQueue<StoreThread> Stores { get; } = new();

        public int FinishedOnPool => _finishedOnPool;

        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            var thread = Thread.CurrentThread;
            Stores.Enqueue(new StoreThread(request.Association.Id, request.SopInstanceUid, thread.ManagedThreadId, thread.Name, thread.IsThreadPoolThread));
            if (request.SopInstanceUid.EndsWith(".1", StringComparison.Ordinal))
            {
                await Task.Delay(20, cancellationToken);
                if (Thread.CurrentThread.IsThreadPoolThread) Interlocked.Increment(ref _finishedOnPool);
            }

            return DicomStatus.Success;
        }

        public ReadOnlyMemory<byte>? StorePrefix(DicomAssociationInfo association, string sopClassUid, string sopInstanceUid, string transferSyntaxUid) => null;

        public ValueTask AssociationEstablishedAsync(DicomAssociationInfo association, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask AssociationReleasedAsync(DicomAssociationInfo association, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask AssociationAbortedAsync(DicomAssociationInfo association, DicomAssociationAbortedException reason, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
