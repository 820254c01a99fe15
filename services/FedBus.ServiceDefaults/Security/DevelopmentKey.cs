namespace FedBus.ServiceDefaults.Security;

/// <summary>The configured development signing key of this process, if any (a singleton; never logged).</summary>
public sealed record DevelopmentKey(byte[]? Bytes);
