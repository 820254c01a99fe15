namespace FedBus.BusProbe;

/// <summary>The probe's test switches: where to die or stall, to show what the bus and the store do about it.</summary>
public sealed record ProbeOptions(bool CrashAfterApply, bool HangInEffect, bool CrashBeforePublish, bool CrashAfterPublish)
{
    public static ProbeOptions From(IReadOnlyCollection<string> args) => new(
        args.Contains("--crash-after-apply"),
        args.Contains("--hang-in-effect"),
        args.Contains("--crash-before-publish"),
        args.Contains("--crash-after-publish"));
}
