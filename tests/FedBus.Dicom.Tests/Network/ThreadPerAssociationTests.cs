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
        var (server, log) = await TestServer.StartAsync(handler);
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
    public async Task Without_a_thread_per_association_stores_run_on_the_thread_pool()
    {
        var handler = new ThreadRecordingHandler();
        var (server, log) = await TestServer.StartAsync(handler, o => o.ThreadPerAssociation = false);
        await using var _ = server;

        await SendAsync(server.Port, "2.25.73");

        Assert.Equal(3, handler.Stores.Count);
        Assert.All(handler.Stores, s => Assert.True(s.OnPool));
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

    private sealed record StoreThread(Guid Association, int ThreadId, string? ThreadName, bool OnPool);

    /// <summary>Records the thread each store starts on; an association's first store waits on a timer, so it ends on the pool.</summary>
    private sealed class ThreadRecordingHandler : IDicomStoreHandler
    {
        private int _finishedOnPool;

        public ConcurrentQueue<StoreThread> Stores { get; } = new();

        public int FinishedOnPool => _finishedOnPool;

        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            var thread = Thread.CurrentThread;
            Stores.Enqueue(new StoreThread(request.Association.Id, thread.ManagedThreadId, thread.Name, thread.IsThreadPoolThread));
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
