using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FedBus.Aggregation.Api;
using FedBus.Aggregation.Profiles;
using FedBus.Contracts;
using FedBus.Learning.Weights;
using FedBus.Testing;
using MassTransit;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>
/// Sites as the hub sees them over the bus, scripted by the test: they train (base weights + an offset per site, real
/// safetensors files), validate candidates with scripted figures, and move weights through the claim check — inline up
/// to <see cref="InlineLimit"/>, else uploaded to and fetched from the hub's weight store over HTTP.
/// </summary>
public sealed class FakeSites
{
    public ConcurrentDictionary<string, SiteScript> Scripts { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<ModelUpdateSubmitted> Updates { get; } = new();

    /// <summary>The hub's HTTP API (set once the host runs), for weights above <see cref="InlineLimit"/>.</summary>
    public HttpClient? Hub { get; set; }

    public long InlineLimit { get; set; } = long.MaxValue;

    /// <summary>Base weights a site fetched from the hub's weight store (the claim's large path).</summary>
    public ConcurrentQueue<string> Fetched { get; } = new();

    public void Script(string site, SiteScript script) => Scripts[site] = script;

    /// <summary>The update <paramref name="site"/> makes from a round's base weights.</summary>
    public async Task<ModelUpdateSubmitted> UpdateAsync(TrainingRoundStarted round, string site)
    {
        var script = Scripts.GetValueOrDefault(site) ?? new SiteScript();
        var baseFile = SafeTensors.Read(await ResolveAsync(round.BaseWeights));
        var trained = new List<KeyValuePair<string, WeightTensor>>();
        foreach (var (name, t) in baseFile.Weights)
        {
            if (ProfileTensors.IsProfile(name)) continue;
            trained.Add(new(name, t.DType == WeightDType.F32
                ? WeightTensor.Float32([.. t.Shape], [.. t.Values.Select(v => v + script.Offset)])
                : t));
        }
        trained.Add(new("profile.image.count", WeightTensor.Int64([1], [script.ProfileCount])));
        trained.Add(new("profile.image.mean", WeightTensor.Float32([1], [script.ProfileMean])));
        trained.Add(new("profile.image.second_moment", WeightTensor.Float32([1, 1], [script.ProfileMean * script.ProfileMean])));
        var file = SafeTensors.ToBytes(new WeightSet(trained), new WeightMetadata(round.ArchitectureId, round.BaseModelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), round.RoundId.ToString(), site));
        var update = new ModelUpdateSubmitted(
            DeterministicUpdateId(round.RoundId, site), DateTimeOffset.UtcNow, site, round.RoundId, round.ModelId, script.ClaimedBaseVersion ?? round.BaseModelVersion,
            await PackAsync(file, site), script.Samples, script.ValidationCases, 1, 3,
            [new MetricValue("train-loss", 0.4), new MetricValue("validation-dice-before", script.CurrentDice), new MetricValue("validation-dice-after", script.CandidateDice)]);
        Updates.Enqueue(update);
        return update;
    }

    public CandidateModelValidated Validation(ValidateCandidateModel request, string site)
    {
        var script = Scripts.GetValueOrDefault(site) ?? new SiteScript();
        return new CandidateModelValidated(Guid.NewGuid(), DateTimeOffset.UtcNow, site, request.RoundId, request.ModelId, request.CandidateVersion, request.CurrentVersion,
            script.ValidationCases, [new MetricValue("dice", script.CandidateDice)], [new MetricValue("dice", script.CurrentDice)]);
    }

    public async Task<byte[]> ResolveAsync(ModelWeights weights)
    {
        byte[] bytes;
        if (weights.Inline is { } inline) bytes = inline;
        else
        {
            bytes = await (Hub ?? throw new InvalidOperationException("No hub client to fetch weights from.")).GetByteArrayAsync($"/aggregation/weights/{weights.WeightsSha256}");
            Fetched.Enqueue(weights.WeightsSha256);
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return sha == weights.WeightsSha256 ? bytes : throw new InvalidDataException($"Weights {weights.WeightsSha256} arrived as {sha}.");
    }

    private async Task<ModelWeights> PackAsync(byte[] file, string site)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(file));
        if (file.LongLength <= InlineLimit) return new ModelWeights(sha, file.LongLength, file);
        // Each site uploads with its own service token: the hub binds the file to the uploading site.
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/aggregation/weights/{sha}") { Content = new ByteArrayContent(file) };
        request.Headers.Authorization = TestTokens.Bearer($"{site}-training", site, FedBus.ServiceDefaults.Security.FedBusRoles.Service);
        using var response = await Hub!.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var stored = await response.Content.ReadFromJsonAsync<WeightsStored>();
        return stored!.Sha256 == sha ? new ModelWeights(sha, file.LongLength, null) : throw new InvalidDataException("The hub stored another digest.");
    }

    /// <summary>As the training service derives it: one update per round and site.</summary>
    public static Guid DeterministicUpdateId(Guid roundId, string site) => ServiceDefaults.Messaging.DeterministicId.Derive(roundId, "model-update\n" + site);
}
