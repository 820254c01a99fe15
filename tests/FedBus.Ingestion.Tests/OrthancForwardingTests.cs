using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;

namespace FedBus.Ingestion.Tests;

/// <summary>A real PACS (Orthanc) forwards studies to us, as a hospital would route them.</summary>
public sealed class OrthancForwardingTests(IngestionHost host) : IClassFixture<IngestionHost>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-orthanc-files-").FullName;

    [Fact]
    public async Task Orthanc_forwards_a_study_by_CStore_and_every_instance_is_indexed_once()
    {
        var study = new SyntheticStudy(PatientId: "ORTHANC-C", Series: 2, InstancesPerSeries: 3);
        var files = SyntheticDicom.WriteStudy(_folder, study);
        await using var orthanc = await OrthancPeer.StartAsync(IngestionHost.AeTitle, host.DicomPort, new Uri(host.BaseAddress, "/dicomweb/"));
        var id = await orthanc.UploadAsync(files);

        await orthanc.ForwardByCStoreAsync(id);
        var received = await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime * 3);
        Assert.Equal("ORTHANC", received.CallingAeTitle);
        Assert.Equal(6, received.Series.Sum(s => s.Instances.Count));

        // The PACS sends it again (Orthanc answers once every C-STORE is answered): nothing new is indexed, and the
        // study stays complete and closed, so nothing can announce it again.
        await orthanc.ForwardByCStoreAsync(id);
        Assert.Equal(6, await host.Index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid)));
        await host.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid);
    }

    [Fact]
    public async Task Orthanc_forwards_a_study_by_STOW_RS_and_every_instance_is_indexed_once()
    {
        var study = new SyntheticStudy(PatientId: "ORTHANC-S", InstancesPerSeries: 4);
        var files = SyntheticDicom.WriteStudy(_folder, study);
        await using var orthanc = await OrthancPeer.StartAsync(IngestionHost.AeTitle, host.DicomPort, new Uri(host.BaseAddress, "/dicomweb/"));
        var id = await orthanc.UploadAsync(files);

        await orthanc.ForwardByStowAsync(id);
        var received = await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime * 4);
        Assert.Equal(4, received.Series.Single().Instances.Count);

        await orthanc.ForwardByStowAsync(id);
        Assert.Equal(4, await host.Index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid)));
        await host.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
