using FedBus.Dicom;
using FedBus.Dicom.Network;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// The service killed with SIGKILL in the middle of an association, then started again on the same data: every
/// instance it answered with success is stored, indexed and announced, and nothing is half-indexed.
/// </summary>
public sealed class CrashRecoveryTests(RabbitMqVirtualHost vhost, ITestOutputHelper output) : IClassFixture<RabbitMqVirtualHost>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-crash-").FullName;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["FedBus:Ingestion:StudySettleTime"] = "00:00:02",
    };

    [Fact]
    public async Task After_kill_9_in_the_middle_of_an_association_every_instance_answered_with_success_is_stored_indexed_and_announced_after_the_restart()
    {
        await using var listener = await StudyListener.StartAsync(vhost);
        var study = new SyntheticStudy(PatientId: "CRASH-1", Series: 2, InstancesPerSeries: 30, Rows: 256, Columns: 256);
        var items = SyntheticDicom.Instances(study).Select(d => DicomStoreItem.FromDataSet(d.GetString(DicomTag.SOPClassUID)!, d.GetString(DicomTag.SOPInstanceUID)!,
            DicomTransferSyntax.ExplicitVRLittleEndian.Uid, d.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian))).ToList();
        var answered = new List<string>();
        int staged;

        await using (var doomed = await IngestionProcess.StartAsync(_data, Settings, vhost.Settings))
        {
            var association = await DicomClientAssociation.ConnectAsync("127.0.0.1", doomed.DicomPort,
                new DicomClientOptions { CallingAeTitle = "CRASHPACS", CalledAeTitle = IngestionHost.AeTitle }, DicomStoreClient.ProposeContexts(items));
            // Some instances indexed before the crash, some still on their way: wait until the first 20 are searchable.
            answered.AddRange(await StoreAsync(association, items.Take(20)));
            using (var before = doomed.Http())
            {
                while ((await DicomWebClient.SearchAsync(before, $"/dicomweb/studies/{study.StudyInstanceUid}/instances?limit=1000")).Count < 20) await Task.Delay(50);
            }
            // Then four associations at once, faster than one process indexes, all open when it dies: the kill finds
            // some instances still staged.
            var others = new List<DicomClientAssociation>();
            for (var k = 0; k < 3; k++)
            {
                others.Add(await DicomClientAssociation.ConnectAsync("127.0.0.1", doomed.DicomPort,
                    new DicomClientOptions { CallingAeTitle = "CRASHPACS", CalledAeTitle = IngestionHost.AeTitle }, DicomStoreClient.ProposeContexts(items)));
            }
            var more = await Task.WhenAll(others.Append(association).Select((a, k) => StoreAsync(a, items.Skip(20 + (k * 10)).Take(10))));
            await doomed.KillAsync();
            answered.AddRange(more.SelectMany(m => m));
            foreach (var other in others) await other.DisposeAsync();
            staged = Directory.GetFiles(Path.Combine(_data, "incoming")).Length;
            await association.DisposeAsync();
        }
        // How many answered instances the killed process had not indexed yet varies; the restart must not care.
        output.WriteLine($"{staged} of {answered.Count} answered instances were still staged when the process died.");

        await using var restarted = await IngestionProcess.StartAsync(_data, Settings, vhost.Settings);
        var received = await listener.Received.WaitForAsync(study.StudyInstanceUid, Patience);
        var announced = received.Series.SelectMany(s => s.Instances).ToList();
        Assert.Equal(answered.Order(StringComparer.Ordinal), announced.Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(_data, "incoming")));

        // Indexed once, with its bytes: the index counts each once, and WADO-RS returns every one, byte for byte.
        using var http = restarted.Http();
        var found = Assert.Single(await DicomWebClient.SearchAsync(http, $"/dicomweb/studies?StudyInstanceUID={study.StudyInstanceUid}"));
        Assert.Equal(answered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), DicomWebClient.Value(found, "00201208"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{study.StudyInstanceUid}");
        request.Headers.Accept.ParseAdd("multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        using var retrieved = await http.SendAsync(request);
        var parts = await DicomWebClient.ReadMultipartAsync(retrieved);
        Assert.Equal(answered.Count, parts.Count);
        foreach (var (_, body) in parts)
        {
            using var file = DicomFile.Parse(body);
            var sop = file.Meta.MediaStorageSopInstanceUid!;
            Assert.Contains(sop, answered);
            Assert.Equal(announced.Single(i => i.SopInstanceUid == sop).BlobSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)));
        }
    }

    private static async Task<List<string>> StoreAsync(DicomClientAssociation association, IEnumerable<DicomStoreItem> items)
    {
        var answered = new List<string>();
        foreach (var item in items)
        {
            Assert.True((await association.StoreAsync(item)).IsSuccess);
            answered.Add(item.SopInstanceUid);
        }
        return answered;
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
