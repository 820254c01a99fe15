using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace FedBus.AppHost.Up;

/// <summary>What `up` and `down` ask of RabbitMQ's management API: virtual hosts with the user's permissions, and clean-up.</summary>
internal sealed class BrokerAdmin(BrokerSettings broker) : IDisposable
{
    private readonly HttpClient http = new()
    {
        BaseAddress = broker.ManagementUri,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.Username}:{broker.Password}"))) },
    };

    /// <summary>Fails with what to do when the management API does not answer or refuses the user.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync("api/overview", cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"RabbitMQ's management API at {broker.ManagementUrl} does not answer ({e.Message}). Start RabbitMQ with the management and shovel " +
                "plugins (rabbitmq-plugins enable rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management) or pass --rabbitmq-management.", e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new InvalidOperationException($"RabbitMQ's management API at {broker.ManagementUrl} refused user '{broker.Username}' (401): check --rabbitmq-user/--rabbitmq-password.");
            await EnsureAsync(response, "read the overview", cancellationToken);
        }
    }

    public async Task CreateVirtualHostAsync(string vhost, CancellationToken cancellationToken)
    {
        var v = Uri.EscapeDataString(vhost);
        using (var created = await http.PutAsJsonAsync($"api/vhosts/{v}", new { description = "FedBus up" }, cancellationToken))
            await EnsureAsync(created, $"create virtual host {vhost}", cancellationToken);
        using var permitted = await http.PutAsJsonAsync($"api/permissions/{v}/{Uri.EscapeDataString(broker.Username)}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken);
        await EnsureAsync(permitted, $"grant {broker.Username} virtual host {vhost}", cancellationToken);
    }

    /// <summary>Deletes a virtual host (its queues, exchanges and shovel parameters go with it); false when there was none.</summary>
    public Task<bool> DeleteVirtualHostAsync(string vhost, CancellationToken cancellationToken) =>
        DeleteAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}", $"delete virtual host {vhost}", cancellationToken);

    public Task<bool> DeleteUserAsync(string user, CancellationToken cancellationToken) =>
        DeleteAsync($"api/users/{Uri.EscapeDataString(user)}", $"delete user {user}", cancellationToken);

    public async Task<bool> VirtualHostExistsAsync(string vhost, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureAsync(response, $"read virtual host {vhost}", cancellationToken);
        return true;
    }

    private async Task<bool> DeleteAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureAsync(response, what, cancellationToken);
        return true;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvalidOperationException($"RabbitMQ's management API refused to {what}: {(int)response.StatusCode} {body}");
    }

    public void Dispose() => http.Dispose();
}
