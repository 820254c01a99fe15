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
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["established ECHOSCU", "released"], handler.Events);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Fact]
    public async Task Storescu_sends_uncompressed_files_in_one_association_and_the_handler_gets_their_exact_data_set_bytes()
    {
        var files = await TestFiles.GetAsync();
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;
        string[] names = ["ct-explicit", "mr-implicit", "sc-explicit"];

        // -xi: the implicit-VR file then travels as it is stored instead of being converted by storescu.
        var result = await Dcmtk.RunAsync("storescu", ["-aet", "PACS", "-aec", TestServer.AeTitle, "127.0.0.1", Port(server), .. names.Select(n => files[n].Path)]);

        Assert.True(result.ExitCode == 0, result.Output + string.Join('\n', log));
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        AssertReceivedExactly(handler, names.Select(n => files[n]));
        Assert.Single(handler.Received.Select(r => r.AssociationId).Distinct());
        Assert.Equal("released", handler.Events.Last());
        TestServer.AssertNoUnexpectedFailure(log);
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
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        AssertReceivedExactly(handler, [files[name]]);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    private static void AssertReceivedExactly(RecordingStoreHandler handler, IEnumerable<Part10Range> files)
    {
        var expected = files.ToList();
        Assert.Equal(expected.Count, handler.Received.Count);
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
