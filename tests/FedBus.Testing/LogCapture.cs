namespace FedBus.Testing;

/// <summary>
/// Where the suite's hosts and child processes write what they log (FedBus:Logging:CaptureDirectory), and where
/// FedBus.LogAudit.Tests looks for patient identity afterwards. ./build.sh test sets the environment variable for the
/// whole run (child processes inherit it); without it, artifacts/logs in the checkout.
/// </summary>
public static class LogCapture
{
    public const string EnvironmentVariable = "FedBus__Logging__CaptureDirectory";

    public static string Directory { get; } =
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryPaths.Root, "artifacts", "logs");
}
