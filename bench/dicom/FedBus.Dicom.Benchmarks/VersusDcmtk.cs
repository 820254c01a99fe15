using System.Diagnostics;
using System.Globalization;
using FedBus.Dicom;

namespace FedBus.Dicom.Benchmarks;

/// <summary>
/// Header parsing of N CT files (512x512, ~530 KB each, page-cached) by us and by DCMTK's
/// dcmdump in the same run; both stop before Pixel Data. dcmdump also prints (to /dev/null),
/// so the ratio flatters us by that printing; process start-up is paid once for all files.
/// </summary>
internal static class VersusDcmtk
{
    public static int Run(int count)
    {
        var dir = Path.Combine(Path.GetTempPath(), "fedbus-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine($"writing {count} CT files to {dir} ...");
            var ds = CtSample.Create();
            var files = new List<string>();
            for (var i = 0; i < count; i++)
            {
                ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate());
                ds.AddOrUpdate(DicomTag.InstanceNumber, i + 1);
                var path = Path.Combine(dir, $"ct{i:D5}.dcm");
                new DicomFile(ds).Save(path);
                files.Add(path);
            }

            var size = new FileInfo(files[0]).Length;
            Console.WriteLine($"{count} files of {size / 1024} KB; best of 3 runs each");

            // Warm the page cache and the JIT.
            Ours(files, DicomReadOptions.HeaderOnly);
            Dcmtk(dir, "+sb", "7fe0,0010");

            var oursHeader = Best(() => Ours(files, DicomReadOptions.HeaderOnly));
            var oursPrinted = Best(() => Ours(files, DicomReadOptions.HeaderOnly, print: true));
            var dcmtkHeader = Best(() => Dcmtk(dir, "+sb", "7fe0,0010"));
            var oursFull = Best(() => Ours(files, new DicomReadOptions { LargeValueThreshold = long.MaxValue }));
            var dcmtkFull = Best(() => Dcmtk(dir));

            Console.WriteLine();
            Console.WriteLine("| task                                   | FedBus.Dicom | DCMTK dcmdump | ratio |");
            Console.WriteLine("|----------------------------------------|--------------|---------------|-------|");
            Row("header parse (stop before Pixel Data)", oursHeader, dcmtkHeader, count);
            Row("header parse + every value as text", oursPrinted, dcmtkHeader, count);
            Row("full read (pixel data loaded)", oursFull, dcmtkFull, count);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Row(string task, TimeSpan ours, TimeSpan theirs, int count)
    {
        string PerSecond(TimeSpan t) => (count / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) + " files/s";
        Console.WriteLine($"| {task,-38} | {PerSecond(ours),12} | {PerSecond(theirs),13} | {theirs / ours,5:F1}x |");
    }

    private static TimeSpan Best(Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = sw.Elapsed < best ? sw.Elapsed : best;
        }

        return best;
    }

    private static void Ours(List<string> files, DicomReadOptions options, bool print = false)
    {
        var elements = 0;
        using var sink = new StreamWriter(Stream.Null);
        foreach (var f in files)
        {
            using var file = DicomFile.Open(f, options);
            elements += file.Dataset.Count;
            if (print)
            {
                Print(file.Dataset, sink);
            }
        }

        if (elements == 0)
        {
            throw new InvalidOperationException("nothing parsed");
        }
    }

    // Roughly what dcmdump does per element: tag, VR, value as text.
    private static void Print(DicomDataset dataset, StreamWriter sink)
    {
        foreach (var item in dataset)
        {
            sink.Write(item.Tag.ToString());
            sink.Write(' ');
            sink.Write(item.VR.Code);
            sink.Write(' ');
            switch (item)
            {
                case DicomSequence s:
                    foreach (var child in s.Items)
                    {
                        Print(child, sink);
                    }

                    break;
                case DicomElement e when e.VR != DicomVR.OB && e.VR != DicomVR.OW && e.VR != DicomVR.UN:
                    sink.Write(dataset.GetString(e.Tag));
                    break;
                default:
                    sink.Write("(binary)");
                    break;
            }

            sink.Write(' ');
            sink.WriteLine(item.Tag.Keyword);
        }
    }

    private static void Dcmtk(string dir, params string[] extra)
    {
        var psi = new ProcessStartInfo("dcmdump") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-q", "+sd", "+sp", "*.dcm", .. extra, dir])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("dcmdump not found: apt-get install dcmtk");
        p.StandardOutput.BaseStream.CopyTo(Stream.Null);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"dcmdump exited with {p.ExitCode}");
        }
    }
}
