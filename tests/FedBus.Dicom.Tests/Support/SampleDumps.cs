using System.Globalization;
using System.Text;

namespace FedBus.Dicom.Tests.Support;

/// <summary>dump2dcm input texts covering every VR, nested sequences, private tags and pixel data.</summary>
public static class SampleDumps
{
    /// <summary>Latin-1 patient name as dump2dcm will store it (ISO_IR 100).</summary>
    public const string PatientName = "Müller^Hans^^Dr.";

    public static readonly ushort[] Pixels16 = [0, 1, 2, 3, 100, 200, 300, 400, 1000, 2000, 3000, 4000, 4095, 4094, 7, 8];

    /// <summary>An image data set with every VR, two levels of sequences, an empty sequence and item, private data.</summary>
    public static string AllVRs() => string.Join('\n',
        "(0008,0005) CS [ISO_IR 100]",
        "(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]",
        "(0008,0016) UI =CTImageStorage",
        "(0008,0018) UI [1.2.826.0.1.3680043.2.1125.1.1]",
        "(0008,0020) DA [20240131]",
        "(0008,002a) DT [20240131101530.5+0100]",
        "(0008,0030) TM [101530.123456]",
        "(0008,0060) CS [CT]",
        "(0008,0081) ST [  Main Street 1]",
        "(0008,0119) UC [a long code value]",
        "(0008,0120) UR [http://example.org/x]",
        "(0008,030e) UT [some unlimited text]",
        "(0008,1030) LO [Brain]",
        "(0008,1140) SQ (Sequence with explicit length #=2)",
        "  (fffe,e000) na (Item with explicit length #=2)",
        "    (0008,1150) UI =CTImageStorage",
        "    (0008,1155) UI [1.2.3.4]",
        "  (fffe,e00d) na (ItemDelimitationItem for re-encoding)",
        "  (fffe,e000) na (Item with explicit length #=2)",
        "    (0008,1150) UI =MRImageStorage",
        "    (0040,a170) SQ (Sequence with explicit length #=1)",
        "      (fffe,e000) na (Item with explicit length #=2)",
        "        (0008,0100) SH [121311]",
        "        (0008,0104) LO [Localizer]",
        "      (fffe,e00d) na (ItemDelimitationItem for re-encoding)",
        "    (fffe,e0dd) na (SequenceDelimitationItem for re-encoding)",
        "  (fffe,e00d) na (ItemDelimitationItem for re-encoding)",
        "(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)",
        "(0008,1163) FD 1.5\\-2.25",
        "(0008,1199) SQ (Sequence with explicit length #=0)",
        "(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)",
        "(0008,9459) FL 29.97",
        "(0010,0010) PN [" + PatientName + "]",
        "(0010,0020) LO [PID-001]",
        "(0010,1010) AS [042Y]",
        "(0010,2155) LT [Tel 123]",
        "(0018,0050) DS [1.25]",
        "(0018,1638) OF 1.5\\2.5",
        "(0018,6020) SL -7",
        "(0018,9219) SS -3",
        "(0020,0013) IS [7]",
        "(0020,0032) DS [-125.5\\-125.5\\30]",
        "(0028,0002) US 1",
        "(0028,0004) CS [MONOCHROME2]",
        "(0028,0009) AT (0018,1063)\\(0018,1065)",
        "(0028,0010) US 4",
        "(0028,0011) US 4",
        "(0028,0100) US 16",
        "(0028,0101) US 12",
        "(0028,0102) US 11",
        "(0028,0103) US 0",
        "(0028,1050) DS [40]",
        "(0028,1051) DS [400]",
        "(0028,1052) DS [-1024]",
        "(0028,1053) DS [1]",
        "(0029,0010) LO [ACME 1.0]",
        "(0029,1001) LO [private value]",
        "(0029,1002) OB 01\\02\\03\\04",
        "(0029,1003) SQ (Sequence with explicit length #=1)",
        "  (fffe,e000) na (Item with explicit length #=1)",
        "    (0029,0010) LO [ACME 1.0]",
        "  (fffe,e00d) na (ItemDelimitationItem for re-encoding)",
        "(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)",
        "(0040,a730) SQ (Sequence with explicit length #=1)",
        "  (fffe,e000) na (Item with explicit length #=0)",
        "  (fffe,e00d) na (ItemDelimitationItem for re-encoding)",
        "(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)",
        "(0066,0022) OD 3.25",
        "(0066,0040) OL 1\\2\\3",
        "(0072,0081) OV 1234567890123",
        "(0072,0082) SV -9876543210",
        "(0072,0083) UV 18446744073709551615",
        "(7fe0,0010) OW " + string.Join('\\', Pixels16.Select(p => p.ToString("x4", CultureInfo.InvariantCulture))),
        string.Empty);

    /// <summary>Writes a dump as Latin-1 (dump2dcm copies the bytes) and converts it with dump2dcm.</summary>
    public static string Make(TempDirectory dir, string name, string dump, params string[] dump2dcmOptions)
    {
        var dumpFile = dir.File(name + ".dump");
        File.WriteAllText(dumpFile, dump, Encoding.Latin1);
        var dcm = dir.File(name + ".dcm");
        // +l: dump2dcm's default maximum line length (4096) is too short for pixel data lines.
        Dcmtk.Run("dump2dcm", [.. dump2dcmOptions, "-q", "+l", "16000000", dumpFile, dcm]);
        return dcm;
    }
}
