namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>Binds a link queue to the exchange of the one type it carries.</summary>
public sealed record LinkBinding(string VirtualHost, string Exchange, string Queue);
