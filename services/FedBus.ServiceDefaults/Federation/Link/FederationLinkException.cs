namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>The link cannot be set up as the whitelist requires (a refused call, a conflicting declaration, a missing virtual host).</summary>
public sealed class FederationLinkException(string message, Exception? inner = null) : Exception(message, inner);
