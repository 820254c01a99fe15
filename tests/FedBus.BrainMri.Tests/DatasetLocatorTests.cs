namespace FedBus.BrainMri.Tests;

/// <summary>
/// The locator's order (explicit path, then $FEDBUS_BRAIN_MRI, then the walk up) on throw-away folder trees;
/// the variable and the walk's start folders are passed in, so no test touches the process environment.
/// </summary>
public sealed class DatasetLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("brain-mri-locator").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    [Fact]
    public void An_explicit_path_wins_over_the_environment_variable_and_the_walk()
    {
        var clone = FakeClone("clone");
        var explicitCopy = DatasetFolder("copy");
        var fromEnvironment = DatasetFolder("env");

        var found = DatasetLocator.Locate(explicitCopy, fromEnvironment, [Path.Combine(clone, "bin")]);

        Assert.Equal(explicitCopy, found);
    }

    [Fact]
    public void The_environment_variable_wins_over_the_walk_when_no_path_is_given()
    {
        var clone = FakeClone("clone");
        var fromEnvironment = DatasetFolder("env");

        Assert.Equal(fromEnvironment, DatasetLocator.Locate(null, fromEnvironment, [Path.Combine(clone, "bin")]));
        Assert.Equal(fromEnvironment, DatasetLocator.Locate("  ", fromEnvironment, [Path.Combine(clone, "bin")]));
    }

    [Fact]
    public void Walking_up_from_a_build_output_folder_finds_the_dataset_of_its_clone()
    {
        var clone = FakeClone("clone");
        var output = Directory.CreateDirectory(Path.Combine(clone, "services", "FedBus.AppHost", "bin", "Release", "net10.0")).FullName;

        var found = DatasetLocator.Locate(null, null, [output]);

        Assert.Equal(Path.Combine(clone, "data", "brain-mri"), found);
    }

    [Fact]
    public void The_current_directory_is_walked_when_the_app_folder_is_outside_any_clone()
    {
        var appFolder = Directory.CreateDirectory(Path.Combine(_root, "published", "app")).FullName;
        var clone = FakeClone("clone");

        var found = DatasetLocator.Locate(null, null, [appFolder, clone]);

        Assert.Equal(Path.Combine(clone, "data", "brain-mri"), found);
    }

    [Fact]
    public void An_explicit_folder_without_a_manifest_is_an_error_even_when_the_walk_would_find_one()
    {
        var clone = FakeClone("clone");
        var notADataset = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        var e = Assert.Throws<FileNotFoundException>(() => DatasetLocator.Locate(notADataset, null, [clone]));

        Assert.Contains(notADataset, e.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(notADataset, DatasetLocator.ManifestName), e.FileName);
    }

    [Fact]
    public void An_environment_variable_naming_a_missing_folder_is_an_error_that_names_the_variable()
    {
        var clone = FakeClone("clone");
        var missing = Path.Combine(_root, "nowhere");

        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetLocator.Locate(null, missing, [clone]));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetLocator.EnvironmentVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_explicit_path_is_taken_from_the_current_directory()
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), DatasetFolder("copy"));

        Assert.Equal(Path.Combine(_root, "copy"), DatasetLocator.Locate(relative, null, []));
    }

    [Fact]
    public void When_nothing_is_found_the_error_lists_every_folder_it_looked_in()
    {
        var app = Directory.CreateDirectory(Path.Combine(_root, "a", "app")).FullName;
        var work = Directory.CreateDirectory(Path.Combine(_root, "b", "work")).FullName;

        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetLocator.Locate(null, null, [app, work]));

        foreach (var folder in new[] { app, Path.GetDirectoryName(app)!, work, Path.GetDirectoryName(work)!, _root })
            Assert.Contains(Path.Combine(folder, DatasetLocator.RelativePath), e.Message, StringComparison.Ordinal);
        // The walks share everything above _root: each folder is listed once.
        var shared = Path.Combine(Path.GetDirectoryName(_root)!, DatasetLocator.RelativePath);
        Assert.Single(e.Message.Split(", "), p => p.StartsWith(shared, StringComparison.Ordinal));
        Assert.Contains(DatasetLocator.EnvironmentVariable, e.Message, StringComparison.Ordinal);
    }

    /// <summary>A folder tree shaped like a clone: &lt;name&gt;/data/brain-mri/manifest.json and &lt;name&gt;/bin.</summary>
    private string FakeClone(string name)
    {
        var clone = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.Combine(clone, "bin"));
        Directory.CreateDirectory(Path.Combine(clone, "data", "brain-mri"));
        File.WriteAllText(Path.Combine(clone, "data", "brain-mri", DatasetLocator.ManifestName), "{}");
        return clone;
    }

    private string DatasetFolder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.WriteAllText(Path.Combine(folder, DatasetLocator.ManifestName), "{}");
        return folder;
    }
}
