using FedBus.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FedBus.Deployment.Tests;

/// <summary>
/// artifacts/publish/&lt;project&gt;: what each image's Dockerfile publishes. ./build.sh test publishes it from its Release
/// build before running the tests; when it is missing or older than the sources, it is published here (slow, and said).
/// </summary>
internal static class PublishedOutput
{
    private static readonly string[] SourceFolders = ["contracts", "services", "gateway", "build"];
    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".json", ".props", ".targets"];

    public static string Root => Path.Combine(RepositoryPaths.Root, "artifacts", "publish");

    public static string Folder(ComposeService service) =>
        Path.Combine(Root, Path.GetFileNameWithoutExtension(service.Project!));

    public static async Task EnsureCurrentAsync(IEnumerable<ComposeService> services, IMessageSink log)
    {
        var marker = new FileInfo(Path.Combine(Root, ".published"));
        var missing = services.Where(s => !File.Exists(Path.Combine(Folder(s), s.Assembly + ".dll"))).Select(s => s.Name).ToList();
        var newest = NewestSource();
        string why;
        if (!marker.Exists || missing.Count > 0) why = $"artifacts/publish is incomplete ({string.Join(", ", missing.DefaultIfEmpty("no .published marker"))})";
        else if (newest.LastWriteTimeUtc > marker.LastWriteTimeUtc) why = $"{Path.GetRelativePath(RepositoryPaths.Root, newest.FullName)} is newer than artifacts/publish";
        else return;

        log.OnMessage(new DiagnosticMessage($"{why}: running ./build.sh publish (./build.sh test does it before dotnet test)."));
        await using var publish = ExternalProcess.Start("bash", [Path.Combine(RepositoryPaths.Root, "build.sh"), "publish"], workingDirectory: RepositoryPaths.Root);
        var code = await publish.WaitForExitAsync(TimeSpan.FromMinutes(15));
        if (code != 0) throw new InvalidOperationException($"./build.sh publish failed ({code}):\n{publish.Transcript}");
    }

    private static FileInfo NewestSource()
    {
        var files = SourceFolders
            .Select(f => new DirectoryInfo(Path.Combine(RepositoryPaths.Root, f)))
            .Where(d => d.Exists)
            .SelectMany(Sources)
            .Concat(new DirectoryInfo(RepositoryPaths.Root).EnumerateFiles("Directory.*"));
        return files.MaxBy(f => f.LastWriteTimeUtc)!;
    }

    // Build output (bin, obj) is not walked: it is large and not a source.
    private static IEnumerable<FileInfo> Sources(DirectoryInfo folder) =>
        folder.EnumerateFiles().Where(f => SourceExtensions.Contains(f.Extension))
            .Concat(folder.EnumerateDirectories().Where(d => d.Name is not ("bin" or "obj")).SelectMany(Sources));
}
