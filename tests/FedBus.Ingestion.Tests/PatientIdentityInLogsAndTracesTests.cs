using System.Net;
using FedBus.Dicom;
using FedBus.ServiceDefaults.Logging;
using FedBus.ServiceDefaults.Privacy;
using FedBus.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// What leaves the process about a study — log lines at Information and above, spans for OTLP — names it only by
/// salted hash, however the study arrived and was asked for.
/// </summary>
public sealed class PatientIdentityInLogsAndTracesTests(IngestionHost host) : IClassFixture<IngestionHost>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-privacy-").FullName;

    [Fact]
    public async Task Storing_searching_retrieving_and_refusing_a_study_log_and_trace_its_UIDs_and_patient_only_as_hashes()
    {
        var study = new SyntheticStudy(PatientId: "PRIV-4711", PatientName: "Privat^Petra", AccessionNumber: "PRIV-ACC-9", InstancesPerSeries: 2);
        var paths = SyntheticDicom.WriteStudy(_folder, study);
        var files = paths.Select(File.ReadAllBytes).ToList();
        using var opened = DicomFile.Open(paths[0]);
        var series = opened.Dataset.GetString(DicomTag.SeriesInstanceUID)!;
        var sop = opened.Dataset.GetString(DicomTag.SOPInstanceUID)!;
        using var http = host.Http();

        using (var stored = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow(files)))
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        await host.Published.WaitForAsync(study.StudyInstanceUid, host.SettleTime * 4);
        using (var found = await http.GetAsync($"/dicomweb/studies?PatientID={study.PatientId}&StudyInstanceUID={study.StudyInstanceUid}"))
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using (var metadata = await http.GetAsync($"/dicomweb/studies/{study.StudyInstanceUid}/series/{series}/instances/{sop}/metadata"))
            Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        // Posted to another study's URL: refused with a reason naming both studies (the client may read it; the log may not).
        var otherStudy = SyntheticDicom.NewUid();
        using (var refused = await http.PostAsync($"/dicomweb/studies/{otherStudy}", DicomWebClient.Stow([files[0]])))
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var hasher = host.Services.GetRequiredService<IdentifierHasher>();
        string[] secrets = [study.StudyInstanceUid, series, sop, otherStudy, study.PatientId, study.PatientName, "Privat", study.AccessionNumber];

        // Spans end after their responses: wait for the four requests' spans, then look at everything exported.
        var spans = await WaitForSpansAsync(s => s.Tags.Any(t => t.Key == "http.route" && t.Value.Contains("studies", StringComparison.Ordinal)), 4);
        foreach (var span in host.Spans.Spans)
            Assert.DoesNotContain(secrets, secret => span.Text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(spans, s => s.Tags.Contains(("url.path", "/dicomweb/studies/{study}/series/{series}/instances/{instance}/metadata")));

        var log = await File.ReadAllTextAsync(CaptureFile());
        Assert.DoesNotContain(secrets, secret => log.Contains(secret, StringComparison.OrdinalIgnoreCase));
        // Not silence: the lines are there, naming the study and the refused study by hash, so they still correlate.
        Assert.Contains($"Study {hasher.Hash(study.StudyInstanceUid)} complete", log, StringComparison.Ordinal);
        Assert.Contains($"uid#{hasher.Hash(otherStudy)}", log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hash_is_keyed_by_the_site_salt_kept_in_the_data_directory()
    {
        var hasher = host.Services.GetRequiredService<IdentifierHasher>();
        var dataDirectory = host.Services.GetRequiredService<FedBus.ServiceDefaults.FedBusOptions>().DataDirectory;
        var (key, source) = IdentifierSalt.Resolve(null, dataDirectory);
        Assert.Equal(Path.Combine(dataDirectory, IdentifierSalt.FileName), source);
        Assert.Equal(new IdentifierHasher(key).Hash("1.2.3.4.5"), hasher.Hash("1.2.3.4.5"));
    }

    private string CaptureFile()
    {
        var capture = host.Services.GetServices<ILoggerProvider>().OfType<FileCaptureLoggerProvider>().Single();
        Assert.StartsWith(LogCapture.Directory, capture.FilePath, StringComparison.Ordinal);
        return capture.FilePath;
    }

    private async Task<IReadOnlyList<ExportedSpan>> WaitForSpansAsync(Func<ExportedSpan, bool> predicate, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var matching = host.Spans.Spans.Where(predicate).ToList();
            if (matching.Count >= count) return matching;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{matching.Count} of {count} request spans exported within 10 s.");
            await Task.Delay(50);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
