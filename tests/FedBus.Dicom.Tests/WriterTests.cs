using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

public sealed class WriterTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public void Odd_length_values_are_padded_with_the_padding_of_their_vr()
    {
        var ds = NewImage()
            .AddOrUpdateBytes(DicomTag.StudyDescription, DicomVR.LO, "ABC"u8.ToArray())
            .AddOrUpdateBytes(DicomTag.StudyInstanceUID, DicomVR.UI, "1.2.3"u8.ToArray())
            .AddOrUpdateBytes(new DicomTag(0x0029, 0x1010), DicomVR.OB, new byte[] { 9, 8, 7 });

        var parsed = DicomFile.Parse(new DicomFile(ds).ToBytes()).Dataset;

        Assert.Equal("ABC "u8.ToArray(), parsed.GetElement(DicomTag.StudyDescription)!.GetBytes().ToArray());
        Assert.Equal("1.2.3\0"u8.ToArray(), parsed.GetElement(DicomTag.StudyInstanceUID)!.GetBytes().ToArray());
        Assert.Equal(new byte[] { 9, 8, 7, 0 }, parsed.GetElement(new DicomTag(0x0029, 0x1010))!.GetBytes().ToArray());
        Assert.Equal("1.2.3", parsed.GetString(DicomTag.StudyInstanceUID));
    }

    [Fact]
    public void Group_lengths_are_recomputed_as_dcmconv_does()
    {
        var ds = NewImage()
            .AddOrUpdate(new DicomTag(0x0010, 0x0000), DicomVR.UL, 12345u)
            .AddOrUpdate(DicomTag.PatientName, "Doe^John")
            .AddOrUpdate(DicomTag.PatientID, "X");
        new DicomFile(ds).Save(dir.File("ours.dcm"));
        Dcmtk.Run("dcmconv", "-q", "+g=", dir.File("ours.dcm"), dir.File("dcmtk.dcm"));

        var dump = Dcmtk.DumpDataset(dir.File("ours.dcm"));

        Assert.Contains("(0010,0000) UL 26", dump, StringComparison.Ordinal);
        Assert.Equal(Dcmtk.DumpDataset(dir.File("dcmtk.dcm")), dump);
        var dropped = DicomFile.Parse(new DicomFile(ds).ToBytes(options: new DicomWriteOptions { KeepGroupLengths = false }));
        Assert.False(dropped.Dataset.Contains(new DicomTag(0x0010, 0x0000)));
    }

    [Fact]
    public void A_text_value_too_long_for_a_16_bit_length_is_written_as_un_and_dcmtk_reads_it()
    {
        var text = new string('x', 70000);
        var ds = NewImage().AddOrUpdate(DicomTag.StudyDescription, DicomVR.LO, text);
        new DicomFile(ds).Save(dir.File("long.dcm"));

        var dump = Dcmtk.Run("dcmdump", "-q", dir.File("long.dcm"));

        Assert.Contains("(0008,1030) UN", dump, StringComparison.Ordinal);
        Assert.Contains("70000", dump, StringComparison.Ordinal);
        Assert.Equal(text.Length, DicomFile.Open(dir.File("long.dcm")).Dataset.GetElement(DicomTag.StudyDescription)!.Length);
    }

    [Theory]
    [InlineData(DicomSequenceLengthMode.Defined, "explicit length")]
    [InlineData(DicomSequenceLengthMode.Undefined, "undefined length")]
    public void Sequence_length_encoding_can_be_forced(DicomSequenceLengthMode mode, string dcmdumpWording)
    {
        var item = new DicomDataset().AddOrUpdate(DicomTag.CodeValue, "ABC");
        var ds = NewImage().AddOrUpdate(new DicomSequence(DicomTag.ProcedureCodeSequence, item, new DicomDataset()));
        new DicomFile(ds).Save(dir.File("seq.dcm"), options: new DicomWriteOptions { SequenceLength = mode });

        var dump = Dcmtk.Run("dcmdump", "-q", dir.File("seq.dcm"));

        Assert.Contains($"(0008,1032) SQ (Sequence with {dcmdumpWording} #=2)", dump, StringComparison.Ordinal);
        Assert.Contains($"(fffe,e000) na (Item with {dcmdumpWording} #=1)", dump, StringComparison.Ordinal);
        Assert.Contains($"(fffe,e000) na (Item with {dcmdumpWording} #=0)", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void Encapsulated_pixel_data_is_not_silently_written_into_a_native_syntax()
    {
        var ds = NewImage().AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, [DicomBuffer.FromBytes(new byte[10])]));

        var ex = Assert.Throws<DicomDataException>(() => ds.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian));

        Assert.Contains("decompress", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(ds.ToBytes(DicomTransferSyntax.RLELossless));
    }

    [Fact]
    public void A_new_data_set_is_written_as_a_file_dcmtk_reads_in_every_syntax()
    {
        var ds = NewImage()
            .AddOrUpdate(DicomTag.PatientName, "Doe^John")
            .AddOrUpdate(DicomTag.Rows, (ushort)2).AddOrUpdate(DicomTag.Columns, (ushort)2)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16).AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTag.HighBit, (ushort)15).AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0)
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1).AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ushort)1, (ushort)2, (ushort)300, (ushort)65535);
        var dumps = new List<string>();
        foreach (var syntax in new[] { DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian })
        {
            var path = dir.File($"new-{syntax.Uid}.dcm");
            new DicomFile(ds, syntax).Save(path);
            var text = Dcmtk.Run("dcmdump", "-q", "+L", path);
            Assert.Contains(syntax.Uid == DicomTransferSyntax.ExplicitVRLittleEndian.Uid ? "=LittleEndianExplicit" : "(0002,0010)", text, StringComparison.Ordinal);
            dumps.Add(Dcmtk.DumpDataset(path));
        }

        Assert.Contains("(7fe0,0010) OW 0001\\0002\\012c\\ffff", dumps[0], StringComparison.Ordinal);
        Assert.All(dumps, d => Assert.Equal(dumps[0], d));
    }

    [Fact]
    public void A_dimse_command_set_gets_its_group_length_computed()
    {
        // C-ECHO-RQ as the network layer builds it: the group length is a placeholder until written.
        var command = new DicomDataset()
            .AddOrUpdate(DicomTag.CommandGroupLength, 0u)
            .AddOrUpdate(DicomTag.AffectedSOPClassUID, DicomUid.VerificationSOPClass)
            .AddOrUpdate(DicomTag.CommandField, (ushort)0x0030)
            .AddOrUpdate(DicomTag.MessageID, (ushort)7)
            .AddOrUpdate(DicomTag.CommandDataSetType, (ushort)0x0101);

        var bytes = command.ToBytes(DicomTransferSyntax.ImplicitVRLittleEndian);
        var parsed = DicomDataset.Parse(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal((uint)(bytes.Length - 12), parsed.GetNumber<uint>(DicomTag.CommandGroupLength));
        Assert.Equal(DicomUid.VerificationSOPClass, parsed.GetString(DicomTag.AffectedSOPClassUID));
        Assert.Equal(0x0030, parsed.GetNumber<int>(DicomTag.CommandField));
        Assert.Equal(DicomVR.UL, parsed.GetElement(DicomTag.CommandGroupLength)!.VR);
    }

    private static DicomDataset NewImage() => new DicomDataset()
        .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.SecondaryCaptureImageStorage)
        .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate());

    public void Dispose() => dir.Dispose();
}
