using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FedBus.AppHost.Demo;

/// <summary>
/// What the demo asks of the hub, over aggregation's HTTP API through the hub's gateway — as an ML engineer would:
/// import version 1, start a round, follow it until it closes, fetch a version's weights.
/// </summary>
internal sealed class HubClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>POST /aggregation/models/{id}/import: the hub stores version 1 and publishes it to the sites.</summary>
    public async Task<int> ImportAsync(string modelId, string architectureId, IReadOnlyList<string> classes, string task, byte[] file, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"aggregation/models/{Uri.EscapeDataString(modelId)}/import?architectureId={Uri.EscapeDataString(architectureId)}&classes={Uri.EscapeDataString(string.Join(',', classes))}&task={task}&requestedBy=fedbus-demo");
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync(url, content, cancellationToken);
        var body = await ReadAsync(response, "import version 1", cancellationToken);
        return body["version"]!.GetValue<int>();
    }

    /// <summary>POST /aggregation/rounds; returns the round's id.</summary>
    public async Task<Guid> StartRoundAsync(object request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("aggregation/rounds", request, Json, cancellationToken);
        var body = await ReadAsync(response, "start a round", cancellationToken);
        return body["roundId"]!.GetValue<Guid>();
    }

    /// <summary>GET /aggregation/rounds/{id} until the round has an outcome (it closed), or the deadline.</summary>
    public async Task<JsonNode> WaitClosedAsync(Guid roundId, TimeSpan timeout, Action<JsonNode> progress, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await http.GetAsync($"aggregation/rounds/{roundId}", cancellationToken);
            var round = await ReadAsync(response, "read the round", cancellationToken);
            if (round["outcome"] is JsonValue) return round;
            progress(round);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Round {roundId} was still {round["state"]} after {timeout} (see logs/hub-*.log and the sites' /training/jobs).");
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>GET /aggregation/models/{id}/versions/{v}/weights: the version's safetensors file.</summary>
    public async Task<byte[]> WeightsAsync(string modelId, int version, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(string.Create(CultureInfo.InvariantCulture, $"aggregation/models/{Uri.EscapeDataString(modelId)}/versions/{version}/weights"), cancellationToken);
        if (!response.IsSuccessStatusCode) await ReadAsync(response, $"fetch version {version}'s weights", cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The hub refused to {what}: {(int)response.StatusCode} {response.ReasonPhrase} {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"The hub answered an empty body when asked to {what}.");
    }
}
