using FedBus.Dicom.Network;

namespace FedBus.AppHost.Demo;

/// <summary>
/// A site's PACS: writes each study of a wave as real DICOM MR files and sends them with our C-STORE SCU to the site's
/// SCP on loopback, one association per study. Every instance must come back with a success status.
/// </summary>
internal sealed class PacsSimulator(DemoSite site, SiteActivity activity, Func<int> dicomPort, string folder)
{
    private readonly DicomStoreClient client = new(new DicomClientOptions
    {
        CallingAeTitle = "PACS-" + site.SiteId.ToUpperInvariant().Replace("SITE-", "", StringComparison.Ordinal),
        CalledAeTitle = "FEDBUS",
    });

    public int InstancesSent { get; private set; }

    public int StudiesSent { get; private set; }

    public async Task SendWaveAsync(int wave, CancellationToken cancellationToken)
    {
        var waveFolder = Path.Combine(folder, $"wave-{wave}");
        Directory.CreateDirectory(waveFolder);
        foreach (var study in site.Waves[wave])
        {
            var items = study.Images.Select(i => DicomStoreItem.FromFile(MrInstances.Write(waveFolder, study, i, site.SiteId, site.Scanner))).ToList();
            var results = await client.StoreAsync("127.0.0.1", dicomPort(), items, cancellationToken);
            var failed = results.Where(r => !r.Sent || r.Status.IsFailure).ToList();
            if (failed.Count > 0)
                throw new InvalidOperationException($"{site.SiteId}'s PACS: {failed.Count} of {results.Count} instances were not stored ({failed[0].Status}).");
            activity.StudyStored(study.StudyInstanceUid, DateTimeOffset.UtcNow);
            InstancesSent += results.Count;
            StudiesSent++;
        }
    }
}
