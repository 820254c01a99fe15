using System.Net.Http.Json;
using System.Security.Cryptography;
using FedBus.Contracts;
using FedBus.Learning;
using FedBus.Learning.Weights;
using MassTransit;

namespace FedBus.Desk.Tests.Support;

/// <summary>
/// The hub's sites as the hub sees them on its bus, played by the test so a round finishes in seconds: each trains by
/// moving the round's real base weights (fetched from the hub's API) by its own offset and sends the update as a real
/// safetensors file; each validates the candidate with the figures the test gives. The hub's side — acceptance of the
/// updates, FedAvg, the candidate, the gate, the publication — is the real aggregation service.
/// </summary>
public sealed class HubSites(DeskSite site)
{
    public const string Architecture = "unet2d-v1:in=1,classes=2,levels=2,width=4";
    public const string Classes = "background,brain";

    /// <summary>A small real network of FedBus.Learning as a safetensors file: the model's first version.</summary>
    public static byte[] FirstVersion(long seed = 1)
    {
        TorchRuntime.Initialize(1);
        using var model = ModelSpec.Parse(Architecture).CreateModel(seed);
        return SafeTensors.ToBytes(model.ExportWeights(), new WeightMetadata(Architecture, "1", "", "ml-engineer"));
    }

    /// <summary>Imports the model's first version through the gateway, as the ML engineer.</summary>
    public async Task ImportAsync(string modelId)
    {
        var body = new ByteArrayContent(FirstVersion());
        body.Headers.ContentType = new("application/octet-stream");
        var response = await site.Hub.PostAsync($"/aggregation/models/{modelId}/import?architectureId={Uri.EscapeDataString(Architecture)}&classes={Classes}&requestedBy={DeskSite.HubAdmin}", body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"The import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Each site's update of the round: base weights + its offset on every float, with its sample counts.</summary>
    public async Task TrainAsync(Guid roundId, string modelId, int baseVersion, params (string Site, float Offset, int Samples)[] sites)
    {
        var baseFile = SafeTensors.Read(await site.Hub.GetByteArrayAsync($"/aggregation/models/{modelId}/versions/{baseVersion}/weights"));
        foreach (var (siteId, offset, samples) in sites)
        {
            var trained = baseFile.Weights.Select(w => new KeyValuePair<string, WeightTensor>(w.Key,
                w.Value.DType == WeightDType.F32 ? WeightTensor.Float32([.. w.Value.Shape], [.. w.Value.Values.Select(v => v + offset)]) : w.Value));
            var file = SafeTensors.ToBytes(new WeightSet(trained), new WeightMetadata(baseFile.Metadata.ArchitectureId, baseVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), roundId.ToString(), siteId));
            var weights = new ModelWeights(Convert.ToHexStringLower(SHA256.HashData(file)), file.LongLength, file);
            await site.HubBus.Publish(new ModelUpdateSubmitted(Guid.NewGuid(), DateTimeOffset.UtcNow, siteId, roundId, modelId, baseVersion, weights, samples, samples / 4, 1, 3,
                [new MetricValue("train-loss", 0.4)]));
        }
    }

    /// <summary>Each site's scores of the candidate and of the current model (dice) on its validation cases.</summary>
    public async Task ValidateAsync(Guid roundId, string modelId, int candidateVersion, int currentVersion, params (string Site, int Cases, double Candidate, double Current)[] sites)
    {
        foreach (var (siteId, cases, candidate, current) in sites)
            await site.HubBus.Publish(new CandidateModelValidated(Guid.NewGuid(), DateTimeOffset.UtcNow, siteId, roundId, modelId, candidateVersion, currentVersion, cases,
                [new MetricValue("dice", candidate)], [new MetricValue("dice", current)]));
    }

    /// <summary>A site's aggregate report, as its QC sends it (counts only).</summary>
    public async Task ReportAsync(string siteId, string modelId, IReadOnlyList<MetricValue> counts, IReadOnlyList<ClassCount> classCounts) =>
        await site.HubBus.Publish(new SiteStatisticsReported(Guid.NewGuid(), DateTimeOffset.UtcNow, siteId, modelId, 5, counts, classCounts));

    public async Task<T> GetAsync<T>(string path) => (await site.Hub.GetFromJsonAsync<T>(path, DeskSite.Json))!;
}
