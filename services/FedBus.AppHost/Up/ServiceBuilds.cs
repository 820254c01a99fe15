namespace FedBus.AppHost.Up;

/// <summary>
/// Where the services' own build outputs are (services/FedBus.X/bin/&lt;configuration&gt;/net10.0/FedBus.X.dll, as
/// deployed: each its own Program): found from this binary's place in the clone, in the configuration it was built in.
/// </summary>
internal sealed class ServiceBuilds
{
    public static readonly IReadOnlyList<(string Role, string Assembly)> SiteServices =
    [
        ("ingestion", "FedBus.Ingestion"),
        ("inference", "FedBus.Inference"),
        ("annotation-request", "FedBus.AnnotationRequest"),
        ("quality-control", "FedBus.QualityControl"),
        ("training", "FedBus.Training"),
    ];

    public const string HubAssembly = "FedBus.Aggregation";

    private ServiceBuilds(string root, string configuration, string appHost)
    {
        Root = root;
        Configuration = configuration;
        AppHost = appHost;
    }

    public string Root { get; }

    public string Configuration { get; }

    /// <summary>This binary (the simulators run as its hidden verbs).</summary>
    public string AppHost { get; }

    public string PathOf(string assembly) => Path.Combine(Root, "services", assembly, "bin", Configuration, "net10.0", assembly + ".dll");

    /// <summary>Finds the clone and checks that every service `up` launches is built; the message says how to build what is missing.</summary>
    public static ServiceBuilds Locate()
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var appHost = Path.Combine(baseDirectory, "FedBus.AppHost.dll");
        // …/services/FedBus.AppHost/bin/<configuration>/net10.0
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory)) is { Length: > 0 } c && c is "Release" or "Debug" ? c : "Release";
        var root = FindRoot(baseDirectory) ?? throw new InvalidOperationException(
            $"'up' runs the services from their build outputs in the clone, but {baseDirectory} is not inside a FedBus clone (no FedBus.sln above it).");
        var builds = new ServiceBuilds(root, configuration, appHost);
        var missing = SiteServices.Select(s => s.Assembly).Append(HubAssembly).Where(a => !File.Exists(builds.PathOf(a))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"'up' starts every service from its own build output, and these are missing: {string.Join(", ", missing.Select(builds.PathOf))}. " +
                $"Build them first: dotnet build services/FedBus.AppHost -c {configuration} (it builds every service it references).");
        return builds;
    }

    private static string? FindRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "FedBus.sln"))) return d.FullName;
        return null;
    }
}
