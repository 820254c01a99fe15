using System.Buffers.Binary;
using FedBus.Dicom.Imaging;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

/// <summary>Real-world files that bend the standard and still have to load.</summary>
public sealed class LenientReadingTests(SampleFiles samples) : IClassFixture<SampleFiles>
{
    [Theory]
    [InlineData("+te")]
    [InlineData("+ti")]
    public void A_data_set_without_preamble_or_meta_information_is_read(string syntaxOption)
    {
        var bare = samples.NewPath($"nometa{syntaxOption}.dcm");
        Dcmtk.Run("dcmconv", "-q", "-F", syntaxOption, samples.Get("+te"), bare);

        using var file = DicomFile.Open(bare);

        Assert.False(file.HadPreamble);
        Assert.Equal(syntaxOption == "+te", file.TransferSyntax.IsExplicitVR);
        Assert.Equal(SampleDumps.PatientName, file.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void A_file_whose_meta_says_explicit_but_whose_data_set_is_implicit_is_read_by_its_bytes()
    {
        using var original = DicomFile.Open(samples.Get("+te"));
        var implicitBytes = original.Dataset.ToBytes(DicomTransferSyntax.ImplicitVRLittleEndian);
        var meta = DicomFileMetaInformation.FromDataset(original.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        using var ms = new MemoryStream();
        DicomFile.WriteRaw(ms, meta, implicitBytes);

        using var file = DicomFile.Parse(ms.ToArray());

        Assert.Equal(SampleDumps.PatientName, file.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal(original.Dataset.Count, file.Dataset.Count);
    }

    [Fact]
    public void An_undefined_length_un_element_is_read_as_an_implicit_vr_sequence_like_dcmtk_does()
    {
        // Explicit VR file in which a private sequence arrives as UN of undefined length (PS3.5 6.2.2, CP-246).
        var item = new DicomDataset().AddOrUpdate(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME").AddOrUpdate(DicomTag.CodeValue, "X1");
        var inner = new DicomDataset().AddOrUpdate(new DicomSequence(new DicomTag(0x0029, 0x1010), item));
        var implicitSequence = inner.ToBytes(DicomTransferSyntax.ImplicitVRLittleEndian)[8..]; // items + delimiter
        var head = new DicomDataset()
            .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.SecondaryCaptureImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, "1.2.3.99")
            .AddOrUpdate(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME")
            .ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian);
        var un = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(un, 0x0029);
        BinaryPrimitives.WriteUInt16LittleEndian(un.AsSpan(2), 0x1010);
        "UN"u8.CopyTo(un.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(un.AsSpan(8), 0xFFFFFFFF);
        var path = samples.NewPath("cp246.dcm");
        using (var fs = File.Create(path))
        {
            DicomFile.WriteRaw(fs, DicomFileMetaInformation.Create(DicomUid.SecondaryCaptureImageStorage, "1.2.3.99", DicomTransferSyntax.ExplicitVRLittleEndian), [.. head, .. un, .. implicitSequence]);
        }

        using var file = DicomFile.Open(path);

        var sequence = file.Dataset.GetSequence(new DicomTag(0x0029, 0x1010))!;
        Assert.Equal("X1", sequence.Items[0].GetString(DicomTag.CodeValue));
        Assert.Contains("(0008,0100) SH [X1]", Dcmtk.Run("dcmdump", "-q", path), StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_attributes_that_arrive_as_un_are_read_with_their_dictionary_vr()
    {
        var ds = new DicomDataset()
            .AddOrUpdateBytes(DicomTag.Rows, DicomVR.UN, new byte[] { 0x00, 0x02 })
            .AddOrUpdateBytes(DicomTag.PixelSpacing, DicomVR.UN, "0.5\\0.25 "u8.ToArray())
            .AddOrUpdateBytes(DicomTag.PatientName, DicomVR.UN, "Doe^Jane"u8.ToArray());
        var parsed = DicomDataset.Parse(ds.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(DicomVR.UN, parsed.GetElement(DicomTag.Rows)!.VR);
        Assert.Equal(512, parsed.GetNumber<int>(DicomTag.Rows));
        Assert.Equal([0.5, 0.25], parsed.GetNumbers<double>(DicomTag.PixelSpacing));
        Assert.Equal("Doe^Jane", parsed.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Without_gdcm_a_compressed_syntax_names_the_package_to_install()
    {
        Assert.False(GdcmCodec.CanLoadFrom(["/nonexistent/gdcm"], out var reason));

        var ex = GdcmCodec.Unavailable(DicomTransferSyntax.JPEG2000Lossless, reason);

        Assert.Contains("JPEG 2000 Image Compression (Lossless Only) [1.2.840.10008.1.2.4.90] needs GDCM (apt-get install libgdcm-cil)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gdcm-sharp.dll not found in /nonexistent/gdcm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_syntaxes_are_stored_but_not_decoded()
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.Rows, (ushort)2).AddOrUpdate(DicomTag.Columns, (ushort)2)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)8).AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)3)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "YBR_PARTIAL_420")
            .AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, [DicomBuffer.FromBytes(new byte[64])]));
        var syntax = DicomTransferSyntax.MPEG4HP41;
        var parsed = DicomDataset.Parse(ds.ToBytes(syntax), syntax);

        var ex = Assert.Throws<DicomCodecException>(() => DicomPixelData.FromDataset(parsed, syntax).GetFrame(0));

        Assert.Contains("no decoder", ex.Message, StringComparison.Ordinal);
    }
}
