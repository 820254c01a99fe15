namespace FedBus.Dicom.Tests.Network;

/// <summary>dump2dcm text dumps the network tests build their files from; {PIXELS} is replaced by a raw pixel file path.</summary>
internal static class TestDumps
{
    public const string CtImage = """
        (0008,0008) CS [ORIGINAL\PRIMARY\AXIAL]
        (0008,0016) UI =CTImageStorage
        (0008,0018) UI [2.25.4100001]
        (0008,0020) DA [20240102]
        (0008,0060) CS [CT]
        (0010,0010) PN [Network^Test]
        (0010,0020) LO [NET-001]
        (0018,0050) DS [1.25]
        (0020,000d) UI [2.25.4100002]
        (0020,000e) UI [2.25.4100003]
        (0020,0013) IS [7]
        (0028,0002) US 1
        (0028,0004) CS [MONOCHROME2]
        (0028,0010) US 64
        (0028,0011) US 64
        (0028,0100) US 16
        (0028,0101) US 12
        (0028,0102) US 11
        (0028,0103) US 0
        (0028,1050) DS [40]
        (0028,1051) DS [400]
        (7fe0,0010) OW ={PIXELS}
        """;

    public const string MrImage = """
        (0008,0016) UI =MRImageStorage
        (0008,0018) UI [2.25.4200001]
        (0008,0060) CS [MR]
        (0010,0010) PN [Network^Test]
        (0010,0020) LO [NET-001]
        (0020,000d) UI [2.25.4100002]
        (0020,000e) UI [2.25.4200003]
        (0028,0002) US 1
        (0028,0004) CS [MONOCHROME2]
        (0028,0010) US 64
        (0028,0011) US 64
        (0028,0100) US 16
        (0028,0101) US 12
        (0028,0102) US 11
        (0028,0103) US 0
        (7fe0,0010) OW ={PIXELS}
        """;

    public const string SecondaryCapture = """
        (0008,0016) UI =SecondaryCaptureImageStorage
        (0008,0018) UI [2.25.4300001]
        (0008,0060) CS [OT]
        (0008,0064) CS [WSD]
        (0010,0010) PN [Network^Test]
        (0010,0020) LO [NET-001]
        (0020,000d) UI [2.25.4100002]
        (0020,000e) UI [2.25.4300003]
        (0028,0002) US 1
        (0028,0004) CS [MONOCHROME2]
        (0028,0010) US 64
        (0028,0011) US 64
        (0028,0100) US 16
        (0028,0101) US 12
        (0028,0102) US 11
        (0028,0103) US 0
        (7fe0,0010) OW ={PIXELS}
        """;
}
