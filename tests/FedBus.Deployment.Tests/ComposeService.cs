namespace FedBus.Deployment.Tests;

/// <summary>One service of docker-compose.yml, as far as these tests read it.</summary>
internal sealed record ComposeService(
    string Name,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Command,
    IReadOnlyList<PublishedPort> Ports,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<string> HealthTest,
    IReadOnlyDictionary<string, string> Mounts)
{
    /// <summary>The project its image is published from (build arg PROJECT), or null for a stock image.</summary>
    public string? Project => BuildArgs.GetValueOrDefault("PROJECT");

    public string? Assembly => BuildArgs.GetValueOrDefault("ASSEMBLY");

    public string Env(string key) =>
        Environment.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"compose service {Name} does not set {key}");

    public static ComposeService Read(string name, Dictionary<string, object?> service)
    {
        var build = Yaml.Map(service.GetValueOrDefault("build"));
        var dependsOn = service.GetValueOrDefault("depends_on") switch
        {
            List<object?> names => names.ToDictionary(n => (string)n!, _ => "service_started"),
            Dictionary<string, object?> conditions => conditions.ToDictionary(
                c => c.Key, c => Yaml.Map(c.Value).GetValueOrDefault("condition") as string ?? "service_started"),
            _ => new Dictionary<string, string>(),
        };
        var environment = service.GetValueOrDefault("environment") switch
        {
            List<object?> pairs => pairs.Select(p => ((string)p!).Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => e.Value as string ?? ""),
            _ => new Dictionary<string, string>(),
        };
        // Named volumes and bind mounts alike: container path -> source.
        var mounts = Yaml.List(service.GetValueOrDefault("volumes"))
            .Select(v => ((string)v!).Split(':'))
            .ToDictionary(v => v[1], v => v[0]);
        var health = Yaml.Map(service.GetValueOrDefault("healthcheck"));
        return new(
            name,
            Yaml.Map(build.GetValueOrDefault("args")).ToDictionary(a => a.Key, a => (string)a.Value!),
            environment,
            Yaml.List(service.GetValueOrDefault("command")).Select(c => (string)c!).ToList(),
            Yaml.List(service.GetValueOrDefault("ports")).Select(PublishedPort.Parse).ToList(),
            dependsOn,
            Yaml.List(health.GetValueOrDefault("test")).Select(t => (string)t!).ToList(),
            mounts);
    }
}
