using FedBus.Dicom;
using FedBus.Dicom.Network;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using FedBus.Testing;

namespace FedBus.Ingestion.Tests;

/// <summary>A PACS (DCMTK, or our own SCU) sends studies to the running ingestion service by C-STORE.</summary>
public sealed class CStoreIngestionTests(IngestionHost host) : IClassFixture<IngestionHost>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-cstore-").FullName;

    [Fact]
    public async Task A_study_sent_by_storescu_is_indexed_once_and_announced_once_when_the_association_is_released()
    {
        var study = new SyntheticStudy(Series: 2, InstancesPerSeries: 3);
        var files = SyntheticDicom.WriteStudy(_folder, study);

        var (code, output) = await DcmtkTools.StoreAsync(host.DicomPort, files);
        Assert.True(code == 0, output);

        // Announced on release, before storescu saw its A-RELEASE-RP: published by the time it exited, not after the
        // settle time. And once: the study is complete and no longer arriving, so nothing can announce it again.
        await host.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid, generation: 1);
        var received = await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime);
        Assert.Equal("site-test", received.SiteId);
        Assert.Equal("TESTPACS", received.CallingAeTitle);
        Assert.Equal(2, received.Series.Count);
        Assert.All(received.Series, s => Assert.Equal(3, s.Instances.Count));
        Assert.All(received.Series, s => Assert.Equal("CT", s.Modality));
        Assert.Equal([1, 2, 3], received.Series[0].Instances.Select(i => i.InstanceNumber ?? 0));

        var indexed = await host.Index.InstancesOfStudyAsync(study.StudyInstanceUid, CancellationToken.None);
        Assert.Equal(6, indexed.Count);
        foreach (var path in files)
        {
            // The stored blob is a Part 10 file whose data set is byte for byte what storescu sent.
            var original = DicomPart10Header.Read(path);
            var record = indexed.Single(i => i.Id == original.Meta.MediaStorageSopInstanceUid).Document;
            var stored = await host.Blobs.ReadAllBytesAsync(record.BlobSha256);
            var storedHeader = DicomPart10Header.Read(stored);
            var sent = await File.ReadAllBytesAsync(path);
            Assert.Equal(sent.AsSpan((int)original.DatasetOffset).ToArray(), stored.AsSpan((int)storedHeader.DatasetOffset).ToArray());
            Assert.Equal("TESTPACS", storedHeader.Meta.SourceApplicationEntityTitle);
            // Hashed while it was received, not read back: the name must still be the hash of exactly these bytes.
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)), record.BlobSha256);
            Assert.Equal(stored.Length, record.SizeBytes);
        }
    }

    [Fact]
    public async Task A_release_and_a_STOW_RS_response_do_not_wait_for_the_index_to_linger_for_a_fuller_batch()
    {
        // An hour's linger: if the end of an association or request did not cut it short, neither would finish here.
        await using var lingering = await IngestionHost.StartAsync(Path.Combine(_folder, "lingering"),
            new Dictionary<string, string> { ["FedBus:Ingestion:CommitLinger"] = "01:00:00" });
        var study = new SyntheticStudy(Series: 1, InstancesPerSeries: 3);
        var files = SyntheticDicom.WriteStudy(Path.Combine(_folder, "sent"), study);

        var store = DcmtkTools.StoreAsync(lingering.DicomPort, files);
        Assert.Same(store, await Task.WhenAny(store, Task.Delay(TimeSpan.FromSeconds(60))));
        var (code, output) = await store;
        Assert.True(code == 0, output);
        Assert.Equal(3, (await lingering.Index.InstancesOfStudyAsync(study.StudyInstanceUid, CancellationToken.None)).Count);
        await lingering.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid, generation: 1);

        var posted = new SyntheticStudy(PatientId: "LINGER", InstancesPerSeries: 2);
        using var http = lingering.Http();
        using var response = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow(SyntheticDicom.WriteStudy(Path.Combine(_folder, "posted"), posted).Select(File.ReadAllBytes).ToList()));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await lingering.Index.InstancesOfStudyAsync(posted.StudyInstanceUid, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Instances_written_past_the_background_sync_size_are_synced_on_the_flusher_thread_before_any_is_committed_and_the_release_syncs_again()
    {
        FlushRecordingBlobStore? blobs = null;
        // A 1-byte threshold: every written instance asks for a background sync. The hour-long linger keeps the committer
        // from indexing anything until the release asks, so a sync before that was asked by the writes themselves.
        await using var watched = await IngestionHost.StartAsync(Path.Combine(_folder, "watched"),
            new Dictionary<string, string> { ["FedBus:Ingestion:BackgroundSyncBytes"] = "1", ["FedBus:Ingestion:CommitLinger"] = "01:00:00" },
            services =>
            {
                var real = services.Last(d => d.ServiceType == typeof(IBlobStore));
                services.AddSingleton<IBlobStore>(sp => blobs = new FlushRecordingBlobStore((IBlobStore)real.ImplementationFactory!(sp)));
            });
        var study = new SyntheticStudy(Series: 1, InstancesPerSeries: 6);
        var items = SyntheticDicom.Instances(study).Select(Item).ToList();
        await using var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", watched.DicomPort,
            new DicomClientOptions { CallingAeTitle = "FLUSHPACS", CalledAeTitle = IngestionHost.AeTitle }, DicomStoreClient.ProposeContexts(items));
        foreach (var item in items) Assert.True((await association.StoreAsync(item)).IsSuccess);

        // The association is still open: the flusher syncs what was written while nothing is indexed yet.
        for (var waited = 0; waited < 100 && !blobs!.FlushThreads.Contains("Blob store flusher"); waited++) await Task.Delay(100);
        Assert.Contains("Blob store flusher", blobs!.FlushThreads);
        Assert.Equal(0, await watched.Index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid)));

        // The release's own sync runs on the association's thread, after the commit it waits for.
        await association.ReleaseAsync();
        await watched.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid, generation: 1);
        Assert.Contains(blobs.FlushThreads, name => name != "Blob store flusher");
        Assert.Equal(6, await watched.Index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid)));
    }

    [Fact]
    public async Task Resending_a_study_stores_nothing_twice_and_announces_it_no_second_time()
    {
        var study = new SyntheticStudy(InstancesPerSeries: 4);
        var files = SyntheticDicom.WriteStudy(_folder, study);
        Assert.Equal(0, (await DcmtkTools.StoreAsync(host.DicomPort, files)).ExitCode);
        await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime);
        var blobsBefore = CountBlobs();
        Assert.True(blobsBefore >= 4, $"expected the study's blobs, found {blobsBefore}");

        var (code, output) = await DcmtkTools.StoreAsync(host.DicomPort, files);
        Assert.True(code == 0, output);

        // storescu has its A-RELEASE-RP: every instance was handled and the release processed. A resend that reopened
        // the study would leave it arriving (and announce it again on this release or after the settle time).
        await host.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid, generation: 1);
        Assert.Equal(4, await host.Index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid)));
        Assert.Equal(blobsBefore, CountBlobs());
    }

    [Fact]
    public async Task A_new_instance_after_completion_reopens_the_study_and_announces_it_again_with_every_instance()
    {
        var study = new SyntheticStudy(InstancesPerSeries: 3);
        var files = SyntheticDicom.WriteStudy(_folder, study);
        Assert.Equal(0, (await DcmtkTools.StoreAsync(host.DicomPort, files.Take(2))).ExitCode);
        var first = await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime);
        Assert.Equal(0, (await DcmtkTools.StoreAsync(host.DicomPort, files.Skip(2))).ExitCode);

        // Once per generation, and closed again at the second.
        await host.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid, generation: 2);
        var announcements = await host.Published.WaitForCountAsync(study.StudyInstanceUid, 2, host.SettleTime * 3);
        Assert.Equal(2, first.Series.Single().Instances.Count);
        Assert.Equal(3, announcements[1].Series.Single().Instances.Count);
        Assert.NotEqual(first.MessageId, announcements[1].MessageId);
        var record = await host.Index.Studies.GetAsync(study.StudyInstanceUid);
        Assert.Equal(3, record!.Document.PublishedInstanceCount);
    }

    [Fact]
    public async Task echoscu_and_dcmsend_succeed_against_the_service()
    {
        var port = host.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var echo = await DcmtkTools.RunAsync("echoscu", "-aet", "TESTPACS", "-aec", IngestionHost.AeTitle, "127.0.0.1", port);
        Assert.True(echo.ExitCode == 0, echo.Output);

        var study = new SyntheticStudy(InstancesPerSeries: 2);
        var files = SyntheticDicom.WriteStudy(_folder, study);
        var send = await DcmtkTools.RunAsync("dcmsend", ["-aet", "TESTPACS", "-aec", IngestionHost.AeTitle, "127.0.0.1", port, .. files]);
        Assert.True(send.ExitCode == 0, send.Output);
        var received = await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime * 2);
        Assert.Equal(2, received.Series.Single().Instances.Count);
    }

    [Fact]
    public async Task A_data_set_that_cannot_be_parsed_gets_status_C000_and_nothing_is_indexed()
    {
        var sop = SyntheticDicom.NewUid();
        // An explicit VR element header claiming 0x7FFFFFF0 bytes of value in a 20-byte data set.
        byte[] garbage = [0x08, 0x00, 0x18, 0x00, (byte)'U', (byte)'I', 0xF0, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var results = await Client().StoreAsync("127.0.0.1", host.DicomPort,
            [DicomStoreItem.FromDataSet(SyntheticDicom.CtImageStorage, sop, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, garbage)]);
        Assert.Equal(0xC000, results.Single().Status.Code);
        Assert.False(string.IsNullOrEmpty(results.Single().Status.ErrorComment));
        Assert.Null(await host.Index.Instances.GetAsync(sop));
    }

    [Fact]
    public async Task A_data_set_whose_SOP_class_differs_from_the_request_gets_status_A900_and_nothing_is_indexed()
    {
        var dataset = SyntheticDicom.Instances(new SyntheticStudy(InstancesPerSeries: 1)).Single();
        var sop = dataset.GetString(DicomTag.SOPInstanceUID)!;
        var bytes = dataset.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian);
        const string mrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
        var results = await Client().StoreAsync("127.0.0.1", host.DicomPort,
            [DicomStoreItem.FromDataSet(mrImageStorage, sop, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, bytes)]);
        Assert.Equal(0xA900, results.Single().Status.Code);
        Assert.Null(await host.Index.Instances.GetAsync(sop));
    }

    [Fact]
    public async Task A_data_set_without_a_study_instance_uid_is_refused_with_a_reason_and_the_association_keeps_working()
    {
        var broken = SyntheticDicom.Instances(new SyntheticStudy(InstancesPerSeries: 1)).Single();
        broken.Remove(DicomTag.StudyInstanceUID);
        var good = SyntheticDicom.Instances(new SyntheticStudy(InstancesPerSeries: 1)).Single();
        var results = await Client().StoreAsync("127.0.0.1", host.DicomPort,
        [
            Item(broken), Item(good),
        ]);
        Assert.Equal(0xC000, results[0].Status.Code);
        Assert.Contains("Study Instance UID", results[0].Status.ErrorComment, StringComparison.Ordinal);
        Assert.Equal(0x0000, results[1].Status.Code);
        Assert.NotNull(await host.Index.Instances.GetAsync(good.GetString(DicomTag.SOPInstanceUID)!));
        Assert.Null(await host.Index.Instances.GetAsync(broken.GetString(DicomTag.SOPInstanceUID)!));
    }

    private static DicomStoreItem Item(DicomDataset dataset) =>
        DicomStoreItem.FromDataSet(dataset.GetString(DicomTag.SOPClassUID)!, dataset.GetString(DicomTag.SOPInstanceUID)!,
            DicomTransferSyntax.ExplicitVRLittleEndian.Uid, dataset.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian));

    private static DicomStoreClient Client() => new(new DicomClientOptions { CallingAeTitle = "OURSCU", CalledAeTitle = IngestionHost.AeTitle });

    private int CountBlobs()
    {
        var root = ((FedBus.ServiceDefaults.Blobs.FileSystemBlobStore)host.Blobs).Root;
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count(f => !f.StartsWith(Path.Combine(root, "tmp"), StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
