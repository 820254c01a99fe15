// Generates FedBus.Dicom's tag dictionary and UID table from DCMTK's installed data.
//
//   dotnet run --project tools/dicom-dictgen -- [--dic PATH] [--out DIR]
//
// Sources (Debian packages libdcmtk17 + dcmtk, BSD-style licence, OFFIS e.V.):
//   * /usr/share/libdcmtk17/dicom.dic: tags, VR, VM, keyword (DICOM PS3.6 2022b)
//   * libdcmdata.so.17: its built-in UID table; we find the UID strings in the binary and let
//     dcmdump name them (dump2dcm a sequence of UIDs, dcmdump prints "=Name" for known ones),
//     so no UID name is typed by hand.
// The output is committed, so building FedBus.Dicom never needs DCMTK.
using FedBus.Tools.DicomDictGen;

var dicPath = "/usr/share/libdcmtk17/dicom.dic";
var outDir = Path.Combine(FindRepoRoot(), "services", "FedBus.Dicom", "Generated");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--dic": dicPath = args[++i]; break;
        case "--out": outDir = args[++i]; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--dic PATH] [--out DIR]");
            return 2;
    }
}

if (!File.Exists(dicPath))
{
    Console.Error.WriteLine($"{dicPath} not found: apt-get install libdcmtk17");
    return 1;
}

Directory.CreateDirectory(outDir);
var entries = DictionaryParser.Parse(File.ReadAllLines(dicPath));
Console.WriteLine($"dictionary: {entries.Count} entries from {dicPath}");
File.WriteAllText(Path.Combine(outDir, "DicomDictionaryData.g.cs"), Emit.DictionaryData(entries, dicPath));
File.WriteAllText(Path.Combine(outDir, "DicomTag.Keywords.g.cs"), Emit.TagKeywords(entries));

var uids = UidHarvester.Harvest();
Console.WriteLine($"uids: {uids.Count} named UIDs, {uids.Count(u => u.IsStorage)} storage SOP classes");
File.WriteAllText(Path.Combine(outDir, "DicomUid.g.cs"), Emit.Uids(uids));
Console.WriteLine($"written to {outDir}");
return 0;

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "FedBus.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
