using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>
/// deploy/rabbitmq/definitions.json imported into the local test broker under a unique prefix (users and virtual hosts
/// are broker-wide, and the broker is shared), the way the compose broker loads it at boot; removed afterwards.
/// </summary>
internal sealed class BrokerScope : IAsyncDisposable
{
    private readonly HttpClient _management = RabbitMqBroker.CreateManagementClient();
    private readonly BrokerDefinitions _definitions;

    private BrokerScope(BrokerDefinitions definitions) => _definitions = definitions;

    public string Prefix { get; } = "fedbus-deploy-" + Guid.NewGuid().ToString("N")[..8] + "-";

    public static async Task<BrokerScope> ImportAsync(BrokerDefinitions definitions)
    {
        var scope = new BrokerScope(definitions);
        HttpResponseMessage response;
        try
        {
            response = await scope._management.PostAsync("/api/definitions", JsonContent.Create(definitions.Scoped(scope.Prefix)));
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"RabbitMQ's management API at {RabbitMqBroker.ManagementUrl} does not answer ({e.Message}). " +
                "Run the tests with ./build.sh test, which installs and starts RabbitMQ with the management plugin.", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"The broker refused deploy/rabbitmq/definitions.json ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
            }
        }
        return scope;
    }

    /// <summary>Declares a fanout exchange as MassTransit does (durable), a queue bound to it, in a scoped virtual host.</summary>
    public async Task<string> BindQueueAsync(string virtualHost, string exchange)
    {
        var vhost = Uri.EscapeDataString(Prefix + virtualHost);
        var queue = "deployment-test-" + Guid.NewGuid().ToString("N")[..8];
        await Ok(_management.PutAsync($"/api/exchanges/{vhost}/{Uri.EscapeDataString(exchange)}",
            JsonContent.Create(new { type = "fanout", durable = true, auto_delete = false, @internal = false, arguments = new { } })));
        await Ok(_management.PutAsync($"/api/queues/{vhost}/{queue}", JsonContent.Create(new { durable = false, auto_delete = false })));
        await Ok(_management.PostAsync($"/api/bindings/{vhost}/e/{Uri.EscapeDataString(exchange)}/q/{queue}",
            JsonContent.Create(new { routing_key = "" })));
        return queue;
    }

    /// <summary>Publishes a text message to an exchange of a scoped virtual host (through the management API).</summary>
    public async Task PublishAsync(string virtualHost, string exchange, string payload)
    {
        var vhost = Uri.EscapeDataString(Prefix + virtualHost);
        using var response = await _management.PostAsync($"/api/exchanges/{vhost}/{Uri.EscapeDataString(exchange)}/publish",
            JsonContent.Create(new { properties = new { delivery_mode = 2 }, routing_key = "", payload, payload_encoding = "string" }));
        response.EnsureSuccessStatusCode();
        var routed = (bool)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["routed"]!;
        if (!routed) throw new InvalidOperationException($"Nothing is bound to {exchange} in {Prefix + virtualHost}.");
    }

    /// <summary>Takes up to <paramref name="count"/> messages off a queue; empty when none is there yet.</summary>
    public async Task<IReadOnlyList<string>> TakeAsync(string virtualHost, string queue, int count)
    {
        var vhost = Uri.EscapeDataString(Prefix + virtualHost);
        using var response = await _management.PostAsync($"/api/queues/{vhost}/{queue}/get",
            JsonContent.Create(new { count, ackmode = "ack_requeue_false", encoding = "auto" }));
        response.EnsureSuccessStatusCode();
        var messages = (JsonArray)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return messages.Select(m => (string)m!["payload"]!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var vhost in _definitions.VirtualHosts)
            await _management.DeleteAsync($"/api/vhosts/{Uri.EscapeDataString(Prefix + vhost)}");
        foreach (var user in _definitions.Users)
            await _management.DeleteAsync($"/api/users/{Uri.EscapeDataString(Prefix + user.Name)}");
        _management.Dispose();
    }

    private static async Task Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"RabbitMQ management: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
