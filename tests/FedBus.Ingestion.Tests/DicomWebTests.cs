using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FedBus.Dicom;
using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;

namespace FedBus.Ingestion.Tests;

/// <summary>STOW-RS, QIDO-RS and WADO-RS against the running service, the way OHIF or MONAI Label would use them.</summary>
public sealed class DicomWebTests(IngestionHost host) : IClassFixture<IngestionHost>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-dicomweb-").FullName;

    [Fact]
    public async Task A_study_posted_with_STOW_RS_is_stored_byte_for_byte_and_announced_after_the_settle_time()
    {
        var study = new SyntheticStudy(PatientId: "STOW-1", InstancesPerSeries: 3);
        var files = SyntheticDicom.WriteStudy(_folder, study).Select(File.ReadAllBytes).ToList();
        using var http = host.Http();

        using var response = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow(files));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        var body = await DicomWebClient.JsonAsync(response);
        var referenced = body.GetProperty("00081199").GetProperty("Value");
        Assert.Equal(3, referenced.GetArrayLength());
        Assert.False(body.TryGetProperty("00081198", out _));

        var received = await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime * 4);
        Assert.Equal(3, received.Series.Single().Instances.Count);
        foreach (var instance in received.Series.Single().Instances)
        {
            var stored = await host.Blobs.ReadAllBytesAsync(instance.BlobSha256);
            Assert.Contains(files, f => f.AsSpan().SequenceEqual(stored));
        }
    }

    [Fact]
    public async Task STOW_RS_reports_each_bad_part_with_its_failure_reason_and_stores_the_good_ones()
    {
        var good = SyntheticDicom.WriteStudy(_folder, new SyntheticStudy(InstancesPerSeries: 1)).Select(File.ReadAllBytes).Single();
        var truncated = good.AsSpan(0, good.Length / 3).ToArray();
        byte[] garbage = [.. new byte[128], (byte)'D', (byte)'I', (byte)'C', (byte)'M', 0xFF, 0xFF, 0xFF];
        using var http = host.Http();

        using var response = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow([garbage, good, truncated]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await DicomWebClient.JsonAsync(response);
        var failed = body.GetProperty("00081198").GetProperty("Value");
        Assert.Equal(2, failed.GetArrayLength());
        Assert.All(failed.EnumerateArray(), f => Assert.Equal("49152", DicomWebClient.Value(f, "00081197")));
        Assert.Equal(1, body.GetProperty("00081199").GetProperty("Value").GetArrayLength());

        using var allBad = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow([garbage]));
        Assert.Equal(HttpStatusCode.Conflict, allBad.StatusCode);
    }

    [Fact]
    public async Task STOW_RS_to_a_study_URL_refuses_instances_of_another_study()
    {
        var file = SyntheticDicom.WriteStudy(_folder, new SyntheticStudy(InstancesPerSeries: 1)).Select(File.ReadAllBytes).Single();
        using var http = host.Http();
        using var response = await http.PostAsync($"/dicomweb/studies/{SyntheticDicom.NewUid()}", DicomWebClient.Stow([file]));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var failed = (await DicomWebClient.JsonAsync(response)).GetProperty("00081198").GetProperty("Value")[0];
        Assert.Equal(0xA900.ToString(System.Globalization.CultureInfo.InvariantCulture), DicomWebClient.Value(failed, "00081197"));
    }

    [Fact]
    public async Task STOW_RS_rejects_bodies_it_cannot_take_with_a_reason()
    {
        using var http = host.Http();
        using var json = await http.PostAsync("/dicomweb/studies", new StringContent("{}", System.Text.Encoding.UTF8, "application/dicom+json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Contains("multipart/related", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var xml = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow([[1, 2, 3]], "application/dicom+xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);

        var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/related; type=\"application/dicom\"; boundary=nothing");
        using var none = await http.PostAsync("/dicomweb/studies", empty);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task QIDO_RS_finds_studies_series_and_instances_by_the_keys_a_viewer_uses()
    {
        var study = new SyntheticStudy(PatientId: "QIDO-7", PatientName: "Müller^Anna", StudyDate: "20250315", AccessionNumber: "Q-77", Series: 2, InstancesPerSeries: 2);
        await StoreAsync(study);
        using var http = host.Http();

        var byId = await SearchAsync(http, "/dicomweb/studies?PatientID=QIDO-7");
        var found = Assert.Single(byId);
        Assert.Equal(study.StudyInstanceUid, DicomWebClient.Value(found, "0020000D"));
        Assert.Equal("Müller^Anna", DicomWebClient.Value(found, "00100010"));
        Assert.Equal("2", DicomWebClient.Value(found, "00201206"));
        Assert.Equal("4", DicomWebClient.Value(found, "00201208"));
        Assert.Equal("CT", DicomWebClient.Value(found, "00080061"));

        Assert.Single(await SearchAsync(http, "/dicomweb/studies?PatientName=m%C3%BCller*&StudyDate=20250301-20250331"));
        Assert.Empty(await SearchAsync(http, "/dicomweb/studies?PatientID=QIDO-7&StudyDate=20250316-"));
        Assert.Single(await SearchAsync(http, "/dicomweb/studies?00080050=Q-77"));
        Assert.Single(await SearchAsync(http, $"/dicomweb/studies?StudyInstanceUID={SyntheticDicom.NewUid()},{study.StudyInstanceUid}"));

        var series = await SearchAsync(http, $"/dicomweb/studies/{study.StudyInstanceUid}/series");
        Assert.Equal(2, series.Count);
        Assert.All(series, s => Assert.Equal("2", DicomWebClient.Value(s, "00201209")));
        var firstSeries = DicomWebClient.Value(series[0], "0020000E");
        var instances = await SearchAsync(http, $"/dicomweb/studies/{study.StudyInstanceUid}/series/{firstSeries}/instances");
        Assert.Equal(2, instances.Count);
        Assert.Single(await SearchAsync(http, $"/dicomweb/studies/{study.StudyInstanceUid}/instances?InstanceNumber=2&SeriesInstanceUID={firstSeries}"));
        Assert.Single(await SearchAsync(http, $"/dicomweb/studies/{study.StudyInstanceUid}/series?limit=1&offset=1"));
    }

    [Fact]
    public async Task QIDO_RS_answers_a_query_it_cannot_use_with_400_and_the_reason()
    {
        using var http = host.Http();
        using var unknown = await http.GetAsync("/dicomweb/studies?ShoeSize=42");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("ShoeSize", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badRange = await http.GetAsync("/dicomweb/studies?StudyDate=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
        using var badLimit = await http.GetAsync("/dicomweb/studies?limit=-3");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task WADO_RS_returns_the_stored_instance_its_metadata_its_frames_and_a_rendered_PNG()
    {
        var study = new SyntheticStudy(PatientId: "WADO-1", InstancesPerSeries: 1, Rows: 32, Columns: 48);
        var path = (await StoreAsync(study)).Single();
        var sent = await File.ReadAllBytesAsync(path);
        var header = DicomPart10Header.Read(path);
        var sop = header.Meta.MediaStorageSopInstanceUid!;
        using var parsed = DicomFile.Open(path);
        var series = parsed.Dataset.GetString(DicomTag.SeriesInstanceUID)!;
        var url = $"/dicomweb/studies/{study.StudyInstanceUid}/series/{series}/instances/{sop}";
        using var http = host.Http();

        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        {
            request.Headers.Accept.ParseAdd("multipart/related; type=\"application/dicom\"; transfer-syntax=*");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var part = Assert.Single(await DicomWebClient.ReadMultipartAsync(response));
            Assert.StartsWith("application/dicom", part.ContentType, StringComparison.Ordinal);
            Assert.Equal(sent.AsSpan((int)header.DatasetOffset).ToArray(), part.Body.AsSpan((int)DicomPart10Header.Read(part.Body).DatasetOffset).ToArray());
        }

        using (var metadata = await http.GetAsync($"{url}/metadata"))
        {
            var item = Assert.Single((await DicomWebClient.JsonAsync(metadata)).EnumerateArray());
            Assert.Equal("WADO-1", DicomWebClient.Value(item, "00100020"));
            Assert.Equal("32", DicomWebClient.Value(item, "00280010"));
            Assert.False(item.TryGetProperty("7FE00010", out _));
        }

        using (var frames = await http.GetAsync($"{url}/frames/1"))
        {
            Assert.Equal(HttpStatusCode.OK, frames.StatusCode);
            var frame = Assert.Single(await DicomWebClient.ReadMultipartAsync(frames));
            Assert.Equal(32 * 48 * 2, frame.Body.Length);
            Assert.Equal(parsed.Dataset.GetElement(DicomTag.PixelData)!.GetBytes().ToArray(), frame.Body);
        }

        using (var rendered = await http.GetAsync($"{url}/rendered?window=40,400"))
        {
            Assert.Equal("image/png", rendered.Content.Headers.ContentType!.MediaType);
            var png = await rendered.Content.ReadAsByteArrayAsync();
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            Assert.Equal(48, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(32, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        }
    }

    [Fact]
    public async Task WADO_RS_says_why_it_cannot_answer()
    {
        var study = new SyntheticStudy(InstancesPerSeries: 1);
        await StoreAsync(study);
        var instance = (await host.Index.InstancesOfStudyAsync(study.StudyInstanceUid, CancellationToken.None)).Single().Document;
        var url = $"/dicomweb/studies/{study.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}";
        using var http = host.Http();

        using var missing = await http.GetAsync($"/dicomweb/studies/{SyntheticDicom.NewUid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var badFrame = await http.GetAsync($"{url}/frames/7");
        Assert.Equal(HttpStatusCode.BadRequest, badFrame.StatusCode);
        using var jpeg = new HttpRequestMessage(HttpMethod.Get, $"{url}/rendered");
        jpeg.Headers.Accept.ParseAdd("image/jpeg");
        using var notAcceptable = await http.SendAsync(jpeg);
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
        using var badWindow = await http.GetAsync($"{url}/rendered?window=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
    }

    [Fact]
    public async Task WADO_RS_answers_a_transcoding_it_cannot_do_with_an_error_before_any_part_and_still_serves_the_stored_bytes()
    {
        // One instance that transcodes, one RLE instance whose pixel data no decoder can read.
        var study = new SyntheticStudy(PatientId: "WADO-RLE", InstancesPerSeries: 2, Rows: 16, Columns: 16);
        var datasets = SyntheticDicom.Instances(study).ToList();
        var good = new DicomFile(datasets[0], DicomTransferSyntax.ExplicitVRLittleEndian).ToBytes();
        var broken = new DicomFile(datasets[1].AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, [DicomBuffer.FromBytes(new byte[64])])),
            DicomTransferSyntax.RLELossless).ToBytes();
        using var http = host.Http();
        using (var stow = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow([good, broken])))
            Assert.Equal(HttpStatusCode.OK, stow.StatusCode);

        using var transcoded = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{study.StudyInstanceUid}");
        transcoded.Headers.Accept.ParseAdd("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
        using var refused = await http.SendAsync(transcoded);
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        Assert.NotEqual("multipart/related", refused.Content.Headers.ContentType?.MediaType);
        var reason = await refused.Content.ReadAsStringAsync();
        Assert.Contains("transfer-syntax=*", reason, StringComparison.Ordinal);
        Assert.Contains("RLE", reason, StringComparison.Ordinal);

        using var asStored = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{study.StudyInstanceUid}");
        asStored.Headers.Accept.ParseAdd("multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        using var served = await http.SendAsync(asStored);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var parts = await DicomWebClient.ReadMultipartAsync(served);
        Assert.Equal(2, parts.Count);
        Assert.Contains(parts, p => p.Body.AsSpan().SequenceEqual(broken));
    }

    private async Task<IReadOnlyList<string>> StoreAsync(SyntheticStudy study)
    {
        var files = SyntheticDicom.WriteStudy(Path.Combine(_folder, Guid.NewGuid().ToString("N")), study);
        var (code, output) = await DcmtkTools.StoreAsync(host.DicomPort, files);
        Assert.True(code == 0, output);
        await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime);
        Assert.Equal(files.Count, await host.Index.Instances.CountAsync(DocumentFilter.Eq("studyInstanceUid", study.StudyInstanceUid)));
        return files;
    }

    private static async Task<IReadOnlyList<JsonElement>> SearchAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await DicomWebClient.JsonAsync(response)).EnumerateArray().ToList();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
