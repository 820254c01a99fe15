using FedBus.Dicom.Imaging;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

/// <summary>JPEG, JPEG-LS (made by DCMTK) and JPEG 2000 (made by GDCM) decoded through GDCM.</summary>
public sealed class CompressedPixelDataTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public static TheoryData<string, string, string> LosslessCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var image in new[] { "mono16-ct", "mono8", "rgb8", "mono16-multiframe" })
        {
            data.Add(image, "dcmcjpeg", string.Empty);         // JPEG lossless, first-order prediction (SV1)
            data.Add(image, "dcmcjpeg", "+el");                // JPEG lossless, process 14
            data.Add(image, "dcmcjpls", string.Empty);         // JPEG-LS lossless
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LosslessCases))]
    public void Lossless_frames_made_by_dcmtk_decode_to_the_original_values(string name, string tool, string option)
    {
        GdcmTool.RequireGdcm();
        var image = ImageCatalog.Get(name);
        var source = SampleDumps.Make(dir, name, image.ToDump());
        Dcmtk.Run(tool, [.. Options(option), source, dir.File("c.dcm")]);
        using var file = DicomFile.Open(dir.File("c.dcm"));
        Assert.True(file.TransferSyntax.IsEncapsulated);

        Assert.Equal(image.ExpectedStored(), PixelDataTests.AllFrames(DicomPixelData.FromFile(file)));
    }

    [Theory]
    [InlineData("mono8", "dcmcjpeg", "+eb", "dcmdjpeg")]
    [InlineData("rgb8", "dcmcjpeg", "+eb", "dcmdjpeg")]
    [InlineData("mono16-ct", "dcmcjpeg", "+ee", "dcmdjpeg")]
    [InlineData("mono16-ct", "dcmcjpls", "+en", "dcmdjpls")]
    public void Lossy_frames_decode_like_dcmtk_decompresses_them(string name, string tool, string option, string decompressor)
    {
        GdcmTool.RequireGdcm();
        var source = SampleDumps.Make(dir, name, ImageCatalog.Get(name).ToDump());
        Dcmtk.Run(tool, "-q", option, source, dir.File("lossy.dcm"));
        Dcmtk.Run(decompressor, "-q", dir.File("lossy.dcm"), dir.File("reference.dcm"));
        using var lossy = DicomFile.Open(dir.File("lossy.dcm"));
        using var reference = DicomFile.Open(dir.File("reference.dcm"));
        Assert.True(lossy.TransferSyntax.IsLossy);

        var ours = PixelDataTests.AllFrames(DicomPixelData.FromFile(lossy));
        var theirs = PixelDataTests.AllFrames(DicomPixelData.FromFile(reference));

        // Both sides run IJG libjpeg / CharLS with the same arithmetic: the values must match exactly.
        Assert.Equal(theirs, ours);
    }

    [Theory]
    [InlineData("mono16-64")]
    [InlineData("rgb8-64")]
    [InlineData("mono8-64-multiframe")]
    public void Jpeg2000_lossless_frames_decode_to_the_original_values(string name)
    {
        var image = ImageCatalog.Get(name);
        var source = SampleDumps.Make(dir, name, image.ToDump());
        GdcmTool.Transcode(source, dir.File("j2k.dcm"), DicomTransferSyntax.JPEG2000Lossless.Uid);
        using var file = DicomFile.Open(dir.File("j2k.dcm"));
        Assert.Equal(DicomTransferSyntax.JPEG2000Lossless, file.TransferSyntax);

        Assert.Equal(image.ExpectedStored(), PixelDataTests.AllFrames(DicomPixelData.FromFile(file)));
    }

    [Fact]
    public void Decompressing_a_jpeg_file_gives_a_native_file_dcmtk_reads_with_the_same_pixels()
    {
        GdcmTool.RequireGdcm();
        var image = ImageCatalog.Get("mono16-multiframe");
        var source = SampleDumps.Make(dir, "mf", image.ToDump());
        Dcmtk.Run("dcmcjpls", "-q", source, dir.File("jls.dcm"));
        using var file = DicomFile.Open(dir.File("jls.dcm"));

        var native = DicomPixelData.Decompress(file.Dataset, file.TransferSyntax);
        new DicomFile(native, DicomTransferSyntax.ExplicitVRLittleEndian).Save(dir.File("native.dcm"));

        Assert.Equal(Dcmtk.DumpDataset(source), Dcmtk.DumpDataset(dir.File("native.dcm")));
    }

    [Theory]
    [InlineData("+ot")]
    [InlineData("-ot")]
    public void Frames_split_over_several_fragments_are_found_with_and_without_an_offset_table(string offsetTable)
    {
        GdcmTool.RequireGdcm();
        var image = ImageCatalog.Get("mono8-64-multiframe");
        var source = SampleDumps.Make(dir, "mf", image.ToDump());
        Dcmtk.Run("dcmcjpeg", "-q", "+fs", "1", offsetTable, source, dir.File("frag.dcm"));
        using var file = DicomFile.Open(dir.File("frag.dcm"));
        var fragments = (DicomFragmentSequence)file.Dataset.GetItem(DicomTag.PixelData)!;
        Assert.True(fragments.Fragments.Count > image.Frames, "the fragment size limit should split frames");
        Assert.Equal(offsetTable == "+ot" ? image.Frames : 0, fragments.GetOffsets().Length);

        Assert.Equal(image.ExpectedStored(), PixelDataTests.AllFrames(DicomPixelData.FromFile(file)));
    }

    [Fact]
    public void The_extended_offset_table_locates_frames_when_the_basic_one_is_empty()
    {
        GdcmTool.RequireGdcm();
        var image = ImageCatalog.Get("mono8-64-multiframe");
        var source = SampleDumps.Make(dir, "eot", image.ToDump());
        Dcmtk.Run("dcmcjpeg", "-q", "+fs", "1", "+ot", source, dir.File("bot.dcm"));
        using var file = DicomFile.Open(dir.File("bot.dcm"));
        var fragments = (DicomFragmentSequence)file.Dataset.GetItem(DicomTag.PixelData)!;
        var offsets = fragments.GetOffsets();

        // Move the offsets into the Extended Offset Table (64-bit, PS3.5 A.4) and empty the basic one.
        fragments.OffsetTable = DicomBuffer.Empty;
        file.Dataset.AddOrUpdate(DicomTag.ExtendedOffsetTable, DicomVR.OV, offsets.Select(o => (ulong)o).ToArray());
        file.Dataset.AddOrUpdate(DicomTag.ExtendedOffsetTableLengths, DicomVR.OV, offsets.Select(_ => 0UL).ToArray());
        var reparsed = DicomDataset.Parse(file.Dataset.ToBytes(file.TransferSyntax), file.TransferSyntax);

        Assert.Empty(((DicomFragmentSequence)reparsed.GetItem(DicomTag.PixelData)!).GetOffsets());
        Assert.Equal(image.ExpectedStored(), PixelDataTests.AllFrames(DicomPixelData.FromDataset(reparsed, file.TransferSyntax)));
    }

    private static string[] Options(string option) => option.Length == 0 ? ["-q"] : ["-q", option];

    public void Dispose() => dir.Dispose();
}
