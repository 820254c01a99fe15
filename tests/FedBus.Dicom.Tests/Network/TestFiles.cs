namespace FedBus.Dicom.Tests.Network;

/// <summary>
/// DICOM files for the network tests, built once per test run from <see cref="TestDumps"/> with DCMTK (dump2dcm,
/// dcmcjpeg, dcmcrle, dcmcjpls) into a temporary folder.
/// </summary>
internal sealed class TestFiles
{
    private static readonly Lazy<Task<TestFiles>> Shared = new(CreateAsync);

    private TestFiles(string directory, Dictionary<string, Part10Range> files)
    {
        Directory = directory;
        Files = files;
    }

    public string Directory { get; }

    /// <summary>By name: ct-explicit, ct-deflated, ct-jpeg-lossless, ct-rle, ct-jpegls, mr-implicit, sc-explicit.</summary>
    public IReadOnlyDictionary<string, Part10Range> Files { get; }

    public Part10Range this[string name] => Files[name];

    public static Task<TestFiles> GetAsync() => Shared.Value;

    private static async Task<TestFiles> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"fedbus-net-files-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(directory, recursive: true);
        var pixels = Path.Combine(directory, "pixels.raw");
        var raw = new byte[64 * 64 * 2];
        for (var i = 0; i < raw.Length / 2; i++)
        {
            // A smooth 12-bit ramp with texture: compressible, but not trivially.
            var value = (ushort)(((i % 64) * 50 + (i / 64) * 13 + (i * 7919 % 31)) & 0x0FFF);
            raw[2 * i] = (byte)value;
            raw[(2 * i) + 1] = (byte)(value >> 8);
        }

        await File.WriteAllBytesAsync(pixels, raw);
        var files = new Dictionary<string, Part10Range>();

        async Task<string> Dump(string name, string dump, params string[] options)
        {
            var dumpPath = Path.Combine(directory, name + ".dump");
            await File.WriteAllTextAsync(dumpPath, dump.Replace("{PIXELS}", pixels, StringComparison.Ordinal));
            var output = Path.Combine(directory, name + ".dcm");
            await Check("dump2dcm", [.. options, dumpPath, output]);
            return output;
        }

        async Task<string> Convert(string tool, string input, string name, params string[] options)
        {
            var output = Path.Combine(directory, name + ".dcm");
            await Check(tool, [.. options, input, output]);
            return output;
        }

        var ct = await Dump("ct-explicit", TestDumps.CtImage, "+te");
        files["ct-explicit"] = Part10Range.Read(ct);
        files["ct-deflated"] = Part10Range.Read(await Dump("ct-deflated", TestDumps.CtImage.Replace("2.25.4100001", "2.25.4100011", StringComparison.Ordinal), "+td"));
        files["mr-implicit"] = Part10Range.Read(await Dump("mr-implicit", TestDumps.MrImage, "+ti"));
        var sc = await Dump("sc-explicit", TestDumps.SecondaryCapture, "+te");
        files["sc-explicit"] = Part10Range.Read(sc);
        // Each compressed copy gets its own SOP instance UID so one association can carry them all.
        files["ct-jpeg-lossless"] = Part10Range.Read(await Convert("dcmcjpeg", await Dump("ct-2", TestDumps.CtImage.Replace("2.25.4100001", "2.25.4100021", StringComparison.Ordinal), "+te"), "ct-jpeg-lossless", "+e1"));
        files["ct-rle"] = Part10Range.Read(await Convert("dcmcrle", await Dump("ct-3", TestDumps.CtImage.Replace("2.25.4100001", "2.25.4100031", StringComparison.Ordinal), "+te"), "ct-rle"));
        files["ct-jpegls"] = Part10Range.Read(await Convert("dcmcjpls", await Dump("ct-4", TestDumps.CtImage.Replace("2.25.4100001", "2.25.4100041", StringComparison.Ordinal), "+te"), "ct-jpegls"));
        return new TestFiles(directory, files);
    }

    private static async Task Check(string tool, string[] arguments)
    {
        var result = await Dcmtk.RunAsync(tool, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed with {result.ExitCode}: {result.Output}");
        }
    }
}
