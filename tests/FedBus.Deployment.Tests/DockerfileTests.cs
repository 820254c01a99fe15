namespace FedBus.Deployment.Tests;

/// <summary>The image recipe (no Docker engine runs here, so the image itself is not built by the tests).</summary>
public sealed class DockerfileTests
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load();

    [Fact]
    public void The_runtime_image_is_Debian_with_GDCMs_bindings_and_runs_as_a_non_root_user()
    {
        var runtime = _dockerfile.Stage("runtime");
        Assert.StartsWith("debian:", runtime[0].Arguments, StringComparison.Ordinal);
        var install = string.Join('\n', runtime.Where(i => i.Keyword == "RUN").Select(i => i.Arguments));
        Assert.Contains("libgdcm3.0", install, StringComparison.Ordinal);
        // Where FedBus.Dicom looks for them (GdcmBindings.DefaultDirectories).
        Assert.Contains("./usr/lib/cli/gdcm-sharp-3.0/gdcm-sharp.dll", install, StringComparison.Ordinal);
        Assert.Contains("./usr/lib/cli/gdcm-sharp-3.0/libgdcmsharpglue.so", install, StringComparison.Ordinal);

        var user = _dockerfile.Final.Last(i => i.Keyword == "USER").Arguments;
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
    }

    [Fact]
    public void Restore_runs_on_the_project_files_alone_before_the_sources_are_copied()
    {
        var build = _dockerfile.Stage("build");
        var restore = build.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var sources = build.ToList().FindIndex(i => i.Keyword == "COPY" && i.Arguments == ". .");
        Assert.True(restore > 0 && sources > restore, "dotnet restore must come before COPY . . in the build stage");
        Assert.All(build.Take(restore).Where(i => i.Keyword == "COPY"), c => Assert.StartsWith("--from=project-files ", c.Arguments, StringComparison.Ordinal));
        Assert.Contains("--no-restore", build.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments, StringComparison.Ordinal);
    }
}
