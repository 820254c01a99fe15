using FedBus.Testing;

namespace FedBus.Ingestion.Tests;

/// <summary>The ingestion service's SCP configured for DICOM TLS from PEM files, as a PACS administrator would set it up.</summary>
public sealed class DicomTlsIngestionTests : IDisposable
{
    private readonly TestCertificates _pki = TestCertificates.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-tls-ingestion-").FullName;

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_study_sent_by_storescu_over_TLS_with_a_client_certificate_is_stored_indexed_and_announced()
    {
        await using var host = await IngestionHost.StartAsync(Path.Combine(_folder, "data"), TlsSettings(requireClientCertificate: true));
        var study = new SyntheticStudy(InstancesPerSeries: 2);
        var files = SyntheticDicom.WriteStudy(Path.Combine(_folder, "study"), study);

        var (code, output) = await DcmtkTools.RunAsync("storescu",
        [
            "+tls", _pki.ClientKeyPem, _pki.ClientCertificatePem, "+cf", _pki.AuthorityPem,
            "-aet", "TESTPACS", "-aec", IngestionHost.AeTitle, "127.0.0.1", host.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files,
        ]);

        Assert.True(code == 0, output);
        await host.AssertAnnouncedOnceAndClosedAsync(study.StudyInstanceUid);
        Assert.Equal(files.Count, (await host.Index.InstancesOfStudyAsync(study.StudyInstanceUid, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_plain_C_STORE_to_the_TLS_port_is_refused_and_nothing_is_stored()
    {
        await using var host = await IngestionHost.StartAsync(Path.Combine(_folder, "data"), TlsSettings(requireClientCertificate: true));
        var study = new SyntheticStudy(InstancesPerSeries: 1);
        var files = SyntheticDicom.WriteStudy(Path.Combine(_folder, "study"), study);

        var (code, _) = await DcmtkTools.StoreAsync(host.DicomPort, files);

        Assert.NotEqual(0, code);
        Assert.Empty(await host.Index.InstancesOfStudyAsync(study.StudyInstanceUid, CancellationToken.None));
    }

    [Fact]
    public async Task A_certificate_path_that_does_not_exist_stops_the_service_at_start_with_the_setting_named()
    {
        var settings = TlsSettings(requireClientCertificate: false);
        settings["FedBus:Ingestion:Tls:CertificatePath"] = Path.Combine(_folder, "missing.pem");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => IngestionHost.StartAsync(Path.Combine(_folder, "data"), settings));

        var refusal = error as InvalidOperationException ?? error.InnerException as InvalidOperationException;
        Assert.NotNull(refusal);
        Assert.Contains("FedBus:Ingestion:Tls:CertificatePath", refusal.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string> TlsSettings(bool requireClientCertificate) => new()
    {
        ["FedBus:Ingestion:Tls:CertificatePath"] = _pki.ServerCertificatePem,
        ["FedBus:Ingestion:Tls:KeyPath"] = _pki.ServerKeyPem,
        ["FedBus:Ingestion:Tls:ClientAuthoritiesPath"] = _pki.AuthorityPem,
        ["FedBus:Ingestion:Tls:RequireClientCertificate"] = requireClientCertificate ? "true" : "false",
    };
}
