namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>A link user's rights in one virtual host, as RabbitMQ regular expressions over resource names.</summary>
public sealed record LinkPermission(string User, string VirtualHost, string Configure, string Write, string Read);
