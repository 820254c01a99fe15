using FedBus.Dicom;
using FedBus.Ingestion.Index;
using FedBus.Ingestion.Storing;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;

namespace FedBus.Ingestion.Tests;

/// <summary>What a crash leaves in the incoming folder, laid out by hand so the start-up's replay is tested exactly.</summary>
public sealed class StagedInstanceRecoveryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-staged-").FullName;

    [Fact]
    public async Task Instances_a_crashed_run_had_answered_but_not_indexed_are_indexed_and_announced_at_start_up_and_a_write_cut_short_is_dropped()
    {
        var incoming = new IncomingFolder(new IngestionOptions(), new FedBusOptions { DataDirectory = _data });
        var study = new SyntheticStudy(PatientId: "STAGED-1", InstancesPerSeries: 4);
        var files = SyntheticDicom.Instances(study).Select(d => new DicomFile(d, DicomTransferSyntax.ExplicitVRLittleEndian, "DEADPACS").ToBytes()).ToList();
        foreach (var bytes in files.Take(3)) await File.WriteAllBytesAsync(incoming.NewInstancePath(bytes.Length, IngestSource.CStore), bytes);
        // The fourth was being written when the process died: never answered, so never to be indexed.
        var cut = files[3];
        await File.WriteAllBytesAsync(incoming.NewInstancePath(cut.Length, IngestSource.CStore), cut.AsSpan(0, cut.Length / 2).ToArray());

        await using var host = await IngestionHost.StartAsync(_data);
        var received = await host.Published.WaitForAsync(study.StudyInstanceUid, TimeSpan.FromSeconds(30));

        var announced = received.Series.Single().Instances;
        Assert.Equal(3, announced.Count);
        Assert.Equal("DEADPACS", received.CallingAeTitle);
        foreach (var instance in announced)
            Assert.Contains(files.Take(3), f => f.AsSpan().SequenceEqual(File.ReadAllBytes(((FedBus.ServiceDefaults.Blobs.FileSystemBlobStore)host.Blobs).PathOf(instance.BlobSha256))));
        Assert.Equal(3, await host.Index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid)));
        Assert.Empty(Directory.GetFiles(incoming.Root));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
