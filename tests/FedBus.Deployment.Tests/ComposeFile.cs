using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>The repository's docker-compose.yml.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(IReadOnlyDictionary<string, ComposeService> services, IReadOnlyList<string> volumes)
    {
        Services = services;
        Volumes = volumes;
    }

    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, "docker-compose.yml");

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    /// <summary>The named volumes it declares.</summary>
    public IReadOnlyList<string> Volumes { get; }

    /// <summary>The services whose images are built from a project of this repository.</summary>
    public IEnumerable<ComposeService> Built => Services.Values.Where(s => s.Project is not null);

    public ComposeService this[string name] =>
        Services.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"docker-compose.yml has no service '{name}'");

    public static ComposeFile Load()
    {
        var root = Yaml.LoadMapping(Path);
        var services = Yaml.Map(root.GetValueOrDefault("services"))
            .ToDictionary(s => s.Key, s => ComposeService.Read(s.Key, Yaml.Map(s.Value)));
        return new(services, Yaml.Map(root.GetValueOrDefault("volumes")).Keys.ToList());
    }
}
