namespace FedBus.Deployment.Tests;

/// <summary>What one user may configure, write and read (name regexes) in one virtual host.</summary>
internal sealed record BrokerPermission(string User, string VirtualHost, string Configure, string Write, string Read);
