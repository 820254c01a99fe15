using FedBus.Dicom.Imaging;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

public sealed class PixelDataTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public static TheoryData<string> Images => new(ImageCatalog.Names);

    [Theory]
    [MemberData(nameof(Images))]
    public void Native_frames_read_as_the_values_dump2dcm_was_given(string name)
    {
        var image = ImageCatalog.Get(name);
        using var file = DicomFile.Open(SampleDumps.Make(dir, name, image.ToDump()));
        var pixels = DicomPixelData.FromFile(file);

        Assert.Equal(image.ExpectedStored(), AllFrames(pixels));
    }

    [Theory]
    [InlineData("mono16-ct", "+tb")]
    [InlineData("rgb8-planar", "+ti")]
    [InlineData("mono8", "+ti")]
    public void Native_frames_read_the_same_in_other_uncompressed_syntaxes(string name, string syntaxOption)
    {
        var image = ImageCatalog.Get(name);
        var source = SampleDumps.Make(dir, name, image.ToDump());
        Dcmtk.Run("dcmconv", "-q", syntaxOption, source, dir.File("converted.dcm"));
        using var file = DicomFile.Open(dir.File("converted.dcm"));

        Assert.Equal(image.ExpectedStored(), AllFrames(DicomPixelData.FromFile(file)));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Rle_frames_made_by_dcmcrle_decode_to_the_original_values(string name)
    {
        var image = ImageCatalog.Get(name);
        var source = SampleDumps.Make(dir, name, image.ToDump());
        Dcmtk.Run("dcmcrle", "-q", source, dir.File("rle.dcm"));
        using var file = DicomFile.Open(dir.File("rle.dcm"));
        Assert.Equal(DicomTransferSyntax.RLELossless, file.TransferSyntax);

        Assert.Equal(image.ExpectedStored(), AllFrames(DicomPixelData.FromFile(file)));
    }

    [Fact]
    public void Eight_bit_pixel_data_read_in_implicit_vr_is_written_as_bytes_even_in_big_endian()
    {
        var image = ImageCatalog.Get("rgb8");
        var source = SampleDumps.Make(dir, "rgb", image.ToDump());
        Dcmtk.Run("dcmconv", "-q", "+ti", source, dir.File("implicit.dcm"));
        using var file = DicomFile.Open(dir.File("implicit.dcm"));
        Assert.Equal(DicomVR.OB, file.Dataset.GetElement(DicomTag.PixelData)!.VR);

        file.Save(dir.File("big.dcm"), DicomTransferSyntax.ExplicitVRBigEndian);

        Assert.Equal(Dcmtk.DumpDataset(source), Dcmtk.DumpDataset(dir.File("big.dcm")));
        using var big = DicomFile.Open(dir.File("big.dcm"));
        Assert.Equal(image.ExpectedStored(), AllFrames(DicomPixelData.FromFile(big)));
    }

    [Fact]
    public void Modality_values_apply_rescale_slope_and_intercept()
    {
        var image = ImageCatalog.Get("mono16-ct");
        using var file = DicomFile.Open(SampleDumps.Make(dir, "ct", image.ToDump()));

        var hu = DicomPixelData.FromFile(file).GetModalityValues(0);

        Assert.Equal(image.ExpectedStored().Take(hu.Length).Select(v => (float)(v * image.Slope + image.Intercept)), hu);
        Assert.Contains(hu, v => v < 0);
    }

    [Fact]
    public void Frames_of_a_lazily_read_file_come_from_the_file_on_demand()
    {
        var image = ImageCatalog.Get("mono16-multiframe");
        var path = SampleDumps.Make(dir, "lazy", image.ToDump());
        using var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 16 });
        var pixelElement = file.Dataset.GetElement(DicomTag.PixelData)!;
        Assert.False(pixelElement.Buffer.IsInMemory);

        Assert.Equal(image.ExpectedStored(), AllFrames(DicomPixelData.FromFile(file)));
    }

    [Fact]
    public void Missing_image_attributes_are_named_in_the_error()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTag.Columns, (ushort)2).AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, new byte[8]);

        var ex = Assert.Throws<DicomDataException>(() => DicomPixelData.FromDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian));

        Assert.Contains("(0028,0010) Rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixel_data_shorter_than_its_description_is_rejected()
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.Rows, (ushort)4).AddOrUpdate(DicomTag.Columns, (ushort)4)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16).AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, new byte[30]);

        var ex = Assert.Throws<DicomDataException>(() => DicomPixelData.FromDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian));

        Assert.Contains("has 30 bytes", ex.Message, StringComparison.Ordinal);
    }

    internal static int[] AllFrames(DicomPixelData pixels) =>
        Enumerable.Range(0, pixels.NumberOfFrames).SelectMany(pixels.GetStoredValues).ToArray();

    public void Dispose() => dir.Dispose();
}
