extern alias ingestion;

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using FedBus.Imaging.Input;
using FedBus.Inference.Tests.Support;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Instances;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FedBus.Testing;

namespace FedBus.Inference.Tests;

/// <summary>
/// Both instance-source adapters against the real ingestion service: an instance stored by STOW-RS is read back byte
/// for byte from ingestion's WADO-RS and from the shared blob store; a missing one is a permanent "not found".
/// </summary>
public sealed class InstanceSourceTests : IAsyncLifetime, IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("fedbus-ingestion-for-inference-").FullName;
    private readonly TempDirectory dir = new();
    private WebApplicationFactory<ingestion::Program> ingestionHost = null!;

    public async Task InitializeAsync()
    {
        ingestionHost = new WebApplicationFactory<ingestion::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("FedBus:SiteId", "site-test");
            b.UseSetting(TestTokens.SettingKey, TestTokens.SigningKey);
            b.UseSetting("FedBus:DataDirectory", data);
            b.UseSetting("FedBus:Bus:Transport", "InMemory");
            b.UseSetting("FedBus:Ingestion:DicomPort", "0");
            b.UseSetting("FedBus:Ingestion:BindAddress", "127.0.0.1");
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        });
        _ = ingestionHost.Services;
        await Task.CompletedTask;
    }

    [Fact]
    public async Task An_instance_stored_by_STOW_RS_reads_back_byte_for_byte_through_WADO_RS_and_through_the_blob_store()
    {
        var study = TestDicom.NewUid();
        var native = TestDicom.MrSlice(8, study);
        var compressed = TestDicom.CorruptedJpegSecondFrame(dir, study);
        await StowAsync(native, compressed);
        var wado = new WadoRsInstanceSource(WadoClient());
        var blobs = new BlobStoreInstanceSource(ingestionHost.Services.GetRequiredService<IBlobStore>());

        foreach (var bytes in new[] { native, compressed })
        {
            var location = Locate(bytes);
            var viaWado = await ReadAsync(wado, location);
            var viaBlob = await ReadAsync(blobs, location);
            Assert.Equal(bytes, viaWado);
            Assert.Equal(bytes, viaBlob);
        }
        // What the model gets is the same whichever way the bytes came.
        Assert.Equal(InstanceDecoder.Decode(native).Frames[0].Pixels, InstanceDecoder.Decode(await ReadAsync(wado, Locate(native))).Frames[0].Pixels);
    }

    [Fact]
    public async Task An_instance_the_source_does_not_have_is_reported_as_not_found_by_both_adapters()
    {
        var missing = new InstanceLocation(TestDicom.NewUid(), TestDicom.NewUid(), TestDicom.NewUid(), new string('a', 64));

        await Assert.ThrowsAsync<InstanceNotFoundException>(() => new WadoRsInstanceSource(WadoClient()).OpenAsync(missing));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => new BlobStoreInstanceSource(ingestionHost.Services.GetRequiredService<IBlobStore>()).OpenAsync(missing));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() =>
            new BlobStoreInstanceSource(ingestionHost.Services.GetRequiredService<IBlobStore>()).OpenAsync(missing with { BlobSha256 = "../etc/passwd" }));
    }

    public async Task DisposeAsync() => await ingestionHost.DisposeAsync();

    public void Dispose()
    {
        dir.Dispose();
        try { Directory.Delete(data, recursive: true); }
        catch (IOException) { /* LiteDB may hold its file a moment longer */ }
    }

    private HttpClient WadoClient()
    {
        var client = ingestionHost.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestTokens.Bearer("site-test-inference", "site-test", FedBus.ServiceDefaults.Security.FedBusRoles.Service);
        client.BaseAddress = new Uri(client.BaseAddress!, "dicomweb/");
        return client;
    }

    private async Task StowAsync(params byte[][] files)
    {
        var content = new MultipartContent("related", "test-" + Guid.NewGuid().ToString("N"));
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var bytes in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            content.Add(part);
        }
        using var client = ingestionHost.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestTokens.Bearer("site-test-pacs", "site-test", FedBus.ServiceDefaults.Security.FedBusRoles.Service);
        var response = await client.PostAsync("/dicomweb/studies", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static InstanceLocation Locate(byte[] bytes)
    {
        using var file = FedBus.Dicom.DicomFile.Parse(bytes);
        var ds = file.Dataset;
        return new InstanceLocation(ds.GetString(FedBus.Dicom.DicomTag.StudyInstanceUID)!, ds.GetString(FedBus.Dicom.DicomTag.SeriesInstanceUID)!,
            ds.GetString(FedBus.Dicom.DicomTag.SOPInstanceUID)!, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static async Task<byte[]> ReadAsync(IInstanceSource source, InstanceLocation location)
    {
        await using var stream = await source.OpenAsync(location);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
