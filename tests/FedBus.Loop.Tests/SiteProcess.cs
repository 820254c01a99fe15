using FedBus.Testing;

namespace FedBus.Loop.Tests;

/// <summary>One service of the site running from its build output; <see cref="Url"/> is where it listens.</summary>
public sealed record SiteProcess(string Name, Uri Url, ExternalProcess Process);
