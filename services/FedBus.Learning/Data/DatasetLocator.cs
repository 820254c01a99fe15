namespace FedBus.Learning.Data;

/// <summary>
/// Finds the committed dataset folder: $FEDBUS_BRAIN_MRI if set, else the first "data/brain-mri"
/// holding a manifest.json found walking up from the app's base directory, then from the current
/// directory (tests and tools run from inside the repository find it without copying anything).
/// </summary>
public static class DatasetLocator
{
    public const string EnvironmentVariable = "FEDBUS_BRAIN_MRI";
    public const string RelativePath = "data/brain-mri";
    public const string ManifestName = "manifest.json";

    public static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            if (!File.Exists(Path.Combine(fromEnv, ManifestName)))
                throw new DirectoryNotFoundException($"{EnvironmentVariable} points to '{fromEnv}', which has no {ManifestName}.");
            return Path.GetFullPath(fromEnv);
        }
        var searched = new List<string>();
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(Path.Combine(candidate, ManifestName)))
                    return candidate;
            }
            searched.Add(start);
        }
        throw new DirectoryNotFoundException(
            $"the brain MRI dataset ({RelativePath}/{ManifestName}) was not found above {string.Join(" or ", searched)}; " +
            $"run from inside the FedBus repository, pass the folder to BrainMriDataset.Load, or set {EnvironmentVariable}.");
    }
}
