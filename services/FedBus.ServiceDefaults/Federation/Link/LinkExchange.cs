namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>A message type's exchange in one virtual host, declared as MassTransit declares it.</summary>
public sealed record LinkExchange(string VirtualHost, string Name);
