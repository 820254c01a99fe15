using System.Text;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

public sealed class CharacterSetTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public static TheoryData<string, string, string> StandardExamples => new()
    {
        // PS3.5 Annex H.3.1: Japanese with ISO 2022 escapes.
        {
            "\\ISO 2022 IR 87",
            "Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B=\u001b$B$d$^$@\u001b(B^\u001b$B$?$m$&\u001b(B",
            "Yamada^Tarou=山田^太郎=やまだ^たろう"
        },

        // PS3.5 Annex I.2: Korean, KS X 1001 designated to G1.
        {
            "\\ISO 2022 IR 149",
            "Hong^Gildong=\u001b$)C\u00fb\u00f3^\u001b$)C\u00d1\u00ce\u00d4\u00d7=\u001b$)C\u00c8\u00ab^\u001b$)C\u00b1\u00e6\u00b5\u00bf",
            "Hong^Gildong=洪^吉洞=홍^길동"
        },

        // PS3.5 Annex J.3: GB 18030.
        { "GB18030", "Wang^XiaoDong=\u00cd\u00f5^\u00d0\u00a1\u00b6\u00ab=", "Wang^XiaoDong=王^小东=" },
        { "ISO_IR 192", "Wang^XiaoDong=\u00e7\u008e\u008b^\u00e5\u00b0\u008f\u00e6\u009d\u00b1=", "Wang^XiaoDong=王^小東=" },
        { "ISO_IR 100", "Buc^J\u00e9r\u00f4me", "Buc^Jérôme" },
        { "ISO_IR 144", "\u00bb\u00ee\u00da\u00e1\u00d5\u00dc\u00d1\u00e3\u00e0\u00d3", "Люксембург" },
    };

    [Theory]
    [MemberData(nameof(StandardExamples))]
    public void Person_names_decode_as_the_standard_examples_say(string characterSet, string latin1Bytes, string expected)
    {
        var ds = new DicomDataset()
            .AddOrUpdateBytes(DicomTag.SpecificCharacterSet, DicomVR.CS, Pad(Encoding.ASCII.GetBytes(characterSet)))
            .AddOrUpdateBytes(DicomTag.PatientName, DicomVR.PN, Pad(Encoding.Latin1.GetBytes(latin1Bytes)));

        Assert.Equal(expected, ds.GetString(DicomTag.PatientName));
    }

    [Theory]
    [InlineData("ISO_IR 100", "Jöns^Åsa")]
    [InlineData("ISO_IR 192", "Jöns^Åsa=王^小東")]
    [InlineData("ISO_IR 144", "Иванов^Пётр")]
    [InlineData("ISO_IR 101", "Dvořák^Antonín")]
    public void Names_we_encode_are_read_back_by_dcmtk_as_the_same_text(string characterSet, string name)
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.SpecificCharacterSet, characterSet)
            .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.SecondaryCaptureImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTag.PatientName, name);
        new DicomFile(ds).Save(dir.File("cs.dcm"));

        var dump = Dcmtk.Run("dcmdump", "-q", "+U8", dir.File("cs.dcm"));

        Assert.Contains($"(0010,0010) PN [{name}]", dump, StringComparison.Ordinal);
        Assert.Equal(name, DicomFile.Open(dir.File("cs.dcm")).Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Sequence_items_inherit_the_character_set_unless_they_declare_their_own()
    {
        // Text is encoded when it is set, with the character set in force at that moment.
        var inherits = new DicomDataset();
        var own = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 100");
        var ds = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        ds.AddOrUpdate(new DicomSequence(DicomTag.OtherPatientIDsSequence, inherits, own));
        inherits.AddOrUpdate(DicomTag.PatientName, "Ærø^Åse");
        own.AddOrUpdate(DicomTag.PatientName, "Ærø^Åse");

        var bytes = ds.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian);
        var parsed = DicomDataset.Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        var items = parsed.GetSequence(DicomTag.OtherPatientIDsSequence)!.Items;

        Assert.Equal("Ærø^Åse", items[0].GetString(DicomTag.PatientName));
        Assert.Equal("Ærø^Åse", items[1].GetString(DicomTag.PatientName));
        Assert.Equal(Pad(Encoding.UTF8.GetBytes("Ærø^Åse")), items[0].GetElement(DicomTag.PatientName)!.GetBytes().ToArray());
        Assert.Equal(Pad(Encoding.Latin1.GetBytes("Ærø^Åse")), items[1].GetElement(DicomTag.PatientName)!.GetBytes().ToArray());
    }

    [Fact]
    public void An_unknown_character_set_is_reported_by_name()
    {
        var ds = new DicomDataset()
            .AddOrUpdateBytes(DicomTag.SpecificCharacterSet, DicomVR.CS, Encoding.ASCII.GetBytes("ISO_IR 999"))
            .AddOrUpdateBytes(DicomTag.PatientName, DicomVR.PN, Encoding.ASCII.GetBytes("Doe^"));

        ds.AddOrUpdate(DicomTag.SOPInstanceUID, "1.2.3");

        var ex = Assert.Throws<DicomDataException>(() => ds.GetString(DicomTag.PatientName));

        Assert.Contains("ISO_IR 999", ex.Message, StringComparison.Ordinal);
        Assert.Equal("1.2.3", ds.GetString(DicomTag.SOPInstanceUID));
    }

    private static byte[] Pad(byte[] b) => b.Length % 2 == 0 ? b : [.. b, (byte)' '];

    public void Dispose() => dir.Dispose();
}
