using System.Diagnostics;
using System.Globalization;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Our SCU against DCMTK storescp, started by the test on a free port with its output in a temporary folder.</summary>
public sealed class ScuToDcmtkTests
{
    [Fact]
    public async Task Our_C_ECHO_succeeds_against_storescp()
    {
        await using var scp = await Storescp.StartAsync();

        var status = await new DicomStoreClient(Requests.Client(scp.Port, calledAe: "STORESCP")).EchoAsync("127.0.0.1", scp.Port);

        Assert.True(status.IsSuccess, status.ToString());
    }

    [Fact]
    public async Task Our_SCU_stores_files_in_one_association_and_storescp_writes_the_same_data_sets_and_values()
    {
        var files = await TestFiles.GetAsync();
        await using var scp = await Storescp.StartAsync();
        string[] names = ["ct-explicit", "mr-implicit", "sc-explicit", "ct-jpeg-lossless", "ct-rle", "ct-jpegls"];
        var items = names.Select(n => DicomStoreItem.FromFile(files[n].Path)).ToList();

        var results = await new DicomStoreClient(Requests.Client(scp.Port, calledAe: "STORESCP")).StoreAsync("127.0.0.1", scp.Port, items);

        Assert.All(results, r => Assert.True(r.Sent && r.Status.IsSuccess, $"{r.SopInstanceUid}: {r.Status}"));
        foreach (var name in names)
        {
            var sent = files[name];
            var written = Directory.GetFiles(scp.OutputDirectory).Single(p => p.EndsWith(sent.SopInstanceUid, StringComparison.Ordinal));
            var received = Part10Range.Read(written);
            Assert.Equal(sent.TransferSyntaxUid, received.TransferSyntaxUid);
            Assert.Equal(sent.DataSetBytes(), received.DataSetBytes());
            Assert.Equal(await DataSetDumpAsync(sent.Path), await DataSetDumpAsync(written));
        }
    }

    [Fact]
    public async Task An_SOP_class_storescp_does_not_know_is_reported_as_not_sent_while_the_rest_is_stored()
    {
        await using var scp = await Storescp.StartAsync();

        var results = await new DicomStoreClient(Requests.Client(scp.Port, calledAe: "STORESCP")).StoreAsync("127.0.0.1", scp.Port,
            [Requests.Item(300, "2.25.801", sopClass: "1.2.3.4.5.6.7.8"), Requests.Item(300, "2.25.802")]);

        Assert.False(results[0].Sent);
        Assert.Equal((ushort)0x0122, results[0].Status.Code);
        Assert.True(results[1].Sent && results[1].Status.IsSuccess, results[1].Status.ToString());
        Assert.Single(Directory.GetFiles(scp.OutputDirectory));
    }

    /// <summary>dcmdump's view of the data set only (the meta header legitimately differs: storescp writes its own).</summary>
    private static async Task<string> DataSetDumpAsync(string path)
    {
        var result = await Dcmtk.RunAsync("dcmdump", ["+L", path]);
        Assert.True(result.ExitCode == 0, result.Output);
        var at = result.StandardOutput.IndexOf("# Dicom-Data-Set", StringComparison.Ordinal);
        Assert.True(at >= 0, result.StandardOutput);
        return result.StandardOutput[at..];
    }

    private sealed class Storescp : IAsyncDisposable
    {
        private readonly Process _process;

        private Storescp(Process process, int port, string outputDirectory)
        {
            _process = process;
            Port = port;
            OutputDirectory = outputDirectory;
        }

        public int Port { get; }

        public string OutputDirectory { get; }

        public static async Task<Storescp> StartAsync()
        {
            var output = Path.Combine(Path.GetTempPath(), $"fedbus-storescp-{Guid.NewGuid():N}");
            Directory.CreateDirectory(output);
            var port = Dcmtk.FreePort();
            // +xa: accept the compressed syntaxes too; +B: write what arrived, bit for bit.
            var process = Dcmtk.Start("storescp", ["-aet", "STORESCP", "+xa", "+B", "-od", output, port.ToString(CultureInfo.InvariantCulture)]);
            await Dcmtk.WaitForListenerAsync(port, process);
            return new Storescp(process, port, output);
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
            Directory.Delete(OutputDirectory, recursive: true);
        }
    }
}
