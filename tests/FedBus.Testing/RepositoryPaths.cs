namespace FedBus.Testing;

public static class RepositoryPaths
{
    /// <summary>The checkout's root (the folder holding FedBus.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release": whatever the running tests were built as, so helper processes match.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>The built entry assembly of a project in the solution, e.g. ("tests/FedBus.BusProbe", "FedBus.BusProbe").</summary>
    public static string BuiltAssembly(string projectFolder, string assemblyName)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is not built; build the solution (dotnet build FedBus.sln) before running these tests.");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FedBus.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No FedBus.sln above {AppContext.BaseDirectory}.");
    }
}
