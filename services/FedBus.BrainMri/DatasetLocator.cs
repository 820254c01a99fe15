namespace FedBus.BrainMri;

/// <summary>
/// Finds the committed dataset folder, in this order: an explicit path (a command-line option or setting the
/// caller passes in); else <c>$FEDBUS_BRAIN_MRI</c>; else the first <c>data/brain-mri</c> holding a manifest.json
/// found walking up from the app's base directory, then from the current directory — so tests, benchmarks and
/// the demo run from their build output folder or from the root of a clean clone without copying anything.
/// An explicit path or the variable that points nowhere is an error, not a reason to fall back to another copy.
/// </summary>
public static class DatasetLocator
{
    public const string EnvironmentVariable = "FEDBUS_BRAIN_MRI";
    public const string RelativePath = "data/brain-mri";
    public const string ManifestName = "manifest.json";

    /// <summary>The dataset folder (full path): <paramref name="root"/> if given, else as described on the class.</summary>
    /// <exception cref="DirectoryNotFoundException">The named folder does not exist, or the walk found none; the message lists every folder looked at.</exception>
    /// <exception cref="FileNotFoundException">The named folder exists but holds no manifest.json.</exception>
    public static string Locate(string? root = null) =>
        Locate(root, Environment.GetEnvironmentVariable(EnvironmentVariable), [AppContext.BaseDirectory, Directory.GetCurrentDirectory()]);

    internal static string Locate(string? root, string? environmentRoot, IReadOnlyList<string> walkStarts)
    {
        if (!string.IsNullOrWhiteSpace(root))
            return Checked(root, "the path given");
        if (!string.IsNullOrWhiteSpace(environmentRoot))
            return Checked(environmentRoot, EnvironmentVariable);

        var looked = new List<string>();
        foreach (var start in walkStarts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (looked.Contains(candidate, StringComparer.Ordinal))
                    break; // the rest of this walk was covered by an earlier start
                if (File.Exists(Path.Combine(candidate, ManifestName)))
                    return candidate;
                looked.Add(candidate);
            }
        }
        throw new DirectoryNotFoundException(
            $"the brain MRI dataset was not found: no path was given, {EnvironmentVariable} is not set, and none of these folders " +
            $"holds a {ManifestName}: {string.Join(", ", looked)} (walked up from the app folder and the current directory). " +
            $"Pass the folder explicitly, set {EnvironmentVariable}, or run from inside a FedBus clone (the dataset is committed under {RelativePath}).");
    }

    private static string Checked(string path, string origin)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"the brain MRI dataset folder '{full}' ({origin}) does not exist.");
        var manifest = Path.Combine(full, ManifestName);
        if (!File.Exists(manifest))
            throw new FileNotFoundException($"the brain MRI dataset folder '{full}' ({origin}) has no {ManifestName}: not a dataset folder.", manifest);
        return full;
    }
}
