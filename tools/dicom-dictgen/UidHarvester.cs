using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FedBus.Tools.DicomDictGen;

internal static partial class UidHarvester
{
    public static List<UidEntry> Harvest()
    {
        var lib = new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/lib64" }
            .Select(d => Path.Combine(d, "libdcmdata.so.17"))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("libdcmdata.so.17 not found: apt-get install libdcmtk17");

        // NUL-terminated ASCII strings in the binary that look like DICOM UIDs.
        var bytes = File.ReadAllBytes(lib);
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in Encoding.Latin1.GetString(bytes).Split('\0'))
        {
            if (UidPattern().IsMatch(s) && s.Length <= 64)
            {
                candidates.Add(s);
            }
        }

        var work = Path.Combine(Path.GetTempPath(), $"dictgen-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var dump = new StringBuilder("(0008,1115) SQ (Sequence with undefined length #=1)\n");
            foreach (var uid in candidates)
            {
                dump.Append("(fffe,e000) na (Item with undefined length #=1)\n");
                dump.Append(CultureInfo.InvariantCulture, $"(0008,1150) UI [{uid}]\n");
                dump.Append("(fffe,e00d) na (ItemDelimitationItem)\n");
            }

            dump.Append("(fffe,e0dd) na (SequenceDelimitationItem)\n");
            File.WriteAllText(Path.Combine(work, "uids.dump"), dump.ToString());
            Run("dump2dcm", "-q", "+te", Path.Combine(work, "uids.dump"), Path.Combine(work, "uids.dcm"));
            var lines = Run("dcmdump", "-q", Path.Combine(work, "uids.dcm"))
                .Split('\n')
                .Where(l => l.Contains("(0008,1150)", StringComparison.Ordinal))
                .ToList();
            if (lines.Count != candidates.Count)
            {
                throw new InvalidOperationException($"dcmdump printed {lines.Count} UIDs for {candidates.Count} written");
            }

            var result = new List<UidEntry>();
            var identifiers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (uid, line) in candidates.Zip(lines))
            {
                var m = NamedPattern().Match(line);
                if (!m.Success)
                {
                    continue; // not in DCMTK's table (e.g. a prefix or a merged string)
                }

                var name = m.Groups[1].Value;
                // PS3.6 lists DCMTK's DRAFT_ classes as retired too.
                var retired = name.StartsWith("RETIRED_", StringComparison.Ordinal)
                    || name.StartsWith("DRAFT_", StringComparison.Ordinal);
                var bare = retired ? name["RETIRED_".Length..] : name;
                var id = Identifier(bare);
                if (!identifiers.Add(id))
                {
                    id += "Retired";
                    if (!identifiers.Add(id))
                    {
                        throw new InvalidOperationException($"duplicate UID identifier {id}");
                    }
                }

                result.Add(new UidEntry(uid, bare, id, retired, IsStorage(bare)));
            }

            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // Storage SOP classes (PS3.4 Annex B) are the ones DCMTK names "...Storage..."; the exceptions
    // are the commitment service, the service class itself and the DICOMDIR media class.
    private static bool IsStorage(string name) =>
        name.Contains("Storage", StringComparison.Ordinal)
        && !name.Contains("StorageCommitment", StringComparison.Ordinal)
        && name != "StorageServiceClass"
        && name != "MediaStorageDirectoryStorage";

    private static string Identifier(string name)
    {
        var parts = Regex.Split(name, "[^A-Za-z0-9]+").Where(p => p.Length > 0);
        var id = string.Join('_', parts);
        return char.IsDigit(id[0]) ? "_" + id : id;
    }

    private static string Run(string tool, params string[] arguments)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tool}: apt-get install dcmtk");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({p.ExitCode}): {stderr}");
        }

        return stdout.Result;
    }

    [GeneratedRegex(@"^1\.2\.840\.10008(\.(0|[1-9][0-9]*))+$")]
    private static partial Regex UidPattern();

    [GeneratedRegex(@"\(0008,1150\) UI =(\S+)")]
    private static partial Regex NamedPattern();
}
