namespace FedBus.ServiceDefaults.Logging;

/// <summary>Configuration section "FedBus:Logging".</summary>
public sealed class FedBusLoggingOptions
{
    public const string Section = "FedBus:Logging";

    /// <summary>When set, Information and above also go to a file in this folder (see <see cref="FileCaptureLoggerProvider"/>).</summary>
    public string? CaptureDirectory { get; set; }

    /// <summary>The key of the identifier hashes in log lines; see <see cref="Privacy.IdentifierSalt"/>.</summary>
    public string? IdentifierSalt { get; set; }
}
