namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>The user a site's shovels log in as (no tags: no management access, AMQP only).</summary>
public sealed record LinkUser(string SiteId, string Name, string Password);
