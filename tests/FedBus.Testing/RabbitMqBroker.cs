using System.Net.Http.Headers;
using System.Text;

namespace FedBus.Testing;

/// <summary>The RabbitMQ the test script started on loopback (override with FEDBUS_TEST_RABBITMQ_* variables).</summary>
public static class RabbitMqBroker
{
    public static string Host { get; } = Environment.GetEnvironmentVariable("FEDBUS_TEST_RABBITMQ_HOST") ?? "127.0.0.1";
    public static ushort Port { get; } = ushort.Parse(Environment.GetEnvironmentVariable("FEDBUS_TEST_RABBITMQ_PORT") ?? "5672");
    public static string ManagementUrl { get; } = Environment.GetEnvironmentVariable("FEDBUS_TEST_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672";
    public static string Username { get; } = Environment.GetEnvironmentVariable("FEDBUS_TEST_RABBITMQ_USER") ?? "guest";
    public static string Password { get; } = Environment.GetEnvironmentVariable("FEDBUS_TEST_RABBITMQ_PASSWORD") ?? "guest";

    public static HttpClient CreateManagementClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(ManagementUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return client;
    }
}
