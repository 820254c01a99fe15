using System.Net.Http.Json;
using FedBus.ServiceDefaults.Messaging;

namespace FedBus.Testing;

/// <summary>
/// A fresh RabbitMQ virtual host for one test class (use as IClassFixture), deleted afterwards, so no two classes see
/// each other's queues. Fails with instructions if the broker is not running.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncLifetime
{
    private readonly HttpClient _management = RabbitMqBroker.CreateManagementClient();

    public string Name { get; } = "fedbus-test-" + Guid.NewGuid().ToString("N")[..12];

    public BusOptions BusOptions => new()
    {
        Transport = BusTransport.RabbitMq,
        Host = RabbitMqBroker.Host,
        Port = RabbitMqBroker.Port,
        VirtualHost = Name,
        Username = RabbitMqBroker.Username,
        Password = RabbitMqBroker.Password,
    };

    /// <summary>The same settings as configuration keys (for a child process's environment or command line).</summary>
    public IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["FedBus__Bus__Transport"] = "RabbitMq",
        ["FedBus__Bus__Host"] = RabbitMqBroker.Host,
        ["FedBus__Bus__Port"] = RabbitMqBroker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["FedBus__Bus__VirtualHost"] = Name,
        ["FedBus__Bus__Username"] = RabbitMqBroker.Username,
        ["FedBus__Bus__Password"] = RabbitMqBroker.Password,
    };

    public async Task InitializeAsync()
    {
        var vhost = Uri.EscapeDataString(Name);
        HttpResponseMessage response;
        try
        {
            response = await _management.PutAsync($"/api/vhosts/{vhost}", JsonContent.Create(new { description = "FedBus test" }));
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"RabbitMQ management API at {RabbitMqBroker.ManagementUrl} does not answer ({e.Message}). " +
                "Run the tests with ./build.sh test, which installs and starts RabbitMQ with the management plugin.", e);
        }
        response.EnsureSuccessStatusCode();
        (await _management.PutAsync(
            $"/api/permissions/{vhost}/{Uri.EscapeDataString(RabbitMqBroker.Username)}",
            JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }))).EnsureSuccessStatusCode();
    }

    /// <summary>Messages waiting in a queue of this virtual host (from the management API, which lags by a few seconds).</summary>
    public async Task<IReadOnlyList<string>> QueueNamesAsync()
    {
        var queues = await _management.GetFromJsonAsync<List<QueueInfo>>($"/api/queues/{Uri.EscapeDataString(Name)}") ?? [];
        return queues.Select(q => q.Name).ToList();
    }

    public async Task DisposeAsync()
    {
        await _management.DeleteAsync($"/api/vhosts/{Uri.EscapeDataString(Name)}");
        _management.Dispose();
    }

    private sealed record QueueInfo(string Name);
}
