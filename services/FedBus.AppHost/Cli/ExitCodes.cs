namespace FedBus.AppHost.Cli;

/// <summary>What the process tells its caller (build.sh, CI, a test).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The verb ran and failed (the message says why).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: an unknown verb or option, or a value out of range.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Cancelled = 130;
}
