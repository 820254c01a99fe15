namespace FedBus.Testing;

/// <summary>Finds a program a test depends on, or fails with the package that provides it: tests never skip silently.</summary>
public static class RequiredTool
{
    public static string Find(string program, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            $"'{program}' is not on PATH. Install the Debian package '{debianPackage}' (./build.sh test installs everything the tests need).");
    }
}
