using FedBus.Dicom;
using FedBus.Dicom.Network;
using FedBus.Contracts;
using FedBus.Ingestion.Index;
using FedBus.Ingestion.Studies;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// Two ingestion replicas, each its own host with its own bus, sharing one MongoDB-compatible store and one blob store,
/// as replicas behind one DICOM address would: a study that arrives through both is announced once, complete.
/// </summary>
public sealed class ReplicaTests(MongoCompatibleServer mongo) : IClassFixture<MongoCompatibleServer>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fedbus-replicas-").FullName;

    [Fact]
    public async Task Two_replicas_sharing_a_study_announce_it_once_with_every_instance_when_the_last_of_them_has_finished()
    {
        var shared = new Dictionary<string, string>
        {
            ["FedBus:Storage:Provider"] = "Mongo",
            ["FedBus:Storage:MongoConnectionString"] = mongo.ConnectionString,
            ["FedBus:Storage:MongoDatabase"] = "replicas-" + Guid.NewGuid().ToString("N")[..10],
            ["FedBus:Storage:BlobRoot"] = Path.Combine(_root, "blobs"),
        };
        await using var one = await IngestionHost.StartAsync(Folder("one"), shared);
        await using var two = await IngestionHost.StartAsync(Folder("two"), shared);
        var study = new SyntheticStudy(PatientId: "REPLICA-1", Series: 2, InstancesPerSeries: 4);
        var items = SyntheticDicom.Instances(study).Select(d => DicomStoreItem.FromDataSet(d.GetString(DicomTag.SOPClassUID)!, d.GetString(DicomTag.SOPInstanceUID)!,
            DicomTransferSyntax.ExplicitVRLittleEndian.Uid, d.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian))).ToList();

        // A modality sends the first half to one replica, a PACS the second half to the other, both associations open.
        await using var first = await ConnectAsync(one, items);
        await using var second = await ConnectAsync(two, items);
        foreach (var item in items.Take(4)) Assert.True((await first.StoreAsync(item)).IsSuccess);
        // jongodb, the test's MongoDB stand-in, does not isolate concurrent transactions (README, "Storage"): under load,
        // with both replicas' index batches committing at once, part of the first one was seen missing afterwards.
        // MongoDB keeps both; here the first replica's batch commits before the second replica sends.
        await WaitForIndexedAsync(one, study.StudyInstanceUid, 4);
        foreach (var item in items.Skip(4)) Assert.True((await second.StoreAsync(item)).IsSuccess);

        // The first release must not complete the study: the other replica's association is still sending it.
        await first.ReleaseAsync();
        var receiving = await one.Index.Studies.GetAsync(study.StudyInstanceUid);
        Assert.Equal((StudyState.Receiving, 1), (receiving!.Document.State, receiving.Document.Senders.Count));
        await second.ReleaseAsync();

        var announcement = await WaitForAnyAsync(study.StudyInstanceUid, one, two);
        Assert.Equal(items.Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal),
            announcement.Series.SelectMany(s => s.Instances).Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal));
        var complete = (await two.Index.Studies.GetAsync(study.StudyInstanceUid))!.Document;
        Assert.Equal((StudyState.Complete, 1, 1, 8), (complete.State, complete.Generation, complete.PublishedGeneration, complete.PublishedInstanceCount));
        Assert.Single(one.Published.For(study.StudyInstanceUid).Concat(two.Published.For(study.StudyInstanceUid)));
        // The claim and its message are one unit of work: the shared outbox (this test's own database) holds exactly one
        // StudyReceived, the one announced.
        var outboxed = await one.Services.GetRequiredService<TransactionalOutbox>().Entries.FindAsync(DocumentFilter.Eq("messageType", typeof(StudyReceived).FullName!));
        var entry = Assert.Single(outboxed).Document;
        Assert.Equal((StudyPublisher.MessageIdFor(study.StudyInstanceUid, 1), announcement.MessageId), (entry.MessageId, entry.MessageId));
    }

    private static async Task WaitForIndexedAsync(IngestionHost replica, string study, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await replica.Index.InstancesOfStudyAsync(study, CancellationToken.None)).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} instances were not indexed within 30 s.");
            await Task.Delay(50);
        }
    }

    private static async Task<DicomClientAssociation> ConnectAsync(IngestionHost replica, IReadOnlyList<DicomStoreItem> items) =>
        await DicomClientAssociation.ConnectAsync("127.0.0.1", replica.DicomPort,
            new DicomClientOptions { CallingAeTitle = "PACS", CalledAeTitle = IngestionHost.AeTitle }, DicomStoreClient.ProposeContexts(items));

    private static async Task<Contracts.StudyReceived> WaitForAnyAsync(string study, params IngestionHost[] replicas)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (replicas.SelectMany(r => r.Published.For(study)).FirstOrDefault() is { } received) return received;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No replica announced {study}.");
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
