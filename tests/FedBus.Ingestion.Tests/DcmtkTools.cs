using FedBus.Testing;

namespace FedBus.Ingestion.Tests;

/// <summary>DCMTK as the PACS: storescu/echoscu/dcmsend with Nagle off, as a PACS administrator would configure it.</summary>
internal static class DcmtkTools
{
    private static readonly Dictionary<string, string> NoDelay = new() { ["TCP_NODELAY"] = "1" };

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        await using var process = ExternalProcess.Start(RequiredTool.Find(tool, "dcmtk"), arguments, NoDelay);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (code, process.Transcript);
    }

    /// <summary>storescu, one association, every file; -xs proposes explicit VR little endian first.</summary>
    public static Task<(int ExitCode, string Output)> StoreAsync(int port, IEnumerable<string> files, string calledAe = IngestionHost.AeTitle, string callingAe = "TESTPACS") =>
        RunAsync("storescu", ["-aet", callingAe, "-aec", calledAe, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files]);
}
