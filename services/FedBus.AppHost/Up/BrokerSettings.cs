using FedBus.AppHost.Cli;

namespace FedBus.AppHost.Up;

/// <summary>The RabbitMQ `up` runs on (AMQP for the services, the management API for virtual hosts, users and shovels).</summary>
public sealed record BrokerSettings
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 5672;

    public string Username { get; init; } = "guest";

    public string Password { get; init; } = "guest";

    public string ManagementUrl { get; init; } = "http://127.0.0.1:15672";

    public Uri ManagementUri => new(ManagementUrl.EndsWith('/') ? ManagementUrl : ManagementUrl + "/");

    /// <summary>Throws <see cref="UsageException"/> naming the first option that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new UsageException("--rabbitmq-host must name a host.");
        if (Port is < 1 or > 65535) throw new UsageException($"--rabbitmq-port must be 1..65535, got {Port}.");
        if (string.IsNullOrEmpty(Username)) throw new UsageException("--rabbitmq-user must not be empty.");
        if (!Uri.TryCreate(ManagementUrl, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
            throw new UsageException($"--rabbitmq-management must be an absolute http(s) URL, got '{ManagementUrl}'.");
    }
}
