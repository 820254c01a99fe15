using System.Globalization;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Real DCMTK SCUs (echoscu, storescu, dcmsend) against our SCP.</summary>
public sealed class DcmtkToScpTests
{
    private static string Port(DicomServer server) => server.Port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Echoscu_gets_a_successful_C_ECHO_and_releases()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        var result = await Dcmtk.RunAsync("echoscu", ["-v", "-aet", "ECHOSCU", "-aec", TestServer.AeTitle, "127.0.0.1", Port(server)]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Received Echo Response (Success)", result.Output, StringComparison.Ordinal);
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["established ECHOSCU", "released"], handler.Events);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Fact]
    public async Task Storescu_sends_uncompressed_files_in_one_association_and_the_handler_gets_their_exact_data_set_bytes()
    {
        var files = await TestFiles.GetAsync();
        var handler = new RecordingStoreHandler();
        string[] names = ["ct-explicit", "mr-implicit", "sc-explicit"];

        var log = await StorescuAsync(handler, names.Select(n => files[n].Path));

        AssertReceivedExactly(handler, names.Select(n => files[n]));
        Assert.Single(handler.Received.Select(r => r.AssociationId).Distinct());
        Assert.Equal("released", handler.Events.Last());
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Theory]
    [InlineData(16L << 20)]
    [InlineData(512L)]
    public async Task A_data_set_is_hashed_while_received_after_the_prefix_the_handler_gives_in_memory_or_spilled(long memorySpoolThreshold)
    {
        var files = await TestFiles.GetAsync();
        var handler = new RecordingStoreHandler();
        // A prefix that differs per instance, as Part 10 file meta does (it names the SOP instance).
        handler.Prefix = sopInstanceUid => System.Text.Encoding.ASCII.GetBytes($"prefix of {sopInstanceUid}");
        string[] names = ["ct-explicit", "mr-implicit", "sc-explicit"];

        await StorescuAsync(handler, names.Select(n => files[n].Path), o => o.MemorySpoolThreshold = memorySpoolThreshold);

        AssertReceivedExactly(handler, names.Select(n => files[n]));
        Assert.Contains(handler.Received, r => r.WasInMemory == memorySpoolThreshold > 1_000_000);
        foreach (var received in handler.Received)
        {
            byte[] hashed = [.. System.Text.Encoding.ASCII.GetBytes($"prefix of {received.SopInstanceUid}"), .. received.DataSet];
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(hashed)), received.Sha256);
        }
    }

    [Fact]
    public async Task Without_a_prefix_from_the_handler_nothing_is_hashed()
    {
        var files = await TestFiles.GetAsync();
        var handler = new RecordingStoreHandler();

        await StorescuAsync(handler, [files["ct-explicit"].Path]);

        Assert.Null(Assert.Single(handler.Received).Sha256);
    }

    [Theory]
    [InlineData("ct-jpeg-lossless", "-xs")]
    [InlineData("ct-rle", "-xr")]
    [InlineData("ct-jpegls", "-xt")]
    [InlineData("ct-deflated", "-xd")]
    public async Task Storescu_offering_a_compressed_syntax_first_gets_it_accepted_and_the_bytes_arrive_as_they_were(string name, string proposal)
    {
        var files = await TestFiles.GetAsync();
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        // +C puts the compressed syntax and the uncompressed ones into one presentation context, compressed first.
        var result = await Dcmtk.RunAsync("storescu", [proposal, "+C", "-aet", "PACS", "-aec", TestServer.AeTitle, "127.0.0.1", Port(server), files[name].Path]);

        Assert.True(result.ExitCode == 0, result.Output + string.Join('\n', log));
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        AssertReceivedExactly(handler, [files[name]]);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Fact]
    public async Task Dcmsend_sends_uncompressed_and_compressed_files_and_the_handler_gets_their_exact_data_set_bytes()
    {
        var files = await TestFiles.GetAsync();
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;
        string[] names = ["ct-explicit", "mr-implicit", "sc-explicit", "ct-jpeg-lossless", "ct-rle", "ct-jpegls"];

        var result = await Dcmtk.RunAsync("dcmsend", ["-aet", "PACS", "-aec", TestServer.AeTitle, "127.0.0.1", Port(server), .. names.Select(n => files[n].Path)]);

        Assert.True(result.ExitCode == 0, result.Output + string.Join('\n', log));
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        // dcmsend offers explicit VR first for the implicit-VR file; we take it, so dcmsend converts that one.
        var converted = Assert.Single(handler.Received, r => r.SopInstanceUid == files["mr-implicit"].SopInstanceUid);
        Assert.Equal(DicomNetworkUids.ExplicitVRLittleEndian, converted.TransferSyntaxUid);
        Assert.Equal(await DumpAsync(files["mr-implicit"].Path, fileFormat: true), await DumpAsync(converted));
        AssertReceivedExactly(handler, names.Where(n => n != "mr-implicit").Select(n => files[n]), expectedCount: names.Length);
        Assert.Single(handler.Received.Select(r => r.AssociationId).Distinct());
        TestServer.AssertNoUnexpectedFailure(log);
    }

    /// <summary>storescu sends the files in one association to a server of our own; returns once it has ended.</summary>
    private static async Task<System.Collections.Concurrent.ConcurrentQueue<string>> StorescuAsync(RecordingStoreHandler handler, IEnumerable<string> paths, Action<DicomServerOptions>? configure = null)
    {
        var (server, log) = await TestServer.StartAsync(handler, configure);
        await using var _ = server;
        var result = await Dcmtk.RunAsync("storescu", ["-aet", "PACS", "-aec", TestServer.AeTitle, "127.0.0.1", Port(server), .. paths]);
        Assert.True(result.ExitCode == 0, result.Output + string.Join('\n', log));
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        return log;
    }

    /// <summary>dcmdump's element lines (values, VRs, lengths) of a received data set, written to a temporary file.</summary>
    private static async Task<string> DumpAsync(ReceivedInstance received)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fedbus-received-{Guid.NewGuid():N}.ds");
        await File.WriteAllBytesAsync(path, received.DataSet);
        try
        {
            return await DumpAsync(path, fileFormat: false, received.TransferSyntaxUid == DicomNetworkUids.ImplicitVRLittleEndian ? "-ti" : "-te");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> DumpAsync(string path, bool fileFormat, string transferSyntaxOption = "-t=")
    {
        string[] read = fileFormat ? ["+fo"] : ["-f", transferSyntaxOption];
        var result = await Dcmtk.RunAsync("dcmdump", [.. read, "+L", path]);
        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.StandardOutput.Split('\n');
        var start = fileFormat ? Array.FindIndex(lines, l => l.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal)) : 0;
        return string.Join('\n', lines.Skip(start).Where(l => !l.StartsWith('#') && l.Length > 0));
    }

    private static void AssertReceivedExactly(RecordingStoreHandler handler, IEnumerable<Part10Range> files, int? expectedCount = null)
    {
        var expected = files.ToList();
        Assert.Equal(expectedCount ?? expected.Count, handler.Received.Count);
        foreach (var file in expected)
        {
            var received = Assert.Single(handler.Received, r => r.SopInstanceUid == file.SopInstanceUid);
            Assert.Equal(file.SopClassUid, received.SopClassUid);
            Assert.Equal(file.TransferSyntaxUid, received.TransferSyntaxUid);
            var bytes = file.DataSetBytes();
            if (file.TransferSyntaxUid == DicomNetworkUids.DeflatedExplicitVRLittleEndian && bytes.Length % 2 == 1)
            {
                // storescu re-deflates and, as PS3.5 §A.5 asks, pads an odd-length deflated stream with one NUL on the wire.
                bytes = [.. bytes, 0];
            }

            Assert.Equal(bytes, received.DataSet);
        }
    }
}
