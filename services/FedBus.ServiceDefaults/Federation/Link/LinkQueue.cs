namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>A durable queue that holds one type's messages for one direction until its shovel moves them.</summary>
public sealed record LinkQueue(string VirtualHost, string Name);
